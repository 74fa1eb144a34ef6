// The network between client and server (docs/api-path-and-timeline.md): middleboxes declared
// once by id, and the forward (client → server) and back (server → client) routes as ordered id
// lists. This module describes a path in words and holds the "from scratch" editor's model: what
// the user typed, its validation under the server's field names, and the request body.
import type { Middlebox, PathSpec, SegmentMatch } from '../api';
import { intProblem, ipProblem } from './fields';

export const MATCH_FLAGS = ['SYN', 'ACK', 'FIN', 'RST'] as const;
export const DIRECTIONS = ['client-to-server', 'server-to-client'] as const;
export const ACTIONS = ['accept', 'drop', 'reject-rst', 'reject-icmp'] as const;
export const ICMP_CODES = ['port-unreachable', 'host-unreachable', 'net-unreachable', 'protocol-unreachable',
  'host-prohibited', 'net-prohibited', 'admin-prohibited',
  // ip6tables' names, for an IPv6 session (an IPv4 name there is answered with the nearest ICMPv6 code)
  'icmp6-port-unreachable', 'icmp6-adm-prohibited', 'icmp6-no-route', 'icmp6-addr-unreachable'] as const;
export const BOX_TYPES = ['loss', 'delay', 'conntrack-firewall', 'filter'] as const;
export type BoxType = (typeof BOX_TYPES)[number];
export type Action = (typeof ACTIONS)[number];
export const MAX_BOXES = 16;

const letters = (flags: readonly string[]) => flags.map((f) => f[0]).join('');

/** "SYN-ACKs", "segments with exactly S", "every segment", plus direction and addresses. */
export function describeMatch(m: SegmentMatch | undefined | null): string {
  if (!m) return 'every segment';
  const f = m.flags ?? [];
  let what = f.length === 0 ? 'segments'
    : f.length === 2 && f.includes('SYN') && f.includes('ACK') ? 'SYN-ACKs'
    : f.length === 1 ? `${f[0]}s` : `segments with flags exactly ${letters(f)}`;
  if (m.direction) what += m.direction === 'client-to-server' ? ' from client to server' : ' from server to client';
  if (m.src) what += ` from ${m.src}${m.srcPort != null ? `:${m.srcPort}` : ''}`;
  else if (m.srcPort != null) what += ` from port ${m.srcPort}`;
  if (m.dst) what += ` to ${m.dst}${m.dstPort != null ? `:${m.dstPort}` : ''}`;
  else if (m.dstPort != null) what += ` to port ${m.dstPort}`;
  return f.length === 0 && what === 'segments' ? 'every segment' : what;
}

const ordinal = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
const reject = (action: string, icmp?: string | null) => action === 'reject-icmp' ? `reject with ICMP ${icmp ?? 'port-unreachable'}` : action === 'reject-rst' ? 'reject with RST' : action;

/** One middlebox in words, e.g. `loses SYN-ACKs number 1` or `delays 50 ms ± 10 ms`. */
export function describeBox(b: Middlebox): string {
  switch (b.type) {
    case 'loss': {
      const what = describeMatch(b.match);
      if (b.nth && b.nth.length) return `loses the ${b.nth.map(ordinal).join(', ')} of ${what}`;
      if (b.probability != null) return `loses each of ${what} with probability ${b.probability}`;
      return `loses ${what === 'every segment' ? 'every segment' : `all ${what}`}`;
    }
    case 'delay': return `delays ${b.latencyMillis ?? 0} ms${b.jitterMillis ? ` ± ${b.jitterMillis} ms` : ''}`;
    case 'conntrack-firewall': return `conntrack firewall: NEW and ESTABLISHED pass, INVALID → ${reject(b.onMismatch ?? 'drop', b.icmp)}`;
    case 'filter': {
      const rules = (b.rules ?? []).map((r) => `${describeMatch(r)} → ${reject(r.action, r.icmp)}`);
      return `filter: ${rules.length ? rules.join('; ') + '; ' : ''}otherwise ${reject(b.defaultAction ?? 'accept', b.icmp)}`;
    }
  }
}

export interface RouteWords {
  forward: string;
  back: string;
  boxes: { id: string; text: string }[];
}

/** `client → [link] → server` and `server → [synack-loss] → [link] → client`; a direct wire has no boxes. */
export function describePath(p: PathSpec | null | undefined): RouteWords {
  const route = (ids: readonly string[] | undefined, from: string, to: string) =>
    [from, ...(ids ?? []).map((id) => `[${id}]`), to].join(' → ');
  return {
    forward: route(p?.forward, 'client', 'server'),
    back: route(p?.back, 'server', 'client'),
    boxes: (p?.middleboxes ?? []).map((b) => ({ id: b.id, text: describeBox(b) })),
  };
}

export const isDirect = (p: PathSpec | null | undefined) => !p || ((p.forward ?? []).length === 0 && (p.back ?? []).length === 0);

// ---- the editor's model: everything as typed ----

