package dev.handshakelab.core.tcp;

/**
 * The RFC 9293 §3.3.2 states this simulator implements: the opening half of the state diagram,
 * and of the closing half only what a FIN at the handshake's edge reaches. A FIN from the peer
 * moves a synchronized connection to CLOSE_WAIT ({@code tcp_fin}); a FIN the student sends from
 * a client moves it to FIN_WAIT_1, and the ACK of that FIN to FIN_WAIT_2. The simulated
 * applications never close, so LAST_ACK, CLOSING and TIME_WAIT cannot be reached.
 */
public enum TcpState {
    CLOSED,
    LISTEN,
    SYN_SENT,
    SYN_RECEIVED,
    ESTABLISHED,
    CLOSE_WAIT,
    FIN_WAIT_1,
    FIN_WAIT_2
}
