package dev.handshakelab.session.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A new lab session: from a template, or from scratch; anything left out takes a default. */
@Schema(example = """
        {"name":"My first handshake","template":"basic-handshake","seed":42,"profile":"linux",
         "server":{"address":"10.0.0.2","port":80},"client":{"address":"10.0.0.1"}}""")
public record CreateSessionRequest(
        @NotBlank @Size(max = 100) String name,
        @Schema(description = "Template id; see GET /api/v1/templates") String template,
        @Schema(description = "Seed for ISNs, timestamps offsets and seeded loss; random if left out") Long seed,
        @Schema(description = "Server profile: linux (default), rfc9293 or classic") String profile,
        @Valid KnobOverrides overrides,
        @Valid HostPortRequest server,
        @Valid HostPortRequest client,
        @Schema(description = "The network between client and server (middleboxes, forward and back routes); a direct wire if left out. Replaces a template's path when given.")
        PathRequest path,
        @Min(value = 0, message = "must not be negative") @Max(value = 315_360_000_000L, message = "must be at most ten years") Long startTimeMillis,
        @Schema(description = "A course you attend or teach, to start the session for (its instructors can then read it)")
        @Size(max = 36) String courseId) {
}
