import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../api';
import { pageOf, stateCounts } from './endpointSummary';

const ep = (state: string, i: number): Endpoint => ({ host: 'server', local: '10.0.0.2:80', remote: `198.51.100.${i}:1000`, state, transitions: [] });

describe('stateCounts', () => {
  it('counts the listed endpoints per state, in the order of the state diagram', () => {
    const list = [ep('ESTABLISHED', 1), ep('SYN_RECEIVED', 2), ep('LISTEN', 0), ep('SYN_RECEIVED', 3), ep('TIME_WAIT', 4)];
    expect(stateCounts(list)).toEqual([
      { state: 'LISTEN', count: 1, listed: 1 },
      { state: 'SYN_RECEIVED', count: 2, listed: 2 },
      { state: 'ESTABLISHED', count: 1, listed: 1 },
      { state: 'TIME_WAIT', count: 1, listed: 1 },
    ]);
  });

  it("takes the server's counts over all endpoints when the snapshot listed only some", () => {
    const list = [ep('LISTEN', 0), ep('SYN_RECEIVED', 1)];
    expect(stateCounts(list, { LISTEN: 1, SYN_RECEIVED: 700, ESTABLISHED: 300 })).toEqual([
      { state: 'LISTEN', count: 1, listed: 1 },
      { state: 'SYN_RECEIVED', count: 700, listed: 1 },
      { state: 'ESTABLISHED', count: 300, listed: 0 },
    ]);
  });

  it('never shows fewer than are listed (a step changed states since the snapshot)', () => {
    expect(stateCounts([ep('ESTABLISHED', 1), ep('ESTABLISHED', 2)], { ESTABLISHED: 1 })).toEqual([{ state: 'ESTABLISHED', count: 2, listed: 2 }]);
  });
});

describe('pageOf', () => {
  const items = Array.from({ length: 45 }, (_, i) => i);
  it('cuts a list into pages and says which items are shown', () => {
    expect(pageOf(items, 0, 20)).toMatchObject({ page: 0, pages: 3, from: 1, to: 20 });
    expect(pageOf(items, 2, 20)).toMatchObject({ items: [40, 41, 42, 43, 44], page: 2, from: 41, to: 45 });
  });
  it('clamps the page into range, and an empty list is one empty page', () => {
    expect(pageOf(items, 9, 20).page).toBe(2);
    expect(pageOf(items, -1, 20).page).toBe(0);
    expect(pageOf([], 0, 20)).toEqual({ items: [], page: 0, pages: 1, from: 0, to: 0 });
  });
});
