package dev.handshakelab.session.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Moves the session's virtual clock: by a duration, or to the next thing that will happen. */
@Schema(example = "{\"advanceMillis\":1000}")
public record ClockRequest(
        @Min(value = 0, message = "must not be negative") @Max(value = 86_400_000, message = "must be at most one day (86400000 ms)") Long advanceMillis,
        @Schema(description = "true: run to the next timer or delivery") Boolean toNext) {
}
