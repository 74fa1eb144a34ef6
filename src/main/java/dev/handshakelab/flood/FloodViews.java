package dev.handshakelab.flood;

import java.util.List;

import dev.handshakelab.core.flood.FloodSeries;
import dev.handshakelab.session.api.ClockView;

/** What the flood endpoints answer. */
final class FloodViews {

    private FloodViews() {}

    /**
     * A flood step. Unlike other steps it does not list its events inline (a flood keeps
     * thousands): {@code firstEvent} and {@code eventCount} locate them in the history.
     */
    record FloodStepView(int step, String kind, long startedAtMicros, long endedAtMicros, long firstEvent, int eventCount,
            FloodSeries.Bucket totals, String series, String history, ClockView clock) {}

    /** The time series of one flood step, for plots; {@code totals} sums the buckets (queues: their maximum). */
    record FloodSeriesView(int step, long bucketMicros, int bytesPerHalfOpenEntry, String bytesPerHalfOpenEntryBasis,
            FloodSeries.Bucket totals, List<FloodSeries.Bucket> series) {}
}
