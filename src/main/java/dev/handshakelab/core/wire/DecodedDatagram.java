package dev.handshakelab.core.wire;

/**
 * An IPv4 datagram carrying TCP, as read from the wire: the {@link IpDatagram} model plus the
 * IPv4 header fields that model leaves out, so that {@link SegmentCodec#encodeIpv4(DecodedDatagram)}
 * gives back the bytes that were read (checksums apart, which it recomputes).
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

    /** IPv4 header length in bytes: 20 plus the options. */
    public int headerLength() {
        return SegmentCodec.IPV4_HEADER_BYTES + ipOptions.length();
    }
}
