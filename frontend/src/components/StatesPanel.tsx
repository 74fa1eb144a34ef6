import { useEffect, useState, type JSX } from 'react';
import type { Endpoint } from '../api';
import { formatMicros } from '../lib/ladder';
import { DRILL_PAGE, pageOf, stateCounts, SUMMARY_FROM } from '../lib/endpointSummary';
import { DIAGRAM_EDGES, DIAGRAM_STATES, edgeCaption, highlight, type DiagramState } from '../lib/stateDiagram';

const POS: Record<DiagramState, [number, number]> = {
  CLOSED: [260, 36],
  LISTEN: [100, 150],
  SYN_SENT: [420, 150],
  SYN_RECEIVED: [100, 290],
  ESTABLISHED: [260, 400],
};
const W = 136;
const H = 34;

const endpointKey = (e: Endpoint) => `${e.host}|${e.local}|${e.remote ?? ''}`;
const endpointName = (e: Endpoint) => `${e.host} ${e.local}${e.remote ? ` ↔ ${e.remote}` : ' (listening)'}`;

/** Where the segment from the centre of a to the centre of b leaves a's box and enters b's. */
function edgeLine(a: [number, number], b: [number, number]) {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const len = Math.hypot(dx, dy);
  const [nx, ny] = [-dy / len * 7, dx / len * 7]; // shift each direction to its own side
  const cut = (t: number) => Math.min(W / 2 / Math.abs(dx || 1e-9), H / 2 / Math.abs(dy || 1e-9), t);
  const t0 = cut(1);
  return { x1: a[0] + dx * t0 + nx, y1: a[1] + dy * t0 + ny, x2: b[0] - dx * t0 + nx, y2: b[1] - dy * t0 + ny };
}

interface Props {
  endpoints: Endpoint[];
  focusConnection: string | null;
  /** The snapshot's endpoints per state, counted over all of them (the list may have been cut). */
  counted?: Record<string, number> | null;
  /** How many endpoints there are in all, when the snapshot listed fewer. */
  total?: number | null;
}

/**
 * An arrow's caption, written along it (rotated to its slope, kept upright) beside its middle,
 * on the side its direction is shifted to, so the two directions between a pair of states do not meet.
 */
function EdgeCaption({ l, text, taken, testid }: { l: { x1: number; y1: number; x2: number; y2: number }; text: string; taken: boolean; testid: string }) {
  const [dx, dy] = [l.x2 - l.x1, l.y2 - l.y1];
  const len = Math.hypot(dx, dy) || 1;
  let angle = (Math.atan2(dy, dx) * 180) / Math.PI;
  if (angle > 90) angle -= 180;
  if (angle < -90) angle += 180;
  const [nx, ny] = [-dy / len, dx / len];
  const x = (l.x1 + l.x2) / 2 + nx * 9;
  const y = (l.y1 + l.y2) / 2 + ny * 9;
  return (
    <text x={x} y={y} transform={`rotate(${angle} ${x} ${y})`} textAnchor="middle" dominantBaseline="middle"
      className={taken ? 'edge-caption taken' : 'edge-caption'} data-testid={testid}>{text}</text>
  );
}

