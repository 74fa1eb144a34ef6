package dev.handshakelab.session.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One connection over time, as data a UI can plot: every transmission and retransmission (with
 * its RTO), every drop and who dropped it, every state change, and who gave up.
 */
@Schema(description = "A connection's timeline; outcome is established, timed-out, refused, unreachable or pending")
public record TimelineView(String connection, List<Entry> entries, String outcome) {

    /**
     * One point on the timeline. {@code kind}: transmission, retransmission, drop, state, give-up.
     * {@code host}: client, server, or the id of the middlebox that dropped the segment, answered
     * with a reset in a host's name, or sent an ICMP error. {@code retransmission} counts the earlier
     * sends of the same SYN or SYN-ACK by that host (1 = the first resend); an ICMP error is a
     * transmission by the middlebox, without letters, its code in {@code reason}; {@code rtoMicros} is the timeout that expired,
     * present when a timer (not a duplicate SYN) caused it. {@code reason} says why it was dropped,
     * resent or given up; {@code from}/{@code to} are the states of a state change.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(long atMicros, String kind, String host, String letters, Integer retransmission, Long rtoMicros,
            String reason, String from, String to, String text) {}
}
