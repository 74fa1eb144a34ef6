// Turns the event history into ladder-diagram rows: one row per segment put on the wire, with
// the time it left, the time (if any) it arrived, or where and why it was dropped.
import type { LabEvent, Segment } from '../api';

export type Column = 'client' | 'network' | 'server';

export interface LadderRow {
  /** Index of the segment-sent event: stable, used as the row's key. */
  id: number;
  row: number;
  segment: Segment;
  connection: string | null;
  fromColumn: Column;
  toColumn: Column;
  sentAtMicros: number;
  arrivedAtMicros: number | null;
  /** `where` is who dropped it (a middlebox's name, or the host), `route` the route a middlebox sits on. */
  drop: { column: Column; atMicros: number; where: string; route: string | null; reason: string } | null;
  /**
   * 0 for an original transmission, n for the n-th time the same SYN or SYN-ACK (same sender,
   * flags and sequence number) went out: counted as the connection's timeline counts it.
   */
  retransmission: number;
  /** Why it was resent: the timer expired, a duplicate SYN came in, or it was sent again by hand. */
  retransmissionCause: string | null;
  /** The sending event's sentence: who sent it and why. */
  sentText: string;
  /** Indices of the events about this segment: its sending, then its arrival or drop. */
  events: number[];
}

export const sideOf = (host: string): Column => (host === 'server' ? 'server' : 'client');
const other = (c: Column): Column => (c === 'server' ? 'client' : 'server');

/** Where a drop is drawn: at an endpoint when `where` names it, in the network otherwise. */
export function dropColumn(where: string | undefined, sender: Column): Column {
  const w = (where ?? '').toLowerCase();
  if (w.includes('server') || w.includes('listen') || w.includes('queue')) return 'server';
  if (w.includes('client')) return 'client';
  if (w === 'receiver') return other(sender);
  return 'network';
}

// A segment's identity across its sent/received/dropped events: its bytes and its direction.
const identity = (s: Segment) => `${s.from}>${s.to}:${s.tcpHex}`;

/**
 * Who dropped a segment and why, read as the server's connection timeline reads a
 * segment-dropped event (ConnectionTimelines): a middlebox's `where` is "forward route: fw" and
 * its rule is in `detail` (the event's `reason` is only "middlebox"); a host's `where` is
 * "server tcp" with the drop reason in `reason`.
 */
export function dropOf(e: Pick<LabEvent, 'where' | 'reason' | 'detail' | 'text' | 'host'>): { where: string; route: string | null; reason: string } {
  const w = e.where ?? null;
  const cut = w ? w.indexOf(': ') : -1;
  if (w && cut >= 0) return { where: w.slice(cut + 2), route: w.slice(0, cut), reason: e.detail ?? e.reason ?? e.text };
  return { where: w ? w.split(' ')[0] : e.host, route: null, reason: e.detail ?? e.reason ?? e.text };
}

/** The timeline's words for why a SYN or SYN-ACK went out again (ConnectionTimelines.sent). */
export function resendCause(e: Pick<LabEvent, 'rtoMicros'>, sender: Column): string {
  if (e.rtoMicros != null) return 'retransmission timer expired';
  return sender === 'server' ? "the client's SYN arrived again: SYN-ACK resent at once" : 'sent again by hand';
}

export function ladderRows(events: readonly LabEvent[]): LadderRow[] {
  const sorted = [...events].sort((a, b) => a.index - b.index);
  const rows: LadderRow[] = [];
  // Sent rows still waiting for their arrival or drop, first-in first-out per identity.
  const pending = new Map<string, LadderRow[]>();
  // How often each host has sent each SYN / SYN-ACK (by connection, flags and sequence number).
  const sends = new Map<string, number>();
  for (const e of sorted) {
    if (!e.segment) continue;
    const key = identity(e.segment);
    if (e.kind === 'segment-sent') {
      const from = sideOf(e.segment.sender ?? e.host);
      const syn = e.segment.flags.includes('SYN');
      const sendKey = `${e.connection ?? ''}|${from}|${e.segment.letters}|${e.segment.seq}`;
      const earlier = sends.get(sendKey) ?? 0;
      sends.set(sendKey, earlier + 1);
      const again = syn && earlier > 0;
      const r: LadderRow = {
        id: e.index, row: rows.length, segment: e.segment, connection: e.connection ?? null,
        fromColumn: from, toColumn: other(from), sentAtMicros: e.atMicros, arrivedAtMicros: null,
        drop: null, retransmission: again ? earlier : e.segment.retransmission ?? 0,
        retransmissionCause: again ? resendCause(e, from) : (e.segment.retransmission ?? 0) > 0 ? resendCause(e, from) : null,
        events: [e.index], sentText: e.text,
      };
      rows.push(r);
      pending.set(key, [...(pending.get(key) ?? []), r]);
    } else if (e.kind === 'segment-received' || e.kind === 'segment-dropped') {
      const queue = pending.get(key) ?? [];
      const r = queue.shift();
      if (!r) continue; // a drop of a segment never sent (e.g. history paged) has nothing to attach to
      r.events.push(e.index);
      if (e.kind === 'segment-received') r.arrivedAtMicros = e.atMicros;
      else r.drop = { column: dropColumn(e.where, r.fromColumn), atMicros: e.atMicros, ...dropOf(e) };
    }
  }
  return rows;
}

/** `3 s`, `1.250500 s`, `12 ms`, `0.500 ms`: virtual time for labels, exact to the microsecond. */
export function formatMicros(us: number): string {
  if (us % 1_000_000 === 0) return `${us / 1_000_000} s`;
  if (us < 1_000_000) return us % 1000 === 0 ? `${us / 1000} ms` : `${(us / 1000).toFixed(3)} ms`;
  return `${(us / 1_000_000).toFixed(us % 1000 === 0 ? 3 : 6)} s`;
}
