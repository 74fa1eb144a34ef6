import { useEffect, useState, type KeyboardEvent } from 'react';
import { formatMicros, type Column, type LadderRow } from '../lib/ladder';
import { lettersMeaning } from '../lib/flagLetters';
import FlagLegend from './FlagLegend';

interface Props {
  rows: LadderRow[];
  selected: number | null;
  onSelect: (id: number) => void;
}

const X: Record<Column, number> = { client: 190, network: 410, server: 630 };
const TOP = 44;
const ROW = 66;
const SLANT = 30;
const WIDTH = 780;

/** Client | network | server ladder: one arrow per segment, in the order they went on the wire. */
/** How many arrows are drawn at once; a SYN flood puts thousands on the wire. */
export const LADDER_PAGE = 60;

export default function Ladder({ rows: all, selected, onSelect }: Props) {
  const [shown, setShown] = useState(LADDER_PAGE);
  // A selection among the earlier, hidden arrows (a jump to a time, a log entry) shows them down to it.
  useEffect(() => {
    const at = selected === null ? -1 : all.findIndex((r) => r.id === selected);
    if (at >= 0 && all.length - at > shown) setShown(all.length - at);
  }, [selected, all, shown]);
  const rows = all.slice(Math.max(0, all.length - shown)).map((r, i) => ({ ...r, row: i }));
  const hidden = all.length - rows.length;
  const height = TOP + rows.length * ROW + 24;
  // Enter/Space opens the segment; Up/Down walk the arrows without opening them.
  const key = (e: KeyboardEvent<SVGGElement>, id: number) => {
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onSelect(id); return; }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const at = rows.findIndex((r) => r.id === id) + (e.key === 'ArrowDown' ? 1 : -1);
    if (at >= 0 && at < rows.length) {
      (e.currentTarget.ownerSVGElement?.querySelector(`[data-testid="ladder-segment-${rows[at].id}"]`) as SVGElement | null)?.focus();
    }
  };
  return (
    <section className="panel" aria-labelledby="ladder-h">
      <h2 id="ladder-h">Ladder</h2>
      {rows.length === 0 ? (
        <p className="muted" data-testid="ladder-empty">No segment has been on the wire yet. Send a SYN or let a simulated client connect.</p>
      ) : (
        <>
        {hidden > 0 && (
          <p className="small" data-testid="ladder-hidden">
            Showing the last {rows.length} of {all.length} segments.{' '}
            <button type="button" onClick={() => setShown((n) => n + LADDER_PAGE)} data-testid="ladder-show-earlier">Show {Math.min(hidden, LADDER_PAGE)} earlier</button>
          </p>
        )}
        <div className="ladder-scroll" tabIndex={0} role="region" aria-label="Ladder, scrollable" data-testid="ladder-scroll">
          <svg className="ladder" viewBox={`0 0 ${WIDTH} ${height}`} width={WIDTH} height={height} role="group" aria-label="Ladder diagram of every segment; Tab to a segment, Up/Down to move, Enter to inspect" data-testid="ladder">
            {(['client', 'network', 'server'] as Column[]).map((c) => (
              <g key={c}>
                <text x={X[c]} y={18} textAnchor="middle" className="ladder-head">{c}</text>
                <line x1={X[c]} y1={TOP - 14} x2={X[c]} y2={height - 8} className={c === 'network' ? 'lane lane-net' : 'lane'} />
              </g>
            ))}
            {rows.map((r) => <SegmentArrow key={r.id} r={r} selected={selected === r.id} onSelect={onSelect} onKey={key} />)}
          </svg>
        </div>
        <FlagLegend testid="ladder-flag-legend" />
        </>
      )}
    </section>
  );
}

