package dev.handshakelab.session;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.handshakelab.session.api.StepView;

/**
 * Something a session's owner did that others may follow (an instructor's dashboard): a session
 * started (created, or started over by a reset) or a step run by its owner. Published inside the
 * transaction that stores it; a listener that must see only what was stored listens after the
 * commit ({@code @TransactionalEventListener}, phase AFTER_COMMIT), so a step that rolls back is
 * never announced.
 *
 * @param step       the step's answer, for a step; null when a session started
 * @param endpoints  the states after the step of the endpoints it touched, as "server SYN_RECEIVED"
 */
public record SessionActivity(UUID sessionId, UUID ownerUserId, UUID courseId, Kind kind, int stepCount, StepView step,
        List<String> endpoints, Instant at) {

    public enum Kind { STARTED, STEP }
}
