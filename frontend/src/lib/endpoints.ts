import type { Endpoint, Step } from '../api';

/** The connection an endpoint belongs to, written as the API writes connections: client side first. */
export function connectionOf(e: Endpoint): string | null {
  if (!e.remote) return null;
  return e.host === 'client' ? `${e.local}-${e.remote}` : `${e.remote}-${e.local}`;
}

/**
 * The endpoints after a step. A step answers with the endpoints of the connections its events
 * name; those replace what we had for these connections, and a touched connection the answer
 * leaves out has ended. A flood answers with none at all (its endpoints are in the snapshot).
 */
export function endpointsAfter(have: Endpoint[], step: Step): Endpoint[] {
  if (step.kind === 'flood') return step.endpoints;
  const touched = new Set(step.events.map((e) => e.connection).filter((c): c is string => !!c));
  const kept = have.filter((e) => {
    const c = connectionOf(e);
    return c === null || !touched.has(c);
  });
  return [...kept, ...step.endpoints];
}
