package dev.handshakelab.session;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.handshakelab.core.profile.ClientPreset;
import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.history.HistoryFilter;
import dev.handshakelab.limits.HeavyOperationResponses;
import dev.handshakelab.limits.HeavyOperations;
import dev.handshakelab.limits.Limits;
import dev.handshakelab.session.api.ClockRequest;
import dev.handshakelab.session.api.ConnectRequest;
import dev.handshakelab.session.api.ConnectionView;
import dev.handshakelab.session.api.TimelineView;
import dev.handshakelab.session.api.CreateSessionRequest;
import dev.handshakelab.session.api.EventView;
import dev.handshakelab.session.api.PageView;
import dev.handshakelab.session.api.RawJson;
import dev.handshakelab.session.api.RenameSessionRequest;
import dev.handshakelab.session.api.SendSegmentRequest;
import dev.handshakelab.session.api.SessionView;
import dev.handshakelab.session.api.StepView;
import dev.handshakelab.web.InvalidRequestException;

/** Lab sessions over HTTP: create, step, inspect. */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Sessions", description = "Lab sessions, the steps a user takes in them, and what happened")
public class SessionController {

    private final SessionService service;
    private final LabTemplates templates;
    private final Limits limits;
    private final HeavyOperations heavy;

    public SessionController(SessionService service, LabTemplates templates, Limits limits, HeavyOperations heavy) {
        this.service = service;
        this.templates = templates;
        this.limits = limits;
        this.heavy = heavy;
    }

    @GetMapping("/templates")
    @Operation(summary = "Ready-made labs, with what to try and what to observe")
    public List<LabTemplate> templates() {
        return templates.all();
    }

    @GetMapping("/profiles")
    @Operation(summary = "Server profiles and their knobs")
    public List<ProfileView> profiles() {
        return StackProfile.all().stream().map(p -> new ProfileView(p.name(), p.knobs())).toList();
    }

    /**
     * What a history page holds, for the OpenAPI document: the events are sent as the JSON they
     * were stored as ({@link RawJson}), which the document would otherwise call strings.
     */
    @Schema(name = "EventPage", description = "One page of a session's events")
    record EventPage(List<EventView> items, int page, int size, long total) {}

    /** A named server profile with its knob values. */
    public record ProfileView(String name, java.util.Map<String, Object> knobs) {}

    @PostMapping("/sessions")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a lab session, from a template or from scratch")
    @ApiResponse(responseCode = "201", description = "Created; `Location` is the new session's URI",
            headers = @Header(name = HttpHeaders.LOCATION, description = "The new session, /api/v1/sessions/{id}",
                    schema = @Schema(type = "string", format = "uri-reference")))
    public ResponseEntity<SessionView> create(@Valid @RequestBody CreateSessionRequest request) {
        SessionView created = service.create(request);
        return ResponseEntity.created(URI.create("/api/v1/sessions/" + created.id())).body(created);
    }

    @GetMapping("/sessions")
    @Operation(summary = "List your sessions, newest first", description = "Only the caller's own: a guest's, or an account's.")
    public PageView<SessionView> list(
            // page × size must stay below 2^31: the database pages by an int offset
            @RequestParam(defaultValue = "0") @Min(value = 0, message = "must be between 0 and 10000000") @Max(value = 10_000_000, message = "must be between 0 and 10000000") int page,
            @RequestParam(defaultValue = "20") @Min(value = 1, message = "must be between 1 and 200") @Max(value = 200, message = "must be between 1 and 200") int size) {
        return service.list(page, size);
    }

    @GetMapping("/courses/{courseId}/sessions")
    @Operation(operationId = "listCourseSessions", summary = "The sessions of a course's students, newest first (its instructors only)")
    public PageView<SessionView> listForCourse(@PathVariable String courseId,
            @RequestParam(defaultValue = "0") @Min(value = 0, message = "must be between 0 and 10000000") @Max(value = 10_000_000, message = "must be between 0 and 10000000") int page,
            @RequestParam(defaultValue = "20") @Min(value = 1, message = "must be between 1 and 200") @Max(value = 200, message = "must be between 1 and 200") int size) {
        return service.listForCourse(courseId, page, size);
    }

