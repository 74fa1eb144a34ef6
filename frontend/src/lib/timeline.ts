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

/** A round end for the axis: 1, 2 or 5 times a power of ten, in microseconds. */
export function niceEnd(us: number): number {
  if (us <= 0) return 1_000_000;
  const p = 10 ** Math.floor(Math.log10(us));
  return ([1, 2, 5, 10].find((m) => m * p >= us) ?? 10) * p;
}

export function layoutTimeline(t: Timeline, width = PLOT.width): TimelineLayout {
  const entries = [...t.entries].map((entry, index) => ({ entry, index })).sort((a, b) => a.entry.atMicros - b.entry.atMicros || a.index - b.index);
  const hosts = laneOrder(t.entries);
  const endMicros = niceEnd(Math.max(0, ...t.entries.map((e) => e.atMicros)));
  const span = width - PLOT.left - PLOT.right;
  const xOf = (us: number) => PLOT.left + (us / endMicros) * span;
  // Per lane, the right edge of the last label in each label row.
  const rowEnds = hosts.map(() => [] as number[]);
  const lastSend = new Map<string, number>();
  const points: PlotPoint[] = entries.map(({ entry, index }) => {
    const lane = hosts.indexOf(entry.host);
    const x = xOf(entry.atMicros);
    const label = entryLabel(entry);
    const w = label.length * PLOT.charWidth;
    const ends = rowEnds[lane];
    let row = ends.findIndex((end) => end < x - w / 2 - 4);
    if (row < 0) { row = ends.length; ends.push(0); }
    ends[row] = x + w / 2;
    let gapMicros: number | null = null;
    if (entry.kind === 'transmission' || entry.kind === 'retransmission') {
      const key = `${entry.host}|${entry.letters ?? ''}`;
      const prev = lastSend.get(key);
      if (entry.kind === 'retransmission' && prev != null) gapMicros = entry.atMicros - prev;
      lastSend.set(key, entry.atMicros);
    }
    return { index, entry, lane, x, labelRow: row, label, gapMicros };
  });
  let y = PLOT.top;
  const lanes: Lane[] = hosts.map((host, i) => {
    const height = PLOT.laneBase + Math.max(1, rowEnds[i].length) * PLOT.labelRow;
    const lane = { host, y: y + 10, height };
    y += height;
    return lane;
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => ({ x: xOf(f * endMicros), label: formatMicros(Math.round(f * endMicros)) }));
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
