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
                transition(c, TcpState.ESTABLISHED, TcpState.CLOSED, "RST with seq = RCV.NXT: connection reset", now);
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
        // tcp_ack with FLAG_UPDATE_TS_RECENT → tcp_replace_ts_recent: a TSval that passes
        // tcp_paws_check on a segment starting at or before rcv_wup (= RCV.NXT here: every
        // in-order segment is acknowledged at once) becomes ts_recent (tcp_store_ts_recent).
        if (tso != null && seq - c.rcvNxt <= 0 && pawsCheck(c.tsRecent, c.tsRecentStamp, tso.tsVal(), 0, now)) {
            c.tsRecent = tso.tsVal();
            c.tsRecentStamp = now;
        }
        c.sndWnd = s.window() << (c.negotiation == null ? 0 : c.negotiation.sendShift()); // tcp_ack_update_window
        if (f.fin()) {
            drop(d, DropReason.CLOSING_NOT_SIMULATED, now);
            return;
        }
        if (s.payload().length() > 0 && seq == c.rcvNxt) {
            // In-order data is acknowledged at once (Linux is in quick-ACK mode after the handshake).
            c.rcvNxt += s.payload().length();
            sendAck(c, SendCause.DATA_ACK, null, now);
        }
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
     * {@code tcp_select_window}: the new window is {@code __tcp_select_window}'s, the free space
     * capped at rcv_ssthresh and rounded down to a multiple of 2^wscale; the application reads at
     * once, so it is the initial window rounded down. "Never shrink the offered window": when that
     * is less than what is left of the last one ({@code tcp_receive_window}), the old one is kept,
     * rounded up to a multiple of 2^wscale (ALIGN). So a Linux client that sent 64240 in its SYN
     * advertises 64256 (502 × 128), and a server child that sent 65160, 65280 (510 × 128);
     * checked on 6.18 with wscale 10: 63 and 64. rcv_ssthresh does not grow here
     * ({@code tcp_grow_window} is not modelled).
     */
    static int selectWindow(TcpConnection c) {
        int ws = c.rcvWscale;
        long unit = 1L << ws;
        long curWin = Math.max(0, c.rcvWup + c.rcvWnd - c.rcvNxt);
        long newWin = c.synWindow / unit * unit;
        if (newWin < curWin) {
            newWin = (curWin + unit - 1) / unit * unit;
        }
        c.rcvWnd = newWin;
        c.rcvWup = c.rcvNxt;
        return (int) Math.min(newWin >> ws, 0xFFFF);
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
