// Decodes a TCP header from its bytes and maps every byte to the header field(s) it belongs to,
// following the layout of RFC 9293 §3.1 (Figure 1). The NS bit (RFC 3540) is the last bit of
// byte 12, in what RFC 9293 calls "Rsrvd"; the backend's model has nine flags, so we show it.
import type { FlagName } from '../api';
import { bytesToHex, hexToBytes } from './hex';

/** Flag bits in wire order, most significant first (byte 12 bit 0 = NS, byte 13 = CWR..FIN). */
export const FLAG_BITS: { name: FlagName; letter: string; bit: number; meaning: string }[] = [
  { name: 'NS', letter: 'N', bit: 0x100, meaning: 'ECN nonce sum (RFC 3540, historic)' },
  { name: 'CWR', letter: 'W', bit: 0x080, meaning: 'Congestion Window Reduced (RFC 3168)' },
  { name: 'ECE', letter: 'E', bit: 0x040, meaning: 'ECN-Echo (RFC 3168)' },
  { name: 'URG', letter: 'U', bit: 0x020, meaning: 'Urgent pointer field is significant' },
  { name: 'ACK', letter: '.', bit: 0x010, meaning: 'Acknowledgment field is significant' },
  { name: 'PSH', letter: 'P', bit: 0x008, meaning: 'Push function' },
  { name: 'RST', letter: 'R', bit: 0x004, meaning: 'Reset the connection' },
  { name: 'SYN', letter: 'S', bit: 0x002, meaning: 'Synchronize sequence numbers' },
  { name: 'FIN', letter: 'F', bit: 0x001, meaning: 'No more data from sender' },
];

export interface DecodedOption {
  /** Position in the option list, 0-based. */
  index: number;
  kind: number;
  name: string;
  /** Byte offset inside the TCP header. */
  offset: number;
  length: number;
  text: string;
  meaning: string;
}

export interface HeaderField {
  id: string;
  name: string;
  /** First byte and one past the last byte the field touches. */
  start: number;
  end: number;
  /** Absolute bit position from the first bit of the header, and width in bits. */
  bitStart: number;
  bitLength: number;
  value: string;
  meaning: string;
}

export interface DecodedHeader {
  length: number;
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  dataOffset: number;
  reserved: number;
  flagBits: number;
  flags: FlagName[];
  window: number;
  checksum: number;
  urgentPointer: number;
  options: DecodedOption[];
  payloadLength: number;
  fields: HeaderField[];
  /** Things that make the bytes not a well-formed TCP header. */
  problems: string[];
}

const u16 = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const u32 = (b: Uint8Array, i: number) => ((b[i] << 24) >>> 0) + (b[i + 1] << 16) + (b[i + 2] << 8) + b[i + 3];

function field(id: string, name: string, start: number, end: number, value: string, meaning: string,
  bitStart = start * 8, bitLength = (end - start) * 8): HeaderField {
  return { id, name, start, end, bitStart, bitLength, value, meaning };
}

export function flagLetters(flags: readonly FlagName[]): string {
  // tcpdump order: S F R P U E W, '.' for ACK (as the backend's TcpFlags.letters()).
  const order: FlagName[] = ['SYN', 'FIN', 'RST', 'PSH', 'URG', 'ECE', 'CWR', 'NS'];
  let s = order.filter((f) => flags.includes(f)).map((f) => FLAG_BITS.find((x) => x.name === f)!.letter).join('');
  if (flags.includes('ACK')) s += '.';
  return s || '-';
}

