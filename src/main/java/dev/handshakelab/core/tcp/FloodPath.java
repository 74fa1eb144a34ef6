package dev.handshakelab.core.tcp;

import dev.handshakelab.core.tcp.Counters.Counter;
import dev.handshakelab.core.wire.Ipv4Address;

/**
 * The SYN flood fast path: {@code tcp_conn_request} for a bare spoofed SYN on primitives.
 */
final class FloodPath extends HostPart {

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
     * flooding" warning, or the first drop), or IPv6. The
     * caller guarantees that no full connection of this host has {@code srcAddress} as its peer.
     */
    long floodSyn(int srcAddress, int srcPort, int seq, SynOptions syn, long now) {
        Listener l = listener();
        if (sink().enabled() || syn.timestamps() || !(address instanceof Ipv4Address local)
                || l.synQueue.findV4(srcAddress, srcPort) != null) {
            return TcpHost.FLOOD_NEEDS_FULL_PATH;
        }
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
        int port = l.local.port();
        if (wantCookie) {
            int peerMss = OptionNegotiation.listenerPeerMss(profile, syn, false);
            int cookie = cookies.cookieV4(now, srcAddress, local.bits(), srcPort, port, seq, SynCookies.mssIndex(peerMss));
            l.lastOverflow = now;
            counters.inc(Counter.SYNCOOKIES_SENT);
            return Integer.toUnsignedLong(cookie);
        }
        Ipv4Address src = new Ipv4Address(srcAddress);
        int iss = isns.isn(now, address, port, src, srcPort);
        RequestSock r = new RequestSock(src, srcPort, seq, iss, syn, false, now);
        r.deadline = now + profile.initialRtoMicros();
        l.synQueue.add(r);
        counters.inc(Counter.SYNACKS_SENT);
        return Integer.toUnsignedLong(iss);
    }
}
