// The event log beside the ladder: every event of the history in order, in the server's own
// sentence, each tied to the ladder row of the segment it is about (if any) so that the two views
// select together.
import type { EventKind, LabEvent } from '../api';
import type { LadderRow } from './ladder';

export type LogCategory = 'segment' | 'drop' | 'timer' | 'state' | 'other';

export interface LogEntry {
  index: number;
  atMicros: number;
  kind: EventKind;
  category: LogCategory;
  host: string;
  text: string;
  /** The ladder row (segment-sent index) this event is about, or null for a timer, a state change... */
  row: number | null;
}

const CATEGORY: Partial<Record<EventKind, LogCategory>> = {
  'segment-sent': 'segment', 'segment-received': 'segment', 'segment-dropped': 'drop', 'icmp-received': 'drop',
  'queue-overflow': 'drop', 'cookie-rejected': 'drop', 'connect-failed': 'drop',
  'timer-armed': 'timer', 'timer-fired': 'timer', 'timer-cancelled': 'timer',
  'state-changed': 'state',
};

/** Every event but a flood's per-bucket samples (those are charted), in history order. */
export function logEntries(events: readonly LabEvent[], rows: readonly LadderRow[]): LogEntry[] {
  const rowOf = new Map<number, number>();
  for (const r of rows) for (const i of r.events) rowOf.set(i, r.id);
  return [...events]
    .filter((e) => e.kind !== 'flood-sample')
    .sort((a, b) => a.index - b.index)
    .map((e) => ({
      index: e.index, atMicros: e.atMicros, kind: e.kind, category: CATEGORY[e.kind] ?? 'other', host: e.host,
      text: e.text, row: rowOf.get(e.index) ?? null,
    }));
}
