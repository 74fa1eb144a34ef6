package dev.handshakelab.pcapin;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A flow's client segments replayed against a simulated server, beside what the captured server
 * answered: one exchange per client segment, each with the server segments both sides sent
 * before the next client segment, compared field by field.
 */
@Schema(description = "A captured flow replayed against a simulated server: captured and simulated answers side by side")
public record ReplayReport(
        @Schema(description = "The flow, client side first", example = "10.0.0.1:40000-10.0.0.2:80") String flow,
        @Schema(description = "The simulated server's profile and its knobs") String profile,
        Map<String, Object> knobs,
        @Schema(description = "The simulated server's socket: a listener on the flow's server port, or none when the captured server refused the SYN") String serverSocket,
        @Schema(description = "Whether the client segments' checksums were honoured (verify) or assumed right (ignore)") String checksums,
        @Schema(description = "What the simulated server negotiated, if it got as far") String negotiation,
        @Schema(description = "Server segments compared, and how many of them differ in some field") int compared,
        int differing,
        @Schema(description = "Every difference, explained, in the order they occur") List<String> differences,
        List<ReplayExchange> exchanges,
        @Schema(description = "How the numbers are compared: relative to the ISNs and first TSvals, times from the flow's first packet") String method) {

    /** One client segment (none for the leading exchange) and the server's answers to it. */
    @Schema(description = "A client segment replayed, and what each server sent before the next client segment")
    public record ReplayExchange(
            @Schema(description = "The client segment as captured; null for server segments before the first client segment") ReplayedSegment client,
            List<ReplayAnswer> answers) {}

    /** One server segment of the captured flow and its simulated counterpart, either may be missing. */
    @Schema(description = "A server answer: captured beside simulated, field by field")
    public record ReplayAnswer(ReplayedSegment captured, ReplayedSegment simulated, boolean same, List<ReplayField> fields) {}

    /** One field of an answer. */
    @Schema(description = "One field compared; explanation is null when the two agree")
    public record ReplayField(String field, String captured, String simulated, boolean same, String explanation) {}

    /**
     * A segment as the comparison sees it.
     *
     * @param record     the capture record it came from (null for simulated segments)
     * @param atMillis   milliseconds since the flow's first packet
     * @param relSeq     sequence number minus the sender's ISN (the absolute number when the ISN is unknown)
     * @param relAck     acknowledgment number minus the peer's ISN, null without ACK
     * @param options    the options in wire order, TS val/ecr relative to each side's first TSval
     */
    @Schema(description = "A segment with its numbers relative to the ISNs and first TSvals")
    public record ReplayedSegment(Integer record, double atMillis, String flags, long relSeq, Long relAck, int window,
                              List<String> options, int payloadBytes, String summary) {}
}
