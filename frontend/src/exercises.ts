// Exercises: the API's /exercises operations, a session's grade and its predictions (docs/exercises.md).
import { call } from './api';

export interface ExerciseSummary { id: string; title: string; learningGoal: string; template: string; points: number; checks: number }
export interface CheckSummary { id: string; title: string; points: number }
export type PredictionField = 'seq' | 'ack' | 'flags' | 'window' | 'options' | 'state' | 'nothing';
export interface PredictionSummary { id: string; prompt: string; before: string; fields: PredictionField[]; points: number }
export interface Exercise {
  id: string; title: string; learningGoal: string; instructions: string;
  /** Rendered on the server with commonmark-java, raw HTML escaped and unsafe links dropped. */
  instructionsHtml: string;
  template: string; hints: string[]; checks: CheckSummary[]; predictions: PredictionSummary[]; points: number;
  /** An authored exercise's version (absent for a built-in one). */
  version?: number;
}
export interface Attempt { exerciseId: string; sessionId: string }
export interface CheckResult {
  id: string; title: string; passed: boolean; points: number; earned: number; explanation: string;
  events: number[] | null; nearMiss: number | null; hint: string | null;
}

/** A prediction as the student makes it: only the fields the exercise's prediction asks. */
export interface PredictionRequest {
  predictionId: string;
  nothingComesBack?: boolean;
  seq?: number;
  ack?: number;
  window?: number;
  flags?: string[];
  options?: string[];
  state?: string;
}
export type PredictionStatus = 'open' | 'waiting' | 'in-flight' | 'graded' | 'missed';
export interface FieldResult { field: string; predicted: unknown; actual: unknown; correct: boolean; explanation: string }
export interface PredictionResult {
  id: string; prompt: string; before: string; fields: PredictionField[]; points: number; earned: number;
  status: PredictionStatus; step?: number; predicted?: PredictionRequest; send?: number; reply?: number;
  results: FieldResult[]; explanation: string;
}
export interface AttemptPredictions { sessionId: string; exerciseId?: string; points: number; earned: number; predictions: PredictionResult[] }
export interface Grade {
  sessionId: string; exerciseId: string; exerciseVersion?: number; replay: { steps: number; events: number; mismatches: number };
  points: number; earned: number; checks: CheckResult[]; predictions: PredictionResult[];
}

const s = (id: string) => `/sessions/${encodeURIComponent(id)}`;

export const exercises = {
  list: () => call<ExerciseSummary[]>('GET', '/exercises'),
  get: (id: string) => call<Exercise>('GET', `/exercises/${encodeURIComponent(id)}`),
  start: (id: string, courseId?: string) => call<Attempt>('POST', `/exercises/${encodeURIComponent(id)}/attempts`, courseId ? { courseId } : {}),
  /** The exercise (for an authored one: the version) the session is an attempt at. */
  ofSession: (sessionId: string) => call<Exercise>('GET', `${s(sessionId)}/exercise`),
  grade: (sessionId: string) => call<Grade>('GET', `${s(sessionId)}/grade`),
  /** Answers for every session: one not started from an exercise has no `exerciseId` and no predictions. */
  predictions: (sessionId: string) => call<AttemptPredictions>('GET', `${s(sessionId)}/predictions`),
  predict: (sessionId: string, body: PredictionRequest) => call<PredictionResult>('POST', `${s(sessionId)}/predictions`, body),
};
