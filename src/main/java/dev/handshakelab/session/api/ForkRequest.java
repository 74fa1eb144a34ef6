package dev.handshakelab.session.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Which of the source session's steps the fork replays: steps 1 to uptoStep (0 = none, only the setup of a fresh world). */
public record ForkRequest(
        @Schema(description = "replay the source's steps 1..uptoStep; at most the steps it has") @NotNull(message = "is required")
        @Min(value = 0, message = "must not be negative") Integer uptoStep) {
}
