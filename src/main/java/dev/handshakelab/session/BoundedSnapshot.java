package dev.handshakelab.session;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

import dev.handshakelab.session.api.ClockView;

/**
 * A snapshot as the API answers it: the world's snapshot with each list (endpoints, SYN queue,
 * accept queue, timers) cut to at most {@code limit} entries, and the full sizes beside them. A
 * flood leaves tens of thousands of endpoints behind, and listing them all made a 43 MB answer;
 * a small world's snapshot is unchanged.
 */
record BoundedSnapshot(
        ClockView clock,
        @Schema(description = "The endpoints, the listener first; at most handshake-lab.limits.max-snapshot-items (500 by default), "
                + "see totals for how many there are") List<LabWorld.EndpointView> endpoints,
        @Schema(description = "The listener; its synQueue and acceptQueue are cut like endpoints") LabWorld.ListenerView listener,
        @Schema(description = "Armed timers, soonest first; cut like endpoints") List<LabWorld.TimerView> timers,
        Map<String, Map<String, Long>> counters,
        @Schema(description = "true if any list above was cut to the limit") boolean truncated,
        @Schema(description = "How many entries each list has in full, and the limit they were cut to") Totals totals,
        @Schema(description = "How many endpoints are in each TCP state, counted over all of them (not only those listed): "
                + "what a page shows of a flood's endpoints instead of a table of them") Map<String, Integer> states) {

    record Totals(int endpoints, int synQueue, int acceptQueue, int timers, int limit) {}

    static BoundedSnapshot of(LabWorld.SnapshotView s, int limit) {
        LabWorld.ListenerView l = s.listener();
        LabWorld.ListenerView listener = l == null ? null
                : new LabWorld.ListenerView(l.local(), l.backlog(), first(l.synQueue(), limit), first(l.acceptQueue(), limit));
        int synQueue = l == null ? 0 : l.synQueue().size();
        int acceptQueue = l == null ? 0 : l.acceptQueue().size();
        boolean truncated = s.endpoints().size() > limit || synQueue > limit || acceptQueue > limit || s.timers().size() > limit;
        return new BoundedSnapshot(s.clock(), first(s.endpoints(), limit), listener, first(s.timers(), limit), s.counters(), truncated,
                new Totals(s.endpoints().size(), synQueue, acceptQueue, s.timers().size(), limit), states(s.endpoints()));
    }

    /** Endpoints per state, in the order each state first appears (the listener's first). */
    private static Map<String, Integer> states(List<LabWorld.EndpointView> endpoints) {
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        endpoints.forEach(e -> counts.merge(e.state(), 1, Integer::sum));
        return counts;
    }

    private static <T> List<T> first(List<T> list, int limit) {
        return list.size() <= limit ? list : List.copyOf(list.subList(0, limit));
    }
}
