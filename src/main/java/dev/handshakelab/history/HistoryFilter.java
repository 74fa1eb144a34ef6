package dev.handshakelab.history;

/**
 * Which events a history page shows; a null field does not filter. {@code direction} is
 * {@code client-to-server} or {@code server-to-client} and applies to segment events.
 */
public record HistoryFilter(String connection, String kind, String host, String direction) {

    public static final HistoryFilter ALL = new HistoryFilter(null, null, null, null);
}
