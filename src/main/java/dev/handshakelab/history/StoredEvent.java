package dev.handshakelab.history;

/**
 * One event as history keeps it: its place in the session's history, the columns history is
 * filtered by, and the event itself as JSON (what it is in that JSON is the writer's business:
 * the sessions feature keeps a segment as its bytes, see {@code EventBodies}).
 */
public record StoredEvent(long index, int stepNo, long atMicros, String kind, String host, String connection,
        String direction, String body) {
}