function SegmentArrow({ r, selected, onSelect, onKey }: { r: LadderRow; selected: boolean; onSelect: (id: number) => void; onKey: (e: KeyboardEvent<SVGGElement>, id: number) => void }) {
  const y1 = TOP + r.row * ROW;
  const x1 = X[r.fromColumn];
  const endColumn = r.drop ? r.drop.column : r.toColumn;
  let x2 = X[endColumn];
  if (r.drop && endColumn === r.fromColumn) x2 = x1 + (X[r.toColumn] > x1 ? 30 : -30); // dropped on the way out
  const y2 = y1 + (r.arrivedAtMicros == null && !r.drop ? SLANT / 2 : SLANT) * Math.abs(x2 - x1) / Math.abs(X[r.toColumn] - x1);
  const inFlight = r.arrivedAtMicros == null && !r.drop;
  const s = r.segment;
  const retx = r.retransmission > 0 ? `, retransmission ${r.retransmission} (${r.retransmissionCause})` : '';
  const fate = r.drop
    ? `dropped by ${dropPlace(r.drop)} at ${formatMicros(r.drop.atMicros)}: ${r.drop.reason}`
    : r.arrivedAtMicros != null ? `arrived at ${formatMicros(r.arrivedAtMicros)}` : 'in flight';
  // The accessible name is the arrow's own visible text (WCAG 2.5.3, label in name: a voice user
  // says what they see); the full sentence with direction and fate is its description.
  const description = `${r.fromColumn} to ${r.toColumn}: ${s.letters} (${lettersMeaning(s.letters)}) seq ${s.seq}${s.flags.includes('ACK') ? ` ack ${s.ack}` : ''}, sent at ${formatMicros(r.sentAtMicros)}, ${fate}${retx}`;
  const descId = `ladder-desc-${r.id}`;
  const midX = (x1 + X[r.toColumn]) / 2;
  const textX = r.fromColumn === 'client' ? x1 + 8 : x1 - 8;
  const anchor = r.fromColumn === 'client' ? 'start' : 'end';
  return (
    <g role="button" tabIndex={0} aria-describedby={descId} aria-pressed={selected}
      className={`seg${selected ? ' selected' : ''}${r.drop ? ' dropped' : ''}${r.retransmission ? ' retx' : ''}`}
      onClick={() => onSelect(r.id)} onKeyDown={(e) => onKey(e, r.id)} data-testid={`ladder-segment-${r.id}`}
      data-letters={s.letters} data-dropped={r.drop ? 'true' : 'false'} data-retransmission={r.retransmission}
      data-sender={r.fromColumn} data-sent-micros={r.sentAtMicros} data-drop-where={r.drop?.where ?? ''}
      data-drop-reason={r.drop?.reason ?? ''} data-retransmission-cause={r.retransmissionCause ?? ''}>
      <desc id={descId}>{description}</desc>
      <rect x={8} y={y1 - 18} width={WIDTH - 16} height={ROW - 4} className="seg-hit" />
      <text x={textX} y={y1 - 5} textAnchor={anchor} className="seg-label">
        {s.letters} {s.seq}{s.flags.includes('ACK') ? ` ack ${s.ack}` : ''}
        {r.retransmission > 0 && <tspan className="retx-mark" data-testid="ladder-retx-mark"> ↻ retransmission #{r.retransmission}{r.retransmissionCause?.startsWith('retransmission timer') ? ' (RTO)' : r.fromColumn === 'server' ? ' (dup SYN)' : ''}</tspan>}
      </text>
      <text x={8 + 4} y={y1 + 4} className="seg-time">{formatMicros(r.sentAtMicros)}</text>
      {r.arrivedAtMicros != null && (
        <text x={x2 + (x2 > x1 ? 8 : -8)} y={y2 + 4} textAnchor={x2 > x1 ? 'start' : 'end'} className="seg-time muted-svg">
          {formatMicros(r.arrivedAtMicros)}
        </text>
      )}
      <line x1={x1} y1={y1} x2={x2} y2={y2} className={`seg-line${inFlight || r.drop ? ' dashed' : ''}`} />
      {!r.drop && <polygon points={arrowHead(x1, y1, x2, y2)} className="seg-head" />}
      {r.drop && (
        <g data-testid="ladder-drop" data-drop-micros={r.drop.atMicros}>
          <text x={x2} y={y2 + 6} textAnchor="middle" className="drop-x" aria-hidden="true">✕</text>
          <text x={endColumn === 'network' ? midX : x2} y={y2 + 22} textAnchor="middle" className="drop-text">
            dropped by {dropPlace(r.drop)} ({formatMicros(r.drop.atMicros)}): {r.drop.reason}
          </text>
        </g>
      )}
      {inFlight && <text x={x2 + (x2 > x1 ? 6 : -6)} y={y2 + 4} textAnchor={x2 > x1 ? 'start' : 'end'} className="drop-text">in flight…</text>}
    </g>
  );
}

/** "fw on the return route", or the host that dropped it. */
export const dropPlace = (d: { where: string; route: string | null }) => (d.route ? `${d.where} on the ${d.route}` : d.where);

function arrowHead(x1: number, y1: number, x2: number, y2: number): string {
  const a = Math.atan2(y2 - y1, x2 - x1);
  const p = (d: number, da: number) => `${x2 - d * Math.cos(a + da)},${y2 - d * Math.sin(a + da)}`;
  return `${x2},${y2} ${p(10, 0.4)} ${p(10, -0.4)}`;
}
