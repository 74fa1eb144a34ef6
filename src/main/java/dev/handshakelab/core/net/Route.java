package dev.handshakelab.core.net;

import java.util.List;

/**
 * One direction of the path: the middleboxes a datagram meets in order, and the one-way latency
 * (0 = delivered at the same virtual instant).
 */
public record Route(List<Middlebox> middleboxes, long latencyMicros) {

    public static final Route DIRECT = new Route(List.of(), 0);

    public Route {
        middleboxes = List.copyOf(middleboxes);
        if (latencyMicros < 0) {
            throw new IllegalArgumentException("latencyMicros must be >= 0; got " + latencyMicros);
        }
    }
}
