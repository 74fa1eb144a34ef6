package dev.handshakelab.dashboard;

import java.time.Instant;
import java.util.UUID;

/**
 * What the dashboard keeps about a student's session (table dashboard_session), updated as each
 * of the student's steps is committed.
 *
 * @param checksPassed        null while nothing grades the session
 * @param predictions         the graded predictions and the wrong answers, as JSON (see {@link PredictionMistakes})
 * @param predictionRepeats   in how many of the student's attempts this attempt's most repeated wrong prediction was made
 * @param repeatedPrediction  which wrong prediction that is, as a label
 */
record SessionFacts(UUID sessionId, Instant startedAt, int studentSteps, Instant lastStepAt, Integer checksPassed,
        Integer checksTotal, Integer score, Integer points, Instant progressAt, int stepsSinceProgress, String failing,
        int rstStreak, String endpoints, String predictions, int predictionRepeats, String repeatedPrediction) {

    boolean graded() {
        return checksTotal != null && checksTotal > 0;
    }

    boolean passed() {
        return graded() && checksPassed.intValue() == checksTotal.intValue();
    }
}
