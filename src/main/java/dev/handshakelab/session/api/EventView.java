package dev.handshakelab.session.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing that happened in the simulation, with its place in the session's history. The
 * fields after {@code text} are present only for the kinds they belong to: {@code rtoMicros} on
 * a timer-driven retransmission, {@code detail} on a middlebox's drop (what the box said),
 * {@code cause} {@code middlebox-reject} on a reset a middlebox sent in a host's name.
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
        String queue,
        Long rtoMicros,
        String detail) {

    /** An event without the RTO of a retransmission or a middlebox's own words. */
    public EventView(long index, long atMicros, String kind, String host, String connection, String text, SegmentView segment,
            String where, String reason, String from, String to, String cause, String timer, Long deadlineMicros,
            Object negotiation, String queue) {
        this(index, atMicros, kind, host, connection, text, segment, where, reason, from, to, cause, timer, deadlineMicros,
                negotiation, queue, null, null);
    }
}
