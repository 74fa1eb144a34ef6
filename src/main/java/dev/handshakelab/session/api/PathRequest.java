package dev.handshakelab.session.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The network between client and server: middleboxes declared once with an id, and the two
 * routes as lists of those ids in the order a datagram meets them. The same id on both routes
 * is one box that sees both directions (a conntrack firewall then shares its table).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "The path between client and server: middleboxes by id, and the forward (client → server) and back (server → client) routes that use them",
        example = """
                {"middleboxes":[{"id":"fw","type":"conntrack-firewall","onMismatch":"drop"},
                 {"id":"late","type":"delay","latencyMillis":50,"jitterMillis":10}],
                 "forward":["late"],"back":["fw","late"]}""")
public record PathRequest(
        @Schema(description = "Every middlebox, each with a unique id (lower-case letters, digits, '-'; not client or server); at most 16")
        List<MiddleboxRequest> middleboxes,
        @Schema(description = "Ids the client's datagrams to the server pass, in order; empty = a direct wire")
        List<String> forward,
        @Schema(description = "Ids the server's datagrams to the client pass, in order; empty = a direct wire")
        List<String> back) {
}
