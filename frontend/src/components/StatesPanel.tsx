import { useEffect, useState } from 'react';
import type { Endpoint } from '../api';
import { formatMicros } from '../lib/ladder';
import { DIAGRAM_EDGES, DIAGRAM_STATES, highlight, type DiagramState } from '../lib/stateDiagram';

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

export default function StatesPanel({ endpoints, focusConnection }: { endpoints: Endpoint[]; focusConnection: string | null }) {
  const [chosen, setChosen] = useState<string | null>(null);
  // Follow the segment chosen in the ladder: its connection's server endpoint first.
  useEffect(() => {
    if (!focusConnection) return;
    const [c, s] = focusConnection.split('-');
    const e = endpoints.find((x) => x.host === 'server' && x.local === s && x.remote === c) ?? endpoints.find((x) => x.remote === s || x.remote === c);
    if (e) setChosen(endpointKey(e));
  }, [focusConnection, endpoints]);

  const ep = endpoints.find((e) => endpointKey(e) === chosen) ?? endpoints.find((e) => e.remote) ?? endpoints[0];
  return (
    <section className="panel" aria-labelledby="states-h">
      <h2 id="states-h">States (RFC 9293 §3.3.2)</h2>
      {endpoints.length === 0 ? <p className="muted">No endpoints yet.</p> : (
        <>
          <table className="table compact" data-testid="endpoint-states">
            <thead><tr><th scope="col">Endpoint</th><th scope="col">State</th></tr></thead>
            <tbody>
              {endpoints.map((e) => (
                <tr key={endpointKey(e)} className={e === ep ? 'active' : ''}>
                  <td>
                    <button type="button" className="linkish" onClick={() => setChosen(endpointKey(e))} aria-pressed={e === ep}>{endpointName(e)}</button>
                  </td>
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
              <title>{`${e.from} → ${e.to}: ${e.label}`}</title>
              <line {...l} markerEnd="url(#st-arrow)" />
              {taken && (
                <text x={(l.x1 + l.x2) / 2 + 6} y={(l.y1 + l.y2) / 2 - 4} className="edge-count">✓{taken.length > 1 ? `×${taken.length}` : ''}</text>
              )}
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
