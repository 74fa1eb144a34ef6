package dev.handshakelab.core.tcp;

/**
 * Why a segment was discarded. Every drop in the core names one of these and bumps its counter
 * (gVisor's {@code accept.go} style): nothing is ever discarded by a silent {@code return}.
 */
public enum DropReason {
    BAD_DATA_OFFSET("data offset below 5 words or past the end of the segment", "tcp_v4_rcv: th->doff < 5 → bad_packet (TCP_MIB_INERRS), or !pskb_may_pull(skb, th->doff * 4) → discard_it; silently, before the checksum and any lookup"),
    BAD_CHECKSUM("bad checksum", "tcp_v4_rcv → csum_error: segments with a wrong checksum are discarded before any state is looked at"),
    NOT_FOR_THIS_HOST("not addressed to this host", "ip_rcv_finish: no local route for the destination address"),
    RST_NEVER_ANSWERED("RST to a port with no socket", "tcp_v4_send_reset never answers an RST"),
    LISTEN_RST("RST to a listener", "tcp_rcv_state_process LISTEN: an RST is discarded"),
    LISTEN_NO_FLAGS("segment without SYN/ACK/RST to a listener", "tcp_rcv_state_process LISTEN: neither SYN nor ACK, discarded"),
    LISTEN_SYN_FIN("SYN+FIN to a listener", "tcp_rcv_state_process LISTEN: SYN with FIN is discarded"),
    SYN_QUEUE_FULL("SYN queue full and syncookies off", "tcp_syn_flood_action: tcp_syncookies=0, counter TCPReqQFullDrop"),
    SYN_BACKLOG_UNPROVEN("SYN backlog nearly full, peer not proven alive", "tcp_conn_request: without syncookies the last quarter of tcp_max_syn_backlog is kept for known peers"),
    ACCEPT_QUEUE_FULL_SYN("accept queue full (SYN)", "tcp_conn_request: sk_acceptq_is_full, counter ListenOverflows"),
    ACCEPT_QUEUE_FULL_ACK("accept queue full (3rd ACK); request kept", "tcp_check_req → tcp_v4_syn_recv_sock → exit_overflow with tcp_abort_on_overflow=0"),
    SYN_RECV_NO_ACK("segment without ACK in SYN-RECV", "tcp_check_req: !(flg & TCP_FLAG_ACK) → return NULL"),
    SYN_RECV_OUT_OF_WINDOW("segment outside the receive window in SYN-RECV", "tcp_check_req: !tcp_in_window → send_ack (rate-limited) and drop"),
    SYN_RECV_TSECR_REJECT("3rd ACK echoes a TSval the server never sent", "tcp_check_req: tsecr_reject"),
    SYN_RECV_PAWS_REJECT("TSval older than the SYN's (PAWS) in SYN-RECV", "tcp_check_req: tcp_paws_reject against the request's ts_recent → send_ack (rate-limited) and drop, PAWSEstabRejected"),
    ESTABLISHED_PAWS_REJECT("TSval older than the last one accepted (PAWS)", "tcp_validate_incoming: tcp_paws_discard → dup ACK (rate-limited) and drop, PAWSEstabRejected"),
    SYN_RETRANSMIT_RATE_LIMITED("retransmitted SYN within 500 ms of the last SYN-ACK", "tcp_check_req: SYN-ACK resend limited by tcp_invalid_ratelimit"),
    ESTABLISHED_NO_FLAGS("segment without ACK on an established socket", "tcp_validate_incoming / tcp_rcv_established: no ACK → discard"),
    ACK_OF_UNSENT_DATA("segment acknowledging data never sent", "tcp_ack: ack after SND.NXT → discard, ACK of RCV.NXT"),
    ESTABLISHED_OUT_OF_WINDOW("segment outside the window on an established socket", "tcp_validate_incoming: tcp_sequence fails → dup ACK"),
    SYN_SENT_NO_ACK_NO_SYN("segment without SYN or ACK in SYN_SENT", "RFC 9293 §3.10.7.3 SYN-SENT fifth: neither SYN nor RST, drop"),
    SYN_SENT_RST_WITHOUT_ACK("RST without an acceptable ACK in SYN_SENT", "RFC 9293 §3.10.7.3 SYN-SENT second: an RST is acceptable only with an acceptable ACK"),
    CLIENT_HOST_NO_SOCKET("no simulated client owns this 4-tuple", "the client host is the student's raw socket: it records the segment and answers nothing"),
    CLOSING_NOT_SIMULATED("segment after the close began: not simulated", "a FIN reaches CLOSE_WAIT (tcp_fin) and the student's FIN FIN_WAIT_1/FIN_WAIT_2; data after a FIN, a FIN to a closing socket, CLOSING, LAST_ACK and TIME_WAIT are not simulated"),
    DEFER_ACCEPT_BARE_ACK("bare 3rd ACK to a TCP_DEFER_ACCEPT listener", "tcp_check_req: a pure ACK while rskq_defer_accept lasts marks the request acked and is dropped (TCPDeferAcceptDrop); the SYN-ACK is resent until data arrives"),
    MIDDLEBOX("dropped by a middlebox on the path", "a Middlebox verdict");

    private final String text;
    private final String source;

    DropReason(String text, String source) {
        this.text = text;
        this.source = source;
    }

    /** Short sentence for students. */
    public String text() {
        return text;
    }

    /** The kernel function or RFC section this drop follows. */
    public String source() {
        return source;
    }

    /** Lower-case, dash-separated name for the HTTP contract. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
