package dev.handshakelab.session.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing that happened in the simulation, with its place in the session's history. The
 * fields after {@code text} are present only for the kinds they belong to.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventView(
        long index,
        long atMicros,
        String kind,
        String host,
        String connection,
        String text,
        SegmentView segment,
        String where,
        String reason,
        String from,
        String to,
        String cause,
        String timer,
        Long deadlineMicros,
        Object negotiation,
        String queue) {
}
