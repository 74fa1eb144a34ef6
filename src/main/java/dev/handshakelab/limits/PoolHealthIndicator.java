package dev.handshakelab.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Health as the database connection pool sees it (the {@code pool} component of
 * {@code /actuator/health}). A database that answers its health query can still be out of reach
 * for requests: when every connection is taken, requests queue for one and time out, while the
 * plain database check, which gets its connection eventually, still says UP. This says
 * OUT_OF_SERVICE, so a load balancer stops sending requests, when more than {@code maxWaiting}
 * requests wait for a connection, or when no connection has been idle for {@code starvedAfter}.
 */
@Component("pool")
public class PoolHealthIndicator implements HealthIndicator {

    /** What the indicator reads of the pool. */
    public record PoolState(int active, int idle, int total, int waiting) {}

    private final Supplier<PoolState> pool;
    private final Clock clock;
    private final int maxWaiting;
    private final Duration starvedAfter;
    /** Since when the pool has been seen with no idle connection; null while it had one at the last look. */
    private volatile Instant noIdleSince;

    @Autowired
    public PoolHealthIndicator(DataSource dataSource, @Value("${handshake-lab.health.pool.max-waiting:2}") int maxWaiting,
            @Value("${handshake-lab.health.pool.starved-after:5s}") Duration starvedAfter) {
        this(hikari(dataSource), Clock.systemUTC(), maxWaiting, starvedAfter);
    }

    PoolHealthIndicator(Supplier<PoolState> pool, Clock clock, int maxWaiting, Duration starvedAfter) {
        this.pool = pool;
        this.clock = clock;
        this.maxWaiting = maxWaiting;
        this.starvedAfter = starvedAfter;
    }

    private static Supplier<PoolState> hikari(DataSource dataSource) {
        return () -> {
            HikariPoolMXBean mx = dataSource instanceof HikariDataSource h ? h.getHikariPoolMXBean() : null;
            // before the pool's first connection, or on another pool, there is nothing to judge
            return mx == null ? null : new PoolState(mx.getActiveConnections(), mx.getIdleConnections(), mx.getTotalConnections(),
                    mx.getThreadsAwaitingConnection());
        };
    }

    @Override
    public Health health() {
        PoolState s = pool.get();
        if (s == null) {
            return Health.unknown().build();
        }
        Instant now = clock.instant();
        if (s.idle() > 0) {
            noIdleSince = null;
        } else if (noIdleSince == null) {
            noIdleSince = now;
        }
        Health.Builder health;
        if (s.waiting() > maxWaiting) {
            health = Health.status(Status.OUT_OF_SERVICE).withDetail("reason",
                    s.waiting() + " requests wait for a database connection (more than " + maxWaiting + ")");
        } else if (noIdleSince != null && Duration.between(noIdleSince, now).compareTo(starvedAfter) >= 0) {
            health = Health.status(Status.OUT_OF_SERVICE).withDetail("reason",
                    "no database connection has been idle since " + noIdleSince + " (" + starvedAfter.toSeconds() + " s or more)");
        } else {
            health = Health.up();
        }
        return health.withDetail("active", s.active()).withDetail("idle", s.idle()).withDetail("total", s.total())
                .withDetail("waiting", s.waiting()).build();
    }
}
