import { describe, expect, it } from 'vitest';
import { assignable, dueAtFromLocal, dueText, latestAttempt, scoreText, startLabel, type Assignment, type AttemptScore, type ExerciseSummary, type Mine } from './assignments';

const attempt = (attemptNo: number, earned: number | null): AttemptScore => ({
  sessionId: `s${attemptNo}`, attemptNo, startedAt: '2027-01-01T00:00:00Z', late: false, earned, points: 5, parts: {}, current: true,
});

describe('assignments', () => {
  it('turns a datetime-local value into an instant, and empty into no due date', () => {
    expect(dueAtFromLocal('')).toBeUndefined();
    expect(dueAtFromLocal('not a date')).toBeUndefined();
    const iso = dueAtFromLocal('2027-03-01T23:59');
    expect(iso).toBe(new Date(2027, 2, 1, 23, 59).toISOString());
  });

  it('says when a due date has passed, and that attempts are then late', () => {
    const now = new Date('2027-03-02T00:00:00Z');
    expect(dueText(null, now)).toBe('no due date');
    expect(dueText('2027-03-01T00:00:00Z', now)).toMatch(/^past due \(.*\); attempts now are marked late$/);
    expect(dueText('2027-04-01T00:00:00Z', now)).toMatch(/^due /);
  });

  it('shows a dash before the first attempt, and marks a late best', () => {
    expect(scoreText(null, 5, 'not-started', false)).toBe('—');
    expect(scoreText(0, 5, 'started', false)).toBe('0 / 5');
    expect(scoreText(5, 5, 'completed', true)).toBe('5 / 5 (late)');
  });

  it('starts the first attempt and offers a new one after', () => {
    const none: Mine = { status: 'not-started', best: null, attempts: [] };
    const two: Mine = { status: 'started', best: attempt(1, 3), attempts: [attempt(1, 3), attempt(2, 1)] };
    expect(startLabel(undefined)).toBe('Start');
    expect(startLabel(none)).toBe('Start');
    expect(startLabel(two)).toBe('New attempt');
    expect(latestAttempt(two)?.sessionId).toBe('s2');
    expect(latestAttempt(none)).toBeNull();
  });

  it('offers only exercises not yet assigned, in catalogue order', () => {
    const ex = (id: string): ExerciseSummary => ({ id, title: id, learningGoal: '', template: 't', points: 1, checks: 1 });
    const assigned = [{ exerciseId: 'b' } as Assignment];
    expect(assignable([ex('a'), ex('b'), ex('c')], assigned).map((e) => e.id)).toEqual(['a', 'c']);
  });
});