function decodeOption(b: Uint8Array, at: number, end: number, index: number): { option: DecodedOption; next: number } | { problem: string } {
  const kind = b[at];
  const one = (name: string, text: string, meaning: string) => ({
    option: { index, kind, name, offset: at, length: 1, text, meaning }, next: at + 1,
  });
  if (kind === 0) return one('eol', 'eol', 'End of Option List: nothing after this is an option (RFC 9293 §3.1)');
  if (kind === 1) return one('nop', 'nop', 'No-Operation: one byte of padding to align the next option');
  if (at + 1 >= end) return { problem: `option kind ${kind} at byte ${at} has no length byte` };
  const len = b[at + 1];
  if (len < 2 || at + len > end) return { problem: `option kind ${kind} at byte ${at} has bad length ${len}` };
  const d = (i: number) => at + 2 + i;
  const mk = (name: string, text: string, meaning: string) => ({
    option: { index, kind, name, offset: at, length: len, text, meaning }, next: at + len,
  });
  const wrongLen = (name: string, want: string) => mk(name, `${name} (length ${len}, expected ${want})`, 'Malformed: wrong length for this kind');
  switch (kind) {
    case 2:
      if (len !== 4) return wrongLen('mss', '4');
      return mk('mss', `mss ${u16(b, d(0))}`, 'Maximum Segment Size: the largest payload the sender wants to receive (RFC 9293 §3.7.1)');
    case 3:
      if (len !== 3) return wrongLen('wscale', '3');
      return mk('wscale', `wscale ${b[d(0)]}`, `Window Scale: the sender's windows are shifted left by ${Math.min(b[d(0)], 14)} (RFC 7323 §2${b[d(0)] > 14 ? '; values above 14 are treated as 14' : ''})`);
    case 4:
      if (len !== 2) return wrongLen('sackOK', '2');
      return mk('sackOK', 'sackOK', 'SACK permitted: the sender can use selective acknowledgments (RFC 2018)');
    case 5: {
      const blocks: string[] = [];
      for (let i = 0; i + 8 <= len - 2; i += 8) blocks.push(`${u32(b, d(i))}:${u32(b, d(i + 4))}`);
      return mk('sack', `sack ${blocks.length} {${blocks.join(' ')}}`, 'Selective ACK blocks (RFC 2018)');
    }
    case 8:
      if (len !== 10) return wrongLen('timestamps', '10');
      return mk('timestamps', `TS val ${u32(b, d(0))} ecr ${u32(b, d(4))}`, 'Timestamps: TSval is the sender\'s clock, TSecr echoes the peer\'s last TSval (RFC 7323 §3)');
    case 34: {
      const cookie = bytesToHex(b.subarray(d(0), at + len));
      return mk('fastOpen', cookie ? `tfo cookie ${cookie}` : 'tfo cookiereq', 'TCP Fast Open cookie or cookie request (RFC 7413)');
    }
    default:
      return mk('unknown', `unknown-${kind} ${bytesToHex(b.subarray(d(0), at + len))}`, `Option kind ${kind}, not interpreted`);
  }
}

