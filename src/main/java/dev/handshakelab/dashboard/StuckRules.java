package dev.handshakelab.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * A student's status, and the reason shown with it, from their session's facts, the rules in
 * force (the assignment's own, else the deployment's) and the time now. The rules, in the order
 * they are tried (the first that holds is the reason):
 * <ol>
 * <li>passed: every check of the session's exercise passes (nothing else is looked at);</li>
 * <li>stuck, the same failure repeated: the server answered the last {@code repeatedRst} ACKs
 * with RST (the ACK did not acknowledge the server's ISN + 1: RFC 9293 section 3.10.7.3, an
 * unacceptable ACK in SYN-RECEIVED gets a reset);</li>
 * <li>stuck, the same wrong prediction: the student made the same wrong prediction (the same
 * field, the same kind of wrong answer) in {@code repeatedPrediction} of their attempts at the
 * exercise, this one included: starting over did not change their model of the reply;</li>
 * <li>stuck, no progress: no new check passed for {@code noProgressMinutes} while the student kept
 * sending (at least {@code noProgressSteps} steps since the last check that passed);</li>
 * <li>stuck, idle: no step at all for {@code idleMinutes} after starting the session;</li>
 * <li>otherwise working.</li>
 * </ol>
 * A rule set to 0 is off.
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

    /** The rules' thresholds; 0 turns a rule off. */
    record Settings(int noProgressMinutes, int noProgressSteps, int repeatedRst, int repeatedPrediction, int idleMinutes) {

        /** The rules as the dashboard states them. */
        List<String> stated() {
            List<String> out = new ArrayList<>();
            if (repeatedRst > 0) {
                out.add("stuck: the server answered " + repeatedRst + " ACKs in a row with RST");
            }
            if (repeatedPrediction > 0) {
                out.add("stuck: the same wrong prediction in " + repeatedPrediction + " attempts");
            }
            if (noProgressMinutes > 0) {
                out.add("stuck: no new check passed for " + noProgressMinutes + " min while sending (at least " + noProgressSteps
                        + " steps)");
            }
            if (idleMinutes > 0) {
                out.add("stuck: no step for " + idleMinutes + " min after starting a session");
            }
            return out;
        }
    }

    private final Settings defaults;

    StuckRules(DashboardProperties settings) {
        this.defaults = new Settings((int) settings.noProgressAfter().toMinutes(), settings.noProgressSteps(), settings.repeatedRst(),
                settings.repeatedPrediction(), (int) settings.idleAfterStart().toMinutes());
    }

    /** The deployment's rules, for a course view without an assignment and an assignment that set none of its own. */
    Settings defaults() {
        return defaults;
    }

    Verdict judge(SessionFacts f, Instant now, Settings s) {
        if (f == null) {
            return new Verdict(Status.NOT_STARTED, "no session started yet");
        }
        if (f.passed()) {
            return new Verdict(Status.PASSED, "all " + f.checksTotal() + " checks pass");
        }
        if (s.repeatedRst() > 0 && f.rstStreak() >= s.repeatedRst()) {
            return new Verdict(Status.STUCK, "the same failure repeated: the server answered the last " + f.rstStreak()
                    + " ACKs with RST");
        }
        if (s.repeatedPrediction() > 0 && f.predictionRepeats() >= s.repeatedPrediction()) {
            return new Verdict(Status.STUCK, "the same wrong prediction in " + f.predictionRepeats() + " attempts: "
                    + f.repeatedPrediction());
        }
        Duration sinceProgress = Duration.between(f.progressAt(), now);
        if (s.noProgressMinutes() > 0 && f.graded() && f.stepsSinceProgress() >= s.noProgressSteps()
                && sinceProgress.compareTo(Duration.ofMinutes(s.noProgressMinutes())) >= 0) {
            return new Verdict(Status.STUCK, "no new check passed for " + minutes(sinceProgress) + " while sending ("
                    + f.stepsSinceProgress() + " steps)");
        }
        Duration sinceStart = Duration.between(f.startedAt(), now);
        if (s.idleMinutes() > 0 && f.studentSteps() == 0 && sinceStart.compareTo(Duration.ofMinutes(s.idleMinutes())) >= 0) {
            return new Verdict(Status.STUCK, "no step for " + minutes(sinceStart) + " after starting");
        }
        if (f.graded()) {
            return new Verdict(Status.WORKING, f.checksPassed() + " of " + f.checksTotal() + " checks pass");
        }
        return new Verdict(Status.WORKING, f.studentSteps() == 0 ? "started" : f.studentSteps() + " steps");
    }

    private static String minutes(Duration d) {
        return d.toMinutes() + " min";
    }
}
