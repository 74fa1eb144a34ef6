// A display filter for the session's history, in the spirit of Wireshark's (wireshark-filter(4)):
// fields compared with ==, != (and <, <=, >, >= on numbers), bare fields as "present / true",
// combined with && / and, || / or, ! / not and parentheses. It filters what the page shows; the
// history itself is untouched.
//
//   tcp.flags.syn && !tcp.flags.ack      the SYNs
//   flags == "S."                       tcpdump's letters (see the flag legend)
//   ip.addr == 10.0.0.1 && tcp.port == 40001
//   ip.src == 2001:db8::1                IPv6 addresses as RFC 5952 writes them
//   host == fw || drop                  what the firewall did, and every drop
//   kind == timer-fired                 an event kind of the history
//   retransmission                      every resent SYN or SYN-ACK
import type { LabEvent } from '../api';

export type Predicate = (e: LabEvent) => boolean;

export interface FilterResult {
  /** null when the text is not a filter; then `error` says why and `at` where. */
  test: Predicate | null;
  error: string | null;
  at: number;
}

/** The fields a filter may name, with what they mean (shown as the filter's help). */
export const FILTER_FIELDS: Record<string, string> = {
  'tcp.flags.syn': 'SYN set (likewise .ack .rst .fin .psh .urg .ece .cwr)',
  flags: "tcpdump's flag letters, e.g. \"S.\"",
  'ip.src': 'source address (IPv4, or IPv6 as 2001:db8::1)', 'ip.dst': 'destination address', 'ip.addr': 'either address',
  'tcp.srcport': 'source port', 'tcp.dstport': 'destination port', 'tcp.port': 'either port',
  'tcp.seq': 'sequence number', 'tcp.ack': 'acknowledgment number',
  host: 'who the event happened at: client, server, or a middlebox',
  kind: 'event kind, e.g. segment-sent, segment-dropped, timer-fired, state-changed',
  drop: 'the segment was dropped (by a host or a middlebox)',
  retransmission: 'a retransmitted segment',
  connection: 'connection id, e.g. 10.0.0.1:40000-10.0.0.2:80',
  time: 'virtual time in seconds, e.g. time >= 1.5',
  cookie: 'a SYN-ACK that carries a SYN cookie, and the cookie events',
};

/** What some fields need beyond the event itself. */
export interface FilterContext {
  /** History indexes of the SYN-ACKs that carry a cookie (lib/cookie cookieSynAcks). */
  cookieSynAcks?: ReadonlySet<number>;
}

const FLAG_NAMES = ['syn', 'ack', 'rst', 'fin', 'psh', 'urg', 'ece', 'cwr'];

type Value = string | number | boolean | null | (string | number)[];

const split = (hostPort: string | undefined): [string, number | null] => {
  if (!hostPort) return ['', null];
  const i = hostPort.lastIndexOf(':');
  // "[2001:db8::1]:40000": an IPv6 address is bracketed before its port (RFC 5952 §6), and compared without them
  return i < 0 ? [hostPort, null] : [hostPort.slice(0, i).replace(/^\[(.*)\]$/, '$1'), Number(hostPort.slice(i + 1))];
};

/** A field's value on one event: null when the event has no such thing (a timer has no ports). */
function field(name: string, e: LabEvent, ctx: FilterContext): Value {
  const s = e.segment;
  if (name.startsWith('tcp.flags.')) {
    const f = name.slice('tcp.flags.'.length);
    return s ? s.flags.includes(f.toUpperCase() as never) : null;
  }
  const [srcIp, srcPort] = split(s?.from);
  const [dstIp, dstPort] = split(s?.to);
  switch (name) {
    case 'flags': return s ? s.letters : null;
    case 'ip.src': return s ? srcIp : null;
    case 'ip.dst': return s ? dstIp : null;
    case 'ip.addr': return s ? [srcIp, dstIp] : null;
    case 'tcp.srcport': return srcPort;
    case 'tcp.dstport': return dstPort;
    case 'tcp.port': return s ? [srcPort ?? -1, dstPort ?? -1] : null;
    case 'tcp.seq': return s ? s.seq : null;
    case 'tcp.ack': return s ? s.ack : null;
    // A drop happened at a middlebox when `where` names one ("return route: fw").
    case 'host': return e.where && e.where.includes(': ') ? [e.host, e.where.slice(e.where.indexOf(': ') + 2)] : e.host;
    case 'kind': return e.kind;
    case 'drop': return e.kind === 'segment-dropped';
    case 'retransmission': return !!s && (s.retransmission > 0 || e.rtoMicros != null);
    case 'connection': return e.connection ?? null;
    case 'time': return e.atMicros / 1e6;
    case 'cookie': return e.kind.startsWith('cookie-') || !!ctx.cookieSynAcks?.has(e.index);
    default: return null;
  }
}

type Token = { t: 'id' | 'str' | 'num' | 'op' | '(' | ')' | 'and' | 'or' | 'not' | 'end'; v: string; at: number };