export function decodeTcpHeader(input: string | Uint8Array): DecodedHeader {
  const b = typeof input === 'string' ? hexToBytes(input) : input;
  if (b.length < 20) throw new Error(`a TCP header has at least 20 bytes, got ${b.length}`);
  const problems: string[] = [];
  const dataOffset = b[12] >> 4;
  const flagBits = ((b[12] & 0x01) << 8) | b[13];
  const reserved = (b[12] >> 1) & 0x07;
  let hdrLen = dataOffset * 4;
  if (dataOffset < 5) {
    problems.push(`data offset ${dataOffset} is below the minimum 5`);
    hdrLen = 20;
  } else if (hdrLen > b.length) {
    problems.push(`data offset says ${hdrLen} bytes but only ${b.length} are there`);
    hdrLen = b.length;
  }
  const flags = FLAG_BITS.filter((f) => flagBits & f.bit).map((f) => f.name);
  const h = {
    srcPort: u16(b, 0), dstPort: u16(b, 2), seq: u32(b, 4), ack: u32(b, 8),
    window: u16(b, 14), checksum: u16(b, 16), urgentPointer: u16(b, 18),
  };
  const fields: HeaderField[] = [
    field('srcPort', 'Source Port', 0, 2, String(h.srcPort), 'Port of the sending socket'),
    field('dstPort', 'Destination Port', 2, 4, String(h.dstPort), 'Port of the receiving socket'),
    field('seq', 'Sequence Number', 4, 8, String(h.seq),
      flags.includes('SYN') ? 'With SYN set this is the initial sequence number (ISN); the SYN itself uses it' : 'Sequence number of the first data byte'),
    field('ack', 'Acknowledgment Number', 8, 12, String(h.ack),
      flags.includes('ACK') ? 'Next sequence number the sender expects to receive' : 'Ignored: ACK flag is not set'),
    field('dataOffset', 'Data Offset', 12, 13, `${dataOffset} (${dataOffset * 4} bytes)`, 'Header length in 32-bit words; options fill what is beyond 20 bytes', 96, 4),
    field('reserved', 'Reserved', 12, 13, String(reserved), 'Must be zero', 100, 3),
    ...FLAG_BITS.map((f, i) => field(`flag-${f.name}`, f.name, i === 0 ? 12 : 13, i === 0 ? 13 : 14,
      flagBits & f.bit ? '1' : '0', f.meaning, 103 + i, 1)),
    field('window', 'Window', 14, 16, String(h.window),
      flags.includes('SYN') ? 'Receive window; never scaled in a SYN or SYN-ACK (RFC 7323 §2.2)' : 'Receive window, to be shifted by the agreed window scale'),
    field('checksum', 'Checksum', 16, 18, `0x${h.checksum.toString(16).padStart(4, '0')}`, 'Ones\' complement sum over pseudo-header, header and data'),
    field('urgent', 'Urgent Pointer', 18, 20, String(h.urgentPointer), flags.includes('URG') ? 'Offset of the end of urgent data' : 'Ignored: URG flag is not set'),
  ];
  const options: DecodedOption[] = [];
  let at = 20;
  while (at < hdrLen) {
    const r = decodeOption(b, at, hdrLen, options.length);
    if ('problem' in r) {
      problems.push(r.problem);
      fields.push(field('malformed', 'Malformed options', at, hdrLen, bytesToHex(b.subarray(at, hdrLen)), r.problem));
      at = hdrLen;
      break;
    }
    options.push(r.option);
    fields.push(field(`opt-${r.option.index}`, `Option: ${r.option.name}`, r.option.offset, r.next, r.option.text, r.option.meaning));
    at = r.next;
    if (r.option.kind === 0) break;
  }
  if (at < hdrLen) fields.push(field('padding', 'Padding', at, hdrLen, `${hdrLen - at} bytes`, 'Zero bytes after End of Option List, up to the data offset'));
  if (b.length > hdrLen) fields.push(field('data', 'Data', hdrLen, b.length, `${b.length - hdrLen} bytes`, 'Payload'));
  return { length: hdrLen, ...h, dataOffset, reserved, flagBits, flags, options, payloadLength: b.length - hdrLen, fields, problems };
}

/** Ids of every field that byte `i` belongs to (byte 12 holds four fields). */
export function fieldsAtByte(header: DecodedHeader, i: number): string[] {
  return header.fields.filter((f) => i >= f.start && i < f.end).map((f) => f.id);
}

/** Byte indexes of one field. */
export function bytesOfField(header: DecodedHeader, id: string): number[] {
  const f = header.fields.find((x) => x.id === id);
  if (!f) return [];
  return Array.from({ length: f.end - f.start }, (_, k) => f.start + k);
}

export interface DiagramCell {
  fieldId: string;
  label: string;
  /** 0-based bit column inside the 32-bit row, and how many columns the cell spans. */
  column: number;
  span: number;
}

/** RFC 9293 Figure 1 style rows: every field cut into 32-bit rows (options may wrap). */
export function diagramRows(header: DecodedHeader): DiagramCell[][] {
  const rows: DiagramCell[][] = [];
  for (const f of header.fields) {
    if (f.id === 'data') continue; // the payload is summarised below the header, not drawn bit by bit
    let bit = f.bitStart;
    let left = f.bitLength;
    while (left > 0) {
      const row = Math.floor(bit / 32);
      const column = bit % 32;
      const span = Math.min(left, 32 - column);
      (rows[row] ??= []).push({ fieldId: f.id, label: f.name, column, span });
      bit += span;
      left -= span;
    }
  }
  return rows.map((r) => r ?? []);
}
