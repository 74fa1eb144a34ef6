package dev.handshakelab.core.wire;

/**
 * Why a byte string could not be read as a TCP segment or as the IP datagram carrying one.
 *
 * <p>Only what cannot be parsed is an error (smoltcp's {@code Truncated}/{@code Malformed}). A
 * wrong checksum, strange flag combinations, a known option with a wrong length or a malformed
 * option (where Linux's {@code tcp_parse_options} stops: {@link TcpOption.Unparsed}) are not:
 * those decode, and the endpoint answers them as Linux would.
 */
public enum SegmentDecodeError {

    /** Fewer than the 20 bytes of the fixed TCP header (RFC 9293 §3.1). */
    TRUNCATED_HEADER("the TCP header is cut short"),
    /** Data offset below 5 words, or pointing past the end of the segment. */
    BAD_DATA_OFFSET("the data offset is impossible"),
    /** Fewer than the 20 bytes of the fixed IPv4 header (RFC 791 §3.1), or the 40 of IPv6's (RFC 8200 §3). */
    TRUNCATED_IP_HEADER("the IP header is cut short"),
    /** The version nibble is not the one expected: 4, 6, or either for {@link SegmentCodec#decodeIp}. */
    BAD_IP_VERSION("not an IP datagram of the expected version"),
    /** IHL below 5 words, or pointing past the end of the datagram. */
    BAD_IP_HEADER_LENGTH("the IPv4 header length is impossible"),
    /** Total length differs from the number of bytes given. */
    IP_TOTAL_LENGTH_MISMATCH("the IPv4 total length does not match the bytes"),
    /** MF set or a non-zero fragment offset: a fragment does not hold a whole segment. */
    IP_FRAGMENT("an IPv4 fragment, not a whole datagram"),
    /** IPv6 payload length differs from the number of bytes after the 40-byte header (RFC 8200 §3). */
    IPV6_PAYLOAD_LENGTH_MISMATCH("the IPv6 payload length does not match the bytes"),
    /**
     * The IPv4 protocol field or the IPv6 next header is not 6. For IPv6 that includes every
     * extension header (hop-by-hop 0, routing 43, fragment 44, ...): they are not modelled.
     */
    NOT_TCP("the datagram does not carry TCP");

    private final String summary;

    SegmentDecodeError(String summary) {
        this.summary = summary;
    }

    /** A few words for the UI, e.g. "the data offset is impossible". */
    public String summary() {
        return summary;
    }
}
