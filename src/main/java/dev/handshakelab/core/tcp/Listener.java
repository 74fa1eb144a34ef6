package dev.handshakelab.core.tcp;

import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.wire.HostPort;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A listening socket: its SYN queue of half-open {@link RequestSock}s, its accept queue of
 * completed connections the application has not taken yet, and the listener-wide SYN-cookie
 * state. The handling of segments is in {@link TcpHost}.
 */
public final class Listener {

    final HostPort local;
    final SynQueue synQueue = new SynQueue();
    final ArrayDeque<TcpConnection> acceptQueue = new ArrayDeque<>();
    /** {@code sk_max_ack_backlog} = min(backlog, somaxconn). */
    final int maxAckBacklog;
    /** {@code rx_opt.ts_recent_stamp} of the listener: when a cookie was last sent, or MIN. */
    long lastOverflow = Long.MIN_VALUE / 2;
    /** "Possible SYN flooding ... Sending cookies." is logged once per listener. */
    boolean floodWarned;
    /**
     * Fast Open children not yet acknowledged ({@code fastopenq.qlen}), each with the request
     * that resends its SYN-ACK and checks its third ACK ({@code tp->fastopen_rsk}).
     */
    final java.util.IdentityHashMap<RequestSock, TcpConnection> fastOpenChildren = new java.util.IdentityHashMap<>(2);
    int fastOpenPending;
    /** When the application next calls accept(), or MAX when it is not waiting. */
    long nextAcceptAt = Long.MAX_VALUE;

    // Per-listener constants of the SYN-ACK (tcp_openreq_init_rwin), without and with timestamps.
    final int advMss;
    final int windowNoTs;
    final int windowTs;
    final int shiftNoTs;
    final int shiftTs;
    /** {@code rskq_defer_accept}: TCP_DEFER_ACCEPT's seconds as a number of SYN-ACK timeouts, 0 when off. */
    final int deferAcceptRetrans;

    Listener(HostPort local, StackProfile profile) {
        this.local = local;
        this.maxAckBacklog = profile.maxAckBacklog();
        boolean v6 = local.address().ipv6();
        this.advMss = profile.listenerMss(v6); // tcp_mss_clamp: TCP_MAXSEG lowers it
        this.windowNoTs = OptionNegotiation.synWindow(profile, advMss, false);
        this.windowTs = OptionNegotiation.synWindow(profile, advMss, true);
        this.shiftNoTs = OptionNegotiation.offeredShift(profile, false, v6);
        this.shiftTs = OptionNegotiation.offeredShift(profile, true, v6);
        this.deferAcceptRetrans = secsToRetrans(profile.deferAcceptSeconds(), Math.max(1, profile.initialRtoMillis() / 1000),
                Math.max(1, profile.maxRtoMillis() / 1000));
    }

    /**
     * {@code secs_to_retrans} (net/ipv4/tcp.c), TCP_DEFER_ACCEPT's conversion: the number of
     * SYN-ACK timeouts, starting at the initial RTO and doubling up to the maximum, that the
     * given seconds last; 1 s is one timeout, 3 s two, 0 none.
     */
    static int secsToRetrans(int seconds, int timeout, int rtoMax) {
        int res = 0;
        if (seconds > 0) {
            int period = timeout;
            res = 1;
            while (seconds > period && res < 255) {
                res++;
                timeout = Math.min(timeout << 1, rtoMax);
                period += timeout;
            }
        }
        return res;
    }

    /** TCP_DEFER_ACCEPT as SYN-ACK timeouts ({@code rskq_defer_accept}), 0 when not set. */
    public int deferAcceptRetrans() { return deferAcceptRetrans; }

    public HostPort local() { return local; }
    public int maxAckBacklog() { return maxAckBacklog; }
    public SynQueue synQueue() { return synQueue; }
    /** Completed connections waiting for accept(), oldest first. */
    public List<TcpConnection> acceptQueue() { return List.copyOf(acceptQueue); }
    /** How many completed connections wait for accept() (without copying the queue). */
    public int acceptQueueLength() { return acceptQueue.size(); }
    /** When the application's next accept() is due, or Long.MAX_VALUE. */
    public long nextAcceptAtMicros() { return nextAcceptAt; }

    /** {@code sk_acceptq_is_full}: deliberately {@code >}, so backlog N holds N + 1. */
    boolean acceptQueueFull() {
        return acceptQueue.size() > maxAckBacklog;
    }

    /**
     * {@code inet_csk_reqsk_queue_is_full}: {@code >} since the January 2025 patch "tcp/dccp:
     * allow a connection when sk_max_ack_backlog is zero" (reference §3.7).
     */
    boolean synQueueFull() {
        return requestCount() > maxAckBacklog;
    }

    /**
     * {@code reqsk_queue_len}: the half-open requests. A Fast Open request is kept in
     * {@link #synQueue} here for its SYN-ACK timer and third ACK, but Linux hangs it off its child
     * ({@code tp->fastopen_rsk}), which the accept queue counts, so it is not one of them.
     */
    int requestCount() {
        return synQueue.size() - fastOpenPending;
    }

    int window(boolean ts) {
        return ts ? windowTs : windowNoTs;
    }

    int shift(boolean ts) {
        return ts ? shiftTs : shiftNoTs;
    }
}
