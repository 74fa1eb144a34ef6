package dev.handshakelab.dashboard;

import java.util.List;
import java.util.UUID;

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
import org.springframework.web.bind.annotation.PutMapping;
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
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
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

    /** An assignment's id, as a query parameter takes it (anything else: 400 naming it). */
    static final String UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    public record NoteRequest(@NotBlank @Size(max = 500) String body) {}

    @GetMapping("/courses/{courseId}/dashboard")
    @Operation(operationId = "getDashboard", summary = "The class view of an assignment: one row per student, with status and reason, score, last activity, endpoint states",
            description = "For the course's instructors and admins; anyone else gets 404. The rows are of `assignmentId` (default: "
                    + "the course's most recent assignment; a course without assignments shows each student's current session): "
                    + "score and checks of the student's best attempt, status and endpoints of their current one, the "
                    + "assignment's stuck rules. `lastEventId` is the number of the latest update the rows include: open the live "
                    + "stream, GET .../dashboard/events?after={lastEventId}&assignmentId=... (server-sent events, see docs/api.md), "
                    + "to follow from there.")
    @ApiResponse(responseCode = "200", description = "The class view")
    @ApiResponse(responseCode = "404", description = "No such course, or you do not teach it; or no such assignment in it")
    public ClassDashboard.ClassView view(@PathVariable String courseId,
            @Parameter(description = "One of the course's assignments (GET .../assignments); default the most recent",
                    schema = @Schema(type = "string", format = "uuid", pattern = UUID_PATTERN))
            @RequestParam(required = false) UUID assignmentId) {
        return dashboard.view(courseId, assignmentId);
    }

    @GetMapping(path = "/courses/{courseId}/dashboard/events", produces = {MediaType.TEXT_EVENT_STREAM_VALUE,
            MediaType.APPLICATION_JSON_VALUE})
    // Not in the OpenAPI document: OpenAPI 3.0 cannot describe a stream of events (their names,
    // ids and payloads), and a client of the document could only hang on it. docs/api.md describes it.
    @io.swagger.v3.oas.annotations.Hidden
    public SseEmitter stream(@PathVariable String courseId,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(required = false) Long after, @RequestParam(required = false) UUID assignmentId) {
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
        UUID course = dashboard.allowed(courseId);
        return streams.open(course, dashboard.streamed(course, assignmentId), from);
    }

    @GetMapping("/courses/{courseId}/dashboard/mistakes")
    @Operation(operationId = "getCommonMistakes", summary = "Common mistakes: per check and per prediction, how many students get it wrong and the typical wrong answers",
            description = "Over the students' current attempts at `assignmentId` (default the most recent assignment). A wrong "
                    + "prediction is named by what the number was (\"ack = your ISN instead of your ISN + 1\"), so the same mistake "
                    + "counts once across sessions with different ISNs.")
    @ApiResponse(responseCode = "200", description = "The panel")
    @ApiResponse(responseCode = "404", description = "No such course, or you do not teach it; or no such assignment in it")
    public ClassDashboard.Mistakes mistakes(@PathVariable String courseId,
            @Parameter(description = "One of the course's assignments; default the most recent",
                    schema = @Schema(type = "string", format = "uuid", pattern = UUID_PATTERN))
            @RequestParam(required = false) UUID assignmentId) {
        return dashboard.mistakes(courseId, assignmentId);
    }

    @GetMapping("/courses/{courseId}/assignments/{assignmentId}/stuck-rules")
    @Operation(operationId = "getStuckRules", summary = "The assignment's stuck rules (its own, or the default)")
    @ApiResponse(responseCode = "200", description = "The rules; `own` false: the deployment's default")
    @ApiResponse(responseCode = "404", description = "No such course or assignment, or you do not teach it")
    public DashboardAssignments.AssignmentRules stuckRules(@PathVariable String courseId, @PathVariable String assignmentId) {
        return dashboard.rules(courseId, assignmentId);
    }

    @PutMapping(path = "/courses/{courseId}/assignments/{assignmentId}/stuck-rules", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "setStuckRules", summary = "Set the assignment's stuck rules (the course's instructors)",
            description = "Every field is required; 0 turns a rule off. Rows are judged by the new rules from the next read; the "
                    + "live stream announces a status they change at its next sweep.")
    @ApiResponse(responseCode = "200", description = "The rules now in force")
    @ApiResponse(responseCode = "400", description = "A field is missing or out of its range; the problem names it")
    @ApiResponse(responseCode = "404", description = "No such course or assignment, or you do not teach it")
    public DashboardAssignments.AssignmentRules setStuckRules(@PathVariable String courseId, @PathVariable String assignmentId,
            @RequestBody DashboardAssignments.Rules rules) {
        return dashboard.setRules(courseId, assignmentId, rules);
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
