import { describe, expect, it } from 'vitest';
import type { LabEvent, Segment } from '../api';
import { logEntries } from './eventLog';
import { ladderRows } from './ladder';

const seg = (sender: string, from: string, to: string, tcpHex: string): Segment => ({
  atMicros: 0, sender, from, to, flags: ['SYN'], letters: 'S', seq: 1000, ack: 0, window: 64240, urgentPointer: 0,
  dataOffset: 10, checksum: '0x0', checksumValid: true, options: [], payloadLength: 0, retransmission: 0,
  summary: 'S 1000', tcpHex, ipHex: '',
});

describe('logEntries', () => {
  const syn = seg('client', '10.0.0.1:40000', '10.0.0.2:80', 'aa');
  const synAck = seg('server', '10.0.0.2:80', '10.0.0.1:40000', 'bb');
  const events: LabEvent[] = [
    { index: 3, atMicros: 10, kind: 'segment-dropped', host: 'server', text: 'synack-loss drops S. 5000: loss', segment: synAck, where: 'synack-loss' },
    { index: 0, atMicros: 0, kind: 'segment-sent', host: 'client', text: 'client sends a hand-crafted segment: S 1000', segment: syn },
    { index: 1, atMicros: 10, kind: 'segment-received', host: 'server', text: 'server receives S 1000', segment: syn },
    { index: 2, atMicros: 10, kind: 'segment-sent', host: 'server', text: 'server answers the SYN with SYN-ACK: S. 5000', segment: synAck },
    { index: 4, atMicros: 10, kind: 'timer-armed', host: 'server', text: 'server arms SYN-ACK retransmit, due in 1 s' },
    { index: 5, atMicros: 20, kind: 'flood-sample', host: 'server', text: 'sample' },
  ];

  it('keeps history order, leaves out flood samples, and says what each entry is', () => {
    const log = logEntries(events, ladderRows(events));
    expect(log.map((e) => e.index)).toEqual([0, 1, 2, 3, 4]);
    expect(log.map((e) => e.category)).toEqual(['segment', 'segment', 'segment', 'drop', 'timer']);
    expect(log[3].text).toBe('synack-loss drops S. 5000: loss');
  });

  it('ties an arrival or a drop to the ladder row of the segment it is about, and a timer to none', () => {
    const log = logEntries(events, ladderRows(events));
    expect(log.map((e) => e.row)).toEqual([0, 0, 2, 2, null]);
  });
});
