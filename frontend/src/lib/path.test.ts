import { describe, expect, it } from 'vitest';
import { checkPath, describePath, fromPathSpec, newBox, newRule, removeBox, renameBox, toPathRequest, type PathDraft } from './path';
import type { PathSpec } from '../api';

// The lost-syn-ack template's path, as GET /templates shows it.
const LOST_SYN_ACK = {
  middleboxes: [
    { type: 'delay' as const, id: 'link', latencyMillis: 10 },
    { type: 'loss' as const, id: 'synack-loss', match: { flags: ['SYN', 'ACK'] }, nth: [1] },
  ],
  forward: ['link'], back: ['synack-loss', 'link'],
};

describe('describePath', () => {
  it('puts both routes and every box in words', () => {
    expect(describePath(LOST_SYN_ACK)).toEqual({
      forward: 'client → [link] → server',
      back: 'server → [synack-loss] → [link] → client',
      boxes: [{ id: 'link', text: 'delays 10 ms' }, { id: 'synack-loss', text: 'loses the 1st of SYN-ACKs' }],
    });
  });
  it('names loss by probability, firewalls and filters with their actions', () => {
    const w = describePath({
      middleboxes: [
        { id: 'lossy', type: 'loss', probability: 0.3 },
        { id: 'fw', type: 'conntrack-firewall', onMismatch: 'reject-icmp', icmp: 'admin-prohibited' },
        { id: 'acl', type: 'filter', defaultAction: 'accept', rules: [{ action: 'reject-rst', flags: ['SYN'], dstPort: 80 }] },
        { id: 'late', type: 'delay', latencyMillis: 50, jitterMillis: 10 },
      ], forward: ['lossy', 'acl'], back: ['fw'],
    });
    expect(w.boxes.map((b) => b.text)).toEqual([
      'loses each of every segment with probability 0.3',
      'conntrack firewall: NEW and ESTABLISHED pass, INVALID → reject with ICMP admin-prohibited',
      'filter: SYNs to port 80 → reject with RST; otherwise accept',
      'delays 50 ms ± 10 ms',
    ]);
    expect(describePath(null).forward).toBe('client → server');
  });
});

function lostSynAckDraft(): PathDraft {
  const link = { ...newBox('delay', []), id: 'link', latencyMillis: '10' };
  const loss = { ...newBox('loss', ['link']), id: 'synack-loss', nth: '1', match: { ...newBox('loss', []).match, flags: ['ACK', 'SYN'] } };
  return { boxes: [link, loss], forward: ['link'], back: ['synack-loss', 'link'] };
}

describe('path editor model → request body', () => {
  it('builds the lost-syn-ack path from scratch, flags in a fixed order', () => {
    const d = lostSynAckDraft();
    expect(checkPath(d)).toEqual({});
    expect(toPathRequest(d)).toEqual({
      middleboxes: [
        { id: 'link', type: 'delay', latencyMillis: 10, jitterMillis: 0 },
        { id: 'synack-loss', type: 'loss', match: { flags: ['SYN', 'ACK'] }, nth: [1] },
      ],
      forward: ['link'], back: ['synack-loss', 'link'],
    });
  });
  it('maps probability loss, conntrack with ICMP and a filter with two rules', () => {
    const lossy = { ...newBox('loss', []), lossBy: 'probability' as const, probability: '0.25' };
    const fw = { ...newBox('conntrack-firewall', []), onMismatch: 'reject-icmp' as const, icmp: 'host-unreachable' };
    const acl = { ...newBox('filter', []), rules: [{ ...newRule(), src: '10.0.0.1', dstPort: '80', action: 'reject-icmp' as const }, { ...newRule(), flags: [], direction: 'server-to-client' as const, action: 'accept' as const }], defaultAction: 'drop' as const };
    const body = toPathRequest({ boxes: [lossy, fw, acl], forward: ['loss', 'filter'], back: ['fw'] });
    expect(body.middleboxes).toEqual([
      { id: 'loss', type: 'loss', probability: 0.25 },
      { id: 'fw', type: 'conntrack-firewall', onMismatch: 'reject-icmp', icmp: 'host-unreachable' },
      { id: 'filter', type: 'filter', defaultAction: 'drop', rules: [
        { action: 'reject-icmp', icmp: 'port-unreachable', flags: ['SYN'], src: '10.0.0.1', dstPort: 80 },
        { action: 'accept', direction: 'server-to-client' }] },
    ]);
  });
  it('gives new boxes free ids and renames and removes them on the routes too', () => {
    expect(newBox('loss', ['loss', 'loss-2']).id).toBe('loss-3');
    const d = renameBox(lostSynAckDraft(), 0, 'wire');
    expect([d.forward, d.back]).toEqual([['wire'], ['synack-loss', 'wire']]);
    expect(removeBox(d, 0)).toMatchObject({ forward: [], back: ['synack-loss'] });
  });
});

