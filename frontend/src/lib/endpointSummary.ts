// A flood leaves hundreds of endpoints behind: the page shows how many are in each state and
// lists one state's endpoints a page at a time, instead of a table of all of them.
import type { Endpoint } from '../api';
import { DIAGRAM_STATES } from './stateDiagram';

/** Up to this many endpoints are listed in full; beyond it the panel summarises them by state. */
export const SUMMARY_FROM = 12;
/** Endpoints per page of a state's drill-down list. */
export const DRILL_PAGE = 20;

export interface StateCount {
  state: string;
  count: number;
  /** How many of them the snapshot listed (it lists at most its limit, 500 by default). */
  listed: number;
}

/**
 * Endpoints per state, in the diagram's order (RFC 9293 Figure 5) and then the others by name.
 * `counted` is the server's count over all endpoints (the snapshot's `states`), which is larger
 * than the list when the snapshot was cut; without it the listed endpoints are counted.
 */
export function stateCounts(endpoints: readonly Endpoint[], counted?: Record<string, number> | null): StateCount[] {
  const listed = new Map<string, number>();
  for (const e of endpoints) listed.set(e.state, (listed.get(e.state) ?? 0) + 1);
  const all = new Map<string, number>(counted ? Object.entries(counted) : listed);
  for (const [state, n] of listed) if (!all.has(state)) all.set(state, n);
  const rank = (s: string) => {
    const i = (DIAGRAM_STATES as readonly string[]).indexOf(s);
    return i < 0 ? DIAGRAM_STATES.length : i;
  };
  return [...all.entries()]
    .map(([state, count]) => ({ state, count: Math.max(count, listed.get(state) ?? 0), listed: listed.get(state) ?? 0 }))
    .sort((a, b) => rank(a.state) - rank(b.state) || a.state.localeCompare(b.state));
}

export interface PageOf<T> {
  items: T[];
  /** 0-based page actually shown (clamped into range). */
  page: number;
  pages: number;
  /** 1-based position of the first and last item shown, 0 when empty. */
  from: number;
  to: number;
}

/** One page of a list, the page number clamped into range. */
export function pageOf<T>(items: readonly T[], page: number, size = DRILL_PAGE): PageOf<T> {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(Math.max(0, page), pages - 1);
  const shown = items.slice(p * size, (p + 1) * size);
  return { items: shown, page: p, pages, from: shown.length ? p * size + 1 : 0, to: p * size + shown.length };
}
