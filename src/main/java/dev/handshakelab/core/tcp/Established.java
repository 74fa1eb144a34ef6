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
        send(c, TcpFlags.ACK_ONLY, c.sndNxt, c.rcvNxt, Math.min(c.synWindow >> c.rcvWscale, 0xFFFF), options, cause, 0, 0, now);
    }
}
