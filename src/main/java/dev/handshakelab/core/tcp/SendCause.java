package dev.handshakelab.core.tcp;

/** Why a host put a segment on the wire; decides the event sentence. */
public enum SendCause {
    STUDENT("sends a hand-crafted segment"),
    SYN("sends SYN (active open)"),
    SYN_RETRANSMIT("retransmits SYN"),
    SYN_ACK("answers the SYN with SYN-ACK"),
    SYN_ACK_RETRANSMIT("retransmits SYN-ACK"),
    FAST_OPEN_SYN_ACK("answers the Fast Open SYN with SYN-ACK, acknowledging its data (the child exists already)"),
    SYN_ACK_DUPLICATE_SYN("resends SYN-ACK at once because the client's SYN came again"),
    COOKIE_SYN_ACK("answers with a SYN cookie SYN-ACK (no state kept)"),
    SIMULTANEOUS_SYN_ACK("answers the crossing SYN with its own SYN plus ACK (simultaneous open)"),
    HANDSHAKE_ACK("completes the handshake with ACK"),
    SIMULTANEOUS_ACK("acknowledges the peer's SYN-ACK (simultaneous open)"),
    RST_CLOSED_PORT("answers with RST: no socket on that port"),
    RST_BAD_ACK("answers with RST: the ACK does not acknowledge anything it sent"),
    RST_NEW_SYN("answers with RST: a new SYN hit a half-open request (embryonic reset)"),
    RST_BAD_COOKIE("answers with RST: the ACK is not a valid SYN cookie"),
    RST_ACCEPT_OVERFLOW("answers with RST: accept queue full and tcp_abort_on_overflow=1"),
    CHALLENGE_ACK("sends a challenge ACK (RFC 5961)"),
    DUPLICATE_ACK("re-acknowledges: segment outside the window"),
    DATA_ACK("acknowledges data"),
    FIN_ACK("acknowledges the peer's FIN (the connection is now CLOSE_WAIT)"),
    MIDDLEBOX_REJECT("(a middlebox on the path) rejects the segment and answers in its place");

    private final String text;

    SendCause(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
