import { describe, expect, it } from 'vitest';
import { ackFor, addressOf, hostPort, portOf, synAckFor, checkComposer, initialComposer, randomSeq, swapEnds, toggleFlag, toRequest } from './composer';
import { ipv4Problem } from './fields';

describe('composer to request body', () => {
  it('maps a Linux SYN to the POST /segments body of API.md', () => {
    const s = initialComposer(1000);
    expect(checkComposer(s).errors).toEqual({});
    expect(toRequest(s)).toEqual({
      from: { address: '10.0.0.1', port: 40000 }, to: { address: '10.0.0.2', port: 80 },
      flags: ['SYN'], seq: 1000, ack: 0, window: 64240, urgentPointer: 0,
      options: [{ kind: 'mss', mss: 1460 }, { kind: 'sackOK' }, { kind: 'timestamps', tsVal: 0, tsEcr: 0 }, { kind: 'nop' }, { kind: 'wscale', shift: 7 }],
      payloadHex: '',
    });
  });

  it('sends flags in wire order whatever order they were ticked in', () => {
    let flags = toggleFlag([], 'ACK');
    flags = toggleFlag(flags, 'SYN');
    flags = toggleFlag(flags, 'NS');
    expect(toRequest({ ...initialComposer(1), flags })).toMatchObject({ flags: ['NS', 'ACK', 'SYN'] });
    expect(toggleFlag(flags, 'ACK')).toEqual(['NS', 'SYN']);
  });

  it('sends raw hex as one compact lowercase string', () => {
    const s = { ...initialComposer(1), mode: 'raw' as const, rawHex: '4500 003C\n' + '00'.repeat(58) };
    expect(checkComposer(s).errors).toEqual({});
    expect(toRequest(s)).toEqual({ rawHex: '4500003c' + '00'.repeat(58) });
  });
});

describe('composer addresses', () => {
  it('starts from the session\'s client and server', () => {
    const s = initialComposer(7, { client: '192.0.2.1', server: '192.0.2.9', serverPort: 8080 });
    expect(toRequest(s)).toMatchObject({ from: { address: '192.0.2.1', port: 40000 }, to: { address: '192.0.2.9', port: 8080 } });
  });
  it('sends the crossing SYN of a simultaneous open from the server 10.0.0.2:80 to the client 10.0.0.1:40000', () => {
    const s = swapEnds(initialComposer(7));
    expect(checkComposer(s).errors).toEqual({});
    expect(toRequest(s)).toMatchObject({ from: { address: '10.0.0.2', port: 80 }, to: { address: '10.0.0.1', port: 40000 }, flags: ['SYN'] });
  });
  it('sends to a closed port and from a spoofed source as typed (trimmed)', () => {
    const s = { ...initialComposer(7), fromAddress: ' 198.51.100.7 ', toPort: '81' };
    expect(toRequest(s)).toMatchObject({ from: { address: '198.51.100.7', port: 40000 }, to: { address: '10.0.0.2', port: 81 } });
  });
  it('explains bad addresses and ports under the server\'s field names', () => {
    const s = { ...initialComposer(7), fromAddress: '10.0.0', toAddress: '10.0.0.256', toPort: '65536' };
    expect(checkComposer(s).errors).toEqual({
      'from.address': 'an IPv4 address: four numbers with dots, e.g. 10.0.0.1',
      'to.address': '256 is not a byte: each part is 0 to 255, without leading zeros',
      'to.port': 'must be between 1 and 65535',
    });
    expect(checkComposer({ ...s, toPort: '0' }).errors['to.port']).toBe('must be between 1 and 65535');
  });
  it('accepts dotted quads only', () => {
    expect(ipv4Problem('0.0.0.0')).toBeNull();
    expect(ipv4Problem('255.255.255.255')).toBeNull();
    expect(ipv4Problem('')).toBe('required');
    expect(ipv4Problem('10.0.0.01')).toMatch(/leading zeros/);
    expect(ipv4Problem('10.0.0.1.5')).toMatch(/four numbers/);
    expect(ipv4Problem('::1')).toMatch(/four numbers/);
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
    expect(toRequest(s)).toEqual({
      from: { address: '10.0.0.1', port: 40123 }, to: { address: '10.0.0.2', port: 80 }, flags: ['ACK'], seq: 1001, ack: 0, window: 64240, urgentPointer: 0,
      options: [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsVal: 101, tsEcr: 5 }], payloadHex: '',
    });
  });
  it('sends no options when the SYN-ACK had no timestamps', () => {
    const s = ackFor({ ...synAck, flags: [...synAck.flags], options: [synAck.options[0]] }, initialComposer(1));
    expect(s.options).toEqual([]);
  });
});

