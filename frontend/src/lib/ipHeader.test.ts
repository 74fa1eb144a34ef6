import { describe, expect, it } from 'vitest';
import { hexToBytes } from './hex';
import { asciiOf, decodeIpv4Header, ipFieldsAtByte, offsetText } from './ipHeader';

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
