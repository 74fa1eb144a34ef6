package dev.handshakelab.core.wire;

/**
 * An IPv4 or IPv6 datagram carrying TCP, as read from the wire: the {@link IpDatagram} model plus
 * the header fields that model leaves out, so that {@link SegmentCodec#encodeIp(DecodedDatagram)}
 * gives back the bytes that were read (checksums apart, which it recomputes).
 *
 * <p>IPv6 (RFC 8200 §3) has no identification, fragment flags, options or header checksum in its
 * fixed header: an IPv6 datagram reads with identification 0, both flags false, no options,
 * checksum 0 and {@code headerChecksumValid} true. Its traffic class is split like the TOS byte:
 * DSCP here, ECN and the flow label in {@link IpDatagram}.
 *
 * @param datagram            addresses, TTL, ECN and the TCP segment
 * @param tcp                 the TCP segment with its decode details (offsets in it are relative to the TCP header)
 * @param dscp                the upper six bits of the old TOS byte (RFC 2474)
 * @param identification      the Identification field (Linux writes 0 when DF is set)
 * @param dontFragment        the DF flag (Linux sets it on TCP, see {@link SegmentCodec})
 * @param reservedFlag        the reserved flag bit, which must be zero (RFC 791)
 * @param ipOptions           IPv4 option bytes when IHL &gt; 5, else empty
 * @param headerChecksum      the header checksum as received
 * @param headerChecksumValid true when the header sums to 0xFFFF (RFC 1071)
 */
public record DecodedDatagram(
        IpDatagram datagram,
        DecodedSegment tcp,
        int dscp,
        int identification,
        boolean dontFragment,
        boolean reservedFlag,
        Bytes ipOptions,
        int headerChecksum,
        boolean headerChecksumValid) {

    /** Header length in bytes: IPv4 20 plus the options, IPv6 40 (extension headers are not modelled). */
    public int headerLength() {
        return datagram.ipv6() ? SegmentCodec.IPV6_HEADER_BYTES : SegmentCodec.IPV4_HEADER_BYTES + ipOptions.length();
    }

    /** 4 or 6. */
    public int version() {
        return datagram.version();
    }
}
