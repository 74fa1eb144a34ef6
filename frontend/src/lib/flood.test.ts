import { describe, expect, it } from 'vitest';
import { chartRows, checkFlood, cidrContains, initialFlood, neededMicros, recipeFor, toFloodRequest } from './flood';

const LAB = ['10.0.0.1', '10.0.0.2'];

describe('flood form → POST /flood body', () => {
  it('maps the default form: 5000 SYNs from a prefix with 20 clients', () => {
    const d = initialFlood();
    expect(checkFlood(d, LAB)).toEqual({});
    expect(toFloodRequest(d)).toEqual({
      syns: 5000, ratePerSecond: 5000, sources: { cidr: '198.51.100.0/24' }, startMillis: 0,
      legitimate: { clients: 20, ratePerSecond: 10, preset: 'linux' }, bucketMillis: 100,
    });
  });
  it('sends random sources, a duration, and leaves the attack out when there are no SYNs', () => {
    expect(toFloodRequest({ ...initialFlood(), sources: 'random', durationMillis: '3000' })).toMatchObject({ sources: { random: true }, durationMillis: 3000 });
    expect(toFloodRequest({ ...initialFlood(), syns: '0', clients: '0' })).toEqual({ syns: 0, startMillis: 0, bucketMillis: 100 });
  });
});

describe('flood validation (the server\'s FloodRequests rules)', () => {
  it('names each field as the server does', () => {
    const d = { ...initialFlood(), syns: '10000001', ratePerSecond: '0', clients: '20001', clientRate: 'x', bucketMillis: '' };
    expect(checkFlood(d, LAB)).toEqual({
      syns: 'must be between 0 and 10000000', ratePerSecond: 'must be between 1 and 100000000',
      'legitimate.clients': 'must be between 0 and 20000', 'legitimate.ratePerSecond': 'digits only', bucketMillis: 'required',
    });
  });
  it('refuses a prefix that contains the lab\'s own hosts, or is not a prefix', () => {
    expect(checkFlood({ ...initialFlood(), cidr: '10.0.0.0/30' }, LAB)).toEqual({ 'sources.cidr': 'must not contain 10.0.0.1: the lab\'s own hosts cannot be spoofed sources' });
    expect(checkFlood({ ...initialFlood(), cidr: '198.51.100.0' }, LAB)['sources.cidr']).toBe('an IPv4 prefix such as 198.51.100.0/24');
    expect(checkFlood({ ...initialFlood(), cidr: '198.51.100.0/33' }, LAB)['sources.cidr']).toBe('the prefix length is 0 to 32');
    expect(checkFlood({ ...initialFlood(), sources: 'random', cidr: '' }, LAB)).toEqual({});
  });
  it('needs a duration long enough for the attack and the clients, and at most 5000 buckets', () => {
    const d = { ...initialFlood(), syns: '5000', ratePerSecond: '1000', startMillis: '500' };
    expect(neededMicros(d)).toBe(500_000 + 4_999_000 + 1);
    expect(checkFlood({ ...d, durationMillis: '5499' }, LAB)).toEqual({
      durationMillis: 'must be at least 5500 ms: start + SYNs / rate for the attack, clients / rate for the clients',
    });
    expect(checkFlood({ ...d, durationMillis: '5500' }, LAB)).toEqual({});
    expect(checkFlood({ ...d, durationMillis: '600000', bucketMillis: '100' }, LAB)).toEqual({
      bucketMillis: 'must be at least 120 ms so the series has at most 5000 buckets',
    });
  });
  it('knows which addresses a prefix holds', () => {
    expect(cidrContains('10.0.0.0/8', '10.255.0.1')).toBe(true);
    expect(cidrContains('198.51.100.128/25', '198.51.100.127')).toBe(false);
    expect(cidrContains('0.0.0.0/0', '10.0.0.1')).toBe(true);
  });
});

describe('chart rows', () => {
  it('puts time in seconds, latency in ms and memory in KiB, keeping a missing latency empty', () => {
    const p = { atMicros: 100000, synQueue: 129, acceptQueue: 0, synsReceived: 501, synsDropped: 0, synAcksSent: 501, synAcksResent: 0,
      cookiesSent: 371, cookiesValidated: 0, legitAttempts: 1, legitSuccesses: 1, legitFailures: 0, legitConnectLatencyMicrosP50: 20500, halfOpenBytes: 14448 };
    expect(chartRows([p, { ...p, legitConnectLatencyMicrosP50: null }]).map((r) => [r.seconds, r.latencyMs, r.halfOpenKiB]))
      .toEqual([[0.1, 20.5, 14.1], [0.1, null, 14.1]]);
  });
});

describe("the flood form's defaults", () => {
  it("are the recipe a flood lab's instructions give (POST /flood body), and pass the form's checks", () => {
    const LAB = ['10.0.0.1', '10.0.0.2'];
    for (const t of ['syn-flood-no-cookies', 'syn-flood-cookies']) {
      expect(toFloodRequest(recipeFor(t))).toEqual({
        syns: 100000, ratePerSecond: 10000, sources: { cidr: '198.51.100.0/24' }, startMillis: 1000, durationMillis: 30000,
        legitimate: { clients: 300, ratePerSecond: 10, preset: 'linux' }, bucketMillis: 100,
      });
      expect(checkFlood(recipeFor(t), LAB)).toEqual({});
    }
    expect(toFloodRequest(recipeFor('accept-queue-overflow'))).toEqual({
      syns: 0, startMillis: 0, durationMillis: 10000, legitimate: { clients: 100, ratePerSecond: 20, preset: 'linux' }, bucketMillis: 100,
    });
    expect(checkFlood(recipeFor('accept-queue-overflow'), LAB)).toEqual({});
    expect(recipeFor(null)).toEqual(initialFlood());
  });

  it('in an IPv6 session sweep an IPv6 /64, and the prefix is checked as the server checks it', () => {
    const V6 = ['2001:db8::1', '2001:db8::2'];
    const d = recipeFor('syn-flood-cookies', '2001:db8::2');
    expect(toFloodRequest(d).sources).toEqual({ cidr: '2001:db8:5::/64' });
    expect(checkFlood(d, V6)).toEqual({});
    // an IPv4 prefix in an IPv6 lab is sent from 64:ff9b::/96: the lab's IPv6 hosts are outside it
    expect(checkFlood({ ...d, cidr: '198.51.100.0/24' }, V6)['sources.cidr']).toBeUndefined();
    expect(checkFlood({ ...initialFlood(), cidr: '2001:db8:5::/64' }, LAB)['sources.cidr']).toContain("this session's network is IPv4");
    expect(checkFlood({ ...d, cidr: '2001:db8:5::/129' }, V6)['sources.cidr']).toBe('the prefix length is 0 to 128');
    expect(checkFlood({ ...d, cidr: '2001:db8::g/64' }, V6)['sources.cidr']).toContain('an IPv6 address');
    expect(checkFlood({ ...d, cidr: '2001:db8::/64' }, V6)['sources.cidr']).toContain('must not contain 2001:db8::1');
    expect(cidrContains('2001:db8:5::/112', '2001:db8:5::ffff')).toBe(true);
    expect(cidrContains('2001:db8:5::/112', '2001:db8:5::1:0')).toBe(false);
    expect(cidrContains('2001:db8::/32', '2001:db8:ffff::1')).toBe(true);
    expect(cidrContains('::/0', '2001:db8::1')).toBe(true);
  });
});
