import { describe, expect, it } from 'vitest';
import { ackFor, checkComposer, initialComposer, randomSeq, toggleFlag, toRequest } from './composer';

describe('composer to request body', () => {
  it('maps a Linux SYN to the POST /segments body of API.md', () => {
    const s = initialComposer(1000);
    expect(checkComposer(s).errors).toEqual({});
    expect(toRequest(s, '10.0.0.1')).toEqual({
      from: { address: '10.0.0.1', port: 40000 },
      flags: ['SYN'], seq: 1000, ack: 0, window: 64240, urgentPointer: 0,
      options: [{ kind: 'mss', mss: 1460 }, { kind: 'sackOK' }, { kind: 'timestamps', tsVal: 0, tsEcr: 0 }, { kind: 'nop' }, { kind: 'wscale', shift: 7 }],
      payloadHex: '',
    });
  });

  it('sends flags in wire order whatever order they were ticked in', () => {
    let flags = toggleFlag([], 'ACK');
    flags = toggleFlag(flags, 'SYN');
    flags = toggleFlag(flags, 'NS');
    expect(toRequest({ ...initialComposer(1), flags }, '10.0.0.1')).toMatchObject({ flags: ['NS', 'ACK', 'SYN'] });
    expect(toggleFlag(flags, 'ACK')).toEqual(['NS', 'SYN']);
  });

  it('sends raw hex as one compact lowercase string', () => {
    const s = { ...initialComposer(1), mode: 'raw' as const, rawHex: '4500 003C\n' + '00'.repeat(58) };
    expect(checkComposer(s).errors).toEqual({});
    expect(toRequest(s)).toEqual({ rawHex: '4500003c' + '00'.repeat(58) });
  });
});

describe('composer validation', () => {
  it('explains out-of-range numbers at the server field names', () => {
    const s = { ...initialComposer(1), seq: '4294967296', ack: '-1', window: '65536', fromPort: '0', urgentPointer: '' };
    expect(checkComposer(s).errors).toEqual({
      seq: 'must be between 0 and 4294967295', ack: 'digits only', window: 'must be between 0 and 65535',
      'from.port': 'must be between 1 and 65535', urgentPointer: 'required',
    });
    expect(checkComposer({ ...s, seq: '4294967295', ack: '0', window: '65535', fromPort: '65535', urgentPointer: '0' }).errors).toEqual({});
  });
  it('rejects odd or non-hex raw input and too-short datagrams', () => {
    const base = { ...initialComposer(1), mode: 'raw' as const };
    expect(checkComposer({ ...base, rawHex: '450' }).errors.rawHex).toMatch(/odd number/);
    expect(checkComposer({ ...base, rawHex: '45xx' }).errors.rawHex).toMatch(/'x' is not a hex digit/);
    expect(checkComposer({ ...base, rawHex: '4500' }).errors.rawHex).toMatch(/at least 40/);
  });
  it('passes option errors through', () => {
    const s = { ...initialComposer(1), options: [{ kind: 'wscale' as const, shift: 300 }] };
    expect(checkComposer(s).errors).toEqual({ 'options[0].shift': 'must be between 0 and 255' });
  });
});

describe('randomSeq', () => {
  it('draws 32-bit values that differ between calls', () => {
    const draws = new Set(Array.from({ length: 8 }, randomSeq));
    for (const d of draws) expect(d >= 0 && d <= 4294967295 && Number.isInteger(d)).toBe(true);
    expect(draws.size).toBeGreaterThan(1);
  });
});

describe('ackFor', () => {
  const synAck = {
    atMicros: 0, sender: 'server', from: '10.0.0.2:80', to: '10.0.0.1:40123', flags: ['SYN', 'ACK'] as const, letters: 'S.',
    seq: 4294967295, ack: 1001, window: 65160, urgentPointer: 0, dataOffset: 10, checksum: '0x0000', checksumValid: true,
    options: [{ kind: 'mss' as const, mss: 1460, offset: 20, length: 4, text: 'mss 1460' },
      { kind: 'timestamps' as const, tsVal: 5, tsEcr: 100, offset: 26, length: 10, text: 'TS val 5 ecr 100' }],
    payloadLength: 0, retransmission: 0, summary: '', tcpHex: '', ipHex: '',
  };
  it('acknowledges the server ISN + 1 (wrapping at 2^32) from the port the SYN-ACK went to', () => {
    const s = ackFor({ ...synAck, flags: [...synAck.flags] }, initialComposer(1));
    expect(toRequest(s, '10.0.0.1')).toEqual({
      from: { address: '10.0.0.1', port: 40123 }, flags: ['ACK'], seq: 1001, ack: 0, window: 64240, urgentPointer: 0,
      options: [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsVal: 101, tsEcr: 5 }], payloadHex: '',
    });
  });
  it('sends no options when the SYN-ACK had no timestamps', () => {
    const s = ackFor({ ...synAck, flags: [...synAck.flags], options: [synAck.options[0]] }, initialComposer(1));
    expect(s.options).toEqual([]);
  });
});