describe('path validation under the server field names', () => {
  it('checks ids, loss positions, probability, delay and routes', () => {
    const d = lostSynAckDraft();
    d.boxes[0] = { ...d.boxes[0], jitterMillis: '11' };
    d.boxes[1] = { ...d.boxes[1], id: 'link', nth: '0, 2' };
    d.boxes.push({ ...newBox('loss', []), id: 'server', lossBy: 'probability', probability: '1.5' });
    d.forward.push('nope');
    expect(checkPath(d)).toEqual({
      'path.middleboxes[0].jitterMillis': 'must be between 0 and 10',
      'path.middleboxes[1].id': '"link" is used by box 1; ids must be unique',
      'path.middleboxes[1].nth': 'must be between 1 and 1000000',
      'path.middleboxes[2].id': '"server" names a host; choose another id',
      'path.middleboxes[2].probability': 'must be between 0 and 1',
      'path.forward[1]': '"nope" is not a declared middlebox',
      // the id was changed in place, not through renameBox, so the back route still names the old one
      'path.back[0]': '"synack-loss" is not a declared middlebox',
    });
  });
  it('checks rule addresses and ports, and a filter that would do nothing', () => {
    const acl = { ...newBox('filter', []), rules: [{ ...newRule(), src: '10.0.0.300', dstPort: '70000' }] };
    expect(checkPath({ boxes: [acl], forward: ['filter', 'filter'], back: [] })).toEqual({
      'path.middleboxes[0].rules[0].src': '300 is not a byte: each part is 0 to 255, without leading zeros',
      'path.middleboxes[0].rules[0].dstPort': 'must be between 0 and 65535',
      'path.forward[1]': '"filter" is already on this route',
    });
    expect(checkPath({ boxes: [{ ...acl, rules: [] }], forward: [], back: [] })).toEqual({
      'path.middleboxes[0].rules': 'add a rule, or the filter lets everything through',
    });
  });
});

describe('a template path in the editor', () => {
  it('turns every kind of box back into the same request', () => {
    const spec: PathSpec = {
      middleboxes: [
        { id: 'link', type: 'delay', latencyMillis: 10, jitterMillis: 0 },
        { id: 'synack-loss', type: 'loss', match: { flags: ['SYN', 'ACK'] }, nth: [1, 2] },
        { id: 'lossy', type: 'loss', probability: 0.3 },
        { id: 'fw', type: 'conntrack-firewall', onMismatch: 'reject-icmp', icmp: 'admin-prohibited' },
        { id: 'acl', type: 'filter', defaultAction: 'drop', rules: [{ action: 'accept', flags: ['SYN', 'ACK'], srcPort: 80, direction: 'server-to-client' }] },
      ],
      forward: ['link', 'fw'],
      back: ['synack-loss', 'lossy', 'acl', 'link'],
    };
    const draft = fromPathSpec(spec);
    expect(checkPath(draft)).toEqual({});
    expect(toPathRequest(draft)).toEqual(spec);
  });

  it('reads the nulls a server leaves in a path, and no path at all', () => {
    const fromServer = { middleboxes: [{ id: 'fw', type: 'conntrack-firewall', onMismatch: 'drop', icmp: null }], forward: [], back: ['fw'] } as unknown as PathSpec;
    const draft = fromPathSpec(fromServer);
    expect(toPathRequest({ ...draft, forward: ['fw'] })).toEqual({ middleboxes: [{ id: 'fw', type: 'conntrack-firewall', onMismatch: 'drop' }], forward: ['fw'], back: ['fw'] });
    expect(fromPathSpec(null)).toEqual({ boxes: [], forward: [], back: [] });
  });
});
