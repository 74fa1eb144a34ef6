package dev.handshakelab.core.tcp;

import dev.handshakelab.core.tcp.Counters.Counter;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import java.util.ArrayList;
import java.util.List;

/**
 * A synchronized connection (gVisor's {@code rcv.go}): {@code tcp_validate_incoming} and the
 * ACKs it sends ({@code tcp_send_ack}, {@code tcp_send_challenge_ack}).
 */
final class Established extends HostPart {

    Established(TcpHost stack) {
        super(stack);
    }

    /** ESTABLISHED: {@code tcp_validate_incoming} (RFC 9293 §3.10.7.4, RFC 5961). */
    void established(TcpConnection c, IpDatagram d, TcpSegment s, long now) {
        TcpFlags f = s.flags();
        int seq = s.seq().bits();
        int end = seq + s.sequenceLength();
        int rcvWindow = c.synWindow;
        TcpOption.Timestamps tso = c.tsOk ? s.option(TcpOption.Timestamps.class) : null;
        // "RFC1323: H1. Apply PAWS check first." (tcp_validate_incoming → tcp_paws_discard)
        if (tso != null && !pawsCheck(c.tsRecent, c.tsRecentStamp, tso.tsVal(), PAWS_WINDOW, now)
                && !disorderedAck(c, s, tso.tsVal())) {
            if (f.syn()) {
                challengeAck(c, now); // syn_challenge
                return;
            }
            if (!f.rst()) {
                if (!oowRateLimited(c.lastOowAckAt, now)) {
                    c.lastOowAckAt = now;
                    sendAck(c, SendCause.DUPLICATE_ACK, null, now); // tcp_send_dupack
                }
                drop(d, DropReason.ESTABLISHED_PAWS_REJECT, now);
                return;
            }
            // "Reset is accepted even if it did not pass PAWS."
        }
        // tcp_sequence: !before(end_seq, rcv_wup) && !after(seq, rcv_nxt + window)
        boolean acceptable = end - c.rcvNxt >= 0 && seq - (c.rcvNxt + rcvWindow) <= 0;
        if (!acceptable) {
            if (f.rst()) {
                drop(d, DropReason.ESTABLISHED_OUT_OF_WINDOW, now);
            } else if (f.syn()) {
                challengeAck(c, now);
            } else {
                if (!oowRateLimited(c.lastOowAckAt, now)) {
                    c.lastOowAckAt = now;
                    sendAck(c, SendCause.DUPLICATE_ACK, null, now);
                }
                drop(d, DropReason.ESTABLISHED_OUT_OF_WINDOW, now);
            }
            return;
        }
        if (f.rst()) {
            if (seq == c.rcvNxt) {
                // RFC 5961 §3.2: RST exactly at RCV.NXT resets the connection.
                transition(c, c.state, TcpState.CLOSED, "RST with seq = RCV.NXT: connection reset", now);
                connections.remove(c.id());
            } else {
                challengeAck(c, now);
            }
            return;
        }
        if (f.syn()) {
            // tcp_validate_incoming step 4 / RFC 5961 §4: any SYN on a synchronized connection → challenge ACK.
            challengeAck(c, now);
            return;
        }
        if (!f.ack()) {
            drop(d, DropReason.ESTABLISHED_NO_FLAGS, now);
            return;
        }
        if (s.ack().bits() - c.sndNxt > 0) {
            // tcp_ack: "If the ack includes data we haven't sent yet, discard this segment"
            // (SKB_DROP_REASON_TCP_ACK_UNSENT_DATA, before ts_recent or the window is touched):
            // nothing it carries is queued, and 6.18 answers it with an ACK of RCV.NXT (RFC 9293
            // §3.10.7.4 fifth: "send an ACK, drop the segment"); kernel-diff wave2/*-acking-unsent-data
            challengeAck(c, now);
            drop(d, DropReason.ACK_OF_UNSENT_DATA, now);
            return;
        }
        // tcp_ack with FLAG_UPDATE_TS_RECENT → tcp_replace_ts_recent: a TSval that passes
        // tcp_paws_check on a segment starting at or before rcv_wup (= RCV.NXT here: every
        // in-order segment is acknowledged at once) becomes ts_recent (tcp_store_ts_recent).
        if (tso != null && seq - c.rcvNxt <= 0 && pawsCheck(c.tsRecent, c.tsRecentStamp, tso.tsVal(), 0, now)) {
            c.tsRecent = tso.tsVal();
            c.tsRecentStamp = now;
        }
        c.sndWnd = s.window() << (c.negotiation == null ? 0 : c.negotiation.sendShift()); // tcp_ack_update_window
        if (c.state == TcpState.FIN_WAIT_1 && s.ack().bits() == c.sndNxt) {
            // tcp_rcv_state_process, TCP_FIN_WAIT1: "if (tp->snd_una != tp->write_seq) break;" else FIN_WAIT2.
            transition(c, TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2, "the peer acknowledged our FIN", now);
        }
        dataQueue(c, d, s, now);
    }

