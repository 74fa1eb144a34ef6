package dev.handshakelab.dashboard;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The dashboard's settings, {@code handshake-lab.dashboard.*}. The stuck rules here are the
 * default of every course and assignment; an assignment's instructors may set its own
 * (PUT .../assignments/{id}/stuck-rules, see {@link StuckRules}).
 *
 * @param noProgressAfter  stuck when no new check passed for this long ...
 * @param noProgressSteps  ... while the student made at least this many steps since the last one did
 * @param repeatedRst      stuck when this many ACKs in a row were answered with RST
 * @param repeatedPrediction stuck when the same wrong prediction was made in this many of the student's attempts
 * @param idleAfterStart   stuck when the student made no step for this long after starting a session
 * @param replayLog        row updates kept per course for resuming a stream (Last-Event-ID)
 * @param heartbeat        how often an idle stream gets a comment (keeps proxies from closing it, finds dead clients)
 * @param streamTimeout    how long one stream stays open; the browser then reconnects and resumes
 * @param sweepInterval    how often statuses reached by time alone (stuck when idle) are looked for
 * @param workers          threads that update rows after steps (a session always on the same one, in order)
 * @param queue            activities each worker may have waiting; past that an update is dropped (logged),
 *                         and the row is right again at the student's next step or the view's next read
 */
@ConfigurationProperties("handshake-lab.dashboard")
public record DashboardProperties(
        @DefaultValue("10m") Duration noProgressAfter,
        @DefaultValue("5") int noProgressSteps,
        @DefaultValue("3") int repeatedRst,
        @DefaultValue("2") int repeatedPrediction,
        @DefaultValue("5m") Duration idleAfterStart,
        @DefaultValue("1000") int replayLog,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("30m") Duration streamTimeout,
        @DefaultValue("15s") Duration sweepInterval,
        @DefaultValue("2") int workers,
        @DefaultValue("10000") int queue) {
}
