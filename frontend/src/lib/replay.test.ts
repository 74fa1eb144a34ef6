import { describe, expect, it } from 'vitest';
import type { CapturedFlow, ReplayAnswer, ReplayReport } from '../captures';
import { defaultFlow, differingFields, flowLabel, verdict } from './replay';

const flow = (id: string, replayable: boolean): CapturedFlow => ({
  id, client: id.split('-')[0], server: id.split('-')[1], ipVersion: 4, packets: 3, clientPackets: 2, serverPackets: 1,
  firstRecord: 1, durationMillis: 12.25, firstSegments: [], replayable, notReplayable: replayable ? null : 'no SYN',
});

describe('replay view helpers', () => {
  it('labels a flow with its ends and size, and says why it cannot be replayed', () => {
    expect(flowLabel(flow('10.0.0.1:1-10.0.0.2:80', true))).toBe('10.0.0.1:1 → 10.0.0.2:80 (IPv4, 3 packets, 12.3 ms)');
    expect(flowLabel(flow('10.0.0.1:2-10.0.0.2:80', false))).toMatch(/: no SYN$/);
  });

  it('preselects the first replayable flow', () => {
    expect(defaultFlow([flow('a-b', false), flow('c-d', true)])).toBe('c-d');
    expect(defaultFlow([flow('a-b', false)])).toBe('');
  });

  it('lists the differing fields of an answer in order', () => {
    const answer: ReplayAnswer = { captured: null, simulated: null, same: false, fields: [
      { field: 'flags', captured: 'S.', simulated: 'S.', same: true, explanation: null },
      { field: 'wscale', captured: '9', simulated: '7', same: false, explanation: 'tcp_rmem' },
      { field: 'window', captured: '1', simulated: '2', same: false, explanation: 'w' }] };
    expect(differingFields(answer)).toEqual(['wscale', 'window']);
  });

  it('sums the report up', () => {
    const r = { compared: 3, differing: 1, profile: 'linux' } as ReplayReport;
    expect(verdict(r)).toBe('1 of 3 answers differ from the captured server\'s.');
    expect(verdict({ ...r, differing: 0 })).toBe('All 3 answers of the simulated linux server match the captured ones.');
    expect(verdict({ ...r, compared: 1, differing: 0 })).toBe('The simulated linux server\'s answer matches the captured one.');
  });
});
