// The SYN composer's option list: editing (add, remove, reorder), wire-size counting and the
// same validation rules the server applies, so problems are explained before sending.
import type { OptionKind, OptionSpec } from '../api';
import { hexProblem } from './hex';

/** Options live in the header beyond byte 20; the 4-bit data offset caps the header at 60. */
export const MAX_OPTION_BYTES = 40;
export const MAX_U32 = 4294967295;

export const OPTION_KINDS: { kind: OptionKind; label: string }[] = [
  { kind: 'mss', label: 'MSS (kind 2)' },
  { kind: 'sackOK', label: 'SACK permitted (kind 4)' },
  { kind: 'timestamps', label: 'Timestamps (kind 8)' },
  { kind: 'nop', label: 'NOP (kind 1)' },
  { kind: 'wscale', label: 'Window scale (kind 3)' },
  { kind: 'eol', label: 'End of list (kind 0)' },
  { kind: 'sack', label: 'SACK blocks (kind 5)' },
  { kind: 'fastOpen', label: 'Fast Open cookie (kind 34)' },
  { kind: 'unknown', label: 'Other kind (raw)' },
];

export function defaultOption(kind: OptionKind): OptionSpec {
  switch (kind) {
    case 'mss': return { kind, mss: 1460 };
    case 'wscale': return { kind, shift: 7 };
    case 'timestamps': return { kind, tsVal: 0, tsEcr: 0 };
    case 'sack': return { kind, blocks: [{ left: 0, right: 0 }] };
    case 'fastOpen': return { kind, cookieHex: '' };
    case 'unknown': return { kind, code: 254, dataHex: '' };
    default: return { kind } as OptionSpec;
  }
}

const hexLen = (h: string) => (hexProblem(h) ? 0 : h.replace(/\s+/g, '').length / 2);

/** Bytes this option takes on the wire (RFC 9293 §3.1: kind, length, data). */
export function optionLength(o: OptionSpec): number {
  switch (o.kind) {
    case 'eol': case 'nop': return 1;
    case 'mss': return 4;
    case 'wscale': return 3;
    case 'sackOK': return 2;
    case 'sack': return 2 + 8 * o.blocks.length;
    case 'timestamps': return 10;
    case 'fastOpen': return 2 + hexLen(o.cookieHex);
    case 'unknown': return 2 + hexLen(o.dataHex);
  }
}

export function optionBytes(list: readonly OptionSpec[]): number {
  return list.reduce((n, o) => n + optionLength(o), 0);
}

/** Header length with the options padded to a 32-bit boundary. */
export function headerLength(list: readonly OptionSpec[]): number {
  return 20 + Math.ceil(optionBytes(list) / 4) * 4;
}

/** tcpdump-like text, e.g. `mss 1460,sackOK,TS val 0 ecr 0,nop,wscale 7`. */
export function optionText(o: OptionSpec): string {
  switch (o.kind) {
    case 'eol': return 'eol';
    case 'nop': return 'nop';
    case 'mss': return `mss ${o.mss}`;
    case 'wscale': return `wscale ${o.shift}`;
    case 'sackOK': return 'sackOK';
    case 'sack': return `sack ${o.blocks.length} {${o.blocks.map((b) => `${b.left}:${b.right}`).join(' ')}}`;
    case 'timestamps': return `TS val ${o.tsVal} ecr ${o.tsEcr}`;
    case 'fastOpen': return o.cookieHex ? `tfo cookie ${o.cookieHex}` : 'tfo cookiereq';
    case 'unknown': return `unknown-${o.code} ${o.dataHex}`.trim();
  }
}

export function moveOption<T>(list: readonly T[], index: number, delta: -1 | 1): T[] {
  const to = index + delta;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list];
  const out = [...list];
  [out[index], out[to]] = [out[to], out[index]];
  return out;
}

export function removeOption<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

export function replaceOption<T>(list: readonly T[], index: number, value: T): T[] {
  return list.map((o, i) => (i === index ? value : o));
}

function range(v: number, lo: number, hi: number): string | null {
  if (!Number.isInteger(v)) return 'must be a whole number';
  return v < lo || v > hi ? `must be between ${lo} and ${hi}` : null;
}

/** Problems keyed as the server names fields (`options[2].shift`), plus notes that are not errors. */
export interface OptionCheck {
  errors: Record<string, string>;
  notes: Record<string, string>;
}

export function checkOptions(list: readonly OptionSpec[]): OptionCheck {
  const errors: Record<string, string> = {};
  const notes: Record<string, string> = {};
  list.forEach((o, i) => {
    const at = (f: string) => `options[${i}].${f}`;
    const put = (f: string, msg: string | null) => { if (msg) errors[at(f)] = msg; };
    switch (o.kind) {
      case 'mss': put('mss', range(o.mss, 0, 65535)); break;
      case 'wscale':
        put('shift', range(o.shift, 0, 255));
        if (Number.isInteger(o.shift) && o.shift > 14 && o.shift <= 255)
          notes[at('shift')] = `${o.shift} is above 14; receivers treat it as 14 (RFC 7323 §2.3)`;
        break;
      case 'timestamps': put('tsVal', range(o.tsVal, 0, MAX_U32)); put('tsEcr', range(o.tsEcr, 0, MAX_U32)); break;
      case 'sack':
        o.blocks.forEach((b, k) => { put(`blocks[${k}].left`, range(b.left, 0, MAX_U32)); put(`blocks[${k}].right`, range(b.right, 0, MAX_U32)); });
        break;
      case 'fastOpen': put('cookieHex', hexProblem(o.cookieHex)); break;
      case 'unknown':
        put('code', range(o.code, 0, 255));
        put('dataHex', hexProblem(o.dataHex));
        break;
    }
  });
  const n = optionBytes(list);
  if (n > MAX_OPTION_BYTES) errors['options'] = `${n} bytes of options; at most ${MAX_OPTION_BYTES} fit in a TCP header`;
  return { errors, notes };
}

export interface SynPreset {
  id: 'linux' | 'windows' | 'macos';
  label: string;
  window: number;
  options: OptionSpec[];
}

/** What real client stacks put in their SYN (as tcpdump shows them). */
export const SYN_PRESETS: SynPreset[] = [
  {
    id: 'linux', label: 'Linux', window: 64240,
    options: [{ kind: 'mss', mss: 1460 }, { kind: 'sackOK' }, { kind: 'timestamps', tsVal: 0, tsEcr: 0 }, { kind: 'nop' }, { kind: 'wscale', shift: 7 }],
  },
  {
    id: 'windows', label: 'Windows', window: 64240,
    options: [{ kind: 'mss', mss: 1460 }, { kind: 'nop' }, { kind: 'wscale', shift: 8 }, { kind: 'nop' }, { kind: 'nop' }, { kind: 'sackOK' }],
  },
  {
    id: 'macos', label: 'macOS', window: 65535,
    options: [{ kind: 'mss', mss: 1460 }, { kind: 'nop' }, { kind: 'wscale', shift: 6 }, { kind: 'nop' }, { kind: 'nop' },
      { kind: 'timestamps', tsVal: 0, tsEcr: 0 }, { kind: 'sackOK' }, { kind: 'eol' }],
  },
];
