package dev.handshakelab.core.tcp;

/**
 * The RFC 9293 §3.3.2 states this simulator implements. Only the opening half of the state
 * diagram exists: closing states (FIN_WAIT_1 … TIME_WAIT) are not modelled, so no endpoint can
 * ever claim to be in one.
 */
public enum TcpState {
    CLOSED,
    LISTEN,
    SYN_SENT,
    SYN_RECEIVED,
    ESTABLISHED
}
