package dev.handshakelab.core.tcp;

import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.Ipv4Address;
import dev.handshakelab.core.wire.Ipv6Address;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The listener's half-open requests ({@code icsk_accept_queue}'s request part), looked up by the
 * client's address and port, plus their retransmission deadlines.
 *
 * <p>Lookup is an open-addressing table of references (linear probing, backward-shift
 * deletion) so an entry costs one array slot rather than a map node and a boxed key; deadlines
 * sit in a binary heap of the requests themselves. A removed request is only flagged
 * {@link RequestSock#DEAD} and skipped when it reaches the top of the heap, so removal stays
 * O(log n) at most. The queue also counts "young" requests (never timed out), which Linux's load-dependent
 * pruning in {@code reqsk_timer_handler} needs.
 */
public final class SynQueue {

    /**
     * The order requests' timers fire in: by deadline; among those due at the same instant, the
     * older request first, then by client port and address. The order must be total: with ties
     * left to the heap, they would fall however its layout happened to be, and the layout
     * changes when {@link #nextDeadline} discards removed requests, which the API does after
     * every step and a replay of the same steps does not; a rebuilt world then fired its timers
     * in another order than the one that was stored. (Linux fires timers due in the same jiffy
     * in its timer wheel's order; which of two simultaneous SYN-ACK retransmissions goes first
     * changes nothing for either connection.)
     */
    private static final Comparator<RequestSock> FIRING_ORDER = SynQueue::firingOrder;

    private RequestSock[] table = new RequestSock[16];
    private int size;
    private int young;
    private final PriorityQueue<RequestSock> timers = new PriorityQueue<>(FIRING_ORDER);

    private static int firingOrder(RequestSock a, RequestSock b) {
        int c = Long.compare(a.deadline, b.deadline);
        if (c == 0) {
            c = Long.compare(a.createdAt, b.createdAt);
        }
        if (c == 0) {
            c = Integer.compare(a.remotePort, b.remotePort);
        }
        return c != 0 ? c : compareAddresses(a.remoteAddress, b.remoteAddress);
    }

    private static int compareAddresses(IpAddress a, IpAddress b) {
        if (a instanceof Ipv4Address x && b instanceof Ipv4Address y) {
            return Integer.compareUnsigned(x.bits(), y.bits());
        }
        if (a instanceof Ipv6Address x && b instanceof Ipv6Address y) {
            int c = Long.compareUnsigned(x.high(), y.high());
            return c != 0 ? c : Long.compareUnsigned(x.low(), y.low());
        }
        return a instanceof Ipv4Address ? -1 : 1;
    }

    /** {@code reqsk_queue_len}. */
    public int size() {
        return size;
    }

    /** {@code reqsk_queue_len_young}: requests whose timer has not fired yet. */
    public int young() {
        return young;
    }

    private static int hash(IpAddress a, int port) {
        int h;
        if (a instanceof Ipv4Address v4) {
            h = v4.bits();
        } else {
            Ipv6Address v6 = (Ipv6Address) a;
            h = hashV6(v6.high(), v6.low());
        }
        return mix(h, port);
    }

    private static int hashV6(long high, long low) {
        return Long.hashCode(high ^ low * 31);
    }

    private static int mix(int h, int port) {
        h = h * 0x9E3779B9 + port;
        return h ^ (h >>> 16);
    }

    public RequestSock find(IpAddress address, int port) {
        int mask = table.length - 1;
        for (int i = hash(address, port) & mask; ; i = (i + 1) & mask) {
            RequestSock r = table[i];
            if (r == null) {
                return null;
            }
            if (r.remotePort == port && r.remoteAddress.equals(address)) {
                return r;
            }
        }
    }

    /** {@link #find} for an IPv4 client given as its 32 bits: the SYN-flood path looks up without building an address. */
    public RequestSock findV4(int address, int port) {
        int mask = table.length - 1;
        for (int i = mix(address, port) & mask; ; i = (i + 1) & mask) {
            RequestSock r = table[i];
            if (r == null) {
                return null;
            }
            if (r.remotePort == port && r.remoteAddress instanceof Ipv4Address v4 && v4.bits() == address) {
                return r;
            }
        }
    }

    /** {@link #find} for an IPv6 client given as its two halves: the SYN-flood path over IPv6 looks up without building an address. */
    public RequestSock findV6(long high, long low, int port) {
        int mask = table.length - 1;
        for (int i = mix(hashV6(high, low), port) & mask; ; i = (i + 1) & mask) {
            RequestSock r = table[i];
            if (r == null) {
                return null;
            }
            if (r.remotePort == port && r.remoteAddress instanceof Ipv6Address v6 && v6.high() == high && v6.low() == low) {
                return r;
            }
        }
    }

    void add(RequestSock r) {
        if ((size + 1) * 2 > table.length) {
            grow();
        }
        insert(table, r);
        size++;
        young++;
        timers.add(r);
    }

    private static void insert(RequestSock[] t, RequestSock r) {
        int mask = t.length - 1;
        int i = hash(r.remoteAddress, r.remotePort) & mask;
        while (t[i] != null) {
            i = (i + 1) & mask;
        }
        t[i] = r;
    }

    private void grow() {
        RequestSock[] bigger = new RequestSock[table.length * 2];
        for (RequestSock r : table) {
            if (r != null) {
                insert(bigger, r);
            }
        }
        table = bigger;
    }

    /** Unlinks a request ({@code inet_csk_reqsk_queue_drop}); its heap entry goes stale. */
    void remove(RequestSock r) {
        int mask = table.length - 1;
        int i = hash(r.remoteAddress, r.remotePort) & mask;
        while (table[i] != r) {
            i = (i + 1) & mask;
        }
        table[i] = null;
        // backward-shift deletion keeps every probe chain unbroken
        for (int j = (i + 1) & mask; table[j] != null; j = (j + 1) & mask) {
            RequestSock moved = table[j];
            int home = hash(moved.remoteAddress, moved.remotePort) & mask;
            if (((j - home) & mask) >= ((j - i) & mask)) {
                table[i] = moved;
                table[j] = null;
                i = j;
            }
        }
        size--;
        if (r.timeouts == 0) {
            young--;
        }
        r.set(RequestSock.DEAD);
        // A request completed by its 3rd ACK is nearly always the one due first (each handshake
        // of a lab or a benchmark is): its entry goes at once rather than when a deadline is
        // next asked for, so a host that is never asked keeps no trail of dead entries. The
        // firing order is total, so when they go does not change which timer fires first.
        discardDead();
    }

    /** Drops removed requests from the top of the heap; returns the live top, or null. */
    private RequestSock discardDead() {
        RequestSock top;
        while ((top = timers.peek()) != null && top.has(RequestSock.DEAD)) {
            timers.poll();
        }
        return top;
    }

    /** Called when a request's timer fires for the first time: it is no longer young. */
    void aged(RequestSock r) {
        if (r.timeouts == 0) {
            young--;
        }
    }

    /** The earliest live deadline, or Long.MAX_VALUE. */
    long nextDeadline() {
        RequestSock top = discardDead();
        return top == null ? Long.MAX_VALUE : top.deadline;
    }

    /** Removes and returns the live request due at or before {@code now}, or null. */
    RequestSock pollDue(long now) {
        long next = nextDeadline();
        return next <= now ? timers.poll() : null;
    }

    /** Entries in the deadline heap, dead ones included (for tests). */
    int timerEntries() {
        return timers.size();
    }

    /** Puts a request whose deadline changed (after it was polled) back into the heap. */
    void rearm(RequestSock r) {
        timers.add(r);
    }

    /** Moves a request still in the heap to a new deadline (rare: a retransmitted SYN restarts the timer). */
    void reschedule(RequestSock r, long deadline) {
        timers.remove(r);
        r.deadline = deadline;
        timers.add(r);
    }

    /** Live requests ordered by creation time then client port, for snapshots. */
    public List<RequestSock> entries() {
        List<RequestSock> out = new ArrayList<>(size);
        for (RequestSock r : table) {
            if (r != null) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparingLong((RequestSock r) -> r.createdAt).thenComparingInt(r -> r.remotePort));
        return out;
    }
}
