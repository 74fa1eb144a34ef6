package dev.handshakelab.exercise;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/** What the exercise API answers. */
public final class ExerciseViews {

    private ExerciseViews() {
    }

    /** A catalogue entry. */
    public record Summary(String id, String title, String learningGoal, String template, int points, int checks) {
        static Summary of(Exercise e) {
            return new Summary(e.id(), e.title(), e.learningGoal(), e.template(), e.points(), e.checks().size());
        }
    }

    /** A whole exercise: its instructions as written (Markdown) and rendered (sanitised HTML), and its checks' titles and points. */
    public record Detail(String id, String title, String learningGoal, String instructions, String instructionsHtml,
            String template, JsonNode overrides, List<String> hints, List<CheckSummary> checks, List<PredictionSummary> predictions,
            int points,
            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(description = "An authored exercise's version (absent for a built-in one)") Integer version) {
        static Detail of(Exercise e) {
            return new Detail(e.id(), e.title(), e.learningGoal(), e.instructions(), e.instructionsHtml(), e.template(),
                    e.overrides(), e.hints(), e.checks().stream().map(c -> new CheckSummary(c.id(), c.title(), c.points())).toList(),
                    e.predictions().stream().map(PredictionSummary::of).toList(), e.points(), e.version());
        }
    }

    /**
     * A prediction as the student sees it before making it: the question, the send it comes
     * before ({@code before}, e.g. "your SYN") and the fields to predict; not the explanation.
     */
    public record PredictionSummary(String id, String prompt, String before, List<String> fields, int points) {
        static PredictionSummary of(Prediction p) {
            return new PredictionSummary(p.id(), p.prompt(), p.before().label(), p.fields().stream().map(f -> f.json).toList(), p.points());
        }
    }

    /** A check as the student sees it before grading: what it asks, not how it is tested. */
    public record CheckSummary(String id, String title, int points) {}

    /** An attempt just started: the exercise and the new session's id. */
    public record Attempt(String exerciseId, String sessionId) {}

    /**
     * A session's grade: the replay check that came first, then every check's result and every
     * prediction's; {@code points} and {@code earned} count both.
     */
    public record Grade(String sessionId, String exerciseId,
            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(description = "The authored exercise's version the attempt runs (absent for a built-in one)") Integer exerciseVersion,
            Replay replay, int points, int earned, List<CheckResult> checks,
            List<PredictionViews.PredictionResult> predictions) {}

    /** The stored steps replayed in a fresh world before grading: mismatches 0, or no grade. */
    public record Replay(int steps, long events, int mismatches) {}

    /** An optional body for a new attempt. */
    public record StartAttemptRequest(
            @jakarta.validation.constraints.Size(max = 36) String courseId) {}
}
