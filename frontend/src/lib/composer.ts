// The SYN composer's form state, its validation (explained next to each field before sending)
// and its mapping to the POST /segments body of API.md.
import type { FlagName, OptionSpec, Segment, SendSegment } from '../api';
import { intProblem, ipProblem, ipVersionOf } from './fields';
import { hexProblem } from './hex';
import { checkOptions, MAX_U32, SYN_PRESETS, type SynPreset } from './options';

export const ALL_FLAGS: FlagName[] = ['NS', 'CWR', 'ECE', 'URG', 'ACK', 'PSH', 'RST', 'SYN', 'FIN'];

export interface ComposerState {
  mode: 'fields' | 'raw';
  flags: FlagName[];
  /** Numbers are kept as typed so half-typed or wrong input can be explained. */
  seq: string;
  ack: string;
  window: string;
  /** Addresses as typed: a spoofed source, a closed port, or the server's side of a simultaneous open. */
  fromAddress: string;
  fromPort: string;
  toAddress: string;
  toPort: string;
  urgentPointer: string;
  options: OptionSpec[];
  payloadHex: string;
  rawHex: string;
}

/** A uniformly random 32-bit ISN from the browser's CSPRNG, like a real stack would pick. */
export function randomSeq(): number {
  const a = new Uint32Array(1);
  crypto.getRandomValues(a);
  return a[0];
}

/**
 * The preset's SYN from the composer's source address. Over IPv6 the stacks offer an MSS 20 bytes
 * smaller (MTU 1500 − 40-byte IPv6 header − 20, Linux tcp_v6_connect's icsk_ext_hdr_len aside) and
 * Linux and Windows round their window to whole segments of it: 64800 = 45 × 1440 as tcpdump shows.
 */
export function presetState(preset: SynPreset, base: ComposerState): ComposerState {
  const v6 = ipVersionOf(base.fromAddress) === 6;
  const options = preset.options.map((o) => (v6 && o.kind === 'mss' ? { ...o, mss: o.mss - 20 } : { ...o }));
  const window = v6 && preset.window === 64240 ? 64800 : preset.window;
  return { ...base, window: String(window), options };
}

/** Where a segment goes by default: from the session's client (port 40000) to the server's listener. */
export interface Endpoints {
  client: string;
  server: string;
  serverPort: number;
}

export const LAB_ENDPOINTS: Endpoints = { client: '10.0.0.1', server: '10.0.0.2', serverPort: 80 };

export function initialComposer(seq: number = randomSeq(), at: Endpoints = LAB_ENDPOINTS): ComposerState {
  return presetState(SYN_PRESETS[0], {
    mode: 'fields', flags: ['SYN'], seq: String(seq), ack: '0', window: '64240',
    fromAddress: at.client, fromPort: '40000', toAddress: at.server, toPort: String(at.serverPort),
    urgentPointer: '0', options: [], payloadHex: '', rawHex: '',
  });
}

/** Exchanges the two ends, e.g. to send the crossing SYN of a simultaneous open from the server's address. */
export function swapEnds(s: ComposerState): ComposerState {
  return { ...s, fromAddress: s.toAddress, fromPort: s.toPort, toAddress: s.fromAddress, toPort: s.fromPort };
}



export interface ComposerCheck {
  errors: Record<string, string>;
  notes: Record<string, string>;
}

/** Field keys follow the server's `errors[].field` names so server errors land in the same place. */
export function checkComposer(s: ComposerState): ComposerCheck {
  const errors: Record<string, string> = {};
  const put = (k: string, m: string | null) => { if (m) errors[k] = m; };
  if (s.mode === 'raw') {
    const compact = s.rawHex.replace(/\s+/g, '');
    if (compact === '') errors['rawHex'] = 'paste a whole IPv4 or IPv6 datagram in hex';
    else put('rawHex', hexProblem(s.rawHex) ?? rawLengthProblem(compact));
    return { errors, notes: {} };
  }
  put('seq', intProblem(s.seq, 0, MAX_U32));
  put('ack', intProblem(s.ack, 0, MAX_U32));
  put('window', intProblem(s.window, 0, 65535));
  put('from.address', ipProblem(s.fromAddress));
  put('from.port', intProblem(s.fromPort, 1, 65535));
  put('to.address', ipProblem(s.toAddress) ?? (ipVersionOf(s.toAddress) !== ipVersionOf(s.fromAddress)
    ? `an IPv${ipVersionOf(s.fromAddress)} address like the source: both ends of a TCP connection are of one IP version` : null));
  put('to.port', intProblem(s.toPort, 1, 65535));
  put('urgentPointer', intProblem(s.urgentPointer, 0, 65535));
  put('payloadHex', hexProblem(s.payloadHex));
  const opts = checkOptions(s.options);
  const notes: Record<string, string> = { ...opts.notes };
  if (s.flags.length === 0) notes['flags'] = 'no flag set: a segment without SYN, ACK or RST is answered or dropped as RFC 9293 §3.10.7 says';
  return { errors: { ...errors, ...opts.errors }, notes };
}

