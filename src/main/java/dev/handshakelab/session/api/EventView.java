package dev.handshakelab.session.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One thing that happened in the simulation, with its place in the session's history. The
 * fields after {@code text} are present only for the kinds they belong to: {@code rtoMicros} on
 * a timer-driven retransmission, {@code detail} on a middlebox's drop (what the box said),
 * {@code cause} {@code middlebox-reject} on a reset a middlebox sent in a host's name.
 *
 * <p>{@code segment} is a {@link SegmentView}, or the same already written as JSON
 * ({@link RawJson}, see {@link #withSegmentJson}); both give the same JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventView(
        long index,
        long atMicros,
        String kind,
        String host,
        String connection,
        String text,
        @Schema(implementation = SegmentView.class) Object segment,
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
    public EventView(long index, long atMicros, String kind, String host, String connection, String text, Object segment,
            String where, String reason, String from, String to, String cause, String timer, Long deadlineMicros,
            Object negotiation, String queue) {
        this(index, atMicros, kind, host, connection, text, segment, where, reason, from, to, cause, timer, deadlineMicros,
                negotiation, queue, null, null);
    }

    /** This event with its segment replaced by the segment's JSON, written once by the caller. */
    public EventView withSegmentJson(RawJson segmentJson) {
        return new EventView(index, atMicros, kind, host, connection, text, segmentJson, where, reason, from, to, cause, timer,
                deadlineMicros, negotiation, queue, rtoMicros, detail);
    }
}
