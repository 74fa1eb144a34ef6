// The new-session form's network: IPv4 or IPv6, and the two addresses. A session is of one IP
// version as a whole (the server refuses a mix, naming client.address), so choosing the version
// sets both addresses to that version's lab defaults, which mirror the server's (LabAddresses).
import type { CreateSession, Template } from '../api';
import { ipProblem, ipVersionOf } from './fields';

export interface NetworkDraft {
  server: string;
  client: string;
}

export const LAB_NETWORKS: Record<4 | 6, NetworkDraft> = {
  4: { server: '10.0.0.2', client: '10.0.0.1' },
  // the documentation prefix (RFC 3849), host parts as in the IPv4 lab
  6: { server: '2001:db8::2', client: '2001:db8::1' },
};

/** The network a template's sessions get, or the IPv4 lab's from scratch. */
export function templateNetwork(t: Template | undefined): NetworkDraft {
  return { server: t?.defaults.serverAddress ?? LAB_NETWORKS[4].server, client: t?.defaults.clientAddress ?? LAB_NETWORKS[4].client };
}

/** Problems by the server's field names: each address well-formed, and the client's version the server's. */
export function checkNetwork(n: NetworkDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  const server = ipProblem(n.server);
  const client = ipProblem(n.client);
  if (server) errors['server.address'] = server;
  if (client) errors['client.address'] = client;
  else if (!server && ipVersionOf(n.client) !== ipVersionOf(n.server)) {
    errors['client.address'] = `an IPv${ipVersionOf(n.server)} address like the server's: a session is IPv4 or IPv6 as a whole`;
  } else if (!server && n.client.trim() === n.server.trim()) {
    errors['client.address'] = "must differ from the server's address";
  }
  return errors;
}

/** What the create request says of the network: nothing when it is the template's (or scratch's) own. */
export function networkRequest(n: NetworkDraft, base: NetworkDraft): Pick<CreateSession, 'server' | 'client'> {
  const out: Pick<CreateSession, 'server' | 'client'> = {};
  if (n.server.trim() !== base.server) out.server = { address: n.server.trim() };
  if (n.client.trim() !== base.client) out.client = { address: n.client.trim() };
  return out;
}
