package dev.handshakelab.session.api;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A lab session as the API shows it. */
public record SessionView(
        UUID id,
        String name,
        String template,
        long seed,
        String profile,
        Map<String, Object> knobs,
        Address server,
        Address client,
        PathRequest path,
        Instant createdAt,
        Instant updatedAt,
        int steps,
        ClockView clock,
        @io.swagger.v3.oas.annotations.media.Schema(description = "Who owns the session: an account, or a guest browser")
        Owner owner,
        @io.swagger.v3.oas.annotations.media.Schema(description = "What the caller may do: 'owner' (everything) or 'read' (an instructor of the owner's course: read and reset only)",
                allowableValues = {"owner", "read"})
        String access,
        @io.swagger.v3.oas.annotations.media.Schema(description = "The course the session was started for, if any")
        UUID courseId,
        @io.swagger.v3.oas.annotations.media.Schema(description = "The fresh session a reset started in this one's place, if it was reset")
        UUID replacedBy) {

    /** The owner as others may see it: an account's name, or just "a guest". */
    public record Owner(UUID id, String username, String displayName, boolean guest) {}

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Address(String address, Integer port) {}
}
