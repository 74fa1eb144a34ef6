import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, captureUrl, csrfToken, isUnreachable, packetdrillUrl, requestHeaders, historyUrl } from './api';

function answer(status: number, body: unknown, type = 'application/json') {
  return new Response(body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': type } });
}

afterEach(() => vi.unstubAllGlobals());

describe('api client', () => {
  it('posts JSON to relative /api/v1 URLs', async () => {
    const fetch = vi.fn(async () => answer(200, { step: 1 }));
    vi.stubGlobal('fetch', fetch);
    await api.connect('a b', { clientPort: 40001, preset: 'linux', autoAck: true });
    expect(fetch).toHaveBeenCalledWith('/api/v1/sessions/a%20b/connect', expect.objectContaining({
      method: 'POST', body: '{"clientPort":40001,"preset":"linux","autoAck":true}',
    }));
  });

  it('calls the timeline, flood and cookie endpoints at their API.md paths', async () => {
    const fetch = vi.fn(async () => answer(200, {}));
    vi.stubGlobal('fetch', fetch);
    await api.timeline('s', '10.0.0.1:40000-10.0.0.2:80');
    await api.flood('s', { syns: 0 });
    await api.inspectCookie('s', { eventIndex: 7 });
    expect(fetch.mock.calls.map((c: unknown[]) => [c[0], (c[1] as RequestInit).method, (c[1] as RequestInit).body])).toEqual([
      ['/api/v1/sessions/s/connections/10.0.0.1%3A40000-10.0.0.2%3A80/timeline', 'GET', undefined],
      ['/api/v1/sessions/s/flood', 'POST', '{"syns":0}'],
      ['/api/v1/sessions/s/cookies/inspect', 'POST', '{"eventIndex":7}'],
    ]);
  });

  it('turns a problem+json answer into an ApiError carrying the field errors', async () => {
    const problem = { type: 'https://handshakelab.dev/problems/invalid-request', title: 'Invalid request', status: 400,
      detail: 'options[2].shift must be between 0 and 255', errors: [{ field: 'options[2].shift', rule: '0..255', message: 'must be between 0 and 255' }] };
    vi.stubGlobal('fetch', vi.fn(async () => answer(400, problem, 'application/problem+json')));
    const e = await api.sendSegment('x', { rawHex: '00' }).catch((x) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e.problem).toEqual(problem);
    expect(e.message).toBe('options[2].shift must be between 0 and 255');
  });

  it('answers null for a session without flood data (404) and rethrows other failures', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => answer(404, { status: 404, title: 'Not Found' })));
    expect(await api.floodSeries('x')).toBeNull();
    vi.stubGlobal('fetch', vi.fn(async () => answer(500, 'boom', 'text/plain')));
    await expect(api.floodSeries('x')).rejects.toMatchObject({ problem: { status: 500, detail: 'boom' } });
  });

  it('reports a dead server, directly or behind a proxy, as unreachable', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    const direct = await api.templates().catch((x) => x);
    vi.stubGlobal('fetch', vi.fn(async () => answer(502, '', 'text/plain')));
    const proxied = await api.templates().catch((x) => x);
    expect(isUnreachable(direct.problem)).toBe(true);
    expect(isUnreachable(proxied.problem)).toBe(true);
    expect(proxied.problem.detail).toMatch(/HTTP 502/);
  });

  it('reads the whole history in one request, bounded by maxEvents', async () => {
    const ev = (index: number) => ({ index, atMicros: 0, kind: 'timer-armed', host: 'server', text: '' });
    const fetch = vi.fn(async (_url: string) => answer(200, [ev(0), ev(1), ev(2)]));
    vi.stubGlobal('fetch', fetch);
    expect((await api.allHistory('s 1', 500)).map((e) => e.index)).toEqual([0, 1, 2]);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0][0]).toBe('/api/v1/sessions/s%201/history/all?limit=500');
  });
});

describe('forkSession', () => {
  it('posts the step to fork at', async () => {
    const fetch = vi.fn(async (_url: string, _init?: RequestInit) => answer(201, { id: 'f' }));
    vi.stubGlobal('fetch', fetch);
    expect(await api.forkSession('s 1', 3)).toEqual({ id: 'f' });
    expect(fetch.mock.calls[0][0]).toBe('/api/v1/sessions/s%201/fork');
    expect(fetch.mock.calls[0][1]).toMatchObject({ method: 'POST', body: '{"uptoStep":3}' });
  });
});

describe('historyUrl', () => {
  it('links the whole history with the id escaped', () => {
    expect(historyUrl('a b')).toBe('/api/v1/sessions/a%20b/history/all');
  });
});

describe('captureUrl', () => {
  it('links a session capture, and one connection of it, with the id and connection escaped', () => {
    expect(captureUrl('a b', 'pcap')).toBe('/api/v1/sessions/a%20b/capture?format=pcap');
    expect(captureUrl('s1', 'pcapng', '10.0.0.1:40000-10.0.0.2:80'))
      .toBe('/api/v1/sessions/s1/capture?format=pcapng&connection=10.0.0.1%3A40000-10.0.0.2%3A80');
  });
});

describe('CSRF for the browser', () => {
  it('reads the token the server put in the XSRF-TOKEN cookie, among others', () => {
    expect(csrfToken('HL_SESSION=abc; XSRF-TOKEN=9f%2Dx1; HL_GUEST=1.2')).toBe('9f-x1');
    expect(csrfToken('XSRF-TOKEN=first')).toBe('first');
    expect(csrfToken('NOT-XSRF-TOKEN=x')).toBeNull();
    expect(csrfToken('')).toBeNull();
  });

  it('sends the token on every request that changes something, and never on reads', () => {
    vi.stubGlobal('document', { cookie: 'XSRF-TOKEN=t0k3n' });
    expect(requestHeaders('POST', 'application/json')).toEqual({ Accept: 'application/json', 'Content-Type': 'application/json', 'X-XSRF-TOKEN': 't0k3n' });
    expect(requestHeaders('DELETE', null)['X-XSRF-TOKEN']).toBe('t0k3n');
    expect(requestHeaders('PUT', 'application/json')['X-XSRF-TOKEN']).toBe('t0k3n');
    expect(requestHeaders('GET', null)).toEqual({ Accept: 'application/json' });
    vi.unstubAllGlobals();
  });

  it('signs in with a form post, as Spring Security form login takes it', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ account: null }), { status: 200, headers: { 'Content-Type': 'application/json' } }));
    vi.stubGlobal('fetch', fetchMock);
    await api.signIn('ada', 'p&ss=word');
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/auth/login');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/x-www-form-urlencoded');
    expect(String(init.body)).toBe('username=ada&password=p%26ss%3Dword');
    expect(init.credentials).toBe('same-origin');
    vi.unstubAllGlobals();
  });
});

describe('packetdrillUrl', () => {
  it('links the session script, or one connection of it, escaped', () => {
    expect(packetdrillUrl('a b')).toBe('/api/v1/sessions/a%20b/packetdrill');
    expect(packetdrillUrl('s1', '10.0.0.1:40000-10.0.0.2:80'))
      .toBe('/api/v1/sessions/s1/packetdrill?connection=10.0.0.1%3A40000-10.0.0.2%3A80');
  });
});
