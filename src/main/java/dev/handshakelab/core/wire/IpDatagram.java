package dev.handshakelab.core.wire;

/**
 * A TCP segment inside the IP datagram that carries it: what a host puts on the network.
 *
 * <p>Only the IP fields that matter to TCP are modelled: the addresses (pseudo-header,
 * demultiplexing), the TTL, and the two ECN bits of the traffic class (RFC 3168 §5), which
 * Linux inspects when a SYN asks for ECN.
 */
public record IpDatagram(IpAddress src, IpAddress dst, int ttl, int ecn, TcpSegment segment) {

    public static final int DEFAULT_TTL = 64;

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
    }

    public static IpDatagram of(IpAddress src, IpAddress dst, TcpSegment segment) {
        return new IpDatagram(src, dst, DEFAULT_TTL, 0, segment);
    }

    public HostPort source() {
        return new HostPort(src, segment.srcPort());
    }

    public HostPort destination() {
        return new HostPort(dst, segment.dstPort());
    }
}
