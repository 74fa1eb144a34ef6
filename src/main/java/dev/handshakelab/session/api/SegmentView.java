package dev.handshakelab.session.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A segment on the wire: decoded field by field, and as the bytes that travelled. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SegmentView(
        long atMicros,
        String sender,
        String from,
        String to,
        List<String> flags,
        String letters,
        long seq,
        long ack,
        int window,
        int urgentPointer,
        int dataOffset,
        String checksum,
        boolean checksumValid,
        List<OptionView> options,
        int payloadLength,
        Integer retransmission,
        String summary,
        String tcpHex,
        String ipHex) {

    /** One option with its place in the TCP header (byte offset and length) and a short text. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OptionView(
            String kind,
            Integer mss,
            Integer shift,
            Long tsVal,
            Long tsEcr,
            List<SackBlockView> blocks,
            String cookieHex,
            Integer code,
            String dataHex,
            int offset,
            int length,
            String text) {}

    /** One SACK block: left edge and right edge (exclusive). */
    public record SackBlockView(long left, long right) {}
}
