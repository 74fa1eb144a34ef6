package dev.handshakelab.session.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** A simulated client on the session's client host does an active open to the server. */
@Schema(example = "{\"clientPort\":40001,\"preset\":\"linux\",\"autoAck\":true}")
public record ConnectRequest(
        @Min(value = 1, message = "must be between 1 and 65535") @Max(value = 65535, message = "must be between 1 and 65535") Integer clientPort,
        @Schema(description = "Which operating system's SYN the client sends: linux, windows or macos") String preset,
        @Schema(description = "false: the client stops after the SYN-ACK so the student sends the final ACK by hand") Boolean autoAck) {
}
