package dev.handshakelab.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What one request may make, under {@code handshake-lab.limits.*}. The defaults keep every
 * request to a few seconds of CPU and a few hundred MB on a 2-core machine: a stored event costs
 * about 1.2 KB of database file and, while a step runs, about 6 KB of heap, and a step stores
 * several thousand events a second, so 20,000 events is a few seconds and about 120 MB.
 *
 * @param maxStepEvents events one step may produce (a flood is estimated before it runs; any
 *     step is stopped when it passes this)
 * @param maxSessionEvents events one session's history may hold in all
 * @param maxFloodMillis virtual time one flood step may cover
 * @param maxFloodClients legitimate clients one flood may start
 * @param maxSnapshotItems entries of each list a snapshot shows (endpoints, SYN queue, accept
 *     queue, timers); the rest are counted
 * @param maxConnectionsPage connections one page of {@code /connections} may hold
 * @param maxConnectionEvents stored events one page of connections or one timeline may read
 * @param maxReplayEvents stored events a replay check may compare
 * @param heavyConcurrent heavy operations (floods, replay checks) running at once in this instance
 * @param heavyConcurrentPerSession heavy operations running at once on one session
 * @param retryAfterSeconds what a refusal for lack of capacity tells the client to wait
 */
@ConfigurationProperties("handshake-lab.limits")
public record Limits(
        @DefaultValue("20000") long maxStepEvents,
        @DefaultValue("200000") long maxSessionEvents,
        @DefaultValue("3600000") long maxFloodMillis,
        @DefaultValue("2000") int maxFloodClients,
        @DefaultValue("500") int maxSnapshotItems,
        @DefaultValue("500") int maxConnectionsPage,
        @DefaultValue("20000") int maxConnectionEvents,
        @DefaultValue("100000") long maxReplayEvents,
        @DefaultValue("2") int heavyConcurrent,
        @DefaultValue("1") int heavyConcurrentPerSession,
        @DefaultValue("2") int retryAfterSeconds) {

    /**
     * How many events the next step of a session holding {@code stored} events may produce: the
     * step budget, or what is left of the session's, whichever is smaller.
     */
    public long stepEventBudget(long stored) {
        return Math.max(0, Math.min(maxStepEvents, maxSessionEvents - stored));
    }
}
