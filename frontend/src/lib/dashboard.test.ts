import { describe, expect, it } from 'vitest';
import type { DashboardRow } from '../api';
import { ago, countByStatus, filterRows, sortRows, withRow } from './dashboard';

const row = (username: string, status: DashboardRow['status'], extra: Partial<DashboardRow> = {}): DashboardRow => ({
  studentId: username, username, displayName: username.toUpperCase(), sessionId: null, status, reason: '',
  checksPassed: null, checksTotal: null, score: null, points: null, lastActivity: null, steps: 0, endpoints: null,
  assignmentId: null, bestSessionId: null, attempts: 0, ...extra,
});

describe('dashboard rows', () => {
  it('replaces a student\'s row with the update, or adds a new student', () => {
    const rows = [row('a', 'working'), row('b', 'not started')];
    const updated = withRow(rows, row('b', 'stuck'));
    expect(updated.map((r) => r.status)).toEqual(['working', 'stuck']);
    expect(rows[1].status).toBe('not started');
    expect(withRow(rows, row('c', 'working'))).toHaveLength(3);
  });

  it('takes only the shown assignment\'s rows from a stream that carries every view', () => {
    const rows = [row('a', 'working', { assignmentId: 'A1' })];
    expect(withRow(rows, row('a', 'stuck', { assignmentId: 'A2' }), 'A1')).toBe(rows);
    expect(withRow(rows, row('a', 'stuck', { assignmentId: 'A1' }), 'A1')[0].status).toBe('stuck');
  });

  it('sorts by the best attempt\'s score, no score lowest', () => {
    const rows = [row('a', 'working', { score: 3 }), row('b', 'not started'), row('c', 'passed', { score: 8 })];
    expect(sortRows(rows, { key: 'score', descending: true }).map((r) => r.username)).toEqual(['c', 'a', 'b']);
  });

  it('sorts stuck first by status, ties by name; descending reverses', () => {
    const rows = [row('d', 'passed'), row('b', 'working'), row('c', 'stuck'), row('a', 'working')];
    expect(sortRows(rows, { key: 'status', descending: false }).map((r) => r.username)).toEqual(['c', 'a', 'b', 'd']);
    expect(sortRows(rows, { key: 'status', descending: true }).map((r) => r.username)).toEqual(['d', 'a', 'b', 'c']);
  });

  it('sorts by checks passed with no grade lowest, and by last activity with never the oldest', () => {
    const rows = [row('a', 'working', { checksPassed: 2 }), row('b', 'not started'), row('c', 'working', { checksPassed: 0 })];
    expect(sortRows(rows, { key: 'checks', descending: true }).map((r) => r.username)).toEqual(['a', 'c', 'b']);
    const times = [row('a', 'working', { lastActivity: '2027-01-01T10:05:00Z' }), row('b', 'not started'),
      row('c', 'working', { lastActivity: '2027-01-01T10:00:00Z' })];
    expect(sortRows(times, { key: 'lastActivity', descending: false }).map((r) => r.username)).toEqual(['b', 'c', 'a']);
  });

  it('filters by status and by text in name, reason or endpoint states', () => {
    const rows = [row('ann', 'stuck', { reason: 'the server answered the last 3 ACKs with RST' }),
      row('bob', 'working', { endpoints: 'server SYN_RECEIVED' }), row('cy', 'passed')];
    expect(filterRows(rows, { text: '', status: 'stuck' }).map((r) => r.username)).toEqual(['ann']);
    expect(filterRows(rows, { text: 'syn_rec', status: 'all' }).map((r) => r.username)).toEqual(['bob']);
    expect(filterRows(rows, { text: 'rst', status: 'all' }).map((r) => r.username)).toEqual(['ann']);
    expect(filterRows(rows, { text: 'CY', status: 'all' }).map((r) => r.username)).toEqual(['cy']);
  });

  it('counts students per status and says how long ago', () => {
    expect(countByStatus([row('a', 'stuck'), row('b', 'stuck'), row('c', 'passed')]))
      .toEqual({ stuck: 2, working: 0, 'not started': 0, passed: 1 });
    const now = Date.parse('2027-01-01T10:10:00Z');
    expect(ago('2027-01-01T10:09:30Z', now)).toBe('30 s ago');
    expect(ago('2027-01-01T10:00:00Z', now)).toBe('10 min ago');
    expect(ago(null, now)).toBe('—');
  });
});
