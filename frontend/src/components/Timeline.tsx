import type { Connection } from '../api';
import { formatMicros, retransmissionTimeline, type LadderRow } from '../lib/ladder';

const WIDTH = 520;
const MAX_BURSTS = 12;

/** Per connection: the handshake's outcome, and each retransmitted segment's times with the back-off gaps. */
/** `connections` is null while the server does not answer GET /connections: the table is then left out. */
export default function Timeline({ rows, connections }: { rows: LadderRow[]; connections: Connection[] | null }) {
  const bursts = retransmissionTimeline(rows);
  const end = Math.max(1, ...bursts.flatMap((b) => b.times));
  return (
    <section className="panel" aria-labelledby="timeline-h">
      <h2 id="timeline-h">Connections and retransmissions</h2>
      {connections === null ? null : connections.length === 0 ? <p className="muted">No connection has started yet.</p> : (
        <table className="table compact" data-testid="connections">
          <thead><tr><th scope="col">Connection</th><th scope="col">Outcome</th><th scope="col">SYN</th><th scope="col">SYN-ACK</th><th scope="col">ACK</th><th scope="col">Retransmissions</th></tr></thead>
          <tbody>
            {connections.map((c) => (
              <tr key={c.id}>
                <td className="mono">{c.client} → {c.server}</td>
                <td data-testid={`connection-outcome-${c.id}`}>{c.outcome} <span className="muted">({c.clientState} / {c.serverState})</span></td>
                <td>{c.synAtMicros == null ? '—' : formatMicros(c.synAtMicros)}</td>
                <td>{c.synAckAtMicros == null ? '—' : formatMicros(c.synAckAtMicros)}</td>
                <td>{c.ackAtMicros == null ? '—' : formatMicros(c.ackAtMicros)}</td>
                <td>{c.retransmissions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {bursts.length === 0 ? (
        <p className="muted" data-testid="timeline-none">No segment has been retransmitted. Lose a SYN-ACK (e.g. never ACK it and advance the clock) to see the back-off.</p>
      ) : bursts.slice(0, MAX_BURSTS).map((b, i) => (
        <figure key={i} className="burst" data-testid="timeline-burst">
          <figcaption>
            <span className="mono">{b.connection}</span>: {b.sender} sent <strong>{b.letters}</strong> {b.times.length} times; gaps{' '}
            {b.times.slice(1).map((t, k) => formatMicros(t - b.times[k])).join(', ')}
          </figcaption>
          <svg viewBox={`0 0 ${WIDTH} 42`} width="100%" height={42} aria-hidden="true">
            {/* x = virtual time, from 0 to the last retransmission of any segment shown */}
            <line x1={10} y1={22} x2={WIDTH - 10} y2={22} className="lane" />
            {b.times.map((t, k) => {
              const x = 10 + (t / end) * (WIDTH - 20);
              return (
                <g key={k}>
                  <circle cx={x} cy={22} r={5} className={k === 0 ? 'dot' : 'dot retx'} />
                  {/* alternate below/above so labels of close transmissions do not overlap */}
                  <text x={x} y={k % 2 === 0 ? 38 : 10} textAnchor="middle" className="tick">{k === 0 ? 'sent' : `#${k}`}</text>
                </g>
              );
            })}
          </svg>
        </figure>
      ))}
      {bursts.length > MAX_BURSTS && <p className="small muted">…and {bursts.length - MAX_BURSTS} more retransmitted segments.</p>}
    </section>
  );
}
