package dev.handshakelab.core.tcp;

/** The timers of the handshake, named as the HTTP contract names them. */
public enum TimerKind {
    /** A half-open request's SYN-ACK retransmission ({@code reqsk_timer_handler}). */
    SYNACK_RETRANSMIT("synack-retransmit"),
    /** An active opener's SYN retransmission ({@code tcp_retransmit_timer} in SYN_SENT). */
    SYN_RETRANSMIT("syn-retransmit"),
    /** The server application's next {@code accept()} call when it accepts at a limited rate. */
    ACCEPT("accept"),
    /** A datagram still travelling along a path with latency. */
    DELIVERY("delivery");

    private final String label;

    TimerKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
