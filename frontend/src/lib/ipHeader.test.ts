import { describe, expect, it } from 'vitest';
import { hexToBytes } from './hex';
import { asciiOf, decodeIpHeader, decodeIpv4Header, ipFieldsAtByte, ipv6Text, offsetText } from './ipHeader';

// The lab client's SYN as the server stored it (ipHex of a segment-sent event).
const SYN = '4500003c00004000400626ba0a0000010a0000029c400050000003e800000000a002faf098300000020405b40402080a000000640000000001030307';

describe('decodeIpv4Header', () => {
  it('decodes every field of the SYN\'s IPv4 header, with its checksum checked', () => {
    const ip = decodeIpv4Header(hexToBytes(SYN));
    const v = Object.fromEntries(ip.fields.map((f) => [f.id, f.value]));
    expect(v).toMatchObject({
      'ip-version': '4', 'ip-ihl': '5 (20 bytes)', 'ip-total': '60', 'ip-flags': 'DF', 'ip-ttl': '64', 'ip-proto': '6 (TCP)',
      'ip-checksum': '0x26ba ✔', 'ip-src': '10.0.0.1', 'ip-dst': '10.0.0.2', 'ip-ecn': '0 (Not-ECT)',
    });
    expect(ip.length).toBe(20);
    expect(ip.problems).toEqual([]);
  });
  it('places each field on its bytes, as the hex dump lights them', () => {
    const ip = decodeIpv4Header(hexToBytes(SYN));
    expect(ipFieldsAtByte(ip, 0)).toEqual(['ip-version', 'ip-ihl']);
    expect(ipFieldsAtByte(ip, 6)).toEqual(['ip-flags', 'ip-frag']);
    expect(ipFieldsAtByte(ip, 15)).toEqual(['ip-src']);
    expect(ip.fields.find((f) => f.id === 'ip-dst')).toMatchObject({ start: 16, end: 20 });
  });
  it('says when the checksum is wrong or the datagram is too short', () => {
    const bad = hexToBytes(SYN);
    bad[8] = 1; // TTL changed, checksum not
    const ip = decodeIpv4Header(bad);
    expect(ip.problems).toContain('the IP header checksum is wrong');
    expect(ip.fields.find((f) => f.id === 'ip-checksum')!.value).toMatch(/✖ \(should be 0x/);
    expect(() => decodeIpv4Header(new Uint8Array(10))).toThrow(/at least 20 bytes/);
  });
});

describe('hex dump helpers', () => {
  it('shows printable ASCII and dots, and offsets in hex and decimal', () => {
    expect([0x47, 0x45, 0x54, 0x20, 0x00, 0x7f, 0x0a].map(asciiOf).join('')).toBe('GET ...');
    expect(offsetText(16)).toBe('0x0010 (16)');
    expect(offsetText(4, 2)).toBe('0x04 (4)');
  });
});

// An IPv6 SYN from [2001:db8::1]:40000 to [2001:db8::2]:80 with flow label 0x12345, built with
// Python's struct and ipaddress, its TCP checksum (0x4ea2) summed over the RFC 8200 §8.1 pseudo-header.
const SYN6 = '600123450028064020010db800000000000000000000000120010db80000000000000000000000029c400050000003e800000000a002fd204ea20000020405a00402080a000000640000000001030307';

describe('decodeIpv6Header', () => {
  it('decodes the eight fields of the 40-byte header, traffic class split into DSCP and ECN', () => {
    const ip = decodeIpHeader(hexToBytes(SYN6));
    expect(ip.version).toBe(6);
    expect(ip.length).toBe(40);
    expect(ip.totalLength).toBe(80);
    const v = Object.fromEntries(ip.fields.map((f) => [f.id, f.value]));
    expect(v).toEqual({
      'ip-version': '6', 'ip-dscp': '0', 'ip-ecn': '0 (Not-ECT)', 'ip-flow': '0x12345', 'ip-payload': '40', 'ip-next': '6 (TCP)',
      'ip-hop': '64', 'ip-src': '2001:db8::1', 'ip-dst': '2001:db8::2',
    });
    expect(ip.problems).toEqual([]);
  });
  it('lays the 128-bit addresses on their 16 bytes, and the traffic class across the first two', () => {
    const ip = decodeIpHeader(hexToBytes(SYN6));
    expect(ipFieldsAtByte(ip, 0)).toEqual(['ip-version', 'ip-dscp']);
    expect(ipFieldsAtByte(ip, 1)).toEqual(['ip-dscp', 'ip-ecn', 'ip-flow']);
    expect(ip.fields.find((f) => f.id === 'ip-src')).toMatchObject({ start: 8, end: 24 });
    expect(ip.fields.find((f) => f.id === 'ip-dst')).toMatchObject({ start: 24, end: 40 });
    expect(ip.fields.find((f) => f.id === 'ip-src')!.meaning).toContain('2001:0db8:0000:0000:0000:0000:0000:0001');
  });
  it('checks the TCP checksum over the pseudo-header, and notices a wrong one', () => {
    const ip = decodeIpHeader(hexToBytes(SYN6));
    expect(ip.pseudoHeader).toMatchObject({ carried: 0x4ea2, computed: 0x4ea2 });
    expect(ip.pseudoHeader!.fields.map((f) => f.bytes)).toEqual([16, 16, 4, 3, 1]);
    const moved = hexToBytes(SYN6);
    moved[39] = 3; // another destination: the same TCP bytes no longer sum right
    expect(decodeIpHeader(moved).pseudoHeader!.computed).not.toBe(0x4ea2);
  });
  it('says when the payload length disagrees with the bytes', () => {
    const cut = hexToBytes(SYN6).subarray(0, 70);
    expect(decodeIpHeader(cut).problems).toEqual(['Payload Length 40 does not match the 30 bytes after the header']);
    expect(() => decodeIpHeader(new Uint8Array([0x60, 0, 0]))).toThrow(/40 bytes/);
  });
  it('writes addresses as RFC 5952 does', () => {
    const b = new Uint8Array(16);
    expect(ipv6Text(b, 0)).toBe('::');
    b[15] = 1;
    expect(ipv6Text(b, 0)).toBe('::1');
    b[0] = 0xfe; b[1] = 0x80; b[5] = 1; // fe80:0:1:0:0:0:0:1: the run of four zeros is the one compressed
    expect(ipv6Text(b, 0)).toBe('fe80:0:1::1');
  });
});
