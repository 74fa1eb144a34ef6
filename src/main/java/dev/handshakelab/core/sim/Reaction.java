package dev.handshakelab.core.sim;

import dev.handshakelab.core.tcp.Host;
import dev.handshakelab.core.tcp.TcpEvent;
import java.util.ArrayList;
import java.util.List;

/** What one input caused: the virtual time span and the events in the order they happened. */
public record Reaction(long startedAt, long endedAt, List<TcpEvent> events) {

    public Reaction {
        events = List.copyOf(events);
    }

    /** Every segment put on the wire during the step, in order. */
    public List<TcpEvent.SegmentSent> segmentsSent() {
        List<TcpEvent.SegmentSent> out = new ArrayList<>();
        for (TcpEvent e : events) {
            if (e instanceof TcpEvent.SegmentSent s) {
                out.add(s);
            }
        }
        return out;
    }

    /** The segments the server sent during the step. */
    public List<TcpEvent.SegmentSent> serverReplies() {
        List<TcpEvent.SegmentSent> out = new ArrayList<>();
        for (TcpEvent.SegmentSent s : segmentsSent()) {
            if (s.host() == Host.SERVER) {
                out.add(s);
            }
        }
        return out;
    }

    /** Events of one type, e.g. {@code ofType(TcpEvent.SegmentDropped.class)}. */
    public <T extends TcpEvent> List<T> ofType(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (TcpEvent e : events) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }
}