export interface MatchDraft {
  flags: string[];
  direction: '' | (typeof DIRECTIONS)[number];
  src: string;
  dst: string;
  srcPort: string;
  dstPort: string;
}

export interface RuleDraft extends MatchDraft {
  action: Action;
  icmp: string;
}

export interface BoxDraft {
  id: string;
  type: BoxType;
  /** loss: which segments, and nth (comma-separated) or probability; both empty = all matching */
  match: MatchDraft;
  lossBy: 'nth' | 'probability' | 'all';
  nth: string;
  probability: string;
  /** delay */
  latencyMillis: string;
  jitterMillis: string;
  /** conntrack-firewall: onMismatch; filter: defaultAction */
  onMismatch: 'drop' | 'reject-rst' | 'reject-icmp';
  defaultAction: Action;
  icmp: string;
  rules: RuleDraft[];
}

export interface PathDraft {
  boxes: BoxDraft[];
  forward: string[];
  back: string[];
}

export const emptyMatch = (): MatchDraft => ({ flags: [], direction: '', src: '', dst: '', srcPort: '', dstPort: '' });
export const newRule = (): RuleDraft => ({ ...emptyMatch(), flags: ['SYN'], action: 'drop', icmp: 'port-unreachable' });

/** A new box of a type with an id not yet taken (`loss`, `loss-2`, ...). */
export function newBox(type: BoxType, taken: readonly string[]): BoxDraft {
  const base = type === 'conntrack-firewall' ? 'fw' : type;
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return {
    id, type, match: emptyMatch(), lossBy: type === 'loss' ? 'nth' : 'all', nth: '1', probability: '0.2',
    latencyMillis: '50', jitterMillis: '0', onMismatch: 'drop', defaultAction: 'accept', icmp: 'port-unreachable',
    rules: type === 'filter' ? [newRule()] : [],
  };
}

/** Renaming a box renames it on the routes too. */
export function renameBox(d: PathDraft, index: number, id: string): PathDraft {
  const old = d.boxes[index].id;
  const swap = (ids: string[]) => ids.map((x) => (x === old ? id : x));
  return { boxes: d.boxes.map((b, i) => (i === index ? { ...b, id } : b)), forward: swap(d.forward), back: swap(d.back) };
}

/** Removing a box takes it off both routes. */
export function removeBox(d: PathDraft, index: number): PathDraft {
  const id = d.boxes[index].id;
  return { boxes: d.boxes.filter((_, i) => i !== index), forward: d.forward.filter((x) => x !== id), back: d.back.filter((x) => x !== id) };
}

const ID = /^[a-z0-9][a-z0-9-]{0,31}$/;


const optional = (text: string, check: (t: string) => string | null) => (text.trim() === '' ? null : check(text));

function checkMatch(m: MatchDraft, at: string, put: (k: string, v: string | null) => void) {
  put(`${at}src`, optional(m.src, ipProblem));
  put(`${at}dst`, optional(m.dst, ipProblem));
  put(`${at}srcPort`, optional(m.srcPort, (t) => intProblem(t, 0, 65535)));
  put(`${at}dstPort`, optional(m.dstPort, (t) => intProblem(t, 0, 65535)));
}

/** Problems keyed as the server names them, e.g. `path.middleboxes[1].probability`, `path.back[0]`. */
export function checkPath(d: PathDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  const put = (k: string, v: string | null) => { if (v) errors[k] = v; };
  if (d.boxes.length > MAX_BOXES) errors['path.middleboxes'] = `at most ${MAX_BOXES} middleboxes`;
  d.boxes.forEach((b, i) => {
    const at = `path.middleboxes[${i}].`;
    if (!ID.test(b.id)) put(`${at}id`, 'lower-case letters, digits and -, starting with a letter or digit, at most 32');
    else if (b.id === 'client' || b.id === 'server') put(`${at}id`, `"${b.id}" names a host; choose another id`);
    else if (d.boxes.findIndex((x) => x.id === b.id) !== i) put(`${at}id`, `"${b.id}" is used by box ${d.boxes.findIndex((x) => x.id === b.id) + 1}; ids must be unique`);
    if (b.type === 'loss') {
      checkMatch(b.match, `${at}match.`, put);
      if (b.lossBy === 'nth') {
        const parts = b.nth.split(',').map((x) => x.trim()).filter((x) => x !== '');
        if (parts.length === 0) put(`${at}nth`, 'one or more positions, e.g. 1, 2');
        else if (parts.length > 64) put(`${at}nth`, 'at most 64 positions');
        else put(`${at}nth`, parts.map((x) => intProblem(x, 1, 1_000_000)).find((x) => x) ?? null);
      } else if (b.lossBy === 'probability') {
        const t = b.probability.trim();
        const v = Number(t);
        put(`${at}probability`, t === '' || !/^(\d+(\.\d*)?|\.\d+)$/.test(t) ? 'a number from 0 to 1, e.g. 0.3' : v > 1 ? 'must be between 0 and 1' : null);
      }
    } else if (b.type === 'delay') {
      put(`${at}latencyMillis`, intProblem(b.latencyMillis, 0, 60_000));
      const lat = Number(b.latencyMillis);
      put(`${at}jitterMillis`, intProblem(b.jitterMillis, 0, Number.isInteger(lat) && lat <= 60_000 ? lat : 60_000));
    } else if (b.type === 'filter') {
      if (b.rules.length === 0 && b.defaultAction === 'accept') put(`${at}rules`, 'add a rule, or the filter lets everything through');
      b.rules.forEach((r, k) => checkMatch(r, `${at}rules[${k}].`, put));
    }
  });
  const ids = new Set(d.boxes.map((b) => b.id));
  (['forward', 'back'] as const).forEach((route) => d[route].forEach((id, k) => {
    if (!ids.has(id)) errors[`path.${route}[${k}]`] = `"${id}" is not a declared middlebox`;
    else if (d[route].indexOf(id) !== k) errors[`path.${route}[${k}]`] = `"${id}" is already on this route`;
  }));
  return errors;
}

