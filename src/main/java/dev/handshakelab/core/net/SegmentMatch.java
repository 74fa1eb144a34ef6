package dev.handshakelab.core.net;

import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpSegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Which segments a middlebox rule applies to; a null field matches anything.
 *
 * @param control the exact set of control flags (SYN, ACK, FIN, RST) the segment must carry:
 *     {@code SYN|ACK} is every SYN-ACK, {@code ACK} every segment with ACK alone (PSH, URG, ECE and
 *     CWR are not looked at), like iptables' {@code --tcp-flags SYN,ACK,FIN,RST <set>}
 * @param direction which way it travels; a box on both routes sees both
 * @param server the server's address, which decides the direction
 */
public record SegmentMatch(Integer control, Direction direction, IpAddress src, IpAddress dst, Integer srcPort,
                           Integer dstPort, IpAddress server) {

    /** The flags {@link #control} is compared on. */
    public static final int CONTROL_BITS = TcpFlags.SYN | TcpFlags.ACK | TcpFlags.FIN | TcpFlags.RST;

    public enum Direction {
        CLIENT_TO_SERVER("client-to-server"), SERVER_TO_CLIENT("server-to-client");

        private final String label;

        Direction(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Direction labelled(String label) {
            for (Direction d : values()) {
                if (d.label.equals(label)) return d;
            }
            throw new IllegalArgumentException("unknown direction '" + label + "'");
        }
    }

    /** Matches every segment. */
    public static final SegmentMatch ANY = new SegmentMatch(null, null, null, null, null, null, null);

    public SegmentMatch {
        if (control != null && (control & ~CONTROL_BITS) != 0) {
            throw new IllegalArgumentException("control flags are compared on SYN, ACK, FIN and RST only");
        }
        if (direction != null && server == null) {
            throw new IllegalArgumentException("a direction needs the server's address");
        }
    }

    public boolean matches(IpDatagram d) {
        TcpSegment s = d.segment();
        if (control != null && (s.flags().bits() & CONTROL_BITS) != control) return false;
        if (direction != null && (d.dst().equals(server) != (direction == Direction.CLIENT_TO_SERVER))) return false;
        if (src != null && !src.equals(d.src())) return false;
        if (dst != null && !dst.equals(d.dst())) return false;
        if (srcPort != null && srcPort != s.srcPort()) return false;
        return dstPort == null || dstPort == s.dstPort();
    }

    /** For reasons shown to students: {@code "SYN-ACK from 10.0.0.2 to port 40001"}, or {@code "any segment"}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(control == null ? "segment" : flagsText(control));
        if (direction != null) parts.add(direction.label());
        if (src != null) parts.add("from " + src);
        if (srcPort != null) parts.add("from port " + srcPort);
        if (dst != null) parts.add("to " + dst);
        if (dstPort != null) parts.add("to port " + dstPort);
        String text = String.join(" ", parts);
        return parts.size() == 1 && control == null ? "any segment" : text;
    }

    private static String flagsText(int control) {
        if (control == (TcpFlags.SYN | TcpFlags.ACK)) return "SYN-ACK";
        List<String> names = new TcpFlags(control).names();
        return names.isEmpty() ? "segment without SYN/ACK/FIN/RST" : String.join("+", names);
    }
}
