import { describe, expect, it } from 'vitest';
import type { FlagName, LabEvent } from '../api';
import { parseFilter, parseTime } from './displayFilter';

const C = '10.0.0.1:40001';
const S = '10.0.0.2:80';
let n = 0;
function sent(host: 'client' | 'server', flags: FlagName[], letters: string, extra: Partial<LabEvent> = {}, retransmission = 0): LabEvent {
  return {
    index: n++, atMicros: n * 1000, kind: 'segment-sent', host, connection: `${C}-${S}`, text: '',
    segment: {
      atMicros: 0, sender: host, from: host === 'client' ? C : S, to: host === 'client' ? S : C, flags, letters, seq: 1000, ack: 0,
      window: 0, urgentPointer: 0, dataOffset: 5, checksum: '', checksumValid: true, options: [], payloadLength: 0, retransmission,
      summary: '', tcpHex: '', ipHex: '',
    },
    ...extra,
  };
}
const syn = sent('client', ['SYN'], 'S');
const synAck = sent('server', ['SYN', 'ACK'], 'S.');
const dropped: LabEvent = { ...synAck, index: 2, kind: 'segment-dropped', host: 'client', where: 'return route: fw', reason: 'middlebox', detail: 'INVALID' };
const resent = sent('client', ['SYN'], 'S', { rtoMicros: 1_000_000, atMicros: 1_000_000 }, 1);
const timer: LabEvent = { index: 9, atMicros: 1_000_000, kind: 'timer-fired', host: 'client', text: 'timer fires' };
const all = [syn, synAck, dropped, resent, timer];

const pick = (f: string) => {
  const r = parseFilter(f);
  expect(r.error, f).toBeNull();
  return all.filter(r.test!).map((e) => all.indexOf(e));
};

describe('parseFilter', () => {
  it('filters by flags, as fields or as letters', () => {
    expect(pick('tcp.flags.syn && !tcp.flags.ack')).toEqual([0, 3]);
    expect(pick('tcp.flags.ack == 1')).toEqual([1, 2]);
    expect(pick('flags == "S."')).toEqual([1, 2]);
  });
  it('filters by address and port, either side unless it says which', () => {
    expect(pick('ip.src == 10.0.0.2')).toEqual([1, 2]);
    expect(pick('ip.addr == 10.0.0.1')).toEqual([0, 1, 2, 3]);
    expect(pick('tcp.dstport == 80')).toEqual([0, 3]);
    expect(pick('tcp.port == 40001 and not retransmission')).toEqual([0, 1, 2]);
    expect(pick('ip.addr != 10.0.0.1')).toEqual([4]);
  });
  it('filters by host (a middlebox that dropped counts), kind, drop and time', () => {
    expect(pick('host == fw')).toEqual([2]);
    expect(pick('drop')).toEqual([2]);
    expect(pick('kind == timer-fired || (host == server and flags == "S.")')).toEqual([1, 4]);
    expect(pick('time >= 1')).toEqual([3, 4]);
    expect(pick('')).toEqual([0, 1, 2, 3, 4]);
  });
  it('says what is wrong and where', () => {
    expect(parseFilter('tcp.flags.sin')).toMatchObject({ test: null, at: 0 });
    expect(parseFilter('tcp.flags.sin').error).toMatch(/"tcp.flags.sin" is not a field/);
    expect(parseFilter('syn ==')).toMatchObject({ test: null });
    expect(parseFilter('host == fw drop')).toMatchObject({ test: null, at: 11 });
    expect(parseFilter('(drop').error).toMatch(/expected "\)" at the end/);
    expect(parseFilter('drop # x').error).toMatch(/unexpected "#"/);
  });
});

describe('the cookie field', () => {
  it('finds the SYN-ACKs that carry a cookie (by their history index) and the cookie events, not other SYN-ACKs', () => {
    const issued: LabEvent = { index: 20, atMicros: 0, kind: 'cookie-issued', host: 'server', text: 'cookie' };
    const cookieSynAck = { ...synAck, index: 21 };
    const events = [synAck, issued, cookieSynAck];
    const r = parseFilter('cookie', { cookieSynAcks: new Set([21]) });
    expect(events.filter(r.test!).map((e) => e.index)).toEqual([20, 21]);
    expect(events.filter(parseFilter('cookie && tcp.flags.syn', { cookieSynAcks: new Set([21]) }).test!).map((e) => e.index)).toEqual([21]);
    expect(events.filter(parseFilter('cookie').test!)).toEqual([issued]);
  });
});

describe('parseTime', () => {
  it('reads seconds, ms and µs', () => {
    expect(['1.01', '1.01 s', '1010 ms', '1010000 us', '3µs', 'soon'].map(parseTime)).toEqual([1_010_000, 1_010_000, 1_010_000, 1_010_000, 3, null]);
  });
});

describe('IPv6 addresses', () => {
  const v6 = { ...syn, segment: { ...syn.segment!, from: '[2001:db8::1]:40001', to: '[2001:db8::2]:80' } };
  it('are compared without the brackets the host:port text puts around them', () => {
    for (const f of ['ip.src == 2001:db8::1', 'ip.addr == "2001:db8::2"', 'ip.dst == 2001:db8::2 && tcp.dstport == 80']) {
      const r = parseFilter(f);
      expect(r.error, f).toBeNull();
      expect(r.test!(v6), f).toBe(true);
    }
    expect(parseFilter('ip.src == 2001:db8::2').test!(v6)).toBe(false);
  });
});
