import { describe, expect, it } from 'vitest';
import { DIAGRAM_EDGES, edgeCaption, highlight, normalizeState } from './stateDiagram';

describe('state diagram highlighting', () => {
  it('lights the passive open path of a server that completed the handshake', () => {
    const h = highlight('ESTABLISHED', [
      { atMicros: 0, from: 'LISTEN', to: 'SYN_RECEIVED', cause: 'SYN received' },
      { atMicros: 900, from: 'SYN_RECEIVED', to: 'ESTABLISHED', cause: 'ACK of SYN received' },
    ]);
    expect(h.current).toBe('ESTABLISHED');
    expect(h.currentDrawn).toBe(true);
    expect([...h.visited].sort()).toEqual(['ESTABLISHED', 'LISTEN', 'SYN_RECEIVED']);
    expect([...h.taken.keys()]).toEqual(['LISTEN>SYN_RECEIVED', 'SYN_RECEIVED>ESTABLISHED']);
    expect(h.taken.get('SYN_RECEIVED>ESTABLISHED')).toEqual([{ atMicros: 900, cause: 'ACK of SYN received' }]);
  });

  it('draws simultaneous open through SYN_SENT to SYN_RECEIVED', () => {
    const h = highlight('SYN-RECEIVED', [
      { atMicros: 0, from: 'CLOSED', to: 'SYN-SENT', cause: 'active open' },
      { atMicros: 5, from: 'SYN-SENT', to: 'SYN-RECEIVED', cause: 'SYN received while SYN_SENT' },
    ]);
    expect(h.current).toBe('SYN_RECEIVED');
    expect([...h.taken.keys()]).toEqual(['CLOSED>SYN_SENT', 'SYN_SENT>SYN_RECEIVED']);
    expect(h.visited.has('LISTEN')).toBe(false);
  });

  it('lists transitions outside the opening part instead of dropping them', () => {
    const h = highlight('FIN_WAIT_1', [{ atMicros: 1, from: 'ESTABLISHED', to: 'FIN_WAIT_1', cause: 'close' }]);
    expect(h.currentDrawn).toBe(false);
    expect(h.taken.size).toBe(0);
    expect(h.elsewhere).toHaveLength(1);
  });

  it('counts a repeated edge once per time it was taken', () => {
    const t = { atMicros: 0, from: 'SYN_RECEIVED', to: 'LISTEN', cause: 'RST received' };
    expect(highlight('LISTEN', [t, { ...t, atMicros: 7 }]).taken.get('SYN_RECEIVED>LISTEN')).toHaveLength(2);
  });

  it('normalizes the spellings the kernel and RFC use', () => {
    expect(normalizeState('syn_rcvd')).toBe('SYN_RECEIVED');
    expect(normalizeState('Syn-Sent')).toBe('SYN_SENT');
  });
});

describe('arrow captions', () => {
  it("say what caused an arrow the endpoint took, else RFC 9293's event / action", () => {
    const edge = DIAGRAM_EDGES.find((e) => e.id === 'LISTEN>SYN_RECEIVED')!;
    expect(edgeCaption(edge, undefined)).toBe('rcv SYN / snd SYN,ACK');
    expect(edgeCaption(edge, [{ cause: 'SYN received' }])).toBe('SYN received');
    expect(edgeCaption(edge, [{ cause: 'SYN received' }, { cause: 'SYN received again' }])).toBe('SYN received again ×2');
    expect(DIAGRAM_EDGES.every((e) => e.short.length > 0 && e.short.length <= 24)).toBe(true);
  });
});
