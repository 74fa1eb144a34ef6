package dev.handshakelab.history;

/**
 * One event as history keeps it: its place in the session's history, the columns history is
 * filtered by, and the event itself as the API shows it (JSON).
 */
public record StoredEvent(long index, int stepNo, long atMicros, String kind, String host, String connection,
        String direction, String body) {
}
