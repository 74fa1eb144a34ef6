// The SYN-flood form: what the user typed, the same rules the server applies (FloodRequests) so
// problems are explained before sending, keyed by the server's field names, and the POST /flood body.
import type { FloodPoint, FloodRequest } from '../api';
import { intProblem, ipv4Problem, ipv6Problem, ipVersionOf } from './fields';

export const LIMITS = { maxSyns: 10_000_000, maxRate: 100_000_000, maxClients: 20_000, maxClientRate: 1_000_000, maxBuckets: 5000, day: 86_400_000 };

export interface FloodDraft {
  syns: string;
  ratePerSecond: string;
  sources: 'cidr' | 'random';
  cidr: string;
  startMillis: string;
  /** empty: just long enough for the attack and the clients */
  durationMillis: string;
  clients: string;
  clientRate: string;
  preset: 'linux' | 'windows' | 'macos';
  bucketMillis: string;
}

export const initialFlood = (): FloodDraft => ({
  syns: '5000', ratePerSecond: '5000', sources: 'cidr', cidr: '198.51.100.0/24', startMillis: '0', durationMillis: '',
  clients: '20', clientRate: '10', preset: 'linux', bucketMillis: '100',
});

/** The attack's default prefix in an IPv6 session: a /64 of documentation space (RFC 3849), swept in its low bits. */
export const IPV6_SOURCES = '2001:db8:5::/64';

/**
 * The form's defaults in a flood lab: the recipe its instructions give (LabTemplates.floodTemplates:
 * 100,000 spoofed SYNs at 10,000 a second from 198.51.100.0/24 starting at 1 s for 30 s, 300
 * Linux clients at 10 a second; the accept-queue lab: no attacker, 100 clients at 20 a second for
 * 10 s). Other sessions start from a small flood. In an IPv6 session (`serverAddress` with a colon)
 * the spoofed sources are the IPv6 prefix {@link IPV6_SOURCES}: its server receives no IPv4 SYN.
 */
export function recipeFor(template: string | null | undefined, serverAddress = '10.0.0.2'): FloodDraft {
  const base = { ...initialFlood(), ...(ipVersionOf(serverAddress) === 6 ? { cidr: IPV6_SOURCES } : {}) };
  if (template === 'syn-flood-no-cookies' || template === 'syn-flood-cookies') {
    return { ...base, syns: '100000', ratePerSecond: '10000', startMillis: '1000', durationMillis: '30000', clients: '300', clientRate: '10' };
  }
  if (template === 'accept-queue-overflow') return { ...base, syns: '0', durationMillis: '10000', clients: '100', clientRate: '20' };
  return base;
}

const ipBits = (a: string) => a.split('.').reduce((n, p) => n * 256 + Number(p), 0);