function tokens(text: string): Token[] {
  const out: Token[] = [];
  // an IPv6 address (two colons at least, so "10.0.0.1:40000" stays an address and port) is one value
  const re = /\s*(?:(&&|\|\||==|!=|<=|>=|<|>|!|\(|\))|"([^"]*)"|((?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])|[A-Za-z_][\w.-]*(?::\d+)?|[\d.]+(?::\d+)?(?:-[\w.:]+)?))/y;
  let i = 0;
  while (i < text.length) {
    if (/^\s*$/.test(text.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) throw Object.assign(new Error(`unexpected "${text.slice(i).trim()[0]}"`), { at: i });
    const at = m.index + m[0].length - m[0].trimStart().length;
    if (m[1]) {
      const v = m[1];
      out.push({ t: v === '&&' ? 'and' : v === '||' ? 'or' : v === '!' ? 'not' : v === '(' ? '(' : v === ')' ? ')' : 'op', v, at });
    } else if (m[2] !== undefined) out.push({ t: 'str', v: m[2], at });
    else {
      const w = m[3];
      const lw = w.toLowerCase();
      out.push(lw === 'and' || lw === 'or' || lw === 'not' ? { t: lw, v: w, at } : { t: /^[\d.]+$/.test(w) ? 'num' : 'id', v: w, at });
    }
    i = re.lastIndex;
  }
  out.push({ t: 'end', v: '', at: text.length });
  return out;
}

const isField = (name: string) => name in FILTER_FIELDS || FLAG_NAMES.some((f) => name === `tcp.flags.${f}`);

function compare(actual: Value, op: string, wanted: string): boolean {
  if (actual === null) return op === '!=';
  if (Array.isArray(actual)) {
    // Wireshark: "ip.addr == a" holds if either address is a; "ip.addr != a" if neither is.
    return op === '!=' ? actual.every((a) => !compare(a, '==', wanted)) : actual.some((a) => compare(a, op, wanted));
  }
  if (typeof actual === 'boolean') {
    const w = wanted === '1' || wanted.toLowerCase() === 'true';
    return op === '==' ? actual === w : op === '!=' ? actual !== w : false;
  }
  if (typeof actual === 'number') {
    const w = Number(wanted);
    if (Number.isNaN(w)) return op === '!=';
    switch (op) {
      case '==': return actual === w;
      case '!=': return actual !== w;
      case '<': return actual < w;
      case '<=': return actual <= w;
      case '>': return actual > w;
      default: return actual >= w;
    }
  }
  const a = actual.toLowerCase();
  const w = wanted.toLowerCase();
  return op === '==' ? a === w : op === '!=' ? a !== w : false;
}

/** Parses a filter; an empty text passes everything. */
export function parseFilter(text: string, ctx: FilterContext = {}): FilterResult {
  if (text.trim() === '') return { test: () => true, error: null, at: 0 };
  let ts: Token[];
  try {
    ts = tokens(text);
  } catch (e) {
    return { test: null, error: (e as Error).message, at: (e as { at: number }).at };
  }
  let p = 0;
  const fail = (message: string, at = ts[p].at): never => { throw Object.assign(new Error(message), { at }); };
  const expect = (t: Token['t'], what: string) => (ts[p].t === t ? ts[p++] : fail(`expected ${what}${ts[p].t === 'end' ? ' at the end' : ` before "${ts[p].v}"`}`));
  function or(): Predicate {
    let left = and();
    while (ts[p].t === 'or') { p++; const l = left, r = and(); left = (e) => l(e) || r(e); }
    return left;
  }
  function and(): Predicate {
    let left = not();
    while (ts[p].t === 'and') { p++; const l = left, r = not(); left = (e) => l(e) && r(e); }
    return left;
  }
  function not(): Predicate {
    if (ts[p].t === 'not') { p++; const inner = not(); return (e) => !inner(e); }
    return primary();
  }
  function primary(): Predicate {
    if (ts[p].t === '(') { p++; const inner = or(); expect(')', '")"'); return inner; }
    const name = expect('id', 'a field such as tcp.flags.syn, ip.addr, tcp.port, host, kind or drop');
    const f = name.v.toLowerCase();
    if (!isField(f)) fail(`"${name.v}" is not a field; try ${Object.keys(FILTER_FIELDS).join(', ')}`, name.at);
    if (ts[p].t !== 'op') return (e) => { const v = field(f, e, ctx); return Array.isArray(v) ? v.length > 0 : v !== null && v !== false; };
    const op = ts[p++].v;
    const value = ts[p].t === 'id' || ts[p].t === 'str' || ts[p].t === 'num' ? ts[p++].v : fail(`expected a value after ${op}`);
    return (e) => compare(field(f, e, ctx), op, value);
  }
  try {
    const test = or();
    if (ts[p].t !== 'end') fail(`unexpected "${ts[p].v}": join conditions with && or ||`);
    return { test, error: null, at: 0 };
  } catch (e) {
    return { test: null, error: (e as Error).message, at: (e as { at: number }).at };
  }
}

/**
 * A time typed by the student, in seconds unless it says ms or µs/us: "1.01", "1.01 s",
 * "1010 ms", "1010000 us". null if it is not one.
 */
export function parseTime(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|ms|us|µs)?\s*$/i.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  return Math.round(unit === 's' ? n * 1e6 : unit === 'ms' ? n * 1e3 : n);
}
