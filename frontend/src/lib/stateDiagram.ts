// The opening part of the RFC 9293 §3.3.2 state diagram (Figure 5) and which of its states and
// transitions an endpoint has been through.
import type { Transition } from '../api';

export const DIAGRAM_STATES = ['CLOSED', 'LISTEN', 'SYN_SENT', 'SYN_RECEIVED', 'ESTABLISHED'] as const;
export type DiagramState = (typeof DIAGRAM_STATES)[number];

export interface DiagramEdge {
  id: string;
  from: DiagramState;
  to: DiagramState;
  /** The event / action label of RFC 9293 Figure 5. */
  label: string;
  /** The same, short enough to write along the arrow. */
  short: string;
}

export const DIAGRAM_EDGES: DiagramEdge[] = [
  { id: 'CLOSED>LISTEN', from: 'CLOSED', to: 'LISTEN', label: 'passive OPEN', short: 'passive OPEN' },
  { id: 'CLOSED>SYN_SENT', from: 'CLOSED', to: 'SYN_SENT', label: 'active OPEN / snd SYN', short: 'active OPEN / snd SYN' },
  { id: 'LISTEN>SYN_RECEIVED', from: 'LISTEN', to: 'SYN_RECEIVED', label: 'rcv SYN / snd SYN,ACK', short: 'rcv SYN / snd SYN,ACK' },
  { id: 'LISTEN>SYN_SENT', from: 'LISTEN', to: 'SYN_SENT', label: 'SEND / snd SYN', short: 'SEND / snd SYN' },
  { id: 'SYN_SENT>SYN_RECEIVED', from: 'SYN_SENT', to: 'SYN_RECEIVED', label: 'rcv SYN / snd SYN,ACK (simultaneous open)', short: 'rcv SYN (simultaneous)' },
  { id: 'SYN_SENT>ESTABLISHED', from: 'SYN_SENT', to: 'ESTABLISHED', label: 'rcv SYN,ACK / snd ACK', short: 'rcv SYN,ACK / snd ACK' },
  { id: 'SYN_RECEIVED>ESTABLISHED', from: 'SYN_RECEIVED', to: 'ESTABLISHED', label: 'rcv ACK of SYN', short: 'rcv ACK of SYN' },
  { id: 'SYN_RECEIVED>LISTEN', from: 'SYN_RECEIVED', to: 'LISTEN', label: 'rcv RST', short: 'rcv RST' },
  { id: 'SYN_RECEIVED>CLOSED', from: 'SYN_RECEIVED', to: 'CLOSED', label: 'rcv RST / retries exhausted', short: 'RST / retries out' },
  { id: 'SYN_SENT>CLOSED', from: 'SYN_SENT', to: 'CLOSED', label: 'CLOSE / rcv RST / timeout', short: 'CLOSE / RST / timeout' },
  { id: 'LISTEN>CLOSED', from: 'LISTEN', to: 'CLOSED', label: 'CLOSE', short: 'CLOSE' },
];

/** Accepts `SYN-RECEIVED`, `syn_received`, `SYN_RCVD` alike. */
export function normalizeState(s: string): string {
  const up = s.trim().toUpperCase().replace(/-/g, '_');
  if (up === 'SYN_RCVD') return 'SYN_RECEIVED';
  return up;
}

export interface Highlight {
  current: string;
  /** True when the current state is one the diagram draws. */
  currentDrawn: boolean;
  visited: Set<string>;
  /** Edge id → the causes (in order) that took it. */
  taken: Map<string, { atMicros: number; cause: string }[]>;
  /** Transitions outside the drawn opening part (e.g. into FIN_WAIT_1). */
  elsewhere: Transition[];
}

export function highlight(state: string, transitions: readonly Transition[]): Highlight {
  const current = normalizeState(state);
  const visited = new Set<string>([current]);
  const taken = new Map<string, { atMicros: number; cause: string }[]>();
  const elsewhere: Transition[] = [];
  for (const t of transitions) {
    const id = `${normalizeState(t.from)}>${normalizeState(t.to)}`;
    if (DIAGRAM_EDGES.some((e) => e.id === id)) {
      taken.set(id, [...(taken.get(id) ?? []), { atMicros: t.atMicros, cause: t.cause }]);
      visited.add(normalizeState(t.from));
      visited.add(normalizeState(t.to));
    } else {
      elsewhere.push(t);
    }
  }
  return { current, currentDrawn: (DIAGRAM_STATES as readonly string[]).includes(current), visited, taken, elsewhere };
}

/**
 * What an arrow of the diagram says: for an arrow this endpoint took, what caused it (the latest
 * transition's cause, and how many times it was taken); for the others, RFC 9293's event / action.
 */
export function edgeCaption(edge: DiagramEdge, taken: readonly { cause: string }[] | undefined): string {
  if (!taken || taken.length === 0) return edge.short;
  return `${taken[taken.length - 1].cause}${taken.length > 1 ? ` ×${taken.length}` : ''}`;
}
