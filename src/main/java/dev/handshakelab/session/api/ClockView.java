package dev.handshakelab.session.api;

/** Where a session's virtual clock stands, and when something will next happen (null: nothing armed). */
public record ClockView(long nowMicros, Long nextDeadlineMicros) {
}
