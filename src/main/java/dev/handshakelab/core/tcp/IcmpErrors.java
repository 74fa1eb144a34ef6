package dev.handshakelab.core.tcp;

import dev.handshakelab.core.net.IcmpUnreachable;
import dev.handshakelab.core.wire.IpDatagram;

/** ICMP and ICMPv6 errors about segments this host sent: {@code tcp_v4_err}, {@code tcp_v6_err} and {@code tcp_req_err}. */
final class IcmpErrors extends HostPart {

    IcmpErrors(TcpHost stack) {
        super(stack);
    }

    /**
     * An ICMP destination unreachable quoting {@code quoted}, a datagram this host sent, arrives
     * from the middlebox {@code from}: {@code tcp_v4_err}, or {@code tcp_v6_err} for ICMPv6. A
     * socket in SYN_SENT or SYN_RECEIVED fails at once with the code's errno
     * ({@code tcp_done_with_error}); a listener's half-open request is dropped only for net or host
     * unreachable over IPv4, and for the codes {@code icmpv6_err_convert} calls fatal over IPv6
     * (administratively prohibited, port unreachable: {@code tcp_req_err}); an established
     * connection records a soft error and carries on. ICMP quoting a sequence number outside
     * [SND.UNA, SND.NXT] is ignored ({@code LINUX_MIB_OUTOFWINDOWICMPS}).
     */
    void icmpUnreachable(IpDatagram quoted, IcmpUnreachable code, String from, long now) {
        ConnectionId id = ConnectionId.of(quoted, host);
        int seq = quoted.segment().seq().bits();
        TcpConnection c = connections.get(id);
        RequestSock r = c == null && listener() != null && listener().local.equals(quoted.source())
                ? listener().synQueue.find(quoted.dst(), quoted.segment().dstPort()) : null;
        String effect;
        boolean hardError = false;
        boolean dropRequest = false;
        if (c != null) {
            int una = c.state == TcpState.SYN_SENT || c.state == TcpState.SYN_RECEIVED ? c.iss : c.iss + 1;
            if (seq - una < 0 || c.sndNxt - seq < 0) {
                effect = "ignored: it quotes a sequence number outside [SND.UNA, SND.NXT]";
            } else if (c.state == TcpState.ESTABLISHED) {
                effect = "a soft error only: an established connection keeps trying (RFC 1122 §4.2.3.9)";
            } else {
                hardError = true;
                effect = "a hard error before the connection is established: connect() fails with " + code.errno();
            }
        } else if (r != null) {
            if (seq != r.iss) {
                effect = "ignored: it quotes a sequence number other than the request's ISN";
            } else if (code.abortsRequest()) {
                dropRequest = true;
                effect = code.ipv6() ? "the half-open request is dropped silently (tcp_v6_err: icmpv6_err_convert calls "
                        + code.label() + " fatal, so tcp_req_err aborts)"
                        : "the half-open request is dropped silently (tcp_req_err aborts on net/host unreachable)";
            } else {
                effect = code.ipv6() ? "ignored by the listener: icmpv6_err_convert does not call " + code.label()
                        + " fatal, so tcp_req_err keeps the request and the SYN-ACK is retransmitted on schedule"
                        : "ignored by the listener: only net or host unreachable drop a half-open request (tcp_req_err), so the SYN-ACK is retransmitted on schedule";
            }
        } else {
            effect = "ignored: no socket sent it";
        }
        if (sink().enabled()) {
            sink().accept(new TcpEvent.IcmpReceived(now, host, id, quoted, code, from, effect));
        }
        if (hardError) {
            fail(c, code.errno(), code.protocol() + " " + code.label() + " from " + from + " in " + c.state, now);
        } else if (dropRequest) {
            stack.passive.removeRequest(r, code.protocol() + " " + code.label() + " from " + from + ": request dropped (tcp_req_err)", now);
        }
    }
}
