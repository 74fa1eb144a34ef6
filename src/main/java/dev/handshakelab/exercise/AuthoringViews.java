package dev.handshakelab.exercise;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What the authored-exercise API reads and answers (docs/exercises.md, "Authored exercises"). */
public final class AuthoringViews {

    private AuthoringViews() {
    }

    /**
     * One version of an authored exercise: the definition as stored (what an edit sends back,
     * changed) and the exercise as students get it (instructions rendered and sanitised).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Authored(String id,
            @Schema(description = "This version's number") int version,
            @Schema(description = "The newest version's number") int latestVersion,
            @Schema(description = "Who stored this version (the author, or an admin)") String author,
            @Schema(description = "Who wrote the exercise: they and admins may edit it") String owner,
            @Schema(description = "A built-in's id, or '<authored id>@<version>'; absent when written afresh") String copiedFrom,
            @Schema(description = "When this version was stored") Instant createdAt,
            @Schema(description = "The definition, in the shape of a built-in exercise file (exercise.schema.json)")
            Map<String, Object> definition,
            ExerciseViews.Detail exercise) {}

    /** An entry of the caller's own authored exercises. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AuthoredSummary(String id, String title, String learningGoal, String template, int points, int checks,
            @Schema(description = "The newest version's number") int version, String owner, String copiedFrom, Instant createdAt,
            Instant updatedAt) {}

    /** A version in an exercise's history. */
    public record VersionSummary(int version, String author, Instant createdAt, String title, int points) {}

    /** A copy of an exercise under a new id (and optionally a new title). */
    public record CopyRequest(
            @NotBlank @Size(max = 63) @Pattern(regexp = "^[a-z0-9][a-z0-9-]{1,62}$", message = "must be lowercase letters, digits and dashes")
            @Schema(description = "The copy's id: unique among all exercises", example = "handshake-basic-tuesday") String id,
            @Size(min = 1, max = 100) @Schema(description = "The copy's title; the original's if absent", example = "The handshake, Tuesday lab")
            String title) {}
}
