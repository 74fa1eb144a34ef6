package dev.handshakelab.session.api;

import java.util.List;

/** What one step did: the segments that moved, the server's replies, every event, and the states after. */
public record StepView(
        int step,
        String kind,
        long startedAtMicros,
        long endedAtMicros,
        List<SegmentView> segments,
        List<SegmentView> replies,
        List<EventView> events,
        List<Object> endpoints,
        ClockView clock) {
}
