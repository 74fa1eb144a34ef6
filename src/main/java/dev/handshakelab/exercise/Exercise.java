package dev.handshakelab.exercise;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * One exercise of the catalogue, as its file defines it (see docs/exercises.md), with its
 * instructions already rendered to safe HTML. {@code overrides} are the template's knobs the
 * exercise changes, in the form of a session's {@code overrides}; {@code predictions} are kept
 * as written.
 */
public record Exercise(String id, int order, String title, String learningGoal, String instructions, String instructionsHtml,
        String template, JsonNode overrides, List<String> hints, List<Check> checks, List<JsonNode> predictions) {

    /** The points of all checks together. */
    public int points() {
        return checks.stream().mapToInt(Check::points).sum();
    }
}
