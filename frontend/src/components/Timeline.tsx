import { useEffect, useState } from 'react';
import { api, type Connection, type Timeline as TimelineData } from '../api';
import { formatMicros } from '../lib/ladder';
import { addressOf } from '../lib/composer';
import { problemOf } from '../lib/problems';
import FlagLegend from './FlagLegend';
import { entrySentence, layoutTimeline, PLOT } from '../lib/timeline';

/** How many connections the table lists at first; a flood's history names hundreds. */
const FIRST_ROWS = 12;

interface Props {
  sessionId: string;
  /** The lab's own client: its connections are listed before spoofed ones. */
  clientAddress: string;
  /** null while the server does not answer GET /connections: the table is then left out. */
  connections: Connection[] | null;
  /** The connection of the segment chosen in the ladder, shown unless the user picked another. */
  focus: string | null;
  /** Changes after every step, so the open timeline is fetched again. */
  version: number;
}

/** Connections with their outcome and retransmissions, and one connection's timeline plotted over virtual time. */
export default function Timeline({ sessionId, clientAddress, connections, focus, version }: Props) {
  const [picked, setPicked] = useState<string | null>(null);
  const [rows, setRows] = useState(FIRST_ROWS);
  const [data, setData] = useState<TimelineData | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const list = connections ?? [];
  const own = (c: Connection) => Number(addressOf(c.client) === clientAddress);
  const shown = [...list].sort((a, b) => own(b) - own(a) || Number(b.retransmissions > 0) - Number(a.retransmissions > 0)).slice(0, rows);
  const chosen = (picked && list.some((c) => c.id === picked) ? picked : null)
    ?? (focus && list.some((c) => c.id === focus) ? focus : null)
    ?? list.find((c) => c.retransmissions > 0)?.id ?? list[0]?.id ?? null;

  useEffect(() => {
    if (!chosen) { setData(null); return; }
    let live = true;
    api.timeline(sessionId, chosen).then(
      (t) => { if (live) { setData(t); setFailed(null); } },
      (e) => { if (live) { setData(null); setFailed(problemOf(e).detail ?? 'the timeline could not be loaded'); } });
    return () => { live = false; };
  }, [sessionId, chosen, version]);

  return (
    <section className="panel" aria-labelledby="timeline-h">
      <h2 id="timeline-h">Connections and retransmissions</h2>
      {connections === null ? null : list.length === 0 ? <p className="muted" data-testid="timeline-none">No connection has started yet.</p> : (
        <>
          <table className="table compact" data-testid="connections">
            <thead><tr><th scope="col">Connection</th><th scope="col">Outcome</th><th scope="col">SYN</th><th scope="col">SYN-ACK</th><th scope="col">ACK</th><th scope="col">Retransmissions</th><th scope="col"><span className="sr-only">Timeline</span></th></tr></thead>
            <tbody>
              {shown.map((c) => (
                <tr key={c.id} className={c.id === chosen ? 'active' : ''} data-testid={`connection-${c.id}`} data-retransmissions={c.retransmissions}>
                  <td className="mono">{c.client} → {c.server}</td>
                  <td data-testid={`connection-outcome-${c.id}`} data-outcome={c.outcome}>{c.outcome} <span className="muted">({c.clientState ?? '—'} / {c.serverState ?? '—'})</span></td>
                  <td>{c.synAtMicros == null ? '—' : formatMicros(c.synAtMicros)}</td>
                  <td>{c.synAckAtMicros == null ? '—' : formatMicros(c.synAckAtMicros)}</td>
                  <td>{c.ackAtMicros == null ? '—' : formatMicros(c.ackAtMicros)}</td>
                  <td>{c.retransmissions}</td>
                  <td>
                    <button type="button" aria-pressed={c.id === chosen} onClick={() => setPicked(c.id)} data-testid={`connection-timeline-${c.id}`}>
                      {c.id === chosen ? 'Shown' : 'Timeline'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.length > shown.length && (
            <p className="small muted" data-testid="connections-more">
              Listing {shown.length} of {list.length} connections ({clientAddress}'s first, then those with retransmissions).{' '}
              <button type="button" onClick={() => setRows((n) => n + 4 * FIRST_ROWS)}>Show more</button>
            </p>
          )}
        </>
      )}
      {failed && <p className="field-error">{failed}</p>}
      {data && <TimelinePlot data={data} />}
    </section>
  );
}

const KIND_SYMBOL: Record<string, string> = { transmission: '●', retransmission: '↻', drop: '✕', state: '◆', 'give-up': '■' };

function TimelinePlot({ data }: { data: TimelineData }) {
  const layout = layoutTimeline(data);
  const laneY = (lane: number) => layout.lanes[lane].y;
  return (
    <figure className="timeline-plot" data-testid="timeline" data-connection={data.connection} data-outcome={data.outcome}
      data-end-micros={layout.endMicros}>
      <figcaption>
        Timeline of <span className="mono">{data.connection}</span>: outcome <strong data-testid="timeline-outcome">{data.outcome}</strong>.
        {' '}<span className="small muted">● sent · ↻ retransmitted (with the RTO that expired) · ✕ dropped · ◆ state change · ■ gave up</span>
      </figcaption>
      <FlagLegend testid="timeline-flag-legend" />
      <svg viewBox={`0 0 ${layout.width} ${layout.height}`} width="100%" role="img"
        aria-label={`Timeline plot of ${data.connection}; the same entries are listed below`}>
        <text x={8} y={PLOT.top - 10} className="tick">virtual time</text>
        {layout.ticks.map((t) => (
          <g key={t.x}>
            <line x1={t.x} y1={PLOT.top - 6} x2={t.x} y2={layout.height - 6} className="grid-line" />
            <text x={t.x} y={PLOT.top - 10} textAnchor={t.x === PLOT.left ? 'start' : t.x >= layout.width - PLOT.right ? 'end' : 'middle'} className="tick">{t.label}</text>
          </g>
        ))}
        {layout.lanes.map((l) => (
          <g key={l.host}>
            <text x={8} y={l.y + 4} className="lane-name">{l.host}</text>
            <line x1={PLOT.left} y1={l.y} x2={layout.width - PLOT.right} y2={l.y} className="lane" />
          </g>
        ))}
        {layout.points.map((p) => {
          const y = laneY(p.lane);
          return (
            <g key={p.index} className={`tl-point tl-${p.entry.kind}`}>
              <title>{entrySentence(p.entry, p.gapMicros)}</title>
              <text x={p.x} y={y + 5} textAnchor="middle" className="tl-symbol">{KIND_SYMBOL[p.entry.kind] ?? '•'}</text>
              <text x={p.labelX} y={y + 20 + p.labelRow * PLOT.labelRow} textAnchor="middle" className="tl-label">{p.label}</text>
            </g>
          );
        })}
      </svg>
      <ol className="timeline-entries small" tabIndex={0} aria-label="Timeline entries in words, scrollable" data-testid="timeline-entries">
        {layout.points.map((p) => (
          <li key={p.index} className={`tl-${p.entry.kind}`} data-testid={`timeline-entry-${p.index}`} data-kind={p.entry.kind}
            data-host={p.entry.host} data-at-micros={p.entry.atMicros} data-letters={p.entry.letters ?? ''}
            data-retransmission={p.entry.retransmission ?? 0} data-rto-micros={p.entry.rtoMicros ?? ''}
            data-gap-micros={p.gapMicros ?? ''}>
            <span aria-hidden="true">{KIND_SYMBOL[p.entry.kind] ?? '•'} </span>{entrySentence(p.entry, p.gapMicros)}
          </li>
        ))}
      </ol>
    </figure>
  );
}
