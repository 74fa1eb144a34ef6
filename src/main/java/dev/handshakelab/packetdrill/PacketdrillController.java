package dev.handshakelab.packetdrill;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.handshakelab.web.ApiProblems;
import dev.handshakelab.web.InvalidRequestException;

/** packetdrill scripts out of a session, and into a fresh simulated server. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "packetdrill", description = "Sessions as packetdrill scripts, and scripts run against the simulated server")
public class PacketdrillController {

    /** A run request: the script's text, the server's profile, and the seed of its ISNs and TS offsets. */
    public record RunRequest(
            @Schema(description = "the packetdrill script", requiredMode = Schema.RequiredMode.REQUIRED, maxLength = PacketdrillService.MAX_SCRIPT_CHARS) String script,
            @Schema(description = "linux (default), rfc9293 or classic", example = "linux") String profile,
            @Schema(description = "seed of the server's ISNs and TS offsets; the result does not depend on it for a script that passes", example = "1") Long seed) {}

    /** One line's result: {@code passed}, {@code mismatch}, {@code error}, {@code unsupported}, {@code skipped} or {@code not-run}. */
    public record LineView(int line, String text, String status, String message, String expected, String actual, Long atMicros) {}

    /** A run: passed or not, the first failing line, and every event line's result in order. */
    public record RunView(boolean passed, Integer failedLine, String profile, List<LineView> lines) {}

    private final PacketdrillService packetdrill;

    public PacketdrillController(PacketdrillService packetdrill) {
        this.packetdrill = packetdrill;
    }

    @GetMapping(path = "/sessions/{id}/packetdrill", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(operationId = "packetdrill", summary = "Export a connection of the session as a packetdrill script",
            description = "From the server's point of view: '<' lines are what the server received, '>' what it sent, accept() where "
                    + "its application took the connection; times are relative, sequence numbers in packetdrill's numbering (a SYN's "
                    + "absolute, the rest relative to the ISNs), options in packetdrill's syntax, knobs that differ from the named "
                    + "profile as sysctl lines. Running it against the same profile reproduces the server's side line by line.",
            responses = @ApiResponse(responseCode = "200", description = "the script", content = @Content(mediaType = MediaType.TEXT_PLAIN_VALUE,
                    schema = @Schema(type = "string", format = "binary"))))
    public ResponseEntity<String> export(@PathVariable String id,
            @Parameter(description = "the connection, e.g. 10.0.0.1:40000-10.0.0.2:80; required when the session has more than one")
            @RequestParam(required = false) @Pattern(regexp = "[0-9a-fA-F.:\\[\\]]+:\\d{1,5}-[0-9a-fA-F.:\\[\\]]+:\\d{1,5}",
                    message = "must be client-server with ports, e.g. 10.0.0.1:40000-10.0.0.2:80") String connection) {
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_PLAIN, java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("handshake-lab-" + id + ".pkt").build().toString())
                .body(packetdrill.export(id, connection));
    }

    @PostMapping(path = "/packetdrill/runs", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "runPacketdrill", summary = "Run a packetdrill script against a fresh simulated server",
            description = "Inbound lines are injected, outbound lines compared with what the server sent (packetdrill's relative "
                    + "numbering and timing tolerance), system calls act on the server's sockets, preamble sysctls set the "
                    + "profile's knobs. The run stops at the first failing line, as packetdrill does. A line the parser rejects, "
                    + "or a system call the lab does not model, is a 400 problem naming the line and the rule.")
    public RunView run(@RequestBody RunRequest request) {
        if (request == null) {
            throw new InvalidRequestException("script", "required", "must be a packetdrill script");
        }
        return view(packetdrill.run(request.script(), request.profile(), request.seed() == null ? 1 : request.seed()));
    }

    private static RunView view(RunResult r) {
        List<LineView> lines = new ArrayList<>();
        for (LineResult l : r.lines()) {
            lines.add(new LineView(l.line(), l.text(), l.status().name().toLowerCase(Locale.ROOT).replace('_', '-'), l.message(),
                    l.expected(), l.actual(), l.atMicros()));
        }
        return new RunView(r.passed(), r.failedLine(), r.profile(), lines);
    }

    /** A script refused before it ran: 400, naming the line and the rule. */
    @ExceptionHandler(ScriptException.class)
    ResponseEntity<ProblemDetail> refused(ScriptException e) {
        ProblemDetail pd = ApiProblems.invalid(HttpStatus.BAD_REQUEST, List.of(new InvalidRequestException.FieldError(
                "script", e.rule(), e.getMessage())));
        pd.setType(java.net.URI.create(ApiProblems.BASE + (e.kind() == ScriptException.Kind.SYNTAX ? "packetdrill-syntax" : "packetdrill-unsupported")));
        pd.setTitle(e.kind() == ScriptException.Kind.SYNTAX ? "packetdrill syntax error" : "Not supported by the lab");
        pd.setProperty("line", e.line());
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
    }
}
