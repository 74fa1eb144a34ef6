package dev.handshakelab.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/** Health follows the connection pool: out of service while requests queue for a connection or none is free for long. */
class PoolHealthIndicatorTest {

    final AtomicReference<PoolHealthIndicator.PoolState> pool = new AtomicReference<>();
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
    final Clock clock = new Clock() {
        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now.get(); }
    };
    final PoolHealthIndicator health = new PoolHealthIndicator(pool::get, clock, 2, Duration.ofSeconds(5));

    @Test
    void aPoolWithIdleConnectionsIsUp() {
        pool.set(new PoolHealthIndicator.PoolState(3, 7, 10, 0));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsEntry("idle", 7);
    }

    @Test
    void morRequestsWaitingThanTheThreshold_isOutOfServiceAtOnce() {
        pool.set(new PoolHealthIndicator.PoolState(10, 0, 10, 2));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        pool.set(new PoolHealthIndicator.PoolState(10, 0, 10, 3));
        assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(health.health().getDetails().get("reason").toString()).contains("3 requests wait");
    }

    @Test
    void noIdleConnectionForAWhile_isOutOfService_untilOneIsIdleAgain() {
        pool.set(new PoolHealthIndicator.PoolState(10, 0, 10, 0));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        now.set(now.get().plusSeconds(4));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        now.set(now.get().plusSeconds(1));
        assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);

        pool.set(new PoolHealthIndicator.PoolState(9, 1, 10, 0));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void beforeThePoolStartsThereIsNothingToJudge() {
        assertThat(health.health().getStatus()).isEqualTo(Status.UNKNOWN);
    }
}
