package dev.handshakelab.core.tcp;

import dev.handshakelab.core.tcp.Counters.Counter;
import dev.handshakelab.core.tcp.TcpEvent.TimerPhase;
import dev.handshakelab.core.wire.Bytes;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import java.util.List;

/**
 * A segment for a half-open request in the SYN queue: {@code tcp_check_req}
 * (net/ipv4/tcp_minisocks.c), in its order of checks.
 */
final class CheckRequest extends HostPart {

    CheckRequest(TcpHost stack) {
        super(stack);
    }

    /**
     * SYN-RECEIVED for a queued request: {@code tcp_check_req}, in its order of checks
     * (RFC 9293 §3.10.7.4 as Linux refines it).
     */
    void synReceived(RequestSock r, IpDatagram d, TcpSegment s, long now) {
        TcpFlags f = s.flags();
        int seq = s.seq().bits();
        boolean ts = r.has(RequestSock.TS_OK);
        TcpOption.Timestamps tso = ts ? s.option(TcpOption.Timestamps.class) : null;
        boolean tsecrReject = false;
        boolean pawsReject = false;
        if (tso != null) {
            // tsecr_reject: the echoed TSecr must lie in [first SYN-ACK TSval, last SYN-ACK TSval].
            tsecrReject = tso.tsEcr() != 0
                    && !(((int) tso.tsEcr() - r.firstTsVal) >= 0 && (r.lastTsVal - (int) tso.tsEcr()) >= 0);
            // paws_reject = tcp_paws_reject(&tmp_opt, th->rst) against the request's ts_recent,
            // whose stamp Linux estimates as now - reqsk_timeout(req): an RST passes only once
            // that estimate is TCP_PAWS_MSL old.
            long rto = stack.timers.requestRto(r);
            pawsReject = !pawsCheck(Integer.toUnsignedLong(r.tsRecent), now - rto, tso.tsVal(), 0, now)
                    && !(f.rst() && rto >= PAWS_MSL_MICROS);
        }
        // "Check for pure retransmitted SYN": same ISN, SYN alone, PAWS passed → resend the
        // SYN-ACK now (rate-limited by tcp_invalid_ratelimit) and restart the timer (reference
        // §3.6, §5 trap 1). A PAWS-rejected one falls through to "send ACK and drop" below.
        if (seq == r.irs && f.bits() == TcpFlags.SYN && !pawsReject) {
            if (oowRateLimited(r.lastOowAckAt, now)) {
                drop(d, DropReason.SYN_RETRANSMIT_RATE_LIMITED, now);
                return;
            }
            r.lastOowAckAt = now;
            stack.passive.sendSynAck(r, SendCause.SYN_ACK_DUPLICATE_SYN, 0, 0, now);
            long deadline = now + stack.timers.requestRto(r);
            listener().synQueue.reschedule(r, deadline);
            timerEvent(requestId(r), TimerKind.SYNACK_RETRANSMIT, TimerPhase.ARMED, deadline, now);
            return;
        }
        // "ACK sequence verified above": an ACK that does not acknowledge our ISN + 1 returns the
        // listener, which answers RST seq = SEG.ACK; the request stays (reference §3.8).
        if (f.ack() && s.ack().bits() != r.iss + 1) {
            stack.passive.listen(d, s, now);
            return;
        }
        int rcvNxt = stack.passive.requestRcvNxt(r);
        int window = listener().window(ts);
        if (pawsReject || tsecrReject || !inWindow(seq, seq + s.sequenceLength(), rcvNxt, rcvNxt + window)) {
            // "Out of window: send ACK and drop" (tcp_v4_reqsk_send_ack), never for an RST.
            if (!f.rst() && !oowRateLimited(r.lastOowAckAt, now)) {
                r.lastOowAckAt = now;
                requestAck(r, SendCause.DUPLICATE_ACK, now);
            }
            drop(d, pawsReject ? DropReason.SYN_RECV_PAWS_REJECT
                    : tsecrReject ? DropReason.SYN_RECV_TSECR_REJECT : DropReason.SYN_RECV_OUT_OF_WINDOW, now);
            return;
        }
        // "In sequence, PAWS is OK": an in-sequence segment's TSval becomes ts_recent.
        int tsRecentBefore = r.tsRecent;
        if (tso != null && seq - rcvNxt <= 0) {
            r.tsRecent = (int) tso.tsVal();
        }
        boolean syn = f.syn() && seq != r.irs; // "Truncate SYN, it is out of window starting at rcv_isn + 1"
        if (f.rst()) {
            if (seq == rcvNxt) {
                // embryonic_reset with RST: request deleted, nothing sent.
                stack.passive.removeRequest(r, "RST with seq = RCV.NXT: request deleted (embryonic reset)", now);
            } else {
                // RFC 5961 §3.2 / RFC 9293 §3.10.7.4: in-window but not exact → challenge ACK.
                counters.inc(Counter.CHALLENGE_ACKS);
                requestAck(r, SendCause.CHALLENGE_ACK, now);
            }
            return;
        }
        if (syn) {
            // A new SYN (other ISN) inside the window: embryonic_reset → send_reset, request deleted.
            counters.inc(Counter.EMBRYONIC_RSTS);
            sendReset(d, s, SendCause.RST_NEW_SYN, now);
            stack.passive.removeRequest(r, "new SYN with a different ISN inside the window: RST sent, request deleted", now);
            return;
        }
        if (!f.ack()) {
            drop(d, DropReason.SYN_RECV_NO_ACK, now); // "If ACK not set, just silently drop the packet."
            return;
        }
        // "For Fast Open no more processing is needed (sk is the child socket).": the child,
        // made at the SYN, takes the ACK in tcp_rcv_state_process (TCP_SYN_RECV → ESTABLISHED,
        // reqsk_fastopen_remove) and queues what it carries.
        TcpConnection fastOpenChild = listener().fastOpenChildren.isEmpty() ? null : listener().fastOpenChildren.remove(r);
        if (fastOpenChild != null) {
            listener().synQueue.remove(r);
            listener().fastOpenPending--;
            timerEvent(fastOpenChild.id(), TimerKind.SYNACK_RETRANSMIT, TimerPhase.CANCELLED, r.deadline, now);
            fastOpenChild.tsRecent = Integer.toUnsignedLong(r.tsRecent);
            fastOpenChild.tsRecentStamp = now;
            fastOpenChild.sndWnd = s.window() << fastOpenChild.negotiation.sendShift();
            connections.put(fastOpenChild.id(), fastOpenChild);
            transition(fastOpenChild, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED, "3rd ACK acknowledged the Fast Open SYN-ACK", now);
            stack.established.dataQueue(fastOpenChild, d, s, now);
            return;
        }
        // "While TCP_DEFER_ACCEPT is active, drop bare ACK.": an ACK without data or FIN before the
        // deferral's last SYN-ACK timeout marks the request acked (syn_ack_recalc then holds back
        // the SYN-ACK retransmissions until the deferral's end) and is dropped.
        if (r.timeouts() < listener().deferAcceptRetrans && seq + s.sequenceLength() == r.irs + 1) {
            r.set(RequestSock.ACKED);
            // Linux 6.18 keeps the SYN's TSval as ts_recent here: the SYN-ACK resent at the
            // deferral's end echoes it, not the dropped ACK's (kernel scenario wave2/defer-accept-1s-synack-resent).
            r.tsRecent = tsRecentBefore;
            drop(d, DropReason.DEFER_ACCEPT_BARE_ACK, now); // counted: LINUX_MIB_TCPDEFERACCEPTDROP
            return;
        }
        if (listener().acceptQueueFull()) {
            // syn_recv_sock fails → listen_overflow.
            counters.inc(Counter.LISTEN_OVERFLOWS);
            if (!profile.abortOnOverflow()) {
                r.set(RequestSock.ACKED);
                overflow(d, "accept", listener().acceptQueue.size(), "3rd ACK dropped, request kept and SYN-ACK retransmissions continue (tcp_abort_on_overflow=0)", now);
                drop(d, DropReason.ACCEPT_QUEUE_FULL_ACK, now);
            } else {
                overflow(d, "accept", listener().acceptQueue.size(), "RST sent, request deleted (tcp_abort_on_overflow=1)", now);
                sendReset(d, s, SendCause.RST_ACCEPT_OVERFLOW, now);
                stack.passive.removeRequest(r, "accept queue full and tcp_abort_on_overflow=1", now);
            }
            return;
        }
        listener().synQueue.remove(r);
        TcpConnection child = new TcpConnection(host, listener().local, d.source(), TcpState.SYN_RECEIVED, r.iss, false, false);
        child.flowLabel = d.ipv6() ? requestLabel(r) : 0;
        timerEvent(child.id(), TimerKind.SYNACK_RETRANSMIT, TimerPhase.CANCELLED, r.deadline, now);
        child.irs = r.irs;
        child.rcvNxt = rcvNxt;
        child.sndNxt = r.iss + 1;
        child.negotiation = r.negotiation(profile);
        // tcp_create_openreq_child: newtp->rx_opt.ts_recent = req->ts_recent, stamped now.
        child.tsRecent = Integer.toUnsignedLong(r.tsRecent);
        child.tsRecentStamp = now;
        child.transitions.add(new Transition(r.createdAt, TcpState.LISTEN, TcpState.SYN_RECEIVED, "SYN received"));
        stack.passive.completeChild(child, d, "3rd ACK acknowledged the SYN-ACK", now);
        // tcp_child_process → tcp_rcv_state_process on the child: data or a FIN on the 3rd ACK is
        // queued (tcp_data_queue) once the child is ESTABLISHED and in the accept queue.
        stack.established.dataQueue(child, d, s, now);
    }

    /**
     * {@code tcp_v4_reqsk_send_ack}: seq = ISN + 1, ack = client ISN + 1, window = rcv_wnd
     * shifted by our wscale, timestamps if agreed.
     */
    void requestAck(RequestSock r, SendCause cause, long now) {
        boolean ts = r.has(RequestSock.TS_OK);
        int shift = r.peerWscale >= 0 ? listener().shift(ts) : 0;
        List<TcpOption> options = ts ? List.of(TcpOption.NOP, TcpOption.NOP,
                new TcpOption.Timestamps(tsVal(now, requestTsOffset(r)), Integer.toUnsignedLong(r.tsRecent))) : List.of();
        TcpSegment seg = new TcpSegment(listener().local.port(), r.remotePort, new SeqNum(r.iss + 1), new SeqNum(stack.passive.requestRcvNxt(r)),
                TcpFlags.ACK_ONLY, listener().window(ts) >> shift, 0, options, Bytes.EMPTY);
        // tcp_v6_reqsk_send_ack passes tcp_rsk(req)->txhash: the SYN-ACK's flow label
        emitSend(FlowLabels.datagram(address, r.remoteAddress, seg, requestLabel(r)), cause, 0, 0, now);
    }
}
