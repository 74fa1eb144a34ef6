package dev.handshakelab.session.api;

import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/** What one step did: the segments that moved, the server's replies, every event, and the states after. */
public record StepView(
        int step,
        String kind,
        long startedAtMicros,
        long endedAtMicros,
        // Each segment is written once, as JSON, and shared by its event and these lists.
        @ArraySchema(schema = @Schema(implementation = SegmentView.class)) List<RawJson> segments,
        @ArraySchema(schema = @Schema(implementation = SegmentView.class)) List<RawJson> replies,
        @ArraySchema(schema = @Schema(implementation = EventView.class)) List<RawJson> events,
        // LabWorld.EndpointView is the session package's own; the snapshot's schema already names it.
        @ArraySchema(schema = @Schema(ref = "#/components/schemas/EndpointView"), arraySchema = @Schema(description = "The endpoints of the connections this step touched (those its events name), as they are "
                + "after it; a touched connection missing here has ended. Every endpoint is in GET /sessions/{id}/snapshot."))
        List<Object> endpoints,
        ClockView clock) {
}
