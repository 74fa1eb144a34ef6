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
        ClockView clock) {

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Address(String address, Integer port) {}
}