    /**
     * {@code tcp_data_queue} for an in-order segment: its bytes join the receive queue and RCV.NXT
     * moves past them; a FIN moves it one more and the connection to CLOSE_WAIT ({@code tcp_fin}).
     * Either is acknowledged at once: the first data puts Linux in quick-ACK mode
     * ({@code tcp_event_data_recv} → {@code tcp_incr_quickack}), and the ACK of a FIN was seen
     * at once on 6.18. Out-of-order segments (the ofo queue, SACK blocks) are not modelled.
     */
    void dataQueue(TcpConnection c, IpDatagram d, TcpSegment s, long now) {
        int len = s.payload().length();
        boolean fin = s.flags().fin();
        if ((len == 0 && !fin) || s.seq().bits() != c.rcvNxt) {
            return;
        }
        if (c.finReceived || (fin && c.state != TcpState.ESTABLISHED)) {
            drop(d, DropReason.CLOSING_NOT_SIMULATED, now);
            return;
        }
        if (len > 0) {
            queue(c, len);
        }
        if (fin) {
            c.rcvNxt += 1;
            c.finReceived = true;
            transition(c, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, "FIN received: the peer will send no more (tcp_fin)", now);
        }
        sendAck(c, fin ? SendCause.FIN_ACK : SendCause.DATA_ACK, null, now);
        if (c.readsAtOnce) {
            read(c, Long.MAX_VALUE);
        }
    }

    /** {@code tcp_queue_rcv}: in-order bytes join the receive queue, charged one skb's truesize. */
    static void queue(TcpConnection c, int len) {
        c.rcvNxt += len;
        c.receiveQueue.add(len);
        c.unread += len;
        c.rmemAlloc += SKB_TRUESIZE;
    }

    /**
     * The application reads up to {@code max} bytes ({@code tcp_recvmsg}); an skb read to its
     * end leaves the queue and gives its truesize back ({@code tcp_eat_recv_skb}). The window
     * update {@code tcp_cleanup_rbuf} may send when the window doubles is not modelled: a
     * handshake-sized read never doubles it.
     */
    static long read(TcpConnection c, long max) {
        long done = 0;
        while (done < max && !c.receiveQueue.isEmpty()) {
            int head = c.receiveQueue.poll();
            long take = Math.min(head, max - done);
            done += take;
            if (take < head) {
                c.receiveQueue.addFirst((int) (head - take));
            } else {
                c.rmemAlloc -= SKB_TRUESIZE;
            }
        }
        c.unread -= done;
        return done;
    }

    void challengeAck(TcpConnection c, long now) {
        counters.inc(Counter.CHALLENGE_ACKS);
        sendAck(c, SendCause.CHALLENGE_ACK, null, now);
    }

    /** An ACK from a full connection: seq = SND.NXT, ack = RCV.NXT, window scaled by our shift, TS if agreed. */
    void sendAck(TcpConnection c, SendCause cause, TcpOption sack, long now) {
        List<TcpOption> options = new ArrayList<>(4);
        if (c.tsOk) {
            options.add(TcpOption.NOP);
            options.add(TcpOption.NOP);
            options.add(new TcpOption.Timestamps(tsVal(now, c.tsOffset), c.tsRecent));
        }
        if (sack != null) {
            options.add(TcpOption.NOP);
            options.add(TcpOption.NOP);
            options.add(sack);
        }
        send(c, TcpFlags.ACK_ONLY, c.sndNxt, c.rcvNxt, selectWindow(c), options, cause, 0, 0, now);
    }

    /**
     * What one received segment costs the receive buffer ({@code skb->truesize}): the sk_buff and
     * the whole buffer the driver filled, not the payload. Measured on Linux 6.18 behind a TUN
     * device from the windows of the ACKs of an unread 100-byte segment: more than 2900 bytes
     * (with tcp_rmem[1] = 87380 the window fell to what was left of the last one) and at most
     * 2992 (three such segments still left the free space at 64040 of 65536).
     * Coalescing of small segments into the tail skb ({@code tcp_try_coalesce}) is not modelled.
     */
    static final int SKB_TRUESIZE = 2944;

