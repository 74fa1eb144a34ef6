package dev.handshakelab.core.net;

import dev.handshakelab.core.wire.Bytes;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpSegment;
import java.util.List;

/**
 * How a middlebox refuses a datagram: a silent drop (iptables {@code DROP}), or {@code REJECT}
 * with a TCP reset or an ICMP destination unreachable.
 *
 * @param icmp the ICMP code for {@link Kind#ICMP}, else null
 */
public record Refusal(Kind kind, IcmpUnreachable icmp) {

    public enum Kind { DROP, RESET, ICMP }

    public static final Refusal DROP = new Refusal(Kind.DROP, null);
    public static final Refusal RESET = new Refusal(Kind.RESET, null);

    public Refusal {
        if (kind == null || (kind == Kind.ICMP) != (icmp != null)) {
            throw new IllegalArgumentException("an ICMP refusal needs a code, and only it");
        }
    }

    public static Refusal icmp(IcmpUnreachable code) {
        return new Refusal(Kind.ICMP, code);
    }

    /** The verdict on {@code d}; {@code reason} says why it is refused. */
    public Verdict verdict(IpDatagram d, String reason) {
        if (kind == Kind.ICMP) {
            // over IPv6 the answer is ICMPv6 (ip6tables' REJECT, nf_send_unreach6), over IPv4 ICMP
            IcmpUnreachable sent = icmp.forFamily(d.ipv6());
            return new Verdict.Unreachable(reason + "; answered with " + sent.protocol() + " " + sent.label(), sent);
        }
        if (kind == Kind.RESET && !d.segment().flags().rst()) {
            return new Verdict.Reject(reason + "; answered with RST", reset(d));
        }
        // nf_send_reset: "No RST for RST." A reset refusal of an RST is a silent drop.
        return Verdict.drop(reason);
    }

    /**
     * The RST that {@code REJECT --reject-with tcp-reset} sends in the destination's name
     * ({@code nf_reject_ip_tcphdr_put}, built like {@code tcp_v4_send_reset}; over IPv6
     * {@code nf_send_reset6}, whose header has flow label 0): to a segment with ACK, seq =
     * SEG.ACK; otherwise RST+ACK with seq 0 and ack = SEG.SEQ + SEG.LEN. Window 0.
     */
    static IpDatagram reset(IpDatagram d) {
        TcpSegment s = d.segment();
        TcpSegment rst = s.flags().ack()
                ? new TcpSegment(s.dstPort(), s.srcPort(), s.ack(), SeqNum.ZERO, TcpFlags.RST_ONLY, 0, 0, List.of(), Bytes.EMPTY)
                : new TcpSegment(s.dstPort(), s.srcPort(), SeqNum.ZERO, s.seq().plus(s.sequenceLength()), TcpFlags.RST_ACK, 0, 0,
                        List.of(), Bytes.EMPTY);
        return IpDatagram.of(d.dst(), d.src(), rst);
    }

    /** {@code drop}, {@code reject-rst} or {@code reject-icmp admin-prohibited}. */
    public String label() {
        if (kind == Kind.DROP) return "drop";
        if (kind == Kind.RESET) return "reject-rst";
        return "reject-icmp " + icmp.label();
    }
}