    @PostMapping("/sessions/{id}/reset")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "reset", summary = "Start the session over: a fresh session from the same template and settings",
            description = "The old session is kept (its replacedBy names the new one). Its owner or an instructor of the owner's course may reset it.")
    public SessionView reset(@PathVariable String id) {
        return service.reset(id);
    }

    @PostMapping("/sessions/{id}/fork")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "fork", summary = "A new session of your own replaying this one's steps 1..uptoStep",
            description = "Same seed, settings and path, so the fork's events are the source's up to that step; the source is "
                    + "untouched. Undo the last step by forking at steps - 1. Anyone who may read the session may fork it.")
    public SessionView fork(@PathVariable String id, @Valid @RequestBody dev.handshakelab.session.api.ForkRequest request) {
        return service.fork(id, request.uptoStep());
    }

    @GetMapping("/sessions/{id}")
    @Operation(summary = "One session: its settings, step count and clock")
    public SessionView get(@PathVariable String id) {
        return service.get(id);
    }

    @PatchMapping("/sessions/{id}")
    @Operation(summary = "Rename a session")
    public SessionView rename(@PathVariable String id, @Valid @RequestBody RenameSessionRequest request) {
        return service.rename(id, request.name());
    }

    @DeleteMapping("/sessions/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a session and its history")
    @ApiResponse(responseCode = "204", description = "Deleted")
    public void delete(@PathVariable String id) {
        service.delete(id);
    }

    @PostMapping("/sessions/{id}/segments")
    @Operation(summary = "Send a segment as the client",
            description = "Field by field (options in wire order, NOPs included, any values the wire can carry) or as the raw bytes of an IPv4 or IPv6 datagram, of the session's IP version.")
    public StepView send(@PathVariable String id, @Valid @RequestBody SendSegmentRequest request) {
        return service.send(id, request);
    }

    @PostMapping("/sessions/{id}/connect")
    @Operation(summary = "A simulated client on the client host opens a connection to the server")
    public StepView connect(@PathVariable String id, @Valid @RequestBody ConnectRequest request) {
        String preset = request.preset() == null ? "linux" : request.preset();
        try {
            ClientPreset.named(preset);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("preset", "one of linux, windows, macos",
                    "must be one of linux, windows, macos, not '" + preset + "'");
        }
        int port = request.clientPort() == null ? SegmentRequests.DEFAULT_CLIENT_PORT : request.clientPort();
        return service.step(id, new StepInput.Connect(port, preset.toLowerCase(java.util.Locale.ROOT),
                request.autoAck() == null || request.autoAck()));
    }

    @PostMapping("/sessions/{id}/clock")
    @Operation(summary = "Move the virtual clock: by a duration, or to the next timer or delivery")
    public StepView clock(@PathVariable String id, @Valid @RequestBody ClockRequest request) {
        boolean toNext = Boolean.TRUE.equals(request.toNext());
        if (toNext == (request.advanceMillis() != null)) {
            throw new InvalidRequestException("advanceMillis", "exactly one of advanceMillis, toNext",
                    "give either advanceMillis or toNext: true, not both and not neither");
        }
        return service.step(id, new StepInput.Clock(toNext ? 0 : request.advanceMillis() * 1000, toNext));
    }

    @GetMapping("/sessions/{id}/snapshot")
    @Operation(summary = "Every endpoint's state, the listener's queues and the armed timers",
            description = "Each list holds at most handshake-lab.limits.max-snapshot-items entries (500 by default); "
                    + "`truncated` and `totals` say whether a list was cut and how long it is in full.")
    BoundedSnapshot snapshot(@PathVariable String id) {
        return BoundedSnapshot.of(service.snapshot(id), limits.maxSnapshotItems());
    }

    @GetMapping("/sessions/{id}/connections")
    @Operation(summary = "The connections of the session, summarised from its history, a page at a time",
            description = "One entry per 4-tuple that has events, in the order each first appeared: states of both sides, outcome "
                    + "(established, timed-out, refused, unreachable, pending), when the SYN, SYN-ACK and the client's ACK first "
                    + "went out, and how many SYNs and SYN-ACKs were resent. The `X-Total-Count` header holds how many connections "
                    + "the session has, and a `Link` header with rel=\"next\" points to the next page if there is one. A page whose "
                    + "connections have more than handshake-lab.limits.max-connection-events (20000 by default) timeline events "
                    + "is refused with 422 (budget-exceeded): ask for fewer per page.")
    @ApiResponse(responseCode = "200", description = "The page of connections", headers = {
            @Header(name = "X-Total-Count", description = "How many connections the session has in all", schema = @Schema(type = "integer")),
            @Header(name = "Link", description = "<...page=N+1...>; rel=\"next\" while there are more", schema = @Schema(type = "string"))})
    public ResponseEntity<List<ConnectionView>> connections(@PathVariable String id,
            @RequestParam(defaultValue = "0") @Min(value = 0, message = "must not be negative") int page,
            @Parameter(description = "connections per page, at most handshake-lab.limits.max-connections-page (500 by default)")
            @RequestParam(defaultValue = "100") @Min(value = 1, message = "must be at least 1") int size) {
        if (size > limits.maxConnectionsPage()) {
            throw new InvalidRequestException("size", "max " + limits.maxConnectionsPage(),
                    "must be at most " + limits.maxConnectionsPage() + " (handshake-lab.limits.max-connections-page)");
        }
        boundedPage(page, size);
        SessionService.ConnectionsPage result = service.connections(id, page, size);
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().header("X-Total-Count", Long.toString(result.total()));
        if ((long) (page + 1) * size < result.total()) {
            answer.header("Link", "</api/v1/sessions/" + id + "/connections?page=" + (page + 1) + "&size=" + size + ">; rel=\"next\"");
        }
        return answer.body(result.items());
    }

    @GetMapping("/sessions/{id}/connections/{connectionId}/timeline")
    @Operation(summary = "One connection over time, for plotting",
            description = "Every transmission and retransmission (with the RTO that expired), every drop and the middlebox or host that dropped it, every state change, and who gave up; derived from the stored history. 404 (connection-not-found) for a connection without events.")
    public TimelineView timeline(@PathVariable String id,
            @Parameter(description = "a connection id such as 10.0.0.1:40000-10.0.0.2:80") @PathVariable String connectionId) {
        return service.timeline(id, connectionId);
    }

    @GetMapping("/sessions/{id}/replay-check")
    @Operation(summary = "Replay the stored steps in a fresh world and compare every event with the stored one",
            description = "mismatches = 0 proves that this instance rebuilds exactly the history that was stored. A heavy operation: "
                    + "one at a time per session and a few at a time per instance (429 or 503 with Retry-After beyond that), and "
                    + "refused with 422 (budget-exceeded) for a session of more than handshake-lab.limits.max-replay-events "
                    + "(100000 by default) stored events.")
    @ApiResponse(responseCode = "200", description = "The replay's result")
    @ApiResponse(responseCode = "422", description = "The session holds more events than a replay check compares")
    @HeavyOperationResponses
    public SessionService.ReplayCheck replayCheck(@PathVariable String id) {
        return heavy.run(id, "replay check", () -> service.verifyReplay(id));
    }

    @GetMapping("/sessions/{id}/history")
    @Operation(summary = "Everything that happened, in order, paged and filtered",
            description = "page x size may be at most handshake-lab.limits.max-session-events (200000 by default), the most events "
                    + "a session holds; a page past the end of the history is empty.")
    @ApiResponse(responseCode = "200", description = "One page of events",
            content = @Content(schema = @Schema(implementation = EventPage.class)))
    public PageView<RawJson> history(@PathVariable String id,
            @RequestParam(defaultValue = "0") @Min(value = 0, message = "must not be negative") int page,
            @RequestParam(defaultValue = "100") @Min(value = 1, message = "must be between 1 and 1000") @Max(value = 1000, message = "must be between 1 and 1000") int size,
            @Parameter(description = "a connection id such as 10.0.0.1:40000-10.0.0.2:80") @RequestParam(required = false) String connection,
            @RequestParam(required = false) @Pattern(regexp = "client-to-server|server-to-client", message = "must be client-to-server or server-to-client") String direction,
            @RequestParam(required = false) @Pattern(regexp = "[a-z-]{1,32}", message = "must be an event kind such as segment-sent") String kind,
            @RequestParam(required = false) @Pattern(regexp = "client|server", message = "must be client or server") String host) {
        boundedPage(page, size);
        return service.history(id, new HistoryFilter(connection, kind, host, direction), page, size);
    }

    @GetMapping("/sessions/{id}/history/all")
    @Operation(summary = "The whole history in one answer, in order",
            description = "Every stored event (or the first `limit`), as a JSON array written while it is read from the store a "
                    + "thousand at a time: a flood's sampled history in one request instead of a page after another. Filtered "
                    + "like the history by connection, direction and host (not by kind).")
    @ApiResponse(responseCode = "200", description = "The events in order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    array = @io.swagger.v3.oas.annotations.media.ArraySchema(schema = @Schema(implementation = EventView.class))))
    public void historyAll(@PathVariable String id,
            @Parameter(description = "at most this many events, the first ones; at most handshake-lab.limits.max-session-events")
            @RequestParam(required = false) @Min(value = 1, message = "must be at least 1") Long limit,
            @Parameter(description = "a connection id such as 10.0.0.1:40000-10.0.0.2:80") @RequestParam(required = false) String connection,
            @RequestParam(required = false) @Pattern(regexp = "client-to-server|server-to-client", message = "must be client-to-server or server-to-client") String direction,
            @RequestParam(required = false) @Pattern(regexp = "client|server", message = "must be client or server") String host,
            jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        if (limit != null && limit > limits.maxSessionEvents()) {
            throw new InvalidRequestException("limit", "max " + limits.maxSessionEvents(), "must be at most "
                    + limits.maxSessionEvents() + " (handshake-lab.limits.max-session-events)");
        }
        JsonArrayWriter out = new JsonArrayWriter(response);
        // An unknown or unseen session throws before the first event, so its 404 is still a problem document.
        service.forEachEvent(id, new HistoryFilter(connection, null, host, direction), limit == null ? Long.MAX_VALUE : limit, out::add);
        out.close();
    }

    /**
     * Writes a JSON array element by element to the answer, starting it (status and type) only at
     * the first element, so that an exception before then still becomes a problem document.
     */
    private static final class JsonArrayWriter {
        private final jakarta.servlet.http.HttpServletResponse response;
        private java.io.Writer writer;
        private boolean empty = true;

        JsonArrayWriter(jakarta.servlet.http.HttpServletResponse response) {
            this.response = response;
        }

        void add(tools.jackson.databind.JsonNode node) {
            try {
                start().write(empty ? "[" : ",");
                empty = false;
                writer.write(node.toString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        void close() throws java.io.IOException {
            start().write(empty ? "[]" : "]");
            writer.flush();
        }

        private java.io.Writer start() throws java.io.IOException {
            if (writer == null) {
                response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                response.setCharacterEncoding(java.nio.charset.StandardCharsets.UTF_8);
                writer = response.getWriter();
            }
            return writer;
        }
    }

    /** No page may start past the most events a session can hold: such a page is always empty, so it is refused up front. */
    private void boundedPage(int page, int size) {
        if ((long) page * size > limits.maxSessionEvents()) {
            throw new InvalidRequestException("page", "page x size <= " + limits.maxSessionEvents(), "must be at most "
                    + limits.maxSessionEvents() / size + " with size " + size + ": page x size may be at most " + limits.maxSessionEvents()
                    + ", the most events a session holds (handshake-lab.limits.max-session-events)");
        }
    }
}