describe('synAckFor (simultaneous open, RFC 9293 Figure 8)', () => {
  const clientSyn = {
    atMicros: 0, sender: 'client', from: '10.0.0.1:40000', to: '10.0.0.2:80', flags: ['SYN'] as ('SYN' | 'ACK')[], letters: 'S',
    seq: 1759638299, ack: 0, window: 64240, urgentPointer: 0, dataOffset: 10, checksum: '0x0000', checksumValid: true,
    options: [], payloadLength: 0, retransmission: 0, summary: '', tcpHex: '', ipHex: '',
  };
  it('answers the client\'s SYN from the socket it went to with our ISN and ack = its ISN + 1', () => {
    const s = synAckFor(clientSyn, { ...initialComposer(5000), options: [] });
    expect(toRequest(s)).toEqual({
      from: { address: '10.0.0.2', port: 80 }, to: { address: '10.0.0.1', port: 40000 }, flags: ['ACK', 'SYN'],
      seq: 5000, ack: 1759638300, window: 64240, urgentPointer: 0, options: [], payloadHex: '',
    });
  });
  it('answers the client\'s SYN-ACK by repeating our ISN (its ack − 1), wrapping at 2^32', () => {
    const s = synAckFor({ ...clientSyn, flags: ['SYN', 'ACK'], letters: 'S.', seq: 4294967295, ack: 5001 }, initialComposer(1));
    expect(toRequest(s)).toMatchObject({ flags: ['ACK', 'SYN'], seq: 5000, ack: 0, from: { address: '10.0.0.2', port: 80 } });
  });
});

describe('an IPv6 session', () => {
  const at = { client: '2001:db8::1', server: '2001:db8::2', serverPort: 80 };
  it('starts the Linux SYN from the session\'s IPv6 client, offering MSS 1440 and a window of 45 × 1440', () => {
    const s = initialComposer(7, at);
    expect(checkComposer(s).errors).toEqual({});
    expect(toRequest(s)).toMatchObject({
      from: { address: '2001:db8::1', port: 40000 }, to: { address: '2001:db8::2', port: 80 }, window: 64800,
      options: [{ kind: 'mss', mss: 1440 }, { kind: 'sackOK' }, { kind: 'timestamps', tsVal: 0, tsEcr: 0 }, { kind: 'nop' }, { kind: 'wscale', shift: 7 }],
    });
  });
  it('fills the ACK with the bracketed addresses taken apart', () => {
    const synAck = { from: '[2001:db8::2]:80', to: '[2001:db8::1]:40000', seq: 5, ack: 8, options: [] } as unknown as Parameters<typeof ackFor>[0];
    expect(ackFor(synAck, initialComposer(7, at))).toMatchObject({ fromAddress: '2001:db8::1', fromPort: '40000', toAddress: '2001:db8::2', toPort: '80' });
  });
  it('explains a mixed pair and a malformed address before sending', () => {
    const s = initialComposer(7, at);
    expect(checkComposer({ ...s, toAddress: '10.0.0.2' }).errors['to.address']).toMatch(/IPv6 address like the source/);
    expect(checkComposer({ ...s, fromAddress: '2001:db8:::1' }).errors['from.address']).toMatch(/not an IPv6 address/);
    expect(checkComposer({ ...s, mode: 'raw', rawHex: '60' + '00'.repeat(50) }).errors.rawHex).toMatch(/IPv6 header \(40\).*at least 60/);
  });
});

describe('host:port text', () => {
  it('brackets an IPv6 address before its port and reads it back', () => {
    expect(hostPort('2001:db8::2', 80)).toBe('[2001:db8::2]:80');
    expect(hostPort('10.0.0.2', 80)).toBe('10.0.0.2:80');
    expect(addressOf(hostPort('2001:db8::2', 80))).toBe('2001:db8::2');
    expect(portOf(hostPort('2001:db8::2', 80))).toBe('80');
  });
});