/** An IPv6 address (already valid) as its 128 bits; the browser's URL parser writes it out first. */
function ipv6Bits(text: string): bigint {
  const host = new URL(`http://[${text.trim()}]/`).hostname.slice(1, -1);
  const [head, tail] = host.includes('::') ? host.split('::') : [host, null];
  const hs = head ? head.split(':') : [];
  const ts = tail ? tail.split(':') : [];
  const groups = tail === null ? hs : [...hs, ...Array(8 - hs.length - ts.length).fill('0'), ...ts];
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** Whether `address` lies inside `cidr` (both already valid and of one family). */
export function cidrContains(cidr: string, address: string): boolean {
  const [net, len] = cidr.split('/');
  if (net.includes(':')) {
    const host = 128n - BigInt(Number(len));
    return ipv6Bits(net) >> host === ipv6Bits(address) >> host;
  }
  const size = 2 ** (32 - Number(len));
  const start = Math.floor(ipBits(net) / size) * size;
  const a = ipBits(address);
  return a >= start && a < start + size;
}

/**
 * The server's rules for `sources.cidr` (FloodRequests): an IPv4 prefix, or in an IPv6 lab also an
 * IPv6 one; never one containing the lab's addresses.
 */
export function cidrProblem(text: string, labAddresses: readonly string[]): string | null {
  const v6 = labAddresses.some((a) => ipVersionOf(a) === 6);
  const shape = v6 ? `an IPv6 prefix such as ${IPV6_SOURCES}` : 'an IPv4 prefix such as 198.51.100.0/24';
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  if (!m) return shape;
  const p6 = ipVersionOf(m[1]) === 6;
  if (p6 && !v6) return `${shape}: this session's network is IPv4`;
  const ip = p6 ? ipv6Problem(m[1]) : ipv4Problem(m[1]);
  if (ip) return ip;
  if (Number(m[2]) > (p6 ? 128 : 32)) return `the prefix length is 0 to ${p6 ? 128 : 32}`;
  // an IPv4 prefix in an IPv6 lab floods from 64:ff9b::/96 (RFC 6052), where the server checks the lab's hosts
  const inside = labAddresses.filter((a) => (ipVersionOf(a) === 6) === p6).find((a) => cidrContains(text.trim(), a));
  return inside ? `must not contain ${inside}: the lab's own hosts cannot be spoofed sources` : null;
}

/** How long the step must last (µs): the attack's last SYN and the last client's connect(). */
export function neededMicros(d: FloodDraft): number {
  const syns = Number(d.syns), rate = Number(d.ratePerSecond), clients = Number(d.clients), clientRate = Number(d.clientRate);
  const attackEnd = syns > 0 ? Number(d.startMillis) * 1000 + Math.floor(((syns - 1) * 1_000_000) / rate) + 1 : 0;
  const clientsEnd = clients > 0 ? Math.floor(((clients - 1) * 1_000_000) / clientRate) + 1 : 0;
  return Math.max(1, attackEnd, clientsEnd);
}

/** Errors keyed as the server's `errors[].field`: syns, ratePerSecond, sources.cidr, legitimate.clients, ... */
export function checkFlood(d: FloodDraft, labAddresses: readonly string[]): Record<string, string> {
  const e: Record<string, string> = {};
  const put = (k: string, v: string | null) => { if (v) e[k] = v; };
  put('syns', intProblem(d.syns, 0, LIMITS.maxSyns));
  const attack = Number(d.syns) > 0;
  if (attack) {
    put('ratePerSecond', intProblem(d.ratePerSecond, 1, LIMITS.maxRate));
    if (d.sources === 'cidr') put('sources.cidr', cidrProblem(d.cidr, labAddresses));
  }
  put('startMillis', intProblem(d.startMillis, 0, LIMITS.day));
  put('bucketMillis', intProblem(d.bucketMillis, 1, LIMITS.day));
  put('legitimate.clients', intProblem(d.clients, 0, LIMITS.maxClients));
  if (Number(d.clients) > 0) put('legitimate.ratePerSecond', intProblem(d.clientRate, 1, LIMITS.maxClientRate));
  if (Object.keys(e).length) return e;
  const needed = neededMicros(d);
  let duration = Math.ceil(needed / (Number(d.bucketMillis) * 1000)) * Number(d.bucketMillis) * 1000;
  if (d.durationMillis.trim() !== '') {
    const p = intProblem(d.durationMillis, 1, LIMITS.day * 365);
    if (p) return { durationMillis: p };
    duration = Number(d.durationMillis) * 1000;
    if (duration < needed) {
      return { durationMillis: `must be at least ${Math.ceil(needed / 1000)} ms: start + SYNs / rate for the attack, clients / rate for the clients` };
    }
  }
  const buckets = duration / (Number(d.bucketMillis) * 1000);
  if (buckets > LIMITS.maxBuckets) {
    e['bucketMillis'] = `must be at least ${Math.ceil(duration / LIMITS.maxBuckets / 1000)} ms so the series has at most ${LIMITS.maxBuckets} buckets`;
  }
  return e;
}

export function toFloodRequest(d: FloodDraft): FloodRequest {
  const syns = Number(d.syns);
  const clients = Number(d.clients);
  return {
    syns,
    ...(syns > 0 ? { ratePerSecond: Number(d.ratePerSecond), sources: d.sources === 'random' ? { random: true } as const : { cidr: d.cidr.trim() } } : {}),
    startMillis: Number(d.startMillis),
    ...(d.durationMillis.trim() ? { durationMillis: Number(d.durationMillis) } : {}),
    ...(clients > 0 ? { legitimate: { clients, ratePerSecond: Number(d.clientRate), preset: d.preset } } : {}),
    bucketMillis: Number(d.bucketMillis),
  };
}

/** Chart rows: seconds on x, latency in ms, half-open memory in KiB. */
export function chartRows(series: readonly FloodPoint[]) {
  return series.map((p) => ({
    ...p,
    seconds: p.atMicros / 1_000_000,
    latencyMs: p.legitConnectLatencyMicrosP50 == null ? null : p.legitConnectLatencyMicrosP50 / 1000,
    halfOpenKiB: Math.round((p.halfOpenBytes / 1024) * 10) / 10,
  }));
}
