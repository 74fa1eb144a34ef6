package dev.handshakelab.session;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.handshakelab.core.profile.ClientPreset;
import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.history.HistoryFilter;
import dev.handshakelab.session.api.ClockRequest;
import dev.handshakelab.session.api.ConnectRequest;
import dev.handshakelab.session.api.ConnectionView;
import dev.handshakelab.session.api.TimelineView;
import dev.handshakelab.session.api.CreateSessionRequest;
import dev.handshakelab.session.api.PageView;
import dev.handshakelab.session.api.RawJson;
import dev.handshakelab.session.api.RenameSessionRequest;
import dev.handshakelab.session.api.SendSegmentRequest;
import dev.handshakelab.session.api.SessionView;
import dev.handshakelab.session.api.StepView;
import dev.handshakelab.web.InvalidRequestException;

/** Lab sessions over HTTP: create, step, inspect. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Sessions", description = "Lab sessions, the steps a user takes in them, and what happened")
public class SessionController {

    private final SessionService service;
    private final LabTemplates templates;

    public SessionController(SessionService service, LabTemplates templates) {
        this.service = service;
        this.templates = templates;
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

    /** A named server profile with its knob values. */
    public record ProfileView(String name, java.util.Map<String, Object> knobs) {}

    @PostMapping("/sessions")
    @Operation(summary = "Create a lab session, from a template or from scratch")
    public ResponseEntity<SessionView> create(@Valid @RequestBody CreateSessionRequest request) {
        SessionView created = service.create(request);
        return ResponseEntity.created(URI.create("/api/v1/sessions/" + created.id())).body(created);
    }

    @GetMapping("/sessions")
    @Operation(summary = "List sessions, newest first")
    public PageView<SessionView> list(
            // page × size must stay below 2^31: the database pages by an int offset
            @RequestParam(defaultValue = "0") @Min(value = 0, message = "must be between 0 and 10000000") @Max(value = 10_000_000, message = "must be between 0 and 10000000") int page,
            @RequestParam(defaultValue = "20") @Min(value = 1, message = "must be between 1 and 200") @Max(value = 200, message = "must be between 1 and 200") int size) {
        return service.list(page, size);
    }

    @GetMapping("/sessions/{id}")
    public SessionView get(@PathVariable String id) {
        return service.get(id);
    }

    @PatchMapping("/sessions/{id}")
    @Operation(summary = "Rename a session")
    public SessionView rename(@PathVariable String id, @Valid @RequestBody RenameSessionRequest request) {
        return service.rename(id, request.name());
    }

    @DeleteMapping("/sessions/{id}")
    public ResponseEntity<Void> delete(@PathVariable String id) {
        service.delete(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/sessions/{id}/segments")
    @Operation(summary = "Send a segment as the client",
            description = "Field by field (options in wire order, NOPs included, any values the wire can carry) or as the raw bytes of an IPv4 datagram.")
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
    @Operation(summary = "Every endpoint's state, the listener's queues and the armed timers")
    public LabWorld.SnapshotView snapshot(@PathVariable String id) {
        return service.snapshot(id);
    }

    @GetMapping("/sessions/{id}/connections")
    @Operation(summary = "Every connection of the session, summarised from its history",
            description = "One entry per 4-tuple that has events: states of both sides, outcome (established, timed-out, refused, unreachable, pending), when the SYN, SYN-ACK and the client's ACK first went out, and how many SYNs and SYN-ACKs were resent.")
    public List<ConnectionView> connections(@PathVariable String id) {
        return service.connections(id);
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
            description = "mismatches = 0 proves that this instance rebuilds exactly the history that was stored.")
    public SessionService.ReplayCheck replayCheck(@PathVariable String id) {
        return service.verifyReplay(id);
    }

    @GetMapping("/sessions/{id}/history")
    @Operation(summary = "Everything that happened, in order, paged and filtered")
    public PageView<RawJson> history(@PathVariable String id,
            @RequestParam(defaultValue = "0") @Min(value = 0, message = "must not be negative") int page,
            @RequestParam(defaultValue = "100") @Min(value = 1, message = "must be between 1 and 1000") @Max(value = 1000, message = "must be between 1 and 1000") int size,
            @Parameter(description = "a connection id such as 10.0.0.1:40000-10.0.0.2:80") @RequestParam(required = false) String connection,
            @RequestParam(required = false) @Pattern(regexp = "client-to-server|server-to-client", message = "must be client-to-server or server-to-client") String direction,
            @RequestParam(required = false) @Pattern(regexp = "[a-z-]{1,32}", message = "must be an event kind such as segment-sent") String kind,
            @RequestParam(required = false) @Pattern(regexp = "client|server", message = "must be client or server") String host) {
        return service.history(id, new HistoryFilter(connection, kind, host, direction), page, size);
    }
}
