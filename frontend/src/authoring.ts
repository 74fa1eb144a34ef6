// Authored exercises: the API's /authored-exercises operations and /exercises/{id}/copies
// (docs/exercises.md, "Authored exercises and versions").
import { call } from './api';
import type { Exercise } from './exercises';

/** An exercise definition in the shape of a built-in file; the server validates it, this page only edits it. */
export type Definition = Record<string, unknown> & { id?: string; title?: string; checks?: unknown[] };

export interface AuthoredSummary {
  id: string; title: string; learningGoal: string; template: string; points: number; checks: number;
  version: number; owner: string; copiedFrom?: string; createdAt: string; updatedAt: string;
}
export interface AuthoredVersion {
  id: string; version: number; latestVersion: number; author: string; owner: string; copiedFrom?: string;
  createdAt: string; definition: Definition; exercise: Exercise & { version?: number };
}
export interface VersionSummary { version: number; author: string; createdAt: string; title: string; points: number }

const a = (id: string) => `/authored-exercises/${encodeURIComponent(id)}`;

export const authoringApi = {
  list: () => call<AuthoredSummary[]>('GET', '/authored-exercises'),
  get: (id: string) => call<AuthoredVersion>('GET', a(id)),
  version: (id: string, version: number) => call<AuthoredVersion>('GET', `${a(id)}/versions/${version}`),
  versions: (id: string) => call<VersionSummary[]>('GET', `${a(id)}/versions`),
  create: (definition: Definition) => call<AuthoredVersion>('POST', '/authored-exercises', definition),
  edit: (id: string, definition: Definition) => call<AuthoredVersion>('PUT', a(id), definition),
  copy: (sourceId: string, id: string, title?: string) =>
    call<AuthoredVersion>('POST', `/exercises/${encodeURIComponent(sourceId)}/copies`, title ? { id, title } : { id }),
};
