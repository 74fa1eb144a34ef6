// The prediction form's draft and how it becomes a request; how predicted and actual values read.
import type { PredictionField, PredictionRequest, PredictionSummary } from '../exercises';

export interface PredictionDraft {
  nothing: boolean;
  seq: string;
  ack: string;
  window: string;
  flags: string[];
  /** Option kinds in order, separated by commas or spaces: "mss, sackOK, timestamps, wscale". */
  options: string;
  state: string;
}

export const EMPTY_DRAFT: PredictionDraft = { nothing: false, seq: '', ack: '', window: '', flags: [], options: '', state: '' };
export const FLAG_CHOICES = ['SYN', 'ACK', 'RST', 'FIN', 'PSH', 'URG', 'ECE', 'CWR'];
export const STATE_CHOICES = ['CLOSED', 'LISTEN', 'SYN_SENT', 'SYN_RECEIVED', 'ESTABLISHED'];

const LIMITS: Partial<Record<PredictionField, number>> = { seq: 4294967295, ack: 4294967295, window: 65535 };

/** Fields about the reply's segment: moot when the student says nothing comes back. */
export const ofSegment = (f: PredictionField) => f !== 'state' && f !== 'nothing';

/**
 * The request for the fields the prediction asks, or what is wrong with the draft, by field.
 * The server checks the same again; this only spares a round trip for an empty or non-numeric box.
 */
export function toRequest(p: PredictionSummary, d: PredictionDraft): { request: PredictionRequest | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const request: PredictionRequest = { predictionId: p.id };
  const nothing = p.fields.includes('nothing') && d.nothing;
  if (nothing) request.nothingComesBack = true;
  for (const f of p.fields) {
    if (f === 'nothing' || (nothing && ofSegment(f))) continue;
    if (f === 'seq' || f === 'ack' || f === 'window') {
      const text = d[f].trim();
      const n = Number(text);
      if (text === '') errors[f] = 'required';
      else if (!/^\d+$/.test(text) || n > (LIMITS[f] ?? 0)) errors[f] = `must be a whole number from 0 to ${LIMITS[f]}`;
      else request[f] = n;
    } else if (f === 'flags') {
      if (d.flags.length === 0) errors.flags = 'tick at least one flag';
      else request.flags = FLAG_CHOICES.filter((x) => d.flags.includes(x));
    } else if (f === 'options') {
      request.options = d.options.split(/[\s,]+/).filter((x) => x !== '');
    } else if (f === 'state') {
      if (d.state === '') errors.state = 'required';
      else request.state = d.state;
    }
  }
  return { request: Object.keys(errors).length === 0 ? request : null, errors };
}

/** A predicted or actual value as a sentence fragment. */
export function formatValue(field: string, v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (field === 'nothing') return v ? 'nothing comes back' : 'something comes back';
  if (Array.isArray(v)) return v.length === 0 ? 'none' : v.join(', ');
  return String(v);
}

/** What the student said, in one line: "ack 1001", "nothing comes back; state SYN_RECEIVED". */
export function describePrediction(r: PredictionRequest): string {
  const parts: string[] = [];
  if (r.nothingComesBack) parts.push('nothing comes back');
  for (const f of ['flags', 'seq', 'ack', 'window', 'options', 'state'] as const) {
    if (r[f] !== undefined && r[f] !== null) parts.push(`${f} ${formatValue(f, r[f])}`);
  }
  return parts.join('; ');
}
