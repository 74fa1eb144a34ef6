// Decodes the IP header the segment travelled in, for the inspector's IP table: IPv4 (RFC 791
// §3.1, Figure 4; DSCP and ECN as RFC 2474 and RFC 3168 split the old Type of Service byte) or
// IPv6 (RFC 8200 §3, the traffic class split the same way), told apart by the version nibble.
import type { HeaderField } from './tcpHeader';

export interface DecodedIp {
  version: 4 | 6;
  /** Header length in bytes (IHL × 4; always 40 for IPv6). */
  length: number;
  /** Bytes in the whole datagram as the header counts them (IPv6: 40 + Payload Length). */
  totalLength: number;
  fields: HeaderField[];
  problems: string[];
  /** IPv6 only: the pseudo-header the TCP checksum covers (RFC 8200 §8.1), and whether the checksum sums right over it. */
  pseudoHeader?: PseudoHeader;
}

export interface PseudoHeader {
  fields: { name: string; bytes: number; value: string }[];
  /** The TCP checksum the segment carries, and the one RFC 1071 gives over pseudo-header + segment. */
  carried: number;
  computed: number;
}

const PROTOCOLS: Record<number, string> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP' };
const ECN = ['Not-ECT', 'ECT(1)', 'ECT(0)', 'CE'];

const u16 = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const addr = (b: Uint8Array, i: number) => `${b[i]}.${b[i + 1]}.${b[i + 2]}.${b[i + 3]}`;

