// Lays out one connection's timeline (GET /connections/{id}/timeline) for an SVG plot: one lane
// per host (client, each middlebox that dropped something, server), x = virtual time, and label
// rows chosen so that labels of close points do not overlap.
import type { Timeline, TimelineEntry } from '../api';
import { formatMicros } from './ladder';

export interface PlotPoint {
  index: number;
  entry: TimelineEntry;
  lane: number;
  x: number;
  /** Where the label is centred: under the point, or moved in so that it is not cut at an edge. */
  labelX: number;
  labelWidth: number;
  /** 0 = first label row under the lane, 1 = the next, ... */
  labelRow: number;
  label: string;
  /** Time since the previous send of the same segment by the same host, for retransmissions. */
  gapMicros: number | null;
}

export interface Lane {
  host: string;
  y: number;
  height: number;
}

export interface TimelineLayout {
  lanes: Lane[];
  points: PlotPoint[];
  ticks: { x: number; label: string }[];
  width: number;
  height: number;
  endMicros: number;
}

export const PLOT = { width: 640, left: 96, right: 24, top: 26, laneBase: 30, labelRow: 14, charWidth: 6.2 };

/** A short label for the plot; the full text goes into the list below it and the tooltip. */
export function entryLabel(e: TimelineEntry): string {
  switch (e.kind) {
    case 'transmission': return e.letters ?? (e.reason ?? 'sent');
    case 'retransmission': return `${e.letters ?? ''} #${e.retransmission ?? '?'}${e.rtoMicros != null ? ` RTO ${formatMicros(e.rtoMicros)}` : ' (dup)'}`;
    case 'drop': return `✕ ${e.letters ?? ''}`.trim();
    case 'state': return `${e.from ?? '?'}→${e.to ?? '?'}`;
    case 'give-up': return `gave up${e.reason ? `: ${e.reason}` : ''}`;
    default: return e.kind;
  }
}

/** Client first, then middleboxes in order of first appearance, server last. */
export function laneOrder(entries: readonly TimelineEntry[]): string[] {
  const middle: string[] = [];
  for (const e of entries) if (e.host !== 'client' && e.host !== 'server' && !middle.includes(e.host)) middle.push(e.host);
  return ['client', ...middle, 'server'];
}

/** At most this many tick intervals on the axis. */
const MAX_TICKS = 8;

/**
 * The axis for times up to `us`: a round tick step (1, 2 or 5 times a power of ten, in
 * microseconds) giving at most MAX_TICKS intervals, and the end at the first tick at or after the
 * last entry, so that no more than one step of the plot is empty.
 */
export function niceAxis(us: number): { step: number; end: number } {
  if (us <= 0) return { step: 250_000, end: 1_000_000 };
  for (let p = 1; ; p *= 10) {
    for (const m of [1, 2, 5]) {
      const step = m * p;
      const intervals = Math.max(1, Math.ceil(us / step));
      if (intervals <= MAX_TICKS) return { step, end: intervals * step };
    }
  }
}

export function layoutTimeline(t: Timeline, width = PLOT.width): TimelineLayout {
  const entries = [...t.entries].map((entry, index) => ({ entry, index })).sort((a, b) => a.entry.atMicros - b.entry.atMicros || a.index - b.index);
  const hosts = laneOrder(t.entries);
  const axis = niceAxis(Math.max(0, ...t.entries.map((e) => e.atMicros)));
  const endMicros = axis.end;
  const left = PLOT.left;
  const right = width - PLOT.right;
  const xOf = (us: number) => left + (us / endMicros) * (right - left);
  // Per lane, the right edge of the last label in each label row.
  const rowEnds = hosts.map(() => [] as number[]);
  const lastSend = new Map<string, number>();
  const points: PlotPoint[] = entries.map(({ entry, index }) => {
    const lane = hosts.indexOf(entry.host);
    const x = xOf(entry.atMicros);
    const label = entryLabel(entry);
    const w = label.length * PLOT.charWidth;
    // Centred under its point, but moved inside the plot rather than cut at either edge.
    const labelX = Math.min(Math.max(x, left + w / 2), right - w / 2);
    const ends = rowEnds[lane];
    let row = ends.findIndex((end) => end < labelX - w / 2 - 4);
    if (row < 0) { row = ends.length; ends.push(0); }
    ends[row] = labelX + w / 2;
    let gapMicros: number | null = null;
    if (entry.kind === 'transmission' || entry.kind === 'retransmission') {
      const key = `${entry.host}|${entry.letters ?? ''}`;
      const prev = lastSend.get(key);
      if (entry.kind === 'retransmission' && prev != null) gapMicros = entry.atMicros - prev;
      lastSend.set(key, entry.atMicros);
    }
    return { index, entry, lane, x, labelX, labelWidth: w, labelRow: row, label, gapMicros };
  });
  let y = PLOT.top;
  const lanes: Lane[] = hosts.map((host, i) => {
    const height = PLOT.laneBase + Math.max(1, rowEnds[i].length) * PLOT.labelRow;
    const lane = { host, y: y + 10, height };
    y += height;
    return lane;
  });
  const ticks = Array.from({ length: Math.round(endMicros / axis.step) + 1 }, (_, i) => ({ x: xOf(i * axis.step), label: formatMicros(i * axis.step) }));
  return { lanes, points, ticks, width, height: y + 8, endMicros };
}

/** One sentence per entry, for the list under the plot (what a screen reader reads). */
export function entrySentence(e: TimelineEntry, gapMicros: number | null): string {
  const at = formatMicros(e.atMicros);
  switch (e.kind) {
    case 'transmission': return `${at}: ${e.host} sends ${e.letters ?? 'a datagram'}${e.reason ? ` (${e.reason})` : ''}`;
    case 'retransmission':
      return `${at}: ${e.host} resends ${e.letters ?? ''} (retransmission ${e.retransmission ?? '?'}${gapMicros != null ? `, ${formatMicros(gapMicros)} after the previous send` : ''}`
        + `${e.rtoMicros != null ? `; its RTO of ${formatMicros(e.rtoMicros)} expired` : `; ${e.reason ?? 'not timer-driven'}`})`;
    case 'drop': return `${at}: ${e.host} drops ${e.letters ?? 'a segment'}: ${e.reason ?? e.text ?? ''}`;
    case 'state': return `${at}: ${e.host} ${e.from} → ${e.to}${e.text ? ` (${e.text})` : ''}`;
    case 'give-up': return `${at}: ${e.host} gives up${e.reason ? `: ${e.reason}` : ''}`;
    default: return `${at}: ${e.text ?? e.kind}`;
  }
}