    /**
     * {@code tcp_select_window}: the new window is {@link #freeWindow}'s; "never shrink the
     * offered window": when that is less than what is left of the last one
     * ({@code tcp_receive_window}), the old one is kept, rounded up to a multiple of 2^wscale
     * (ALIGN). So a Linux client that sent 64240 in its SYN advertises 64256 (502 × 128), and a
     * server child that sent 65160, 65280 (510 × 128); with 100 bytes unread, a child without
     * window scaling offers 64140 (checked on 6.18).
     */
    int selectWindow(TcpConnection c) {
        int ws = c.rcvWscale;
        long unit = 1L << ws;
        long curWin = Math.max(0, c.rcvWup + c.rcvWnd - c.rcvNxt);
        long newWin = freeWindow(c);
        if (newWin < curWin) {
            newWin = (curWin + unit - 1) / unit * unit;
        }
        c.rcvWnd = newWin;
        c.rcvWup = c.rcvNxt;
        return (int) Math.min(newWin >> ws, 0xFFFF);
    }

    /**
     * {@code __tcp_select_window}: free space = {@code tcp_space} (the receive buffer less what
     * the queued skbs are charged, times the scaling ratio), capped at rcv_ssthresh (the initial
     * window: {@code tcp_grow_window} and the scaling-ratio update of
     * {@code tcp_measure_rcv_mss} on full-sized segments are not modelled). With window scaling
     * it is rounded up to a multiple of 2^wscale; without, the last window is kept while it is
     * within one rcv_mss below the free space, else the free space is rounded down to a multiple
     * of rcv_mss ({@code tcp_initialize_rcv_mss}: 536 until the peer sends a full segment).
     */
    long freeWindow(TcpConnection c) {
        int ws = c.rcvWscale;
        long rcvbuf = profile.tcpRmemDefault();
        long allowed = rcvbuf * profile.scalingRatioPercent() / 100;
        long free = Math.max(0, rcvbuf - c.rmemAlloc) * profile.scalingRatioPercent() / 100;
        // the window clamp: 65535 << wscale (tcp_select_initial_window), then the full space (tcp_init_buffer_space)
        long full = Math.min(65535L << ws, allowed);
        long mss = Math.min(Math.max(88, Math.min(536, c.synWindow / 2)), full);
        if (free < (full >> 1)) {
            free = free >> ws << ws;
            if (free < (allowed >> 4) || free < mss) {
                return 0;
            }
        }
        free = Math.min(free, rcvSsthresh(c, allowed, full));
        if (ws > 0) {
            return (free + (1L << ws) - 1) >> ws << ws;
        }
        long window = c.rcvWnd;
        if (window <= free - mss || window > free) {
            window = free / mss * mss;
        } else if (mss == full && free > window + (full >> 1)) {
            window = free;
        }
        return window;
    }

    /**
     * {@code rcv_ssthresh} once the connection is set up ({@code tcp_init_buffer_space}): the
     * initial window, capped at the window clamp, which "forces reservation of one segment"
     * (tcp_app_win 31): when the clamp plus one advmss would exceed the full space, it becomes
     * the full space less one advmss (at least two). At MTU 1500 this is 64076 and never below
     * what the initial window leaves; at MTU 9000 (advmss 8940, over IPv4 or IPv6 alike) it is
     * 56596, below the 62496 of the SYN-ACK, and the window after data is what is left of the
     * last one (62464, 488 × 128 on 6.18), not the initial window rounded up.
     */
    private long rcvSsthresh(TcpConnection c, long allowed, long clamp) {
        long advmss = c.negotiation != null ? c.negotiation.advertisedMss() : profile.advertisedMss(c.local.address().ipv6());
        long windowClamp = clamp;
        if (windowClamp > 2 * advmss && windowClamp + advmss > allowed) {
            windowClamp = Math.max(2 * advmss, allowed - advmss);
        }
        return Math.min(c.synWindow, windowClamp);
    }

    /**
     * {@code tcp_disordered_ack_check}: a pure duplicate ACK (no data, seq = RCV.NXT, ack =
     * SND.UNA, no window update) whose TSval lies within the replay window behind ts_recent is
     * a reordered ACK, not an old duplicate, and passes PAWS. The replay window is
     * {@code tcp_tsval_replay}: icsk_rto * 1200 / HZ TS ticks, here the initial RTO of the profile.
     */
    private boolean disorderedAck(TcpConnection c, TcpSegment s, long tsVal) {
        int seq = s.seq().bits();
        if (!s.flags().ack() || s.sequenceLength() != 0 || seq != c.rcvNxt || s.ack().bits() != c.sndNxt) {
            return false;
        }
        int nwin = s.window() << (c.negotiation == null ? 0 : c.negotiation.sendShift());
        if (nwin > c.sndWnd || nwin == 0) {
            return false; // tcp_may_update_window
        }
        long replay = profile.initialRtoMicros() * 1200 / 1_000_000;
        return (int) (c.tsRecent - tsVal) <= replay;
    }
}
