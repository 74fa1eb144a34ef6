package dev.handshakelab.session;

import java.time.Instant;
import java.util.UUID;

/**
 * A session started over in place of another ({@code POST /sessions/{id}/reset}): the fresh one
 * has the old one's template, settings, owner and course. Published inside the reset's
 * transaction, so what a listener stores for the fresh session (an exercise attempt, an
 * assignment's next attempt number) commits with it or not at all.
 */
public record SessionReset(UUID oldSessionId, UUID freshSessionId, Instant at) {
}
