// The SYN composer's form state, its validation (explained next to each field before sending)
// and its mapping to the POST /segments body of API.md.
import type { FlagName, OptionSpec, Segment, SendSegment } from '../api';
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
  fromPort: string;
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

export function presetState(preset: SynPreset, base: ComposerState): ComposerState {
  return { ...base, window: String(preset.window), options: preset.options.map((o) => ({ ...o })) };
}

export function initialComposer(seq: number = randomSeq()): ComposerState {
  return presetState(SYN_PRESETS[0], {
    mode: 'fields', flags: ['SYN'], seq: String(seq), ack: '0', window: '64240', fromPort: '40000',
    urgentPointer: '0', options: [], payloadHex: '', rawHex: '',
  });
}

function intField(text: string, lo: number, hi: number): string | null {
  const t = text.trim();
  if (t === '') return 'required';
  if (!/^\d+$/.test(t)) return 'digits only';
  const v = Number(t);
  return v < lo || v > hi ? `must be between ${lo} and ${hi}` : null;
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
    if (compact === '') errors['rawHex'] = 'paste a whole IPv4 datagram in hex';
    else put('rawHex', hexProblem(s.rawHex) ?? (compact.length < 80 ? `${compact.length / 2} bytes; an IPv4 header (20) plus a TCP header (20) need at least 40` : null));
    return { errors, notes: {} };
  }
  put('seq', intField(s.seq, 0, MAX_U32));
  put('ack', intField(s.ack, 0, MAX_U32));
  put('window', intField(s.window, 0, 65535));
  put('from.port', intField(s.fromPort, 1, 65535));
  put('urgentPointer', intField(s.urgentPointer, 0, 65535));
  put('payloadHex', hexProblem(s.payloadHex));
  const opts = checkOptions(s.options);
  const notes: Record<string, string> = { ...opts.notes };
  if (s.flags.length === 0) notes['flags'] = 'no flag set: a segment without SYN, ACK or RST is answered or dropped as RFC 9293 §3.10.7 says';
  return { errors: { ...errors, ...opts.errors }, notes };
}

export function toRequest(s: ComposerState, clientAddress?: string): SendSegment {
  if (s.mode === 'raw') return { rawHex: s.rawHex.replace(/\s+/g, '').toLowerCase() };
  const port = Number(s.fromPort);
  return {
    ...(clientAddress ? { from: { address: clientAddress, port } } : {}),
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
    fromPort: portOf(synAck.to), urgentPointer: '0', payloadHex: '', options,
  };
}
