import { describe, expect, it } from 'vitest';
import type { Timeline } from '../api';
import { entryLabel, entrySentence, laneOrder, layoutTimeline, niceAxis, PLOT } from './timeline';

// What GET /connections/{id}/timeline answered for a hand-sent SYN in the lost-syn-ack lab.
const LOST: Timeline = {
  connection: '10.0.0.1:40000-10.0.0.2:80', outcome: 'pending',
  entries: [
    { atMicros: 0, kind: 'transmission', host: 'client', letters: 'S' },
    { atMicros: 10000, kind: 'state', host: 'server', from: 'LISTEN', to: 'SYN_RECEIVED' },
    { atMicros: 10000, kind: 'transmission', host: 'server', letters: 'S.' },
    { atMicros: 10000, kind: 'drop', host: 'synack-loss', letters: 'S.', reason: 'loses SYN-ACK number 1 (nth [1])' },
    { atMicros: 1010000, kind: 'retransmission', host: 'server', letters: 'S.', retransmission: 1, rtoMicros: 1000000 },
    { atMicros: 1020000, kind: 'drop', host: 'client', letters: 'S.', reason: 'client-host-no-socket' },
    { atMicros: 3010000, kind: 'retransmission', host: 'server', letters: 'S.', retransmission: 2, rtoMicros: 2000000 },
  ],
};

describe('timeline layout', () => {
  it('puts the client first, middleboxes in order of appearance, the server last', () => {
    expect(laneOrder(LOST.entries)).toEqual(['client', 'synack-loss', 'server']);
    const l = layoutTimeline(LOST);
    expect(l.lanes.map((x) => x.host)).toEqual(['client', 'synack-loss', 'server']);
    expect(l.points.find((p) => p.entry.kind === 'drop' && p.entry.host === 'synack-loss')!.lane).toBe(1);
  });
  it('scales time linearly to the first round tick after the last entry and measures each retransmission from the previous send', () => {
    const l = layoutTimeline(LOST, 640);
    expect(l.endMicros).toBe(3_500_000);
    const span = 640 - PLOT.left - PLOT.right;
    const retx = l.points.filter((p) => p.entry.kind === 'retransmission');
    expect(retx.map((p) => p.x)).toEqual([PLOT.left + (1.01 / 3.5) * span, PLOT.left + (3.01 / 3.5) * span]);
    expect(retx.map((p) => p.gapMicros)).toEqual([1_000_000, 2_000_000]);
    expect(l.ticks.map((t) => t.label)).toEqual(['0 s', '500 ms', '1 s', '1.500 s', '2 s', '2.500 s', '3 s', '3.500 s']);
  });
  it('moves a label to the next row when it would overlap the previous one in its lane', () => {
    const l = layoutTimeline(LOST, 640);
    const server = l.points.filter((p) => p.entry.host === 'server');
    // the state change and the SYN-ACK are both at 10 ms: the second label goes one row down; the
    // first resend's label would touch the state change's (moved in from the left edge), so it goes down too
    expect(server.map((p) => p.labelRow)).toEqual([0, 1, 1, 0]);
    expect(l.lanes[2].height).toBe(PLOT.laneBase + 2 * PLOT.labelRow);
  });
  it('steps the axis by 1, 2 or 5 times a power of ten, at most 8 steps, ending at the first tick after the last entry', () => {
    expect([0, 3_010_000, 127_000_000, 1_000_000, 30_000].map(niceAxis)).toEqual([
      { step: 250_000, end: 1_000_000 }, { step: 500_000, end: 3_500_000 }, { step: 20_000_000, end: 140_000_000 },
      { step: 200_000, end: 1_000_000 }, { step: 5000, end: 30_000 }]);
  });
  it('keeps every label inside the plot and no two labels of a lane on the same row overlapping', () => {
    // The firewall lab: a SYN at 0 and resends up to 127 s, each answered at once by a SYN-ACK the firewall drops.
    const entries: Timeline['entries'] = [];
    let n = 0;
    for (const at of [0, 1, 3, 7, 15, 31, 63]) {
      const us = at * 1_000_000;
      entries.push({ atMicros: us, kind: at ? 'retransmission' : 'transmission', host: 'client', letters: 'S', retransmission: n, rtoMicros: at ? us / 2 : undefined });
      entries.push({ atMicros: us + 1, kind: at ? 'retransmission' : 'transmission', host: 'server', letters: 'S.', retransmission: n, reason: 'duplicate SYN' });
      entries.push({ atMicros: us + 1, kind: 'drop', host: 'fw', letters: 'S.', reason: 'no conntrack entry, state INVALID' });
      n++;
    }
    entries.push({ atMicros: 127_000_000, kind: 'give-up', host: 'client', reason: 'ETIMEDOUT' });
    const l = layoutTimeline({ connection: 'c', outcome: 'timed-out', entries }, 640);
    for (const p of l.points) {
      expect(p.labelX - p.labelWidth / 2).toBeGreaterThanOrEqual(PLOT.left);
      expect(p.labelX + p.labelWidth / 2).toBeLessThanOrEqual(640 - PLOT.right);
    }
    for (const a of l.points) for (const b of l.points) {
      if (a === b || a.lane !== b.lane || a.labelRow !== b.labelRow) continue;
      const apart = a.labelX + a.labelWidth / 2 < b.labelX - b.labelWidth / 2 || b.labelX + b.labelWidth / 2 < a.labelX - a.labelWidth / 2;
      expect(apart, `${a.label} and ${b.label}`).toBe(true);
    }
    expect(l.endMicros).toBe(140_000_000);
  });
});

describe('timeline words', () => {
  it('labels retransmissions with their number and RTO, and says it in full for the list', () => {
    const e = LOST.entries[4];
    expect(entryLabel(e)).toBe('S. #1 RTO 1 s');
    expect(entrySentence(e, 1_000_000)).toBe('1.010 s: server resends S. (retransmission 1, 1 s after the previous send; its RTO of 1 s expired)');
    expect(entryLabel({ atMicros: 0, kind: 'retransmission', host: 'server', letters: 'S.', retransmission: 1, reason: 'duplicate SYN' })).toBe('S. #1 (dup)');
    expect(entrySentence(LOST.entries[3], null)).toBe('10 ms: synack-loss drops S.: loses SYN-ACK number 1 (nth [1])');
    expect(entrySentence({ atMicros: 127_000_000, kind: 'give-up', host: 'client', reason: 'ETIMEDOUT' }, null)).toBe('127 s: client gives up: ETIMEDOUT');
  });
});
