package dev.handshakelab.flood;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A SYN-ACK to open up: a history event index (a {@code segment-sent} SYN-ACK of the server), or
 * its numbers given directly. {@code finalAck}, if given, is checked against it.
 */
@Schema(example = "{\"eventIndex\":17,\"finalAck\":{\"seq\":1001,\"ack\":123456790,\"atMicros\":0}}")
public record CookieInspectRequest(
        @Schema(description = "History index of the server's SYN-ACK (a segment-sent event)") Long eventIndex,
        @Schema(description = "The SYN-ACK's sequence number (the cookie), 0..4294967295") Long seq,
        @Schema(description = "The SYN-ACK's ack number: the client's ISN + 1") Long ack,
        @Schema(description = "The client side of the 4-tuple") Endpoint client,
        @Schema(description = "When the SYN-ACK was sent (virtual µs)") Long atMicros,
        @Schema(description = "The SYN-ACK's TSval as on the wire, when timestamps were on") Long tsVal,
        @Schema(description = "A final ACK to check against the cookie") FinalAck finalAck) {

    public record Endpoint(String address, Integer port) {}

    /** The client's 3rd ACK: its seq, ack, arrival time and, with timestamps, its TSecr. */
    public record FinalAck(Long seq, Long ack, Long atMicros, Long tsEcr) {}
}
