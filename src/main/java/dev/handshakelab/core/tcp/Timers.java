package dev.handshakelab.core.tcp;

import dev.handshakelab.core.tcp.Counters.Counter;
import dev.handshakelab.core.tcp.TcpEvent.TimerPhase;
import dev.handshakelab.core.wire.TcpFlags;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's timers (gVisor's {@code timer.go}): the request socks' SYN-ACK retransmissions
 * ({@code reqsk_timer_handler}), the active opener's SYN retransmissions
 * ({@code tcp_retransmit_timer}, {@code tcp_write_timeout}) and the application's accept().
 */
final class Timers extends HostPart {

    Timers(TcpHost stack) {
        super(stack);
    }

    /** The earliest time this host needs attention, or Long.MAX_VALUE. */
    long nextDeadline() {
        long next = Long.MAX_VALUE;
        if (listener() != null) {
            next = Math.min(listener().synQueue.nextDeadline(), listener().nextAcceptAt);
        }
        if (!armed.isEmpty()) { // asked after every step: no iterator when nothing is armed
            for (TcpConnection c : armed) {
                next = Math.min(next, c.deadline);
            }
        }
        return next;
    }

    /** Runs every timer due at or before {@code now}. */
    void fireTimers(long now) {
        if (listener() != null) {
            RequestSock r;
            while ((r = listener().synQueue.pollDue(now)) != null) {
                requestTimer(r, now);
            }
            if (listener().nextAcceptAt <= now) {
                listener().nextAcceptAt = Long.MAX_VALUE;
                timerEvent(null, TimerKind.ACCEPT, TimerPhase.FIRED, now, now);
                if (!listener().acceptQueue.isEmpty()) {
                    TcpConnection c = listener().acceptQueue.poll();
                    c.readsAtOnce = true; // the simulated application reads what it accepted at once
                    stack.passive.accepted(c, now);
                }
                stack.passive.applicationAccepts(now);
            }
        }
        if (!armed.isEmpty()) {
            // Collect the due ones first (a timer re-arms its connection); copying the whole set on
            // every call was the hot spot of a flood with a thousand clients retrying their SYNs.
            List<TcpConnection> due = null;
            for (TcpConnection c : armed) {
                if (c.deadline <= now) {
                    if (due == null) {
                        due = new ArrayList<>();
                    }
                    due.add(c);
                }
            }
            if (due != null) {
                for (TcpConnection c : due) {
                    connectionTimer(c, now);
                }
            }
        }
    }

    /**
     * {@code reqsk_timer_handler}: resend the SYN-ACK with the same ISN and options and a fresh
     * TSval, back off (timeout << num_timeout, capped at TCP_RTO_MAX), and after
     * {@code synack_retries} timeouts drop the request silently. When the SYN queue is more than
     * half full, old requests get fewer retries (down to 2), depending on how many are young.
     */
    void requestTimer(RequestSock r, long now) {
        ConnectionId id = sink().enabled() ? requestId(r) : null;
        timerEvent(id, TimerKind.SYNACK_RETRANSMIT, TimerPhase.FIRED, r.deadline, now);
        SynQueue q = listener().synQueue;
        int maxRetries = profile.synackRetries();
        int qlen = listener().requestCount();
        // tcp_fastopen_synack_timer: a Fast Open child's SYN-ACK gets one retry more, and no pruning
        boolean fastOpen = !listener().fastOpenChildren.isEmpty() && listener().fastOpenChildren.containsKey(r);
        if (fastOpen) {
            maxRetries = Math.min(255, maxRetries + 1);
        } else if ((qlen << 1) > Math.max(8, listener().maxAckBacklog)) {
            int young = q.young() << 1;
            while (maxRetries > 2) {
                if (qlen < young) {
                    break;
                }
                maxRetries--;
                young <<= 1;
            }
        }
        // syn_ack_recalc: with TCP_DEFER_ACCEPT an acked request (a bare 3rd ACK was dropped)
        // lives until the deferral is over and gets SYN-ACKs again only from its last timeout on,
        // "to give last chance for data or ACK to create established socket".
        int defer = listener().deferAcceptRetrans;
        boolean acked = r.has(RequestSock.ACKED);
        boolean expire = r.timeouts() >= maxRetries && (defer == 0 || !acked || r.timeouts() >= defer);
        boolean resend = defer == 0 || !acked || r.timeouts() >= defer - 1;
        if (expire) {
            counters.inc(Counter.REQUESTS_EXPIRED);
            q.remove(r);
            stack.passive.fastOpenRequestGone(r, "ETIMEDOUT: no ACK of the Fast Open SYN-ACK after " + r.timeouts() + " retransmissions (tcp_write_err)", now);
            if (sink().enabled()) {
                sink().accept(new TcpEvent.StateChanged(now, host, id, TcpState.SYN_RECEIVED, TcpState.CLOSED,
                        "no ACK after " + r.timeouts() + " SYN-ACK retransmissions: request dropped silently, no RST"));
            }
            return;
        }
        long rto = requestRto(r);
        if (resend) {
            counters.inc(Counter.SYNACK_RETRANSMITS);
            stack.passive.sendSynAck(r, SendCause.SYN_ACK_RETRANSMIT, r.timeouts() + 1, rto, now);
        }
        q.aged(r);
        // at most 255 (synackRetries), so the unsigned byte never wraps
        r.timeouts++;
        r.deadline = now + requestRto(r);
        q.rearm(r);
        timerEvent(id, TimerKind.SYNACK_RETRANSMIT, TimerPhase.ARMED, r.deadline, now);
    }

