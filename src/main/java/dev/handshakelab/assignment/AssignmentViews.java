package dev.handshakelab.assignment;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** What the assignments API reads and answers (docs/exercises.md, "Assignments and scores"). */
public final class AssignmentViews {

    private AssignmentViews() {
    }

    /** An instructor's new assignment. */
    public record NewAssignment(
            @NotBlank @Size(max = 64) @Schema(description = "An exercise id from GET /api/v1/exercises", example = "handshake-basic")
            String exerciseId,
            @Schema(description = "Optional due date (RFC 3339). Attempts after it are allowed and marked late.",
                    example = "2027-03-01T23:59:00Z")
            OffsetDateTime dueAt) {}

    /** Another version of an assigned authored exercise. */
    public record VersionChange(
            @jakarta.validation.constraints.NotNull @Schema(description = "A version of the assigned authored exercise", example = "2")
            Integer exerciseVersion) {}

    /** An assignment of a course; {@code mine} is the calling student's own attempts (absent for instructors). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Assignment(UUID id, UUID courseId, String exerciseId,
            @Schema(description = "An authored exercise's version the course assigned (absent for a built-in one): attempts run it, "
                    + "whatever was edited since") Integer exerciseVersion,
            String title, String learningGoal, int points,
            Instant dueAt, Instant assignedAt, Mine mine) {}

    /** A student's own progress on one assignment: every attempt, and the best one's score. */
    public record Mine(
            @Schema(allowableValues = {"not-started", "started", "completed"}) String status,
            @Schema(description = "The best attempt (the one the assignment's score is); absent before the first attempt")
            AttemptScore best,
            List<AttemptScore> attempts) {}

    /**
     * One attempt's score, from the server's grade of its stored history. {@code current} is false
     * when it could not be graded again just now (the server was busy) and an earlier grade is shown.
     */
    public record AttemptScore(UUID sessionId, int attemptNo, Instant startedAt,
            @Schema(description = "Started after the due date, or its session last changed after it") boolean late,
            Integer earned, int points,
            @Schema(description = "Where the points came from, by source: checks, and others as they are added")
            Map<String, PointsSource.Part> parts,
            boolean current) {}

    /** A new attempt: the session to work in. */
    public record StartedAttempt(UUID assignmentId, String exerciseId, UUID sessionId, int attemptNo, boolean late) {}

    /** A course's scores: assignments as columns, students as rows; a student sees only their own row. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScoreTable(UUID courseId, List<Column> assignments, List<StudentRow> students,
            @Schema(description = "Per assignment over all students; instructors only") List<ExerciseSummary> exercises) {}

    public record Column(UUID assignmentId, String exerciseId, String title, int points, Instant dueAt) {}

    public record StudentRow(UUID id, String username, String displayName, int earned, int points, List<Cell> scores) {}

    /** A student's score on one assignment: the best attempt's. */
    public record Cell(UUID assignmentId, String exerciseId,
            @Schema(allowableValues = {"not-started", "started", "completed"}) String status,
            Integer earned, int points, int attempts,
            @Schema(description = "The best attempt is late") boolean late,
            @Schema(description = "The best of the attempts that are not late") Integer onTimeEarned,
            UUID bestSessionId) {}

    public record ExerciseSummary(UUID assignmentId, String exerciseId, int students, int attempted, int completed,
            @Schema(description = "Mean of the best scores of the students who attempted it") Double meanEarned, int points) {}
}
