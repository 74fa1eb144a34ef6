package dev.handshakelab.session.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.swagger.v3.oas.annotations.media.Schema;

/** One middlebox on the path; {@code type} selects which. Every box is deterministic from the session seed. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = MiddleboxRequest.Loss.class, name = "loss"),
        @JsonSubTypes.Type(value = MiddleboxRequest.Delay.class, name = "delay"),
        @JsonSubTypes.Type(value = MiddleboxRequest.ConntrackFirewall.class, name = "conntrack-firewall"),
        @JsonSubTypes.Type(value = MiddleboxRequest.Filter.class, name = "filter")})
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A middlebox; `type` selects which: loss, delay, conntrack-firewall, filter")
public sealed interface MiddleboxRequest {

    String id();

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "Loses the segments `match` selects: the `nth` ones (counted from 1), or each with `probability` drawn from the session seed, or, with neither, all of them")
    record Loss(String id, MatchRequest match, List<Long> nth, Double probability) implements MiddleboxRequest {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "Holds every datagram latencyMillis ± jitterMillis (uniform, drawn from the session seed, like netem)")
    record Delay(String id, Integer latencyMillis, Integer jitterMillis) implements MiddleboxRequest {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "Stateful firewall after Linux conntrack (nf_conntrack_tcp_loose=0): NEW and ESTABLISHED pass, INVALID (no entry, or a transition conntrack refuses) gets `onMismatch`")
    record ConntrackFirewall(
            String id,
            @Schema(description = "drop (default), reject-rst or reject-icmp") String onMismatch,
            @Schema(description = "ICMP code for reject-icmp: port-unreachable (default, as iptables REJECT), host-unreachable, net-unreachable, protocol-unreachable, host-prohibited, net-prohibited, admin-prohibited") String icmp)
            implements MiddleboxRequest {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "Stateless filter: the first matching rule decides; otherwise `defaultAction` (accept by default)")
    record Filter(
            String id,
            List<FilterRuleRequest> rules,
            @Schema(description = "accept (default), drop, reject-rst or reject-icmp") String defaultAction,
            @Schema(description = "ICMP code when defaultAction is reject-icmp") String icmp)
            implements MiddleboxRequest {}
}
