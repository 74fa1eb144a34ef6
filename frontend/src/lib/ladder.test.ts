import { describe, expect, it } from 'vitest';
import type { LabEvent, Segment } from '../api';
import { dropColumn, dropOf, formatMicros, ladderRows } from './ladder';

const C = '10.0.0.1:40000';
const S = '10.0.0.2:80';
const CONN = `${C}-${S}`;

function seg(sender: 'client' | 'server', letters: string, seq: number, tcpHex: string, retransmission = 0): Segment {
  return {
    atMicros: 0, sender, from: sender === 'client' ? C : S, to: sender === 'client' ? S : C,
    flags: [], letters, seq, ack: 0, window: 0, urgentPointer: 0, dataOffset: 5, checksum: '0x0000',
    checksumValid: true, options: [], payloadLength: 0, retransmission, summary: letters, tcpHex, ipHex: '',
  };
}
let n = 0;
const ev = (kind: LabEvent['kind'], at: number, segment: Segment, extra: Partial<LabEvent> = {}): LabEvent =>
  ({ index: n++, atMicros: at, kind, host: kind === 'segment-sent' ? segment.sender : 'x', connection: CONN, text: kind, segment, ...extra });

describe('ladderRows', () => {
  it('draws a SYN, a SYN-ACK lost twice in the network and its retransmission arriving', () => {
    n = 0;
    const syn = seg('client', 'S', 1000, 'aa');
    const synAck = seg('server', 'S.', 5, 'bb');
    const synAck1 = seg('server', 'S.', 5, 'bb', 1);
    const events = [
      ev('segment-sent', 0, syn), ev('segment-received', 500, syn),
      ev('state-changed', 500, syn, { segment: undefined }),
      ev('segment-sent', 500, synAck), ev('segment-dropped', 700, synAck, { where: 'network', reason: 'lossy link' }),
      ev('segment-sent', 1_000_500, synAck1), ev('segment-received', 1_001_000, synAck1),
    ];
    const rows = ladderRows(events);
    expect(rows.map((r) => [r.row, r.fromColumn, r.toColumn, r.sentAtMicros, r.arrivedAtMicros, r.retransmission])).toEqual([
      [0, 'client', 'server', 0, 500, 0],
      [1, 'server', 'client', 500, null, 0],
      [2, 'server', 'client', 1_000_500, 1_001_000, 1],
    ]);
    expect(rows[1].drop).toEqual({ column: 'network', atMicros: 700, where: 'network', route: null, reason: 'lossy link' });
    expect(rows[2].drop).toBeNull();
  });

  it("names a middlebox's drop by the box and its rule, as the connection timeline does", () => {
    // What the server stores for the asymmetric-firewall lab's dropped SYN-ACK.
    const fw = { host: 'client', text: 'fw drops it', where: 'return route: fw', reason: 'middlebox',
      detail: 'no conntrack entry for 10.0.0.2:80 → 10.0.0.1:40001, state INVALID' };
    expect(dropOf(fw)).toEqual({ where: 'fw', route: 'return route', reason: fw.detail });
    expect(dropOf({ host: 'server', text: 't', where: 'server tcp', reason: 'listen-overflow' })).toEqual({ where: 'server', route: null, reason: 'listen-overflow' });
  });

  it('counts a SYN-ACK resent for a duplicate SYN as a retransmission, as the timeline does, and says why', () => {
    n = 0;
    const syn = { ...seg('client', 'S', 1000, 'aa'), flags: ['SYN' as const] };
    const synAck = { ...seg('server', 'S.', 5, 'bb'), flags: ['SYN' as const, 'ACK' as const] };
    const rows = ladderRows([
      ev('segment-sent', 0, syn), ev('segment-sent', 10, synAck),
      // the client's timer resends its SYN; the server answers the duplicate at once (the segment itself says 0)
      ev('segment-sent', 1_000_000, { ...syn, retransmission: 1 }, { rtoMicros: 1_000_000 }),
      ev('segment-sent', 1_000_010, synAck),
      ev('segment-sent', 3_000_010, synAck, { rtoMicros: 2_000_000 }),
    ]);
    expect(rows.map((r) => [r.segment.letters, r.retransmission, r.retransmissionCause])).toEqual([
      ['S', 0, null], ['S.', 0, null],
      ['S', 1, 'retransmission timer expired'],
      ['S.', 1, "the client's SYN arrived again: SYN-ACK resent at once"],
      ['S.', 2, 'retransmission timer expired'],
    ]);
  });

  it('pairs identical bytes first-in first-out and orders by event index', () => {
    n = 0;
    const a = seg('client', 'S', 1, 'aa');
    const sent1 = ev('segment-sent', 0, a);
    const sent2 = ev('segment-sent', 10, a);
    const recv1 = ev('segment-received', 20, a);
    const rows = ladderRows([recv1, sent2, sent1]);
    expect(rows.map((r) => r.arrivedAtMicros)).toEqual([20, null]);
  });

  it('puts a drop at the endpoint that dropped it', () => {
    expect(dropColumn('server', 'client')).toBe('server');
    expect(dropColumn('accept queue', 'client')).toBe('server');
    expect(dropColumn('client', 'server')).toBe('client');
    expect(dropColumn('link', 'client')).toBe('network');
    expect(dropColumn(undefined, 'client')).toBe('network');
  });
});

describe('formatMicros', () => {
  it('shows virtual times readably', () => {
    expect(formatMicros(0)).toBe('0 s');
    expect(formatMicros(500)).toBe('0.500 ms');
    expect(formatMicros(12_000)).toBe('12 ms');
    expect(formatMicros(3_000_500)).toBe('3.000500 s');
    expect(formatMicros(1_250_000)).toBe('1.250 s');
    expect(formatMicros(3_000_000)).toBe('3 s');
    expect(formatMicros(63_000_000)).toBe('63 s');
  });
});
