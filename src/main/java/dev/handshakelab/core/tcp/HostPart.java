package dev.handshakelab.core.tcp;

import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.tcp.TcpEvent.TimerPhase;
import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One concern of a {@link TcpHost} (passive open, active open, timers, ...): it shares the
 * host's state and output, and reaches the other concerns through the host, so each part reads
 * like the kernel file it follows.
 */
abstract class HostPart {

    static final int NO_ACK = TcpHost.NO_ACK;

    final TcpHost stack;
    final Host host;
    final IpAddress address;
    final StackProfile profile;
    final Counters counters;
    final InitialSequenceNumbers isns;
    final FlowLabels flowLabels;
    final SynCookies cookies;
    final Map<ConnectionId, TcpConnection> connections;
    final Set<TcpConnection> armed;

    HostPart(TcpHost stack) {
        this.stack = stack;
        this.host = stack.host;
        this.address = stack.address;
        this.profile = stack.profile;
        this.counters = stack.counters;
        this.isns = stack.isns;
        this.cookies = stack.cookies;
        this.flowLabels = stack.flowLabels;
        this.connections = stack.connections;
        this.armed = stack.armed;
    }

    /** The listening socket, or null: {@code listen()} and {@code close()} replace it. */
    final Listener listener() {
        return stack.listener;
    }

    final EventSink sink() {
        return stack.sink;
    }

    final void send(TcpConnection c, TcpFlags flags, int seq, int ack, int window, List<TcpOption> options, SendCause cause,
                    int retransmission, long rto, long now) {
        stack.send(c, flags, seq, ack, window, options, cause, retransmission, rto, now);
    }

    final void emitSend(IpDatagram d, SendCause cause, int retransmission, long rto, long now) {
        stack.emitSend(d, cause, retransmission, rto, now);
    }

    final void sendReset(IpDatagram d, TcpSegment s, SendCause cause, long now) {
        stack.sendReset(d, s, cause, now);
    }

    final void sendReset(IpDatagram d, TcpSegment s, SendCause cause, TcpConnection from, long now) {
        stack.sendReset(d, s, cause, from, now);
    }

    /**
     * A request's current flow label: its txhash, drawn when the SYN came and again on every
     * SYN-ACK retransmission ({@code tcp_rtx_synack}); the child inherits it
     * ({@code tcp_create_openreq_child}: sk_txhash = treq->txhash).
     */
    final int requestLabel(RequestSock r) {
        return flowLabels.txhash(r.remoteAddress, r.remotePort, r.iss, r.labelGeneration & 0xFF);
    }

    final void drop(IpDatagram d, DropReason reason, long now) {
        stack.drop(d, reason, now);
    }

    final void overflow(IpDatagram d, String queue, int length, String action, long now) {
        stack.overflow(d, queue, length, action, now);
    }

    final void transition(TcpConnection c, TcpState from, TcpState to, String cause, long now) {
        stack.transition(c, from, to, cause, now);
    }

    final void timerEvent(ConnectionId id, TimerKind kind, TimerPhase phase, long deadline, long now) {
        stack.timerEvent(id, kind, phase, deadline, now);
    }

    final void fail(TcpConnection c, String errno, String detail, long now) {
        stack.fail(c, errno, detail, now);
    }

    final int tsOffset(int localPort, IpAddress peer, int peerPort) {
        return stack.tsOffset(localPort, peer, peerPort);
    }

    /**
     * {@code tcp_rsk(req)->ts_off}: Linux keeps it in the request sock; it is the same hash of
     * the 4-tuple every time, so it is recomputed here rather than grow every half-open request.
     */
    final int requestTsOffset(RequestSock r) {
        return stack.tsOffset(listener().local.port(), r.remoteAddress, r.remotePort);
    }

    final ConnectionId requestId(RequestSock r) {
        return stack.requestId(r);
    }

    static long tsVal(long nowMicros, int offset) {
        return TcpHost.tsVal(nowMicros, offset);
    }

    /**
     * {@code __tcp_oow_rate_limited}: at most one such reply per {@code tcp_invalid_ratelimit}
     * (500 ms by default); 0 never limits.
     */
    final boolean oowRateLimited(long lastAt, long now) {
        return lastAt >= 0 && now - lastAt < profile.invalidRatelimitMillis() * 1000L;
    }

    static boolean inWindow(int seq, int endSeq, int sWin, int eWin) {
        return TcpHost.inWindow(seq, endSeq, sWin, eWin);
    }

    /** {@code TCP_PAWS_WRAP}: a ts_recent older than 24 days no longer rejects anything. */
    static final long PAWS_WRAP_MICROS = 24L * 24 * 3600 * 1_000_000;
    /** {@code TCP_PAWS_MSL}: an RST is accepted despite PAWS once ts_recent is 60 s old. */
    static final long PAWS_MSL_MICROS = 60_000_000L;
    /** {@code TCP_PAWS_WINDOW}: an established socket tolerates a TSval one tick behind. */
    static final int PAWS_WINDOW = 1;

    /**
     * {@code tcp_paws_check}: the TSval passes when it is not more than {@code pawsWin} behind
     * ts_recent, when ts_recent is older than TCP_PAWS_WRAP, or when ts_recent is 0 ("some OSes
     * send SYN and SYNACK messages with tsval=0").
     */
    static boolean pawsCheck(long tsRecent, long tsRecentStamp, long tsVal, int pawsWin, long now) {
        return (int) (tsRecent - tsVal) <= pawsWin || now - tsRecentStamp >= PAWS_WRAP_MICROS || (int) tsRecent == 0;
    }
}
