import { describe, expect, it } from 'vitest';
import type { Template } from '../api';
import { checkNetwork, LAB_NETWORKS, networkRequest, templateNetwork } from './network';

describe('the new session\'s network', () => {
  const v6Template = { id: 'ipv6-handshake', defaults: { serverAddress: '2001:db8::2', clientAddress: '2001:db8::1' } } as unknown as Template;
  it('starts where the template does, IPv4 from scratch', () => {
    expect(templateNetwork(undefined)).toEqual(LAB_NETWORKS[4]);
    expect(templateNetwork(v6Template)).toEqual(LAB_NETWORKS[6]);
  });
  it('sends only what differs from the template', () => {
    expect(networkRequest(LAB_NETWORKS[6], LAB_NETWORKS[6])).toEqual({});
    expect(networkRequest(LAB_NETWORKS[6], LAB_NETWORKS[4])).toEqual({ server: { address: '2001:db8::2' }, client: { address: '2001:db8::1' } });
  });
  it('refuses a mixed pair, a malformed address and one host twice, by the server\'s field names', () => {
    expect(checkNetwork(LAB_NETWORKS[6])).toEqual({});
    expect(checkNetwork({ server: '2001:db8::2', client: '10.0.0.1' })).toEqual({ 'client.address': expect.stringMatching(/IPv6 address like the server's/) });
    expect(checkNetwork({ server: '2001:db8::g', client: '2001:db8::1' })).toHaveProperty('server.address');
    expect(checkNetwork({ server: '2001:db8::2', client: '2001:db8::2' })['client.address']).toMatch(/differ/);
  });
});
