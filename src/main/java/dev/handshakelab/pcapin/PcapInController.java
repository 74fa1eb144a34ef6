package dev.handshakelab.pcapin;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.handshakelab.web.ApiProblems;
import dev.handshakelab.web.InvalidRequestException;

/**
 * Captures in: upload a pcap or pcapng file, list its TCP flows, replay one flow's client
 * segments against a simulated server and compare the answers. Nothing is stored: the file
 * comes with each request.
 */
@RestController
@RequestMapping("/api/v1/captures")
@Tag(name = "Capture import", description = "Replay a captured TCP flow against a simulated server")
public class PcapInController {

    static final String PCAP = "application/vnd.tcpdump.pcap";
    static final String PCAPNG = "application/x-pcapng";

    static final String INTERFACE = "only the packets captured on this interface (a pcapng file with several observation "
            + "points sees a datagram on each; e.g. the lab's own export: 0 is the client)";

    private final CaptureImport captures;

    public PcapInController(CaptureImport captures) {
        this.captures = captures;
    }

    @PostMapping(path = "/flows", consumes = {MediaType.APPLICATION_OCTET_STREAM_VALUE, PCAP, PCAPNG},
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List the TCP flows of a capture file",
            description = "The body is the file itself: classic pcap (either byte order, micro- or nanosecond) or pcapng. "
                    + "Link types Ethernet (1), raw IP (101, 228, 229), Linux cooked (113, 276) and loopback (0, 108). "
                    + "A damaged file is answered with 400 and a problem naming the record (pcap record or pcapng block, "
                    + "1-based) and the byte offset where it breaks the format; a file over the request size limit with 413.")
    public FlowListing flows(@RequestBody(description = "the capture file", content = {
            @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE, schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = PCAP, schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = PCAPNG, schema = @Schema(type = "string", format = "binary"))})
            @org.springframework.web.bind.annotation.RequestBody byte[] file,
            @Parameter(description = INTERFACE) @RequestParam(name = "interface", required = false) @Min(value = 0, message = "must be at least 0") Integer interfaceId) {
        return captures.flows(file, interfaceId);
    }

    @PostMapping(path = "/replay", consumes = {MediaType.APPLICATION_OCTET_STREAM_VALUE, PCAP, PCAPNG},
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Replay a captured flow against a simulated server and compare the answers",
            description = "The flow's client segments are sent to a simulated server of the chosen profile at the capture's "
                    + "times on the virtual clock; its answers are set beside the captured server's, field by field (flags, "
                    + "seq/ack relative to the ISNs, window, options in order with their values, timing), and every "
                    + "difference is explained. The body is the capture file, as for /captures/flows.")
    public ReplayReport replay(@RequestBody(description = "the capture file", content = {
            @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE, schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = PCAP, schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = PCAPNG, schema = @Schema(type = "string", format = "binary"))})
            @org.springframework.web.bind.annotation.RequestBody byte[] file,
            @Parameter(description = INTERFACE) @RequestParam(name = "interface", required = false) @Min(value = 0, message = "must be at least 0") Integer interfaceId,
            @Parameter(description = "the flow as /captures/flows lists it; may be left out when the capture holds one replayable flow",
                    example = "10.0.0.1:40000-10.0.0.2:80") @RequestParam(required = false) String flow,
            @RequestParam(defaultValue = "linux") @Pattern(regexp = "linux|rfc9293|classic", message = "must be one of linux, rfc9293, classic") String profile,
            @Parameter(description = "the simulated server's MTU instead of the profile's (e.g. 65535 to compare a loopback capture)")
            @RequestParam(required = false) @Min(value = 68, message = "must be between 68 and 65535") @Max(value = 65535, message = "must be between 68 and 65535") Integer mtu,
            @Parameter(description = "verify: a client segment with a wrong checksum reaches the simulated server as wrong; ignore "
                    + "(default): checksums are taken as right, as a capture on the sending host sees them before offload fills them in")
            @RequestParam(defaultValue = "ignore") @Pattern(regexp = "verify|ignore", message = "must be verify or ignore") String checksums) {
        return captures.replay(file, interfaceId, flow, profile, mtu, checksums.equals("verify"));
    }

    /** A damaged file: 400, naming the record and the byte where it breaks its format's rules. */
    @ExceptionHandler(CaptureFileException.class)
    ResponseEntity<ProblemDetail> damaged(CaptureFileException e) {
        String where = e.record() == 0 ? "file header" : "record " + e.record();
        ProblemDetail pd = ApiProblems.of(HttpStatus.BAD_REQUEST, "invalid-capture", "Invalid capture file",
                where + " at byte " + e.offset() + ": " + e.getMessage());
        pd.setProperty("errors", List.of(new InvalidRequestException.FieldError(where, e.rule(), e.getMessage())));
        pd.setProperty("record", e.record());
        pd.setProperty("offset", e.offset());
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
    }
}
