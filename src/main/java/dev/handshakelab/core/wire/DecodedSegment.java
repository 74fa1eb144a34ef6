package dev.handshakelab.core.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * A TCP segment as read from the wire, with what the bytes said beside its meaning: the data
 * offset, the reserved bits, and the checksum received. A bad checksum is not a decode error
 * (a lab shows it; Linux's {@code tcp_v4_rcv} drops the segment and counts {@code TCP_MIB_CSUMERRORS}),
 * so {@link #checksumValid()} says whether the receiver would accept it.
 *
 * @param segment          the meaning: every field the user can set, options in wire order
 * @param dataOffsetWords  the data offset field: header length in 32-bit words, 5..15 when
 *                         {@link #dataOffsetValid()}; otherwise the impossible value the bytes
 *                         carried (below 5, or past the segment's end), and {@code segment} holds
 *                         the fixed header with everything after it as payload
 * @param reservedBits     the three reserved bits between data offset and NS (RFC 9293 §3.1),
 *                         0 unless the sender set them; kept so that re-encoding is lossless
 * @param checksum         the checksum field as received
 * @param checksumValid    true when the one's-complement sum over pseudo-header and segment is 0xFFFF
 * @param expectedChecksum the checksum a correct sender would have written
 */
public record DecodedSegment(
        TcpSegment segment,
        int dataOffsetWords,
        int reservedBits,
        int checksum,
        boolean checksumValid,
        int expectedChecksum) {

    /** Where one option sits in the TCP header: byte offset from the header start, and length. */
    public record OptionSpan(TcpOption option, int offset, int length) {}

    /**
     * False when the data offset is below 5 words or runs past the segment's end: Linux's
     * {@code tcp_v4_rcv} discards such a segment silently, before the checksum.
     */
    public boolean dataOffsetValid() {
        return dataOffsetWords == segment.dataOffsetWords();
    }

    public int headerLength() {
        return dataOffsetWords * 4;
    }

    /**
     * Each option with its byte offset within the TCP header (the first is at 20) and its length,
     * so the UI can highlight it. Options are contiguous, so the offsets follow from the list.
     */
    public List<OptionSpan> optionSpans() {
        List<TcpOption> options = segment.options();
        List<OptionSpan> spans = new ArrayList<>(options.size());
        int offset = TcpSegment.HEADER_BYTES;
        for (TcpOption o : options) {
            spans.add(new OptionSpan(o, offset, o.wireLength()));
            offset += o.wireLength();
        }
        return List.copyOf(spans);
    }
}
