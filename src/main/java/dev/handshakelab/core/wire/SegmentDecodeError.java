package dev.handshakelab.core.wire;

/**
 * Why a byte string could not be read as a TCP segment or as the IPv4 datagram carrying one.
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
    /** Fewer than the 20 bytes of the fixed IPv4 header (RFC 791 §3.1). */
    TRUNCATED_IP_HEADER("the IPv4 header is cut short"),
    /** The version nibble is not 4. */
    BAD_IP_VERSION("not an IPv4 datagram"),
    /** IHL below 5 words, or pointing past the end of the datagram. */
    BAD_IP_HEADER_LENGTH("the IPv4 header length is impossible"),
    /** Total length differs from the number of bytes given. */
    IP_TOTAL_LENGTH_MISMATCH("the IPv4 total length does not match the bytes"),
    /** MF set or a non-zero fragment offset: a fragment does not hold a whole segment. */
    IP_FRAGMENT("an IPv4 fragment, not a whole datagram"),
    /** The protocol field is not 6. */
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
