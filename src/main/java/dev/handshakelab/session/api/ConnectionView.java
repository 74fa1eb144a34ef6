package dev.handshakelab.session.api;

/**
 * One connection (4-tuple) of a session, summarised from its history. States are null for a side
 * that never had one (the student's raw client, a server that only answered RST). Times are of the
 * first SYN, first SYN-ACK and the client's first ACK after it; null until they happen.
 */
public record ConnectionView(
        String id,
        String client,
        String server,
        String clientState,
        String serverState,
        String outcome,
        Long synAtMicros,
        Long synAckAtMicros,
        Long ackAtMicros,
        int retransmissions) {
}