    /**
     * {@code reqsk_timeout(req, TCP_RTO_MAX)}: the initial timeout doubled once per timeout so
     * far, capped at the maximum RTO. Past about 43 doublings the shift would overflow a long
     * (into timers due at once), and the cap was reached long before, so it is the cap.
     */
    long requestRto(RequestSock r) {
        long initial = profile.initialRtoMicros();
        int doublings = r.timeouts();
        return doublings >= Long.numberOfLeadingZeros(initial) - 1 ? profile.maxRtoMicros()
                : Math.min(initial << doublings, profile.maxRtoMicros());
    }

    /**
     * The active opener's retransmission timer ({@code tcp_retransmit_timer} in SYN_SENT): resend
     * the SYN with the same options and a fresh TSval. {@code out_reset_timer} keeps the RTO for
     * the first {@code tcp_syn_linear_timeouts} timeouts of SYN_SENT ({@code total_rto} not above
     * it) and doubles it afterwards; {@code tcp_write_timeout} gives SYN_SENT
     * {@code syn_retries + tcp_syn_linear_timeouts} retransmissions, and the next expiry fails
     * connect() with ETIMEDOUT. Stock 6.x (6 + 4): SYNs at 0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67 s,
     * ETIMEDOUT at 131 s. A simultaneous-open socket in SYN_RECEIVED backs off at once and gets
     * {@code syn_retries}.
     */
    void connectionTimer(TcpConnection c, long now) {
        armed.remove(c);
        long due = c.deadline;
        c.deadline = Long.MAX_VALUE;
        timerEvent(c.id(), TimerKind.SYN_RETRANSMIT, TimerPhase.FIRED, due, now);
        boolean synSent = c.state == TcpState.SYN_SENT;
        int maxRetransmits = profile.synRetries() + (synSent ? profile.synLinearTimeouts() : 0);
        if (c.retransmissions >= maxRetransmits) {
            fail(c, "ETIMEDOUT", "no answer after " + c.retransmissions + " SYN retransmissions, "
                    + SegmentText.duration(now - c.connectStartedAt) + " after connect()", now);
            return;
        }
        c.retransmissions++; // icsk_retransmits and total_rto (tcp_update_rto_stats)
        if (c.flowLabel != 0) {
            // tcp_write_timeout → sk_rethink_txhash: each timeout draws a new txhash, a new IPv6 flow label
            c.flowLabel = flowLabels.txhash(c.remote.address(), c.remote.port(), c.iss, c.retransmissions);
        }
        TcpFlags flags = synSent ? TcpFlags.SYN_ONLY : TcpFlags.SYN_ACK;
        send(c, flags, c.iss, flags.ack() ? c.rcvNxt : NO_ACK, c.synWindow, stack.active.synOptionsNow(c, now), SendCause.SYN_RETRANSMIT,
                c.retransmissions, c.rto, now);
        if (!synSent || c.retransmissions > profile.synLinearTimeouts()) {
            c.rto = Math.min(c.rto * 2, profile.maxRtoMicros());
        }
        arm(c, now + c.rto, TimerKind.SYN_RETRANSMIT, now);
    }

    /**
     * {@code TCP_TIMEOUT_MIN}: 2 jiffies, 8 ms at CONFIG_HZ=250 (the kernel of the machine the
     * differential harness runs on; 2 ms at HZ=1000).
     */
    static final long TIMEOUT_MIN_MICROS = 8_000;

    /**
     * {@code tcp_rcv_synsent_state_process}, "Previous FIN/ACK or RST/ACK might be ignored": a
     * segment with an unacceptable ACK before any SYN retransmission re-arms the retransmission
     * timer at TCP_TIMEOUT_MIN, so the SYN goes again at once.
     */
    void rearmAtMinimum(TcpConnection c, long now) {
        if (c.retransmissions == 0) {
            armed.remove(c);
            timerEvent(c.id(), TimerKind.SYN_RETRANSMIT, TimerPhase.CANCELLED, c.deadline, now);
            arm(c, now + TIMEOUT_MIN_MICROS, TimerKind.SYN_RETRANSMIT, now);
        }
    }

    void arm(TcpConnection c, long deadline, TimerKind kind, long now) {
        c.deadline = deadline;
        armed.add(c);
        timerEvent(c.id(), kind, TimerPhase.ARMED, deadline, now);
    }

    void disarm(TcpConnection c, long now) {
        if (armed.remove(c)) {
            timerEvent(c.id(), TimerKind.SYN_RETRANSMIT, TimerPhase.CANCELLED, c.deadline, now);
            c.deadline = Long.MAX_VALUE;
        }
    }
}
