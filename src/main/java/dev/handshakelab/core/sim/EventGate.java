package dev.handshakelab.core.sim;

import dev.handshakelab.core.tcp.EventSink;
import dev.handshakelab.core.tcp.TcpEvent;
import java.util.function.Predicate;

/**
 * The simulation's sink in front of the real one. Normally open and unfiltered; a SYN flood
 * closes it around attack SYNs the history does not keep (so the hosts build no event for them:
 * {@link #enabled()} is false) and filters what the rest of the run produces, the filter also
 * being how the flood watches its legitimate clients.
 */
final class EventGate implements EventSink {

    private final EventSink target;
    private boolean open = true;
    private Predicate<TcpEvent> keep;

    EventGate(EventSink target) {
        this.target = target;
    }

    void open(boolean open) {
        this.open = open;
    }

    /** Only events {@code keep} accepts reach the target; null keeps all. */
    void filter(Predicate<TcpEvent> keep) {
        this.keep = keep;
    }

    /** While a filter is installed, events are built even for a target that wants none: the filter reads them. */
    @Override
    public boolean enabled() {
        return open && (keep != null || target.enabled());
    }

    @Override
    public void accept(TcpEvent event) {
        if (open && (keep == null || keep.test(event)) && target.enabled()) {
            target.accept(event);
        }
    }
}