export default function StatesPanel({ endpoints, focusConnection, counted, total }: Props) {
  const [chosen, setChosen] = useState<string | null>(null);
  // Follow the segment chosen in the ladder: its connection's server endpoint first.
  useEffect(() => {
    if (!focusConnection) return;
    const [c, s] = focusConnection.split('-');
    const e = endpoints.find((x) => x.host === 'server' && x.local === s && x.remote === c) ?? endpoints.find((x) => x.remote === s || x.remote === c);
    if (e) setChosen(endpointKey(e));
  }, [focusConnection, endpoints]);

  const ep = endpoints.find((e) => endpointKey(e) === chosen) ?? endpoints.find((e) => e.remote) ?? endpoints[0];
  const many = Math.max(endpoints.length, total ?? 0) > SUMMARY_FROM;
  const pick = (e: Endpoint) => (
    <button type="button" className="linkish" onClick={() => setChosen(endpointKey(e))} aria-pressed={e === ep}>{endpointName(e)}</button>
  );
  return (
    <section className="panel" aria-labelledby="states-h">
      <h2 id="states-h">States (RFC 9293 §3.3.2)</h2>
      {endpoints.length === 0 ? <p className="muted">No endpoints yet.</p> : many ? (
        // A flood's hundreds of endpoints: counts per state beside the diagram, one state listed a page at a time.
        <div className="states-summary-grid">
          <StateSummary endpoints={endpoints} counted={counted ?? null} total={total ?? endpoints.length} chosen={ep} pick={pick} />
          {ep && <Diagram ep={ep} />}
        </div>
      ) : (
        <>
          <table className="table compact" data-testid="endpoint-states">
            <thead><tr><th scope="col">Endpoint</th><th scope="col">State</th></tr></thead>
            <tbody>
              {endpoints.map((e) => (
                <tr key={endpointKey(e)} className={e === ep ? 'active' : ''}>
                  <td>{pick(e)}</td>
                  <td data-testid={`state-label-${e.host}-${e.local}-${e.remote ?? 'listen'}`}>{e.state}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {ep && <Diagram ep={ep} />}
        </>
      )}
    </section>
  );
}

interface SummaryProps {
  endpoints: Endpoint[];
  counted: Record<string, number> | null;
  total: number;
  chosen: Endpoint | undefined;
  pick: (e: Endpoint) => JSX.Element;
}

/** Endpoints counted per state; a state's button opens its endpoints, DRILL_PAGE at a time. */
function StateSummary({ endpoints, counted, total, chosen, pick }: SummaryProps) {
  const counts = stateCounts(endpoints, counted);
  const [open, setOpen] = useState<string | null>(null);
  const [page, setPage] = useState(0);
  const inState = open === null ? [] : endpoints.filter((e) => e.state === open);
  const shown = pageOf(inState, page);
  const openCount = counts.find((c) => c.state === open);
  return (
    <div className="state-summary">
      <p className="small muted" data-testid="endpoint-total">
        {total} endpoints{total > endpoints.length ? ` (the snapshot lists the first ${endpoints.length})` : ''}, counted by state:
      </p>
      <table className="table compact" data-testid="endpoint-summary">
        <thead><tr><th scope="col">State</th><th scope="col">Endpoints</th><th scope="col"><span className="sr-only">List</span></th></tr></thead>
        <tbody>
          {counts.map((c) => (
            <tr key={c.state} className={c.state === open ? 'active' : ''} data-testid={`endpoint-count-${c.state}`} data-count={c.count}>
              <td>{c.state}</td>
              <td className="num">{c.count}</td>
              <td>
                <button type="button" aria-expanded={c.state === open} aria-controls="endpoint-drill" disabled={c.listed === 0}
                  onClick={() => { setOpen(c.state === open ? null : c.state); setPage(0); }} data-testid={`endpoint-list-${c.state}`}>
                  {c.state === open ? 'Hide' : 'List'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open !== null && (
        <div id="endpoint-drill" data-testid="endpoint-drill" data-state={open}>
          <p className="small" aria-live="polite" data-testid="endpoint-drill-range">
            {open}: {shown.from}–{shown.to} of {inState.length}
            {openCount && openCount.count > inState.length ? ` listed (${openCount.count} in all)` : ''}
          </p>
          <ul className="drill-list">
            {shown.items.map((e) => (
              <li key={endpointKey(e)} className={e === chosen ? 'active' : ''} data-testid="endpoint-drill-item">{pick(e)}</li>
            ))}
          </ul>
          {shown.pages > 1 && (
            <div className="pager">
              <button type="button" disabled={shown.page === 0} onClick={() => setPage(shown.page - 1)} data-testid="endpoint-drill-prev">Previous {DRILL_PAGE}</button>
              <span className="small">page {shown.page + 1} of {shown.pages}</span>
              <button type="button" disabled={shown.page + 1 >= shown.pages} onClick={() => setPage(shown.page + 1)} data-testid="endpoint-drill-next">Next {DRILL_PAGE}</button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}

function Diagram({ ep }: { ep: Endpoint }) {
  const h = highlight(ep.state, ep.transitions);
  return (
    <div className="state-diagram" data-testid="state-diagram">
      <p>
        <strong>{endpointName(ep)}</strong> is in <strong className="state-current" data-testid="state-current">{h.current}</strong>
        {!h.currentDrawn && ' (beyond the opening states drawn here)'}
      </p>
      <svg viewBox="0 0 560 430" width="100%" role="img" aria-label={`State diagram; current state ${h.current}`}>
        <defs>
          <marker id="st-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" className="st-arrowhead" />
          </marker>
        </defs>
        {DIAGRAM_EDGES.map((e) => {
          const l = edgeLine(POS[e.from], POS[e.to]);
          const taken = h.taken.get(e.id);
          return (
            <g key={e.id} className={taken ? 'edge taken' : 'edge'} data-testid={`state-edge-${e.id}`} data-taken={taken ? 'true' : 'false'}>
              <title>{`${e.from} → ${e.to}: ${e.label}${taken ? `; taken here: ${taken.map((t) => t.cause).join('; ')}` : ''}`}</title>
              <line {...l} markerEnd="url(#st-arrow)" />
              <EdgeCaption l={l} text={`${taken ? '✓ ' : ''}${edgeCaption(e, taken)}`} taken={!!taken} testid={`state-edge-caption-${e.id}`} />
            </g>
          );
        })}
        {DIAGRAM_STATES.map((s) => {
          const [x, y] = POS[s];
          const current = h.current === s;
          return (
            <g key={s} className={`state${current ? ' current' : ''}${h.visited.has(s) ? ' visited' : ''}`} data-testid={`state-node-${s}`} data-current={current ? 'true' : 'false'}>
              <rect x={x - W / 2} y={y - H / 2} width={W} height={H} rx={8} />
              <text x={x} y={y + 5} textAnchor="middle">{current ? `● ${s}` : s}</text>
            </g>
          );
        })}
      </svg>
      <h3>Transitions taken</h3>
      {ep.transitions.length === 0 ? <p className="muted">None yet.</p> : (
        <ol className="transitions" data-testid="state-transitions">
          {ep.transitions.map((t, i) => (
            <li key={i}><span className="mono">{formatMicros(t.atMicros)}</span> {t.from} → {t.to}: {t.cause}</li>
          ))}
        </ol>
      )}
      <details>
        <summary>What each arrow means</summary>
        <ul className="small">{DIAGRAM_EDGES.map((e) => <li key={e.id}>{e.from} → {e.to}: {e.label}{h.taken.has(e.id) ? ' (taken)' : ''}</li>)}</ul>
      </details>
    </div>
  );
}
