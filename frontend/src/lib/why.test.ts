import { describe, expect, it } from 'vitest';
import { ruleFor } from './why';

describe('ruleFor', () => {
  it('names the RFC section or kernel function behind each cause', () => {
    expect(ruleFor('server answers with RST: no socket on that port: R. 0 ack 1001')).toContain('RFC 9293 §3.10.7.1');
    expect(ruleFor('client sends a challenge ACK (RFC 5961): . 1001 ack 5001')).toContain('tcp_send_challenge_ack');
    expect(ruleFor('server answers the SYN with SYN-ACK: S. 5000 ack 1001')).toContain('tcp_conn_request');
  });

  it('tells a resend on a duplicate SYN and a timer resend apart from the first SYN-ACK', () => {
    expect(ruleFor("server resends SYN-ACK at once because the client's SYN came again: S. 5000")).toContain('inet_rtx_syn_ack');
    expect(ruleFor('server retransmits SYN-ACK (1st retransmission, RTO 1 s): S. 5000')).toContain('RFC 6298 §5');
    expect(ruleFor('server answers with a SYN cookie SYN-ACK (no state kept): S. 5000')).toContain('cookie_v4_init_sequence');
  });

  it('says nothing for a sentence it does not know', () => {
    expect(ruleFor('server receives S 1000')).toBeNull();
  });
});
