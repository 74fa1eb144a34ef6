package dev.handshakelab.session.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/** One rule of a stateless filter: what it matches (fields left out match anything) and what it does. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A filter rule: action plus what it matches")
public record FilterRuleRequest(
        @Schema(description = "accept, drop, reject-rst or reject-icmp") String action,
        @Schema(description = "ICMP code for reject-icmp (default port-unreachable)") String icmp,
        @Schema(description = "Exact set of control flags among SYN, ACK, FIN, RST") List<String> flags,
        @Schema(description = "client-to-server or server-to-client") String direction,
        String src,
        String dst,
        Integer srcPort,
        Integer dstPort) {
}
