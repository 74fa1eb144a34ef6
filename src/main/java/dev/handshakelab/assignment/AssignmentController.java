package dev.handshakelab.assignment;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.handshakelab.account.Callers;
import dev.handshakelab.account.Ids;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

/**
 * Assignments of a course and their scores. Only the course's instructors and students find
 * anything here; to anyone else the course does not exist (404), as in {@code /courses}.
 */
@RestController
@RequestMapping(path = "/api/v1/courses/{courseId}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Assignments", description = "Exercises assigned to a course, students' attempts, and scores (the best attempt's)")
public class AssignmentController {

    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final Assignments assignments;
    private final Callers callers;

    AssignmentController(Assignments assignments, Callers callers) {
        this.assignments = assignments;
        this.callers = callers;
    }

    @PostMapping(path = "/assignments", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "assignExercise", summary = "Assign an exercise to a course you teach, with an optional due date",
            description = "Once per exercise and course (400 naming `exerciseId` otherwise). Attempts after the due date are allowed "
                    + "and marked late.")
    @ApiResponse(responseCode = "201", description = "Assigned; `Location` is the course's assignments")
    @ApiResponse(responseCode = "404", description = "No such course, or you do not teach it")
    public ResponseEntity<AssignmentViews.Assignment> assign(@PathVariable String courseId,
            @Valid @RequestBody AssignmentViews.NewAssignment request) {
        UUID course = course(courseId);
        AssignmentViews.Assignment a = assignments.assign(callers.account(), course, request.exerciseId(),
                request.dueAt() == null ? null : request.dueAt().toInstant());
        return ResponseEntity.created(URI.create("/api/v1/courses/" + course + "/assignments")).body(a);
    }

    @PatchMapping(path = "/assignments/{assignmentId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "moveAssignmentVersion", summary = "Move an assignment of an authored exercise to another of its versions",
            description = "The exercise's author (or an admin) among the course's instructors. Attempts started from now on run the "
                    + "version; earlier attempts keep the one they started with and are graded by it. 400 naming `exerciseVersion` "
                    + "for a built-in exercise, someone else's, or a version it does not have.")
    @ApiResponse(responseCode = "200", description = "The assignment, at the version")
    @ApiResponse(responseCode = "404", description = "No such course or assignment, or you do not teach the course")
    public AssignmentViews.Assignment move(@PathVariable String courseId, @PathVariable String assignmentId,
            @Valid @RequestBody AssignmentViews.VersionChange request) {
        return assignments.moveTo(callers.account(), course(courseId), Ids.parse(assignmentId, "assignment-not-found"),
                request.exerciseVersion());
    }

    @GetMapping("/assignments")
    @Operation(operationId = "listAssignments", summary = "The course's assignments; a student's carry their own attempts and best score",
            description = "Scores are graded on the server from each attempt's stored history (re-graded when the session has new steps).")
    @ApiResponse(responseCode = "200", description = "The assignments, in syllabus order")
    @ApiResponse(responseCode = "404", description = "No such course, or you neither teach nor attend it")
    public List<AssignmentViews.Assignment> list(@PathVariable String courseId) {
        return assignments.list(callers.account(), course(courseId));
    }

    @PostMapping("/assignments/{assignmentId}/attempts")
    @Operation(operationId = "startAssignmentAttempt", summary = "Start a new attempt at an assignment (students of the course)",
            description = "A new session from the exercise, for the course, linked to the assignment. Earlier attempts are kept; "
                    + "the score is the best attempt's. After the due date the attempt is allowed and marked late.")
    @ApiResponse(responseCode = "201", description = "Started; `Location` is the new session")
    @ApiResponse(responseCode = "404", description = "No such course or assignment, or you do not attend the course")
    public ResponseEntity<AssignmentViews.StartedAttempt> start(@PathVariable String courseId, @PathVariable String assignmentId) {
        AssignmentViews.StartedAttempt a = assignments.start(callers.account(), course(courseId),
                Ids.parse(assignmentId, "assignment-not-found"));
        return ResponseEntity.created(URI.create("/api/v1/sessions/" + a.sessionId())).body(a);
    }

    @GetMapping("/scores")
    @Operation(operationId = "courseScores", summary = "Scores per student and per assignment (a student: only their own)",
            description = "Each cell is the best attempt's score, summed over its sources (`checks`, ...). Instructors also get a "
                    + "summary per assignment.")
    @ApiResponse(responseCode = "200", description = "The scores")
    @ApiResponse(responseCode = "404", description = "No such course, or you neither teach nor attend it")
    public AssignmentViews.ScoreTable scores(@PathVariable String courseId) {
        return assignments.scores(callers.account(), course(courseId));
    }

    @GetMapping(path = "/scores.csv", produces = "text/csv")
    @Operation(operationId = "exportScores", summary = "The course's scores as CSV (instructors)",
            description = "RFC 4180, a header line then one line per student and assignment: username, display_name, exercise_id, "
                    + "title, due_at, status, earned, points, attempts, late, on_time_earned, best_session_id.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The scores", content = @Content(mediaType = "text/csv",
                        schema = @Schema(type = "string", format = "binary"))),
                @ApiResponse(responseCode = "404", description = "No such course, or you do not teach it")})
    public ResponseEntity<String> csv(@PathVariable String courseId) {
        UUID course = course(courseId);
        return ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("scores-" + course + ".csv").build()
                        .toString())
                .body(assignments.csv(callers.account(), course));
    }

    private static UUID course(String courseId) {
        return Ids.parse(courseId, "course-not-found");
    }
}
