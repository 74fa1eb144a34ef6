// Splits an RFC 9457 problem into messages for fields the form shows and the rest, which go to
// the page's alert region.
import { ApiError, type Problem } from '../api';

export interface PlacedProblem {
  byField: Record<string, string>;
  general: string[];
}

export function placeProblem(problem: Problem, shownFields: ReadonlySet<string>): PlacedProblem {
  const byField: Record<string, string> = {};
  const general: string[] = [];
  for (const e of problem.errors ?? []) {
    if (shownFields.has(e.field)) byField[e.field] = e.message;
    else general.push(`${e.field}: ${e.message}`);
  }
  if ((problem.errors ?? []).length === 0 || general.length > 0) {
    general.unshift(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
  return { byField, general };
}

export function problemOf(e: unknown): Problem {
  if (e instanceof ApiError) return e.problem;
  return { status: 0, title: 'Error', detail: e instanceof Error ? e.message : String(e) };
}
