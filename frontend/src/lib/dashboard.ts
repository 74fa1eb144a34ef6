import type { DashboardRow } from '../api';

export type SortKey = 'student' | 'status' | 'checks' | 'score' | 'lastActivity' | 'endpoints';
export interface Sort { key: SortKey; descending: boolean }
export interface Filter { text: string; status: DashboardRow['status'] | 'all' }

/** Stuck first: the order an instructor walks the room in. */
const STATUS_ORDER: Record<DashboardRow['status'], number> = { stuck: 0, working: 1, 'not started': 2, passed: 3 };

/**
 * The rows with one student's row replaced by a newer one (or added, if they joined meanwhile);
 * a row of another view than the one shown (`assignmentId`) changes nothing.
 */
export function withRow(rows: DashboardRow[], row: DashboardRow, assignmentId: string | null = row.assignmentId ?? null): DashboardRow[] {
  if ((row.assignmentId ?? null) !== assignmentId) return rows;
  const i = rows.findIndex((r) => r.studentId === row.studentId);
  if (i < 0) return [...rows, row];
  const next = rows.slice();
  next[i] = row;
  return next;
}

function compare(a: DashboardRow, b: DashboardRow, key: SortKey): number {
  switch (key) {
    case 'status': return STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
    case 'checks': return (a.checksPassed ?? -1) - (b.checksPassed ?? -1);
    case 'score': return (a.score ?? -1) - (b.score ?? -1);
    // never active sorts as the oldest
    case 'lastActivity': return (a.lastActivity ?? '').localeCompare(b.lastActivity ?? '');
    case 'endpoints': return (a.endpoints ?? '').localeCompare(b.endpoints ?? '');
    default: return a.displayName.localeCompare(b.displayName) || a.username.localeCompare(b.username);
  }
}

/** Sorted by the key, ties by name so the order is stable as updates arrive. */
export function sortRows(rows: DashboardRow[], sort: Sort): DashboardRow[] {
  const sign = sort.descending ? -1 : 1;
  return rows.slice().sort((a, b) => sign * compare(a, b, sort.key) || compare(a, b, 'student'));
}

/** The rows of the chosen status whose name, username, reason or endpoint states contain the text (any case). */
export function filterRows(rows: DashboardRow[], filter: Filter): DashboardRow[] {
  const text = filter.text.trim().toLowerCase();
  return rows.filter((r) => (filter.status === 'all' || r.status === filter.status)
    && (!text || [r.displayName, r.username, r.reason, r.endpoints ?? ''].some((f) => f.toLowerCase().includes(text))));
}

/** How many students have each status. */
export function countByStatus(rows: DashboardRow[]): Record<DashboardRow['status'], number> {
  const counts = { stuck: 0, working: 0, 'not started': 0, passed: 0 };
  rows.forEach((r) => { counts[r.status]++; });
  return counts;
}

/** "3 min ago" from an ISO instant and now (ms). */
export function ago(iso: string | null, now: number): string {
  if (!iso) return '—';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  return `${Math.floor(s / 3600)} h ago`;
}
