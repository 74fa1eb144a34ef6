// Why a host sent a segment: the rule behind each of the server's send causes (the sentence of a
// segment-sent event begins with "<host> <cause>"), as the RFC section or the Linux function that
// the simulation follows. Matched on the cause's words, longest first, since some contain others.

const RULES: [string, string][] = [
  ['resends SYN-ACK at once because the client\'s SYN came again', 'Linux tcp_check_req: a retransmitted SYN for a pending request is answered by inet_rtx_syn_ack'],
  ['answers with a SYN cookie SYN-ACK', 'RFC 4987 §3.6; Linux tcp_conn_request → cookie_v4_init_sequence when the SYN queue is full and net.ipv4.tcp_syncookies allows it'],
  ['answers the crossing SYN with its own SYN plus ACK', 'RFC 9293 §3.5 (simultaneous open, figure 7); Linux tcp_rcv_synsent_state_process'],
  ['answers the SYN with SYN-ACK', 'RFC 9293 §3.10.7.2 (LISTEN state, a SYN); Linux tcp_conn_request → tcp_v4_send_synack'],
  ['retransmits SYN-ACK', 'RFC 6298 §5 (retransmission timer, RTO doubled); Linux reqsk_timer_handler, up to net.ipv4.tcp_synack_retries'],
  ['retransmits SYN', 'RFC 6298 §5 and RFC 9293 §3.8.1; Linux tcp_retransmit_timer, up to net.ipv4.tcp_syn_retries'],
  ['sends SYN (active open)', 'RFC 9293 §3.10.1 (OPEN call); Linux tcp_connect'],
  ['acknowledges the peer\'s SYN-ACK (simultaneous open)', 'RFC 9293 §3.5 (simultaneous open); Linux tcp_rcv_synsent_state_process'],
  ['completes the handshake with ACK', 'RFC 9293 §3.10.7.3 (SYN-SENT state, a SYN-ACK); Linux tcp_rcv_synsent_state_process'],
  ['no socket on that port', 'RFC 9293 §3.10.7.1 (CLOSED state: reset); Linux tcp_v4_rcv finds no socket → tcp_v4_send_reset'],
  ['the ACK does not acknowledge anything it sent', 'RFC 9293 §3.10.7.2 (LISTEN state, an ACK: reset); Linux tcp_check_req → tcp_v4_send_reset'],
  ['embryonic reset', 'Linux tcp_check_req (embryonic_reset): a new SYN on a half-open request'],
  ['not a valid SYN cookie', 'Linux cookie_v4_check: the ACK\'s number fails the cookie hash'],
  ['tcp_abort_on_overflow=1', 'Linux tcp_check_req (listen_overflow) with net.ipv4.tcp_abort_on_overflow=1'],
  ['challenge ACK', 'RFC 5961 §3.2 and §4; Linux tcp_send_challenge_ack'],
  ['segment outside the window', 'RFC 9293 §3.10.7.4 (first, check the sequence number); Linux tcp_validate_incoming → tcp_send_dupack'],
  ['acknowledges data', 'RFC 9293 §3.10.7.4 (ACK of received data); Linux __tcp_ack_snd_check'],
  ['rejects the segment and answers in its place', 'a filter rule of the middlebox on the path (see the session\'s path)'],
  ['sends a hand-crafted segment', 'none: you built this segment in the composer'],
];

/** The rule behind the cause in a segment-sent sentence, or null when the sentence names none known. */
export function ruleFor(sentence: string): string | null {
  return RULES.find(([cause]) => sentence.includes(cause))?.[1] ?? null;
}
