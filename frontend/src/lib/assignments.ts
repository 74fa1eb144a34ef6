// Assignments and scores of a course (GET/POST /api/v1/courses/{id}/assignments, /scores): the
// types the server answers, its calls, and the small decisions the course page shows from them.
import { call } from '../api';

export interface ExerciseSummary {
  id: string;
  title: string;
  learningGoal: string;
  template: string;
  points: number;
  checks: number;
}

export interface Part { earned: number; points: number }

export interface AttemptScore {
  sessionId: string;
  attemptNo: number;
  startedAt: string;
  late: boolean;
  earned: number | null;
  points: number;
  parts: Record<string, Part>;
  /** False when the server could not grade it again just now and shows an earlier grade. */
  current: boolean;
}

export type Status = 'not-started' | 'started' | 'completed';

export interface Mine {
  status: Status;
  best: AttemptScore | null;
  attempts: AttemptScore[];
}

export interface Assignment {
  id: string;
  courseId: string;
  exerciseId: string;
  /** An authored exercise's version the course assigned (absent for a built-in one): attempts run it. */
  exerciseVersion?: number;
  title: string;
  learningGoal: string;
  points: number;
  dueAt: string | null;
  assignedAt: string;
  /** The calling student's own attempts; absent for instructors. */
  mine?: Mine;
}

export interface StartedAttempt {
  assignmentId: string;
  exerciseId: string;
  sessionId: string;
  attemptNo: number;
  late: boolean;
}

export interface Column { assignmentId: string; exerciseId: string; title: string; points: number; dueAt: string | null }

export interface Cell {
  assignmentId: string;
  exerciseId: string;
  status: Status;
  earned: number | null;
  points: number;
  attempts: number;
  late: boolean;
  onTimeEarned: number | null;
  bestSessionId: string | null;
}

export interface StudentRow { id: string; username: string; displayName: string; earned: number; points: number; scores: Cell[] }

export interface ScoreTable { courseId: string; assignments: Column[]; students: StudentRow[] }

const c = (courseId: string) => `/courses/${encodeURIComponent(courseId)}`;

export const assignmentsApi = {
  /** What an instructor may assign: the built-in exercises, then their own authored ones (assigned at their newest version). */
  exercises: async () => {
    const [builtIn, own] = await Promise.all([call<ExerciseSummary[]>('GET', '/exercises'),
      call<ExerciseSummary[]>('GET', '/authored-exercises').catch(() => [] as ExerciseSummary[])]);
    return [...builtIn, ...own];
  },
  list: (courseId: string) => call<Assignment[]>('GET', `${c(courseId)}/assignments`),
  assign: (courseId: string, exerciseId: string, dueAt?: string) =>
    call<Assignment>('POST', `${c(courseId)}/assignments`, dueAt ? { exerciseId, dueAt } : { exerciseId }),
  start: (courseId: string, assignmentId: string) =>
    call<StartedAttempt>('POST', `${c(courseId)}/assignments/${encodeURIComponent(assignmentId)}/attempts`),
  scores: (courseId: string) => call<ScoreTable>('GET', `${c(courseId)}/scores`),
};

/** The CSV export's address: a plain link, so the browser downloads it with the signed-in cookie. */
export const scoresCsvUrl = (courseId: string) => `/api/v1${c(courseId)}/scores.csv`;

/**
 * A `datetime-local` input's value ("2027-03-01T23:59", the user's own time zone) as the instant
 * the API takes; empty means no due date.
 */
export function dueAtFromLocal(value: string): string | undefined {
  if (!value.trim()) return undefined;
  const t = new Date(value);
  return Number.isNaN(t.getTime()) ? undefined : t.toISOString();
}

/** "due …" or "past due (…)" against `now`; nothing without a due date. */
export function dueText(dueAt: string | null, now: Date = new Date()): string {
  if (!dueAt) return 'no due date';
  const due = new Date(dueAt);
  const when = due.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return due.getTime() < now.getTime() ? `past due (${when}); attempts now are marked late` : `due ${when}`;
}

/** A score as a cell shows it: "—" before any attempt, else "earned / points", marked late. */
export function scoreText(earned: number | null, points: number, status: Status, late: boolean): string {
  if (status === 'not-started' || earned === null) return '—';
  return `${earned} / ${points}${late ? ' (late)' : ''}`;
}

export const statusText: Record<Status, string> = {
  'not-started': 'not started',
  started: 'in progress',
  completed: 'completed',
};

/** What the student's button says: the first attempt is started, later ones are new attempts. */
export const startLabel = (mine: Mine | undefined) => (mine && mine.attempts.length > 0 ? 'New attempt' : 'Start');

/** The latest attempt, the one a student most likely wants to reopen. */
export const latestAttempt = (mine: Mine | undefined): AttemptScore | null =>
  mine && mine.attempts.length > 0 ? mine.attempts.reduce((a, b) => (b.attemptNo > a.attemptNo ? b : a)) : null;

/** Exercises of the catalogue not yet assigned to the course, in catalogue (syllabus) order. */
export function assignable(exercises: ExerciseSummary[], assignments: Assignment[]): ExerciseSummary[] {
  const taken = new Set(assignments.map((a) => a.exerciseId));
  return exercises.filter((e) => !taken.has(e.id));
}
