package dev.handshakelab.capture;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.handshakelab.history.HistoryFilter;

/** A session's traffic as a capture file for Wireshark, tcpdump and tshark. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Captures", description = "A session's datagrams as pcap or pcapng files")
public class CaptureController {

    private final CaptureService captures;

    public CaptureController(CaptureService captures) {
        this.captures = captures;
    }

    @GetMapping(path = "/sessions/{id}/capture", produces = {"application/vnd.tcpdump.pcap", "application/x-pcapng"})
    @Operation(summary = "Export the session's datagrams as pcap or pcapng",
            description = "Every datagram exactly as it travelled (a bad checksum typed by the student included), raw IPv4 or IPv6 "
                    + "(link type 101, told apart by the version nibble), timestamps from the virtual clock. pcap records each datagram once, as its sender sent "
                    + "it. pcapng has one interface per observation point (client, server, each middlebox on a route) and "
                    + "records each sighting there, commented with the history's sentence: sent, received, or dropped and why. "
                    + "The same seed and steps give the same file, byte for byte.",
            responses = @ApiResponse(responseCode = "200", description = "the capture file", content = {
                    @Content(mediaType = "application/vnd.tcpdump.pcap", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "application/x-pcapng", schema = @Schema(type = "string", format = "binary"))}))
    public ResponseEntity<byte[]> capture(@PathVariable String id,
            @RequestParam(defaultValue = "pcap") @Pattern(regexp = "pcap|pcapng", message = "must be pcap or pcapng") String format,
            @Parameter(description = "only this connection, e.g. 10.0.0.1:40000-10.0.0.2:80") @RequestParam(required = false) String connection,
            @RequestParam(required = false) @Pattern(regexp = "client-to-server|server-to-client", message = "must be client-to-server or server-to-client") String direction) {
        CaptureFormat f = format.equals("pcapng") ? CaptureFormat.PCAPNG : CaptureFormat.PCAP;
        byte[] file = captures.export(id, new HistoryFilter(connection, null, null, direction), f);
        return ResponseEntity.ok()
                .contentType(f.mediaType())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("handshake-lab-" + id + "." + f.extension()).build().toString())
                .body(file);
    }
}
