import { describe, expect, it } from 'vitest';
import type { CookieInspection, LabEvent, Segment } from '../api';
import { ackDraftFor, checkAck, cookieRows, cookieSynAcks, inspectRequest, timestampRows } from './cookie';

const synAck: Segment = {
  atMicros: 100000, sender: 'server', from: '10.0.0.2:80', to: '10.0.0.1:32769', flags: ['SYN', 'ACK'], letters: 'S.',
  seq: 630819255, ack: 2558206073, window: 65160, urgentPointer: 0, dataOffset: 10, checksum: '0x0', checksumValid: true,
  options: [{ kind: 'timestamps', tsVal: 1065401369, tsEcr: 433202805, offset: 24, length: 10, text: '' }],
  payloadLength: 0, retransmission: 0, summary: '', tcpHex: '', ipHex: '',
};
const ev = (index: number, kind: LabEvent['kind'], connection: string, segment?: Segment): LabEvent =>
  ({ index, atMicros: 0, kind, host: 'server', connection, text: kind, segment });

// What POST /cookies/inspect answered for a legitimate client's cookie SYN-ACK in syn-flood-cookies.
const INSPECTION: CookieInspection = {
  synAck: { client: '10.0.0.1:32769', server: '10.0.0.2:80', seq: 630819255, ack: 2558206073, atMicros: 100000 },
  cookie: {
    value: 630819255, hex: '0x259989b7', clientIsn: 2558206072, hash1: 2366143105, counter: 0, counterMeans: 'minute 0 of virtual time (mod 256): 0:00 to 0:59',
    ageMinutes: 0, hash2: 2115366587, mssIndex: 3, mss: 1460, msstab: [536, 1300, 1440, 1460], hashCheck: true,
    verdict: 'a valid cookie', formula: 'cookie = ...',
  },
  timestamps: { present: true, wireTsVal: 1065401369, tsOffset: 1065401282, cookieTsVal: 87, wireLowBits: '0x19', decodedLowBits: '0x17', wscale: 7, sack: true, ecn: false, text: 'TSval on the wire = ...' },
};

describe('which SYN-ACKs carry a cookie', () => {
  it('takes the server SYN-ACK that follows a cookie-issued event of the same connection', () => {
    const c = '10.0.0.1:32769-10.0.0.2:80';
    const events = [
      ev(190, 'cookie-issued', c), ev(191, 'negotiated', c), ev(192, 'segment-sent', c, synAck),
      ev(300, 'segment-sent', c, { ...synAck, retransmission: 1 }),
      ev(5, 'segment-sent', 'other', synAck),
    ];
    expect([...cookieSynAcks(events)]).toEqual([192]);
  });
});

describe('cookie view', () => {
  it('shows the parts in the formula\'s order with the MSS the index stands for', () => {
    expect(cookieRows(INSPECTION).map((r) => [r.id, r.value])).toEqual([
      ['value', '630819255 = 0x259989b7'], ['clientIsn', '2558206072'], ['hash1', '2366143105 = 0x8d087a81'], ['counter', '0'],
      ['hash2', '2115366587 = 0x7e15eebb'], ['mss', '3 → MSS 1460'], ['hash', '✔ passes'],
    ]);
    expect(cookieRows(INSPECTION).find((r) => r.id === 'mss')!.note).toBe('table: 0 = 536, 1 = 1300, 2 = 1440, 3 = 1460');
  });
  it('shows the TSval low bits on the wire and after the offset, and what is lost without timestamps', () => {
    const rows = timestampRows(INSPECTION.timestamps);
    expect(rows.map((r) => r.note)).toContain('low 6 bits 0x19 = 011001b');
    expect(rows.map((r) => r.note)).toContain('low 6 bits 0x17 = 010111b');
    expect(rows.find((r) => r.id === 'options')!.value).toBe('wscale 7, SACK yes, ECN no');
    expect(timestampRows({ present: false, text: 'no timestamps: SACK and window scaling are lost' })).toEqual([
      { id: 'none', label: 'Timestamps', value: 'not in the SYN-ACK', note: 'no timestamps: SACK and window scaling are lost' },
    ]);
  });
});

describe('final ACK form', () => {
  it('starts from the right ACK (seq = SYN-ACK ack, ack = cookie + 1, TSecr = its TSval) and maps to the request', () => {
    const d = ackDraftFor({ ...synAck, seq: 4294967295 }, 100000);
    expect(d).toEqual({ seq: '2558206073', ack: '0', atMicros: '100000', tsEcr: '1065401369' });
    expect(inspectRequest(192, d)).toEqual({ eventIndex: 192, finalAck: { seq: 2558206073, ack: 0, atMicros: 100000, tsEcr: 1065401369 } });
    expect(inspectRequest(192, { ...d, atMicros: '', tsEcr: ' ' })).toEqual({ eventIndex: 192, finalAck: { seq: 2558206073, ack: 0 } });
    expect(inspectRequest(192)).toEqual({ eventIndex: 192 });
  });
  it('checks the numbers under the server\'s finalAck field names', () => {
    expect(checkAck({ seq: '', ack: '4294967296', atMicros: '1.5', tsEcr: 'x' })).toEqual({
      'finalAck.seq': 'required', 'finalAck.ack': 'must be between 0 and 4294967295', 'finalAck.tsEcr': 'digits only',
      'finalAck.atMicros': 'digits only (virtual µs)',
    });
  });
});