function toMatch(m: MatchDraft): SegmentMatch {
  const out: SegmentMatch = {};
  if (m.flags.length) out.flags = MATCH_FLAGS.filter((f) => m.flags.includes(f));
  if (m.direction) out.direction = m.direction;
  if (m.src.trim()) out.src = m.src.trim();
  if (m.dst.trim()) out.dst = m.dst.trim();
  if (m.srcPort.trim()) out.srcPort = Number(m.srcPort);
  if (m.dstPort.trim()) out.dstPort = Number(m.dstPort);
  return out;
}

const withIcmp = (action: string, icmp: string) => (action === 'reject-icmp' ? { icmp } : {});

/** The `path` of POST /sessions; call only when checkPath found nothing. */
export function toPathRequest(d: PathDraft): PathSpec {
  const middleboxes: Middlebox[] = d.boxes.map((b): Middlebox => {
    switch (b.type) {
      case 'loss': {
        const match = toMatch(b.match);
        return {
          id: b.id, type: 'loss', ...(Object.keys(match).length ? { match } : {}),
          ...(b.lossBy === 'nth' ? { nth: b.nth.split(',').map((x) => x.trim()).filter((x) => x !== '').map(Number) } : {}),
          ...(b.lossBy === 'probability' ? { probability: Number(b.probability) } : {}),
        };
      }
      case 'delay': return { id: b.id, type: 'delay', latencyMillis: Number(b.latencyMillis), jitterMillis: Number(b.jitterMillis) };
      case 'conntrack-firewall': return { id: b.id, type: 'conntrack-firewall', onMismatch: b.onMismatch, ...withIcmp(b.onMismatch, b.icmp) };
      case 'filter': return {
        id: b.id, type: 'filter', defaultAction: b.defaultAction, ...withIcmp(b.defaultAction, b.icmp),
        rules: b.rules.map((r) => ({ action: r.action, ...withIcmp(r.action, r.icmp), ...toMatch(r) })),
      };
    }
  });
  return { middleboxes, forward: [...d.forward], back: [...d.back] };
}

function fromMatch(m: SegmentMatch | null | undefined): MatchDraft {
  const port = (p: number | null | undefined) => (p == null ? '' : String(p));
  return {
    flags: [...(m?.flags ?? [])], direction: m?.direction ?? '', src: m?.src ?? '', dst: m?.dst ?? '',
    srcPort: port(m?.srcPort), dstPort: port(m?.dstPort),
  };
}

/**
 * The editor's model of a path someone else wrote (a template's), so that the student can change
 * it before creating the session: toPathRequest gives the same path back.
 */
export function fromPathSpec(p: PathSpec | null | undefined): PathDraft {
  const boxes = (p?.middleboxes ?? []).map((b): BoxDraft => {
    const d = { ...newBox(b.type, []), id: b.id };
    switch (b.type) {
      case 'loss': return {
        ...d, match: fromMatch(b.match),
        lossBy: b.nth && b.nth.length ? 'nth' : b.probability != null ? 'probability' : 'all',
        nth: b.nth && b.nth.length ? b.nth.join(', ') : d.nth, probability: b.probability != null ? String(b.probability) : d.probability,
      };
      case 'delay': return { ...d, latencyMillis: String(b.latencyMillis ?? 0), jitterMillis: String(b.jitterMillis ?? 0) };
      case 'conntrack-firewall': return { ...d, onMismatch: (b.onMismatch ?? 'drop') as BoxDraft['onMismatch'], icmp: b.icmp ?? d.icmp };
      case 'filter': return {
        ...d, defaultAction: (b.defaultAction ?? 'accept') as Action, icmp: b.icmp ?? d.icmp,
        rules: (b.rules ?? []).map((r) => ({ ...fromMatch(r), action: r.action as Action, icmp: r.icmp ?? 'port-unreachable' })),
      };
    }
  });
  return { boxes, forward: [...(p?.forward ?? [])], back: [...(p?.back ?? [])] };
}
