// SYN cookies in the lab: which SYN-ACKs carry one, the inspector's answer turned into rows to
// show, and the "check a final ACK" form (RFC 4987 §3.6; Linux net/ipv4/syncookies.c).
import type { CookieInspection, CookieInspectRequest, CookieTimestamps, LabEvent, Segment } from '../api';
import { MAX_U32 } from './options';

/** History indexes of the server's SYN-ACKs that followed a cookie-issued event of their connection. */
export function cookieSynAcks(events: readonly LabEvent[]): Set<number> {
  const out = new Set<number>();
  const waiting = new Set<string>();
  for (const e of [...events].sort((a, b) => a.index - b.index)) {
    if (e.kind === 'cookie-issued' && e.connection) waiting.add(e.connection);
    else if (e.kind === 'segment-sent' && e.connection && waiting.has(e.connection) && isServerSynAck(e.segment)) {
      out.add(e.index);
      waiting.delete(e.connection);
    }
  }
  return out;
}

export const isServerSynAck = (s: Segment | undefined | null) =>
  !!s && s.sender === 'server' && s.flags.includes('SYN') && s.flags.includes('ACK');

export interface Row {
  id: string;
  label: string;
  value: string;
  note?: string;
}

const hex32 = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

/** The cookie's parts in the order the formula adds them. */
export function cookieRows(c: CookieInspection): Row[] {
  const k = c.cookie;
  const rows: Row[] = [
    { id: 'value', label: 'Cookie (the SYN-ACK\'s ISN)', value: `${k.value} = ${k.hex}` },
    { id: 'clientIsn', label: 'Client ISN (ack − 1)', value: String(k.clientIsn) },
    { id: 'hash1', label: 'hash1(4-tuple)', value: `${k.hash1} = ${hex32(k.hash1)}` },
    { id: 'counter', label: 'Minute counter (top 8 bits)', value: String(k.counter), note: `${k.counterMeans}; ${k.ageMinutes} minute(s) old when sent` },
  ];
  if (k.hash2 != null) rows.push({ id: 'hash2', label: 'hash2(4-tuple, counter)', value: `${k.hash2} = ${hex32(k.hash2)}` });
  if (k.mssIndex != null) {
    rows.push({
      id: 'mss', label: 'MSS index (low 24 bits − hash2)', value: `${k.mssIndex}${k.mss != null ? ` → MSS ${k.mss}` : ''}`,
      note: `table: ${k.msstab.map((m, i) => `${i} = ${m}`).join(', ')}`,
    });
  }
  rows.push({ id: 'hash', label: 'Hash check', value: k.hashCheck ? '✔ passes' : '✖ fails', note: k.verdict });
  return rows;
}

/** TSval: what is on the wire, and the option bits once the connection's TS offset is taken off. */
export function timestampRows(t: CookieTimestamps): Row[] {
  if (!t.present) return [{ id: 'none', label: 'Timestamps', value: 'not in the SYN-ACK', note: t.text }];
  const bits = (s: string | undefined) => (s ? `${s} = ${parseInt(s, 16).toString(2).padStart(6, '0')}b` : '—');
  return [
    { id: 'wire', label: 'TSval on the wire', value: String(t.wireTsVal), note: `low 6 bits ${bits(t.wireLowBits)}` },
    { id: 'offset', label: 'TS offset of this connection', value: String(t.tsOffset) },
    { id: 'decoded', label: 'Cookie timestamp (TSval − offset)', value: String(t.cookieTsVal), note: `low 6 bits ${bits(t.decodedLowBits)}` },
    {
      id: 'options', label: 'Client options kept in those bits',
      value: `wscale ${t.wscale ?? 'none'}, SACK ${t.sack ? 'yes' : 'no'}, ECN ${t.ecn ? 'yes' : 'no'}`, note: t.text,
    },
  ];
}

export interface AckDraft {
  seq: string;
  ack: string;
  atMicros: string;
  tsEcr: string;
}

/** The right 3rd ACK for a SYN-ACK: seq = its ack, ack = its seq + 1, echoing its TSval. */
export function ackDraftFor(synAck: Segment, sentAtMicros: number): AckDraft {
  const ts = synAck.options.find((o) => o.kind === 'timestamps');
  return {
    seq: String(synAck.ack), ack: String((synAck.seq + 1) >>> 0), atMicros: String(sentAtMicros),
    tsEcr: ts && ts.kind === 'timestamps' ? String(ts.tsVal) : '',
  };
}

function u32(text: string, required: boolean): string | null {
  const t = text.trim();
  if (t === '') return required ? 'required' : null;
  if (!/^\d+$/.test(t)) return 'digits only';
  return Number(t) > MAX_U32 ? `must be between 0 and ${MAX_U32}` : null;
}

/** Errors keyed as the server's fields (`finalAck.seq`, ...). atMicros and tsEcr may be left empty. */
export function checkAck(d: AckDraft): Record<string, string> {
  const e: Record<string, string> = {};
  for (const [k, required] of [['seq', true], ['ack', true], ['tsEcr', false]] as const) {
    const p = u32(d[k], required);
    if (p) e[`finalAck.${k}`] = p;
  }
  const at = d.atMicros.trim();
  if (at !== '' && !/^\d+$/.test(at)) e['finalAck.atMicros'] = 'digits only (virtual µs)';
  return e;
}

export function inspectRequest(eventIndex: number, d?: AckDraft): CookieInspectRequest {
  if (!d) return { eventIndex };
  return {
    eventIndex,
    finalAck: {
      seq: Number(d.seq), ack: Number(d.ack),
      ...(d.atMicros.trim() ? { atMicros: Number(d.atMicros) } : {}),
      ...(d.tsEcr.trim() ? { tsEcr: Number(d.tsEcr) } : {}),
    },
  };
}
