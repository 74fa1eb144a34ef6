package dev.handshakelab.exercise;

import java.net.URI;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.handshakelab.account.Callers;
import dev.handshakelab.web.ApiProblems;
import dev.handshakelab.web.ResourceNotFoundException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exercises instructors write: create, edit (each edit a new version), read any version. Only
 * the author and admins find one; to anyone else it does not exist (404). Copying an exercise is
 * {@code POST /exercises/{exerciseId}/copies} ({@link ExerciseController}).
 */
@RestController
@RequestMapping(path = "/api/v1/authored-exercises", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Authored exercises", description = "Exercises instructors write, copy and edit; every edit is a new version, and a course "
        + "keeps the version it assigned")
public class AuthoringController {

    private final AuthoredExercises authored;
    private final Callers callers;
    private final JsonMapper json;

    AuthoringController(AuthoredExercises authored, Callers callers, JsonMapper json) {
        this.authored = authored;
        this.callers = callers;
        this.json = json;
    }

    /** The body of a create or an edit: an exercise definition, as a built-in file. */
    @Target(java.lang.annotation.ElementType.PARAMETER)
    @Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "An exercise definition in the shape of a "
            + "built-in exercise file (exercises/schema/exercise.schema.json; docs/exercises.md, \"Exercise files\")",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(type = "object")))
    @interface Definition {}

    @GetMapping
    @Operation(operationId = "listAuthoredExercises", summary = "Your authored exercises (an admin: everyone's), by id")
    public List<AuthoringViews.AuthoredSummary> list() {
        return authored.list(callers.account());
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "createAuthoredExercise", summary = "Write a new exercise (instructors; anyone else gets 404): version 1, yours",
            description = "Validated exactly as a built-in file: the JSON Schema, the check language, a template the lab has, and an id "
                    + "no other exercise (built-in or authored) has. A problem names the field and the rule.")
    @ApiResponse(responseCode = "201", description = "Created; `Location` is the exercise")
    public ResponseEntity<AuthoringViews.Authored> create(@Definition @RequestBody Map<String, Object> definition) {
        AuthoringViews.Authored a = authored.create(callers.account(), json.valueToTree(definition));
        return ResponseEntity.created(URI.create("/api/v1/authored-exercises/" + a.id())).body(a);
    }

    @GetMapping("/{authoredId}")
    @Operation(operationId = "getAuthoredExercise", summary = "An authored exercise's newest version: its definition and the exercise as students get it")
    @ApiResponse(responseCode = "200", description = "The newest version")
    @ApiResponse(responseCode = "404", description = "No such exercise, or it is not yours")
    public AuthoringViews.Authored get(@PathVariable String authoredId) {
        return authored.get(callers.account(), authoredId, null);
    }

    @PutMapping(path = "/{authoredId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "editAuthoredExercise", summary = "Edit an exercise: the whole definition again, stored as the next version",
            description = "Earlier versions stay as they were: a course that assigned one keeps it (and its attempts are graded by it). "
                    + "The id cannot change (400 naming `id`); copy the exercise to make one under a new id.")
    @ApiResponse(responseCode = "200", description = "The new version")
    @ApiResponse(responseCode = "404", description = "No such exercise, or it is not yours")
    @ApiResponse(responseCode = "409", description = "Edited by someone else at the same moment; read it again")
    public AuthoringViews.Authored edit(@PathVariable String authoredId, @Definition @RequestBody Map<String, Object> definition) {
        return authored.edit(callers.account(), authoredId, json.valueToTree(definition));
    }

    @GetMapping("/{authoredId}/versions")
    @Operation(operationId = "listAuthoredExerciseVersions", summary = "Every version of an authored exercise, oldest first: who stored it and when")
    @ApiResponse(responseCode = "200", description = "The versions")
    @ApiResponse(responseCode = "404", description = "No such exercise, or it is not yours")
    public List<AuthoringViews.VersionSummary> versions(@PathVariable String authoredId) {
        return authored.versions(callers.account(), authoredId);
    }

    @GetMapping("/{authoredId}/versions/{version}")
    @Operation(operationId = "getAuthoredExerciseVersion", summary = "One version of an authored exercise")
    @ApiResponse(responseCode = "200", description = "The version")
    @ApiResponse(responseCode = "404", description = "No such exercise or version, or it is not yours")
    public AuthoringViews.Authored version(@PathVariable String authoredId, @PathVariable String version) {
        int n;
        try {
            n = Integer.parseInt(version);
        } catch (NumberFormatException notANumber) {
            throw new ResourceNotFoundException("version-not-found", "Versions are numbered 1, 2, ...");
        }
        return authored.get(callers.account(), authoredId, n);
    }

    @ExceptionHandler(AuthoredExercises.EditConflictException.class)
    ResponseEntity<ProblemDetail> conflict(AuthoredExercises.EditConflictException e) {
        ProblemDetail pd = ApiProblems.of(HttpStatus.CONFLICT, "edit-conflict", "Edited at the same moment", e.getMessage());
        return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
    }
}
