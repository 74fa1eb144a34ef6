package dev.handshakelab.dashboard;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * How far a student is with what their session is for: the seam where an assignment's score
 * plugs in. Asked after each of the student's steps is committed, as the caller who made it (or
 * who may read the session), and stored with the session's dashboard facts: the class view never
 * grades anyone while it is read.
 */
public interface StudentProgress {

    /** The progress in this session, or empty when nothing grades it (a free session). */
    Optional<Progress> of(UUID sessionId);

    /**
     * Checks passed of all, score of points, the checks still failing, each with why, and the
     * predictions graded so far with the wrong answers named (null: the session has none).
     */
    record Progress(int checksPassed, int checksTotal, int score, int points, List<Failing> failing,
            PredictionMistakes.Graded predictions) {

        boolean complete() {
            return checksTotal > 0 && checksPassed == checksTotal;
        }
    }

    /** A failing check and its explanation ("no segment with ACK = ISN + 1 ..."). */
    record Failing(String id, String title, String explanation) {}
}
