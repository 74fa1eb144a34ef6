package dev.handshakelab.dashboard;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.handshakelab.web.ApiProblems;
import dev.handshakelab.web.InvalidRequestException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The instructor dashboard: a course's class view, its live stream, its common mistakes; notes left in a session. */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@EnableConfigurationProperties(DashboardProperties.class)
@Tag(name = "Dashboard", description = "A course's students at a glance, live; for its instructors")
public class DashboardController {

    private final ClassDashboard dashboard;
    private final DashboardStreams streams;
    private final SessionNotes notes;

    DashboardController(ClassDashboard dashboard, DashboardStreams streams, SessionNotes notes) {
        this.dashboard = dashboard;
        this.streams = streams;
        this.notes = notes;
    }

    public record NoteRequest(@NotBlank @Size(max = 500) String body) {}

    @GetMapping("/courses/{courseId}/dashboard")
    @Operation(operationId = "getDashboard", summary = "The class view: one row per student, with status and reason, score, last activity, endpoint states",
            description = "For the course's instructors and admins; anyone else gets 404. `lastEventId` is the number of the latest "
                    + "update the rows include: open the live stream, GET .../dashboard/events?after={lastEventId} (server-sent "
                    + "events, see docs/api.md), to follow from there.")
    @ApiResponse(responseCode = "200", description = "The class view")
    @ApiResponse(responseCode = "404", description = "No such course, or you do not teach it")
    public ClassDashboard.ClassView view(@PathVariable String courseId) {
        return dashboard.view(courseId);
    }

    @GetMapping(path = "/courses/{courseId}/dashboard/events", produces = {MediaType.TEXT_EVENT_STREAM_VALUE,
            MediaType.APPLICATION_JSON_VALUE})
    // Not in the OpenAPI document: OpenAPI 3.0 cannot describe a stream of events (their names,
    // ids and payloads), and a client of the document could only hang on it. docs/api.md describes it.
    @io.swagger.v3.oas.annotations.Hidden
    public SseEmitter stream(@PathVariable String courseId,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(required = false) Long after) {
        Long from = after;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                from = Long.parseLong(lastEventId.strip());
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("Last-Event-ID", "integer", "must be the id of an event of this stream");
            }
        }
        if (from != null && from < 0) {
            throw new InvalidRequestException(lastEventId != null ? "Last-Event-ID" : "after", "non-negative", "must be 0 or more");
        }
        return streams.open(dashboard.allowed(courseId), from);
    }

    @GetMapping("/courses/{courseId}/dashboard/mistakes")
    @Operation(operationId = "getCommonMistakes", summary = "Common mistakes: per check, how many students fail it and the typical failures")
    @ApiResponse(responseCode = "200", description = "The panel")
    @ApiResponse(responseCode = "404", description = "No such course, or you do not teach it")
    public ClassDashboard.Mistakes mistakes(@PathVariable String courseId) {
        return dashboard.mistakes(courseId);
    }

    @GetMapping("/sessions/{id}/notes")
    @Operation(operationId = "listNotes", summary = "The notes instructors left in a session, oldest first")
    @ApiResponse(responseCode = "200", description = "The notes")
    @ApiResponse(responseCode = "404", description = "No such session, or you may not read it")
    public List<SessionNotes.Note> notes(@PathVariable String id) {
        return notes.list(id);
    }

    @PostMapping(path = "/sessions/{id}/notes", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "leaveNote", summary = "Leave the student a short note, shown in their session (instructors of the student)")
    @ApiResponse(responseCode = "201", description = "The note")
    @ApiResponse(responseCode = "403", description = "You own the session: notes are left by the student's instructors")
    @ApiResponse(responseCode = "404", description = "No such session, or you may not read it")
    public SessionNotes.Note leaveNote(@PathVariable String id, @Valid @RequestBody NoteRequest request) {
        return notes.leave(id, request.body());
    }

    @ExceptionHandler(SessionNotes.NotAnInstructor.class)
    ResponseEntity<ProblemDetail> notAnInstructor(SessionNotes.NotAnInstructor e) {
        ProblemDetail pd = ApiProblems.of(HttpStatus.FORBIDDEN, "notes-by-instructors", "Not an instructor of this student", e.getMessage());
        return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
    }
}
