import { describe, expect, it } from 'vitest';
import type { Endpoint, LabEvent, Step } from '../api';
import { connectionOf, endpointsAfter } from './endpoints';

const listener: Endpoint = { host: 'server', local: '10.0.0.2:80', remote: null, state: 'LISTEN', transitions: [] };
const server = (port: number, state: string): Endpoint =>
  ({ host: 'server', local: '10.0.0.2:80', remote: `10.0.0.1:${port}`, state, transitions: [] });
const client = (port: number, state: string): Endpoint =>
  ({ host: 'client', local: `10.0.0.1:${port}`, remote: '10.0.0.2:80', state, transitions: [] });
const event = (connection: string | null): LabEvent => ({ connection } as LabEvent);
const step = (kind: string, connections: (string | null)[], endpoints: Endpoint[]): Step =>
  ({ step: 1, kind, startedAtMicros: 0, endedAtMicros: 0, segments: [], replies: [], events: connections.map(event), endpoints,
    clock: { nowMicros: 0, nextDeadlineMicros: null } } as Step);

describe('endpointsAfter', () => {
  it('names connections client side first from either end', () => {
    expect(connectionOf(server(40000, 'SYN_RECEIVED'))).toBe('10.0.0.1:40000-10.0.0.2:80');
    expect(connectionOf(client(40000, 'SYN_SENT'))).toBe('10.0.0.1:40000-10.0.0.2:80');
    expect(connectionOf(listener)).toBeNull();
  });

  it('replaces the touched connection and keeps the others and the listener', () => {
    const have = [listener, server(40000, 'SYN_RECEIVED'), server(40001, 'SYN_RECEIVED')];
    const after = endpointsAfter(have, step('segment', ['10.0.0.1:40000-10.0.0.2:80'], [server(40000, 'ESTABLISHED')]));
    expect(after.map((e) => `${e.remote}:${e.state}`)).toEqual(
      ['null:LISTEN', '10.0.0.1:40001:SYN_RECEIVED', '10.0.0.1:40000:ESTABLISHED']);
  });

  it('drops a touched connection the answer leaves out: it has ended', () => {
    const have = [listener, server(40000, 'SYN_RECEIVED'), client(40000, 'SYN_SENT')];
    const after = endpointsAfter(have, step('segment', ['10.0.0.1:40000-10.0.0.2:80', null], []));
    expect(after).toEqual([listener]);
  });

  it('adds connections the step opened', () => {
    const after = endpointsAfter([listener], step('connect', ['10.0.0.1:40002-10.0.0.2:80'],
      [server(40002, 'ESTABLISHED'), client(40002, 'ESTABLISHED')]));
    expect(after).toHaveLength(3);
  });

  it('takes a flood answer as it is', () => {
    expect(endpointsAfter([listener, server(40000, 'SYN_RECEIVED')], step('flood', ['10.0.0.1:40000-10.0.0.2:80'], []))).toEqual([]);
  });
});
