package dev.handshakelab.exercise;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * One exercise of the catalogue, as its file defines it (see docs/exercises.md), with its
 * instructions already rendered to safe HTML. {@code overrides} are the template's knobs the
 * exercise changes, in the form of a session's {@code overrides}; {@code predictions} are the
 * replies the student predicts before a send. {@code definition} is the exercise as written (the
 * file, or an authored version's JSON); {@code version} is an authored exercise's version, null
 * for a built-in one.
 */
public record Exercise(String id, int order, String title, String learningGoal, String instructions, String instructionsHtml,
        String template, JsonNode overrides, List<String> hints, List<Check> checks, List<Prediction> predictions,
        JsonNode definition, Integer version) {

    /** The same exercise as an authored exercise's version {@code n}. */
    public Exercise asVersion(int n) {
        return new Exercise(id, order, title, learningGoal, instructions, instructionsHtml, template, overrides, hints, checks, predictions,
                definition, n);
    }

    /** The points of all checks and predictions together. */
    public int points() {
        return checks.stream().mapToInt(Check::points).sum() + predictions.stream().mapToInt(Prediction::points).sum();
    }
}
