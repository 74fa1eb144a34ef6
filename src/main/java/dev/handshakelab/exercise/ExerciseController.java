package dev.handshakelab.exercise;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.handshakelab.account.Callers;
import dev.handshakelab.limits.HeavyOperationResponses;
import dev.handshakelab.limits.HeavyOperations;
import dev.handshakelab.web.ApiProblems;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Exercises", description = "Exercises graded on what the student's endpoint did, from the session's stored history")
public class ExerciseController {

    private final ExerciseCatalog catalog;
    private final ExerciseService service;
    private final HeavyOperations heavy;
    private final AuthoredExercises authored;
    private final Callers callers;

    public ExerciseController(ExerciseCatalog catalog, ExerciseService service, HeavyOperations heavy, AuthoredExercises authored,
            Callers callers) {
        this.authored = authored;
        this.callers = callers;
        this.catalog = catalog;
        this.service = service;
        this.heavy = heavy;
    }

    @GetMapping("/exercises")
    @Operation(operationId = "listExercises", summary = "The built-in exercises, in syllabus order")
    public List<ExerciseViews.Summary> list() {
        return catalog.all().stream().map(ExerciseViews.Summary::of).toList();
    }

    @GetMapping("/exercises/{exerciseId}")
    @Operation(operationId = "getExercise", summary = "One exercise: its goal, instructions (Markdown and sanitised HTML), hints and checks",
            description = "A built-in exercise, or an authored one's newest version for its author (and admins).")
    @ApiResponse(responseCode = "200", description = "The exercise")
    @ApiResponse(responseCode = "404", description = "No such exercise")
    public ExerciseViews.Detail get(@PathVariable String exerciseId) {
        return ExerciseViews.Detail.of(service.exercise(exerciseId));
    }

    @PostMapping("/exercises/{exerciseId}/attempts")
    @Operation(operationId = "startAttempt", summary = "Start an attempt: a new session from the exercise's template and knobs, owned by the caller",
            description = "The body is optional; `courseId` starts the session for a course the caller attends or teaches.")
    @ApiResponse(responseCode = "201", description = "Started; `Location` is the new session")
    @ApiResponse(responseCode = "404", description = "No such exercise")
    public ResponseEntity<ExerciseViews.Attempt> start(@PathVariable String exerciseId,
            @Valid @RequestBody(required = false) ExerciseViews.StartAttemptRequest request) {
        ExerciseViews.Attempt attempt = service.start(exerciseId, request == null ? null : request.courseId());
        return ResponseEntity.created(URI.create("/api/v1/sessions/" + attempt.sessionId())).body(attempt);
    }

    @PostMapping(path = "/exercises/{exerciseId}/copies", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "copyExercise", summary = "Copy an exercise (a built-in one or your own) into a new authored exercise of yours",
            description = "Instructors. The copy is version 1 of a new exercise under `id`, with `title` if given; edit it with "
                    + "PUT /authored-exercises/{id}. An authored exercise is copied from its newest version.")
    @ApiResponse(responseCode = "201", description = "Copied; `Location` is the new exercise")
    @ApiResponse(responseCode = "404", description = "No such exercise (or not yours), or you are not an instructor")
    public ResponseEntity<AuthoringViews.Authored> copy(@PathVariable String exerciseId, @Valid @RequestBody AuthoringViews.CopyRequest request) {
        AuthoringViews.Authored a = authored.copy(callers.account(), exerciseId, request.id(), request.title());
        return ResponseEntity.created(URI.create("/api/v1/authored-exercises/" + a.id())).body(a);
    }

    @GetMapping("/sessions/{id}/exercise")
    @Operation(operationId = "getAttemptExercise", summary = "The exercise a session is an attempt at: the version it runs",
            description = "Whoever may read the session may read it. For an authored exercise this is the version the attempt was "
                    + "started with (its assignment's), whatever was edited since.")
    @ApiResponse(responseCode = "200", description = "The exercise")
    @ApiResponse(responseCode = "404", description = "No such session, or it was not started from an exercise")
    public ExerciseViews.Detail attemptExercise(@PathVariable String id) {
        return service.exerciseOf(id);
    }

    @GetMapping("/sessions/{id}/grade")
    @Operation(operationId = "grade", summary = "Grade an exercise attempt from its stored history",
            description = "The stored steps are replayed first (as GET .../replay-check); then each check is evaluated over the "
                    + "stored events and explains itself: the events that satisfied it, or what is missing and the nearest miss. "
                    + "Anyone who may read the session may see its grade. A heavy operation, like the replay check.")
    @ApiResponse(responseCode = "200", description = "The grade")
    @ApiResponse(responseCode = "404", description = "No such session, or it was not started from an exercise")
    @ApiResponse(responseCode = "409", description = "The stored history does not replay to itself; it is not graded")
    @HeavyOperationResponses
    public ExerciseViews.Grade grade(@PathVariable String id) {
        return heavy.run(id, "grade", () -> service.grade(id));
    }

    @ExceptionHandler(ExerciseService.ReplayMismatchException.class)
    ResponseEntity<ProblemDetail> replayMismatch(ExerciseService.ReplayMismatchException e) {
        ProblemDetail pd = ApiProblems.of(HttpStatus.CONFLICT, "replay-mismatch", "History does not replay", e.getMessage());
        return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
    }
}
