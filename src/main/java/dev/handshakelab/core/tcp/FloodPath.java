package dev.handshakelab.core.tcp;

import dev.handshakelab.core.tcp.Counters.Counter;
import dev.handshakelab.core.wire.Ipv4Address;
import dev.handshakelab.core.wire.Ipv6Address;

/**
 * The SYN flood fast path: {@code tcp_conn_request} for a bare spoofed SYN on primitives, over
 * IPv4 ({@link #floodSyn}) and IPv6 ({@link #floodSyn6}).
 */
final class FloodPath extends HostPart {

    /** {@link #admit}: answer with a SYN cookie. */
    private static final int COOKIE = 1;
    /** {@link #admit}: queue a request. */
    private static final int QUEUE = 0;

    FloodPath(TcpHost stack) {
        super(stack);
    }

    /**
     * A SYN from a spoofed flood source to the listener: the same decisions as {@link TcpHost#receive}
     * → {@link PassiveOpen#connRequest} ({@code tcp_conn_request}) take for a valid bare SYN, on primitive
     * values, so that a million SYNs cost no datagram, segment or event object and, in cookie
     * mode, no allocation at all. The SYN-ACK is addressed to a source that does not exist: it is
     * counted as sent, not built.
     *
     * <p>Returns the SYN-ACK's ISN as an unsigned value (the cookie, or the queued request's
     * ISS), {@link TcpHost#FLOOD_DROPPED}, or {@link TcpHost#FLOOD_NEEDS_FULL_PATH} without touching anything
     * when the SYN needs more than this path knows: events are wanted, the SYN carries
     * timestamps, a request already exists for the 4-tuple ({@code tcp_check_req} decides), the
     * first SYN a full queue turns away (the first cookie of a flood, with its "Possible SYN
     * flooding" warning, or the first drop), or a listener of the other family. The
     * caller guarantees that no full connection of this host has {@code srcAddress} as its peer.
     */
    long floodSyn(int srcAddress, int srcPort, int seq, SynOptions syn, long now) {
        Listener l = listener();
        if (sink().enabled() || syn.timestamps() || !(address instanceof Ipv4Address local)
                || l.synQueue.findV4(srcAddress, srcPort) != null) {
            return TcpHost.FLOOD_NEEDS_FULL_PATH;
        }
        long admitted = admit(l);
        if (admitted == COOKIE) {
            int peerMss = OptionNegotiation.listenerPeerMss(profile, syn, false);
            return cookieSent(l, cookies.cookieV4(now, srcAddress, local.bits(), srcPort, l.local.port(), seq,
                    SynCookies.mssIndex(peerMss)), now);
        }
        if (admitted != QUEUE) {
            return admitted;
        }
        Ipv4Address src = new Ipv4Address(srcAddress);
        return queued(l, new RequestSock(src, srcPort, seq, isns.isn(now, address, l.local.port(), src, srcPort), syn, false, now), now);
    }

    /**
     * {@link #floodSyn} for an IPv6 source given as its two halves ({@code tcp_v6_conn_request} →
     * {@code tcp_conn_request}): the same decisions, the cookie from {@code cookie_v6_init_sequence}
     * (its own MSS table, 1220/1420/1440/8940) over the 128-bit addresses, and no allocation in
     * cookie mode either. A queued request holds its address as an {@link Ipv6Address}. The IPv6
     * flow label of the SYN-ACK that is not built is not drawn: it is a pure function of the
     * request ({@code FlowLabels#txhash}), so nothing is lost.
     */
    long floodSyn6(long srcHigh, long srcLow, int srcPort, int seq, SynOptions syn, long now) {
        Listener l = listener();
        if (sink().enabled() || syn.timestamps() || !(address instanceof Ipv6Address)
                || l.synQueue.findV6(srcHigh, srcLow, srcPort) != null) {
            return TcpHost.FLOOD_NEEDS_FULL_PATH;
        }
        long admitted = admit(l);
        if (admitted == COOKIE) {
            int peerMss = OptionNegotiation.listenerPeerMss(profile, syn, true);
            return cookieSent(l, cookies.cookieV6(now, srcHigh, srcLow, address, srcPort, l.local.port(), seq,
                    SynCookies.mssIndex(peerMss, true)), now);
        }
        if (admitted != QUEUE) {
            return admitted;
        }
        Ipv6Address src = new Ipv6Address(srcHigh, srcLow);
        return queued(l, new RequestSock(src, srcPort, seq, isns.isn(now, address, l.local.port(), src, srcPort), syn, false, now), now);
    }

    /**
     * {@code tcp_conn_request}'s checks before anything is built, counting what it counts:
     * {@link #COOKIE}, {@link #QUEUE}, {@link TcpHost#FLOOD_DROPPED}, or
     * {@link TcpHost#FLOOD_NEEDS_FULL_PATH} (nothing counted) for the first SYN a full queue turns away.
     */
    private long admit(Listener l) {
        int mode = profile.syncookies();
        boolean wantCookie = mode == 2 || l.synQueueFull();
        if (wantCookie && mode != 2 && !l.floodWarned) {
            // the first SYN the full queue turns away goes the full way, so the history shows it;
            // with syncookies 0 connRequest never reads the flag, which tcp_syn_flood_action sets
            // in both modes (synflood_warned: "Sending cookies" or "Dropping request")
            if (mode == 0) {
                l.floodWarned = true;
            }
            return TcpHost.FLOOD_NEEDS_FULL_PATH;
        }
        counters.inc(Counter.SEGMENTS_RECEIVED);
        counters.inc(Counter.SYNS_RECEIVED);
        if (wantCookie && mode == 0) {
            counters.inc(Counter.REQ_QFULL_DROP);
            counters.drop(DropReason.SYN_QUEUE_FULL);
            return TcpHost.FLOOD_DROPPED;
        }
        if (l.acceptQueueFull()) {
            counters.inc(Counter.LISTEN_OVERFLOWS);
            counters.drop(DropReason.ACCEPT_QUEUE_FULL_SYN);
            return TcpHost.FLOOD_DROPPED;
        }
        if (!wantCookie && mode == 0 && profile.maxSynBacklog() - l.requestCount() < (profile.maxSynBacklog() >> 2)) {
            counters.drop(DropReason.SYN_BACKLOG_UNPROVEN);
            return TcpHost.FLOOD_DROPPED;
        }
        counters.inc(Counter.SEGMENTS_SENT);
        return wantCookie ? COOKIE : QUEUE;
    }

    /** A cookie SYN-ACK counted as sent ({@code tcp_synq_overflow} notes the time); returns the cookie unsigned. */
    private long cookieSent(Listener l, int cookie, long now) {
        l.lastOverflow = now;
        counters.inc(Counter.SYNCOOKIES_SENT);
        return Integer.toUnsignedLong(cookie);
    }

    /** A request queued with its SYN-ACK counted as sent and its timer armed; returns its ISS unsigned. */
    private long queued(Listener l, RequestSock r, long now) {
        r.deadline = now + profile.initialRtoMicros();
        l.synQueue.add(r);
        counters.inc(Counter.SYNACKS_SENT);
        return Integer.toUnsignedLong(r.iss);
    }
}