export function toRequest(s: ComposerState): SendSegment {
  if (s.mode === 'raw') return { rawHex: s.rawHex.replace(/\s+/g, '').toLowerCase() };
  return {
    from: { address: s.fromAddress.trim(), port: Number(s.fromPort) },
    to: { address: s.toAddress.trim(), port: Number(s.toPort) },
    flags: ALL_FLAGS.filter((f) => s.flags.includes(f)),
    seq: Number(s.seq),
    ack: Number(s.ack),
    window: Number(s.window),
    urgentPointer: Number(s.urgentPointer),
    options: s.options.map((o) => ({ ...o })),
    payloadHex: s.payloadHex.replace(/\s+/g, '').toLowerCase(),
  };
}

export function toggleFlag(flags: readonly FlagName[], f: FlagName): FlagName[] {
  return flags.includes(f) ? flags.filter((x) => x !== f) : ALL_FLAGS.filter((x) => x === f || flags.includes(x));
}

export const portOf = (hostPort: string) => hostPort.slice(hostPort.lastIndexOf(':') + 1);
/** "10.0.0.2:80", or "[2001:db8::2]:80" for an IPv6 address (RFC 5952 §6), as the server writes host:port. */
export const hostPort = (address: string, port: number | string) => (address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`);
/** The address of "10.0.0.1:40000" or of "[2001:db8::1]:40000" (an IPv6 address is bracketed before its port, RFC 5952 §6). */
export const addressOf = (hostPort: string) => hostPort.slice(0, hostPort.lastIndexOf(':')).replace(/^\[(.*)\]$/, '$1');

/** The raw datagram's length, judged by its version nibble: a fixed IP header (20 or 40 bytes) plus a 20-byte TCP header. */
function rawLengthProblem(compact: string): string | null {
  const v6 = compact[0] === '6';
  const least = v6 ? 60 : 40;
  return compact.length / 2 < least
    ? `${compact.length / 2} bytes; an ${v6 ? 'IPv6 header (40)' : 'IPv4 header (20)'} plus a TCP header (20) need at least ${least}` : null;
}

/**
 * The third segment of the handshake for a SYN-ACK the server sent (RFC 9293 §3.5): SEG.SEQ is
 * the SYN-ACK's ack (our ISN + 1), SEG.ACK its seq + 1. When the SYN-ACK carried timestamps the
 * ACK does too, echoing its TSval (RFC 7323 §3.2), with our clock one tick on.
 */
export function ackFor(synAck: Segment, base: ComposerState): ComposerState {
  const ts = synAck.options.find((o) => o.kind === 'timestamps');
  const options: OptionSpec[] = ts && ts.kind === 'timestamps'
    ? [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsVal: (ts.tsEcr + 1) >>> 0, tsEcr: ts.tsVal }]
    : [];
  return {
    ...base, mode: 'fields', flags: ['ACK'], seq: String(synAck.ack), ack: String((synAck.seq + 1) >>> 0),
    fromAddress: addressOf(synAck.to), fromPort: portOf(synAck.to), toAddress: addressOf(synAck.from), toPort: portOf(synAck.from), urgentPointer: '0', payloadHex: '', options,
  };
}

/**
 * The student's answer from the socket a client's SYN or SYN-ACK was sent to, as in a
 * simultaneous open (RFC 9293 §3.5 Figure 8): both ends send SYN-ACKs. To a SYN the answer carries
 * our ISN (the composer's sequence number) and acknowledges the SYN; to a SYN-ACK it repeats our
 * ISN (its ack − 1) and acknowledges the other SYN.
 */
export function synAckFor(clientSyn: Segment, base: ComposerState): ComposerState {
  const ours = clientSyn.flags.includes('ACK') ? String((clientSyn.ack - 1) >>> 0) : base.seq;
  return {
    ...base, mode: 'fields', flags: ['ACK', 'SYN'], seq: ours, ack: String((clientSyn.seq + 1) >>> 0),
    fromAddress: addressOf(clientSyn.to), fromPort: portOf(clientSyn.to), toAddress: addressOf(clientSyn.from), toPort: portOf(clientSyn.from),
    urgentPointer: '0', payloadHex: '',
  };
}
