package dev.handshakelab.limits;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import dev.handshakelab.web.ServiceBusyException;

/**
 * Bounds how many heavy operations (floods, replay checks) run at once: a few in the whole
 * instance, and one per session. Without this, requests beyond those queue on their session's row
 * lock or on the connection pool, each holding a database connection while it waits, until every
 * connection is taken and even listing sessions stalls. Beyond the limits a request is refused at
 * once: 429 when its own session is busy, 503 when the instance is.
 */
@Component
public class HeavyOperations {

    private final Limits limits;
    private final Bulkhead overall;
    private final BulkheadConfig perSessionConfig;
    /**
     * One bulkhead per session that ran a heavy operation lately. An entry expires only long after
     * its last use, and a heavy operation lasts seconds, so a held permit is never forgotten.
     */
    private final Cache<String, Bulkhead> perSession = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).build();

    public HeavyOperations(Limits limits) {
        this.limits = limits;
        this.overall = Bulkhead.of("heavy-operations", noWait(limits.heavyConcurrent()));
        this.perSessionConfig = noWait(limits.heavyConcurrentPerSession());
    }

    private static BulkheadConfig noWait(int maxConcurrent) {
        return BulkheadConfig.custom().maxConcurrentCalls(maxConcurrent).maxWaitDuration(Duration.ZERO).build();
    }

    /** Runs {@code work} if the session and the instance have room for it; else refuses at once. */
    public <T> T run(String sessionId, String operation, Supplier<T> work) {
        // ids are UUIDs, which do not depend on case: one session, one bulkhead
        Bulkhead session = perSession.get(sessionId.toLowerCase(Locale.ROOT), id -> Bulkhead.of("session-" + id, perSessionConfig));
        if (!session.tryAcquirePermission()) {
            throw new ServiceBusyException(HttpStatus.TOO_MANY_REQUESTS, "session-busy", limits.retryAfterSeconds(),
                    "Session '" + sessionId + "' already runs " + limits.heavyConcurrentPerSession() + " heavy operation(s) "
                            + "(floods, replay checks), the most one session may run at once "
                            + "(handshake-lab.limits.heavy-concurrent-per-session); try the " + operation + " again when it is done.");
        }
        try {
            return overall.executeSupplier(work);
        } catch (BulkheadFullException e) {
            throw new ServiceBusyException(HttpStatus.SERVICE_UNAVAILABLE, "server-busy", limits.retryAfterSeconds(),
                    "The server already runs " + limits.heavyConcurrent() + " heavy operations (floods, replay checks), the most it "
                            + "runs at once (handshake-lab.limits.heavy-concurrent); try the " + operation + " again shortly.");
        } finally {
            session.onComplete();
        }
    }
}
