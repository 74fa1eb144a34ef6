package dev.handshakelab.core.wire;

/**
 * A TCP segment inside the IP datagram that carries it: what a host puts on the network.
 *
 * <p>Only the IP fields that matter to TCP are modelled: the addresses (pseudo-header,
 * demultiplexing), the TTL (IPv6: the hop limit, RFC 8200 §3), the two ECN bits of the
 * TOS byte or traffic class (RFC 3168 §5), which Linux inspects when a SYN asks for ECN, and
 * for IPv6 the 20-bit flow label (RFC 6437), which Linux 6.x fills from a hash of the flow
 * ({@code ip6_make_flowlabel}, {@code net.ipv6.auto_flowlabels}). An IPv4 datagram has no flow
 * label: it is always 0.
 */
public record IpDatagram(IpAddress src, IpAddress dst, int ttl, int ecn, TcpSegment segment, int flowLabel) {

    public static final int DEFAULT_TTL = 64;
    /** RFC 6437: the flow label takes the low 20 bits of the first word. */
    public static final int MAX_FLOW_LABEL = 0xF_FFFF;

    public IpDatagram {
        if (src.byteLength() != dst.byteLength()) {
            throw new IllegalArgumentException("source " + src + " and destination " + dst + " are of different IP versions");
        }
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("ttl " + ttl + " is outside 0..255");
        }
        if (ecn < 0 || ecn > 3) {
            throw new IllegalArgumentException("ecn " + ecn + " is outside 0..3");
        }
        if (flowLabel < 0 || flowLabel > MAX_FLOW_LABEL) {
            throw new IllegalArgumentException("flow label " + flowLabel + " is outside 0..0xFFFFF");
        }
        if (flowLabel != 0 && src.byteLength() == 4) {
            throw new IllegalArgumentException("an IPv4 datagram has no flow label, not " + flowLabel);
        }
    }

    /** A datagram without a flow label (IPv4, or IPv6 with label 0). */
    public IpDatagram(IpAddress src, IpAddress dst, int ttl, int ecn, TcpSegment segment) {
        this(src, dst, ttl, ecn, segment, 0);
    }

    public static IpDatagram of(IpAddress src, IpAddress dst, TcpSegment segment) {
        return new IpDatagram(src, dst, DEFAULT_TTL, 0, segment, 0);
    }

    /** 6 when the addresses are IPv6, else 4. */
    public int version() {
        return src.ipv6() ? 6 : 4;
    }

    public boolean ipv6() {
        return src.ipv6();
    }

    /** The same datagram with another TCP segment (addresses, TTL, ECN and flow label kept). */
    public IpDatagram withSegment(TcpSegment other) {
        return new IpDatagram(src, dst, ttl, ecn, other, flowLabel);
    }

    /** The same datagram with another flow label (IPv6 only; 0 is always allowed). */
    public IpDatagram withFlowLabel(int label) {
        return new IpDatagram(src, dst, ttl, ecn, segment, label);
    }

    public HostPort source() {
        return new HostPort(src, segment.srcPort());
    }

    public HostPort destination() {
        return new HostPort(dst, segment.dstPort());
    }
}
