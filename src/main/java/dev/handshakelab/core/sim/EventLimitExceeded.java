package dev.handshakelab.core.sim;

/**
 * A step produced more events than the simulation was allowed to record for it. Thrown as soon
 * as the limit is passed, so the work a step does stays bounded even where its size cannot be
 * known in advance (a clock step over thousands of retransmission timers).
 */
public final class EventLimitExceeded extends RuntimeException {

    private final long limit;

    EventLimitExceeded(long limit) {
        super("the step produced more than " + limit + " events");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