/** The Internet checksum of the header with its checksum field taken as zero (RFC 1071). */
export function ipHeaderChecksum(b: Uint8Array, length: number): number {
  let sum = 0;
  for (let i = 0; i < length; i += 2) if (i !== 10) sum += u16(b, i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

export function decodeIpv4Header(b: Uint8Array): DecodedIp {
  if (b.length < 20) throw new Error(`an IPv4 header is at least 20 bytes; this datagram has ${b.length}`);
  const version = b[0] >> 4;
  const ihl = b[0] & 0x0f;
  const length = ihl * 4;
  const problems: string[] = [];
  if (version !== 4) problems.push(`version ${version}: not IPv4`);
  if (length < 20 || length > b.length) problems.push(`IHL ${ihl} (${length} bytes) does not fit the datagram`);
  const flags = b[6] >> 5;
  const checksum = u16(b, 10);
  const expected = ipHeaderChecksum(b, Math.min(Math.max(length, 20), b.length));
  const f = (id: string, name: string, bitStart: number, bitLength: number, value: string, meaning: string): HeaderField => ({
    id: `ip-${id}`, name, bitStart, bitLength, start: Math.floor(bitStart / 8), end: Math.ceil((bitStart + bitLength) / 8), value, meaning,
  });
  const fields = [
    f('version', 'Version', 0, 4, String(version), 'IP version: 4'),
    f('ihl', 'IHL', 4, 4, `${ihl} (${length} bytes)`, 'Internet Header Length, in 32-bit words'),
    f('dscp', 'DSCP', 8, 6, String(b[1] >> 2), 'Differentiated Services code point (RFC 2474)'),
    f('ecn', 'ECN', 14, 2, `${b[1] & 3} (${ECN[b[1] & 3]})`, 'Explicit Congestion Notification (RFC 3168 §5)'),
    f('total', 'Total Length', 16, 16, String(u16(b, 2)), 'Bytes in the datagram, header and data'),
    f('id', 'Identification', 32, 16, String(u16(b, 4)), 'Groups the fragments of one datagram'),
    f('flags', 'Flags', 48, 3, `${flags & 2 ? 'DF' : ''}${flags & 1 ? ' MF' : ''}`.trim() || '0',
      "DF: don't fragment (Linux sets it for path MTU discovery); MF: more fragments"),
    f('frag', 'Fragment Offset', 51, 13, String(u16(b, 6) & 0x1fff), 'Where this fragment belongs, in 8-byte units'),
    f('ttl', 'Time to Live', 64, 8, String(b[8]), 'Hops left; Linux starts at net.ipv4.ip_default_ttl (64)'),
    f('proto', 'Protocol', 72, 8, `${b[9]} (${PROTOCOLS[b[9]] ?? 'other'})`, 'What the data is'),
    f('checksum', 'Header Checksum', 80, 16, `0x${checksum.toString(16).padStart(4, '0')}${checksum === expected ? ' ✔' : ` ✖ (should be 0x${expected.toString(16).padStart(4, '0')})`}`,
      'Internet checksum of the header alone (RFC 1071)'),
    f('src', 'Source Address', 96, 32, addr(b, 12), 'Who sent it'),
    f('dst', 'Destination Address', 128, 32, addr(b, 16), 'Who it is for'),
  ];
  if (length > 20) fields.push(f('options', 'Options', 160, (length - 20) * 8, `${length - 20} bytes`, 'IP options (RFC 791 §3.1)'));
  if (checksum !== expected) problems.push('the IP header checksum is wrong');
  return { version: 4, length, totalLength: u16(b, 2), fields, problems };
}

const NEXT_HEADERS: Record<number, string> = { 0: 'Hop-by-Hop Options', 6: 'TCP', 17: 'UDP', 43: 'Routing', 44: 'Fragment', 58: 'ICMPv6', 59: 'No Next Header', 60: 'Destination Options' };

/** Eight 16-bit groups in hex, zero runs kept: 2001:0db8:0000:0000:0000:0000:0000:0001. */
export const ipv6Full = (b: Uint8Array, i: number) =>
  Array.from({ length: 8 }, (_, g) => u16(b, i + 2 * g).toString(16).padStart(4, '0')).join(':');

/** RFC 5952 text: lower case, leading zeros dropped, the longest run of two or more zero groups as '::'. */
export function ipv6Text(b: Uint8Array, i: number): string {
  const g = Array.from({ length: 8 }, (_, k) => u16(b, i + 2 * k));
  let best = -1;
  let bestLen = 1;
  for (let k = 0; k < 8; ) {
    if (g[k] !== 0) { k++; continue; }
    let j = k;
    while (j < 8 && g[j] === 0) j++;
    if (j - k > bestLen) { best = k; bestLen = j - k; }
    k = j;
  }
  const hex = (from: number, to: number) => g.slice(from, to).map((x) => x.toString(16)).join(':');
  return best < 0 ? hex(0, 8) : `${hex(0, best)}::${hex(best + bestLen, 8)}`;
}

/** The one's-complement sum of big-endian 16-bit words, an odd last byte padded with zero (RFC 1071). */
function sum16(b: Uint8Array, from: number, to: number, sum = 0): number {
  for (let i = from; i < to; i += 2) sum += (b[i] << 8) | (i + 1 < to ? b[i + 1] : 0);
  return sum;
}
const fold = (sum: number) => { while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000); return sum; };

export function decodeIpv6Header(b: Uint8Array): DecodedIp {
  if (b.length < 40) throw new Error(`an IPv6 header is 40 bytes; this datagram has ${b.length}`);
  const version = b[0] >> 4;
  const trafficClass = ((b[0] & 0x0f) << 4) | (b[1] >> 4);
  const flowLabel = ((b[1] & 0x0f) << 16) | u16(b, 2);
  const payloadLength = u16(b, 4);
  const next = b[6];
  const problems: string[] = [];
  if (version !== 6) problems.push(`version ${version}: not IPv6`);
  if (40 + payloadLength !== b.length) problems.push(`Payload Length ${payloadLength} does not match the ${b.length - 40} bytes after the header`);
  const f = (id: string, name: string, bitStart: number, bitLength: number, value: string, meaning: string): HeaderField => ({
    id: `ip-${id}`, name, bitStart, bitLength, start: Math.floor(bitStart / 8), end: Math.ceil((bitStart + bitLength) / 8), value, meaning,
  });
  const fields = [
    f('version', 'Version', 0, 4, String(version), 'IP version: 6'),
    f('dscp', 'Traffic Class: DSCP', 4, 6, String(trafficClass >> 2), 'Differentiated Services code point, the upper 6 bits of the traffic class (RFC 2474)'),
    f('ecn', 'Traffic Class: ECN', 10, 2, `${trafficClass & 3} (${ECN[trafficClass & 3]})`, 'Explicit Congestion Notification, the low 2 bits of the traffic class (RFC 3168 §5)'),
    f('flow', 'Flow Label', 12, 20, `0x${flowLabel.toString(16).padStart(5, '0')}`, 'Marks the packets of one flow (RFC 6437); Linux hashes the 4-tuple into it unless net.ipv6.auto_flowlabels is 0'),
    f('payload', 'Payload Length', 32, 16, String(payloadLength), 'Bytes after this 40-byte header (unlike IPv4\'s Total Length, the header is not counted)'),
    f('next', 'Next Header', 48, 8, `${next} (${NEXT_HEADERS[next] ?? 'other'})`, 'What follows the header, as IPv4\'s Protocol says it'),
    f('hop', 'Hop Limit', 56, 8, String(b[7]), 'Hops left, IPv4\'s TTL renamed; Linux starts at net.ipv6.conf.all.hop_limit (64)'),
    f('src', 'Source Address', 64, 128, ipv6Text(b, 8), `Who sent it; in full ${ipv6Full(b, 8)}`),
    f('dst', 'Destination Address', 192, 128, ipv6Text(b, 24), `Who it is for; in full ${ipv6Full(b, 24)}`),
  ];
  // No header checksum (RFC 8200 §3): the TCP checksum alone covers the addresses, through this pseudo-header.
  const tcpLength = b.length - 40;
  let pseudoHeader: PseudoHeader | undefined;
  if (next === 6 && tcpLength >= 20) {
    const carried = u16(b, 40 + 16);
    const pseudo = sum16(b, 8, 40) + (tcpLength >>> 16) + (tcpLength & 0xffff) + 6;
    const computed = ~fold(sum16(b, 40, 56, sum16(b, 58, b.length, pseudo))) & 0xffff;
    pseudoHeader = {
      carried, computed,
      fields: [
        { name: 'Source Address', bytes: 16, value: ipv6Text(b, 8) },
        { name: 'Destination Address', bytes: 16, value: ipv6Text(b, 24) },
        { name: 'Upper-Layer Packet Length', bytes: 4, value: String(tcpLength) },
        { name: 'zero', bytes: 3, value: '0' },
        { name: 'Next Header', bytes: 1, value: '6 (TCP)' },
      ],
    };
  }
  return { version: 6, length: 40, totalLength: 40 + payloadLength, fields, problems, pseudoHeader };
}

/** The header of either version, by the first byte's version nibble. */
export function decodeIpHeader(b: Uint8Array): DecodedIp {
  if (b.length > 0 && b[0] >> 4 === 6) return decodeIpv6Header(b);
  return decodeIpv4Header(b);
}

/** The ids of the IP fields that byte `i` of the header belongs to. */
export function ipFieldsAtByte(ip: DecodedIp, i: number): string[] {
  return ip.fields.filter((f) => f.start <= i && i < f.end).map((f) => f.id);
}

/** A byte as the ASCII column of a hex dump shows it: printable ASCII itself, anything else a dot. */
export const asciiOf = (b: number) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.');

/** An offset written both ways, as the hex dump and the field tables show it: "0x0010 (16)". */
export const offsetText = (n: number, width = 4) => `0x${n.toString(16).padStart(width, '0')} (${n})`;
