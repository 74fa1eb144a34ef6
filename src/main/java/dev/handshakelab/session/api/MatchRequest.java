package dev.handshakelab.session.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/** Which segments a loss box counts; a field left out matches anything. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Which segments to select; leave a field out to match anything")
public record MatchRequest(
        @Schema(description = "Exact set of control flags among SYN, ACK, FIN, RST: [\"SYN\",\"ACK\"] is every SYN-ACK") List<String> flags,
        @Schema(description = "client-to-server or server-to-client") String direction,
        String src,
        String dst,
        Integer srcPort,
        Integer dstPort) {
}
