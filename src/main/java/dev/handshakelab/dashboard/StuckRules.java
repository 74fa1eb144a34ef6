package dev.handshakelab.dashboard;

import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Component;

/**
 * A student's status, and the reason shown with it, from their session's facts and the time now.
 * The rules, in the order they are tried (the first that holds is the reason):
 * <ol>
 * <li>passed: every check of the session's exercise passes (nothing else is looked at);</li>
 * <li>stuck, the same failure repeated: the server answered the last {@code repeatedRst} ACKs
 * with RST (the ACK did not acknowledge the server's ISN + 1: RFC 9293 section 3.10.7.3, an
 * unacceptable ACK in SYN-RECEIVED gets a reset);</li>
 * <li>stuck, no progress: no new check passed for {@code noProgressAfter} while the student kept
 * sending (at least {@code noProgressSteps} steps since the last check that passed);</li>
 * <li>stuck, idle: no step at all for {@code idleAfterStart} after starting the session;</li>
 * <li>otherwise working.</li>
 * </ol>
 * Settings are per course for now (configuration); the assignment will carry its own.
 */
@Component
class StuckRules {

    enum Status {
        NOT_STARTED, WORKING, PASSED, STUCK;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    record Verdict(Status status, String reason) {}

    private final DashboardProperties settings;

    StuckRules(DashboardProperties settings) {
        this.settings = settings;
    }

    Verdict judge(SessionFacts f, Instant now) {
        if (f == null) {
            return new Verdict(Status.NOT_STARTED, "no session started yet");
        }
        if (f.passed()) {
            return new Verdict(Status.PASSED, "all " + f.checksTotal() + " checks pass");
        }
        if (f.rstStreak() >= settings.repeatedRst()) {
            return new Verdict(Status.STUCK, "the same failure repeated: the server answered the last " + f.rstStreak()
                    + " ACKs with RST");
        }
        Duration sinceProgress = Duration.between(f.progressAt(), now);
        if (f.graded() && f.stepsSinceProgress() >= settings.noProgressSteps()
                && sinceProgress.compareTo(settings.noProgressAfter()) >= 0) {
            return new Verdict(Status.STUCK, "no new check passed for " + minutes(sinceProgress) + " while sending ("
                    + f.stepsSinceProgress() + " steps)");
        }
        Duration sinceStart = Duration.between(f.startedAt(), now);
        if (f.studentSteps() == 0 && sinceStart.compareTo(settings.idleAfterStart()) >= 0) {
            return new Verdict(Status.STUCK, "no step for " + minutes(sinceStart) + " after starting");
        }
        if (f.graded()) {
            return new Verdict(Status.WORKING, f.checksPassed() + " of " + f.checksTotal() + " checks pass");
        }
        return new Verdict(Status.WORKING, f.studentSteps() == 0 ? "started" : f.studentSteps() + " steps");
    }

    DashboardProperties settings() {
        return settings;
    }

    private static String minutes(Duration d) {
        return d.toMinutes() + " min";
    }
}
