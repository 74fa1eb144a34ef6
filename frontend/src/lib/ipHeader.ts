// Decodes the IPv4 header the segment travelled in (RFC 791 §3.1, Figure 4; DSCP and ECN as
// RFC 2474 and RFC 3168 split the old Type of Service byte), for the inspector's IP table.
import type { HeaderField } from './tcpHeader';

export interface DecodedIp {
  /** Header length in bytes (IHL × 4). */
  length: number;
  totalLength: number;
  fields: HeaderField[];
  problems: string[];
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
  return { length, totalLength: u16(b, 2), fields, problems };
}

/** The ids of the IP fields that byte `i` of the header belongs to. */
export function ipFieldsAtByte(ip: DecodedIp, i: number): string[] {
  return ip.fields.filter((f) => f.start <= i && i < f.end).map((f) => f.id);
}

/** A byte as the ASCII column of a hex dump shows it: printable ASCII itself, anything else a dot. */
export const asciiOf = (b: number) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.');

/** An offset written both ways, as the hex dump and the field tables show it: "0x0010 (16)". */
export const offsetText = (n: number, width = 4) => `0x${n.toString(16).padStart(width, '0')} (${n})`;
