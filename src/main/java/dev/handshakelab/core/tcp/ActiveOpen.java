package dev.handshakelab.core.tcp;

import dev.handshakelab.core.profile.ClientPreset;
import dev.handshakelab.core.tcp.Counters.Counter;
import dev.handshakelab.core.wire.HostPort;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Active open (gVisor's {@code connect.go}): {@code tcp_v4_connect} / {@code tcp_connect},
 * SYN_SENT ({@code tcp_rcv_synsent_state_process}) and the simultaneous-open SYN_RECEIVED.
 */
final class ActiveOpen extends HostPart {

    ActiveOpen(TcpHost stack) {
        super(stack);
    }

    /**
     * {@code connect()} from {@code localPort} to {@code remote}: RFC 9293 §3.10.1 OPEN call,
     * CLOSED → SYN_SENT, SYN with the preset's options, retransmission timer armed.
     */
    TcpConnection connect(int localPort, HostPort remote, ClientPreset preset, boolean autoAck, long now) {
        HostPort local = new HostPort(address, localPort);
        ConnectionId id = new ConnectionId(local, remote);
        if (connections.containsKey(id)) {
            throw new IllegalArgumentException("port " + localPort + " already has a connection to " + remote);
        }
        int iss = isns.isn(now, address, localPort, remote.address(), remote.port());
        TcpConnection c = new TcpConnection(host, local, remote, TcpState.SYN_SENT, iss, autoAck, true);
        c.tsOffset = tsOffset(localPort, remote.address(), remote.port());
        // tcp_v6_connect → sk_set_txhash: a random txhash, the SYN's IPv6 flow label
        c.flowLabel = remote.address().ipv6() ? flowLabels.txhash(remote.address(), remote.port(), iss, 0) : 0;
        boolean v6 = address.ipv6();
        if (preset == ClientPreset.LINUX) {
            // tcp_connect_init → tcp_select_initial_window, from this host's own profile like a
            // listener's; the MSS option is tcp_advertise_mss: the route's advmss, MTU − 40 over
            // IPv4, MTU − 60 over IPv6 (tcp_v6_connect; 1440 and 1220 on the kernel at MTU 1500 and 1280)
            c.synOptions = preset.synOptions(tsVal(now, c.tsOffset), OptionNegotiation.offeredShift(profile, true, v6),
                    profile.advertisedMss(v6));
            c.synWindow = OptionNegotiation.synWindow(profile, profile.advertisedMss(v6), false);
        } else {
            c.synOptions = preset.synOptions(tsVal(now, c.tsOffset), 7, v6 ? ClientPreset.ETHERNET_MSS_V6 : ClientPreset.ETHERNET_MSS_V4);
            c.synWindow = preset.window();
        }
        c.sndNxt = iss + 1;
        c.connectStartedAt = now;
        c.rto = profile.initialRtoMicros();
        connections.put(id, c);
        counters.inc(Counter.ACTIVE_OPENS);
        transition(c, TcpState.CLOSED, TcpState.SYN_SENT, "connect() sends SYN", now);
        // tcp_ecn_send_syn: tcp_ecn=1 sets ECE and CWR on a Linux client's SYN; with
        // tcp_ecn_fallback (default 1) tcp_ecn_clear_syn takes them off the retransmissions.
        TcpFlags synFlags = preset == ClientPreset.LINUX && profile.ecn() == 1
                ? TcpFlags.SYN_ONLY.with(TcpFlags.ECE).with(TcpFlags.CWR) : TcpFlags.SYN_ONLY;
        send(c, synFlags, iss, NO_ACK, c.synWindow, c.synOptions, SendCause.SYN, 0, 0, now);
        stack.timers.arm(c, now + c.rto, TimerKind.SYN_RETRANSMIT, now);
        return c;
    }

    /**
     * A hand-crafted segment the student sends from this host. If a paused client
     * ({@code autoAck=false}) owns its 4-tuple and it is the ACK of the SYN-ACK that client
     * received, the client goes ESTABLISHED, as the kernel would when its own ACK left.
     */
    void studentSent(IpDatagram d, long now) {
        if (connections.isEmpty()) {
            return; // no paused client to finish: the usual case, looked up without building a key
        }
        TcpConnection c = connections.get(new ConnectionId(d.source(), d.destination()));
        TcpSegment s = d.segment();
        if (c != null && c.state == TcpState.ESTABLISHED && !s.flags().syn() && !s.flags().rst()
                && s.seq().bits() == c.sndNxt) {
            // What the student sends in sequence from an open client is that client's own output:
            // SND.NXT moves past its bytes, and a FIN is the client's close (tcp_close →
            // tcp_close_state: ESTABLISHED → FIN_WAIT1, tcp_send_fin).
            c.sndNxt += s.payload().length();
            if (s.flags().fin()) {
                c.sndNxt += 1;
                transition(c, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1, "the student's FIN closed the client's sending side", now);
            }
            return;
        }
        if (c == null || !c.awaitingStudentAck || c.state != TcpState.SYN_SENT) {
            return;
        }
        TcpFlags f = s.flags();
        if (f.ack() && !f.syn() && !f.rst() && s.ack().bits() == c.rcvNxt && s.seq().bits() == c.iss + 1) {
            c.awaitingStudentAck = false;
            transition(c, TcpState.SYN_SENT, TcpState.ESTABLISHED, "the student's ACK acknowledged the SYN-ACK", now);
        }
    }

    /** SYN-SENT: RFC 9293 §3.10.7.3 ({@code tcp_rcv_synsent_state_process}). */
    void synSent(TcpConnection c, IpDatagram d, TcpSegment s, long now) {
        TcpFlags f = s.flags();
        // "first check the ACK bit": SEG.ACK =< ISS or > SND.NXT → RST seq = SEG.ACK (unless RST:
        // tcp_v4_send_reset never answers one), and before any retransmission the SYN timer is
        // re-armed at TCP_TIMEOUT_MIN ("Previous FIN/ACK or RST/ACK might be ignored").
        // With timestamps, an ACK whose TSecr is not between our first SYN's TSval and now is
        // treated the same way (LINUX_MIB_PAWSACTIVEREJECTED, reset_and_undo).
        if (f.ack() && (s.ack().bits() != c.iss + 1 || tsecrOutsideOurSyns(c, s, now))) {
            if (s.ack().bits() != c.iss + 1 && !c.awaitingStudentAck) {
                stack.timers.rearmAtMinimum(c, now);
            }
            if (f.rst()) {
                drop(d, DropReason.RST_NEVER_ANSWERED, now);
            } else {
                sendReset(d, s, SendCause.RST_BAD_ACK, c, now);
            }
            return;
        }
        // "second check the RST bit": with an acceptable ACK the connection is refused.
        if (f.rst()) {
            if (f.ack()) {
                fail(c, "ECONNREFUSED", "the server answered the SYN with RST: no listener on that port", now);
            } else {
                drop(d, DropReason.SYN_SENT_RST_WITHOUT_ACK, now);
            }
            return;
        }
        if (!f.syn()) {
            drop(d, DropReason.SYN_SENT_NO_ACK_NO_SYN, now); // "fifth, if neither SYN nor RST, drop"
            return;
        }
        SynOptions peer = SynOptions.parse(s.options(), profile);
        c.irs = s.seq().bits();
        c.rcvNxt = c.irs + 1;
        c.tsRecent = peer.tsVal(); // tcp_store_ts_recent
        c.tsRecentStamp = now;
        c.negotiation = OptionNegotiation.active(profile, c.synOptions, peer, c.synWindow, address.ipv6());
        c.tsOk = c.negotiation.timestamps();
        c.sackOk = c.negotiation.sack();
        c.rcvWscale = c.negotiation.receiveShift();
        c.sndWnd = s.window();
        c.rcvWnd = c.synWindow; // our SYN's window, counted from RCV.NXT once the peer's ISN is known
        c.rcvWup = c.rcvNxt;
        if (sink().enabled()) {
            sink().accept(new TcpEvent.Negotiated(now, host, c.id(), c.negotiation));
        }
        if (f.ack()) {
            // SYN-ACK acknowledging our SYN: "our SYN has been ACKed", enter ESTABLISHED and ACK.
            stack.timers.disarm(c, now);
            if (c.autoAck) {
                stack.established.sendAck(c, SendCause.HANDSHAKE_ACK, null, now);
                transition(c, TcpState.SYN_SENT, TcpState.ESTABLISHED, "SYN-ACK received, ACK sent", now);
            } else {
                // Paused client: it keeps the SYN-ACK and waits for the student's hand-crafted ACK.
                c.awaitingStudentAck = true;
            }
        } else {
            // Simultaneous open (§3.9): SYN_SENT → SYN_RECEIVED, and the "SYN-ACK" is our own SYN
            // with ACK set: same ISN and the same option list (tcp_send_synack).
            transition(c, TcpState.SYN_SENT, TcpState.SYN_RECEIVED, "SYN received while in SYN_SENT (simultaneous open)", now);
            send(c, TcpFlags.SYN_ACK, c.iss, c.rcvNxt, c.synWindow, synOptionsNow(c, now), SendCause.SIMULTANEOUS_SYN_ACK, 0, 0, now);
        }
    }

    /**
     * {@code tcp_rcv_synsent_state_process}: "saw_tstamp && rcv_tsecr && !between(rcv_tsecr,
     * retrans_stamp, tcp_time_stamp_ts(tp))", the echoed TSecr minus our offset against the time
     * of our first SYN and now.
     */
    private boolean tsecrOutsideOurSyns(TcpConnection c, TcpSegment s, long now) {
        TcpOption.Timestamps ours = null;
        for (TcpOption o : c.synOptions) {
            if (o instanceof TcpOption.Timestamps) {
                ours = (TcpOption.Timestamps) o;
            }
        }
        TcpOption.Timestamps tso = ours == null || !profile.timestamps() ? null : s.option(TcpOption.Timestamps.class);
        if (tso == null || tso.tsEcr() == 0) {
            return false;
        }
        int ecr = (int) tso.tsEcr();
        return ecr - (int) ours.tsVal() < 0 || (int) tsVal(now, c.tsOffset) - ecr < 0;
    }

    /** SYN-RECEIVED of an active opener after a simultaneous open (§3.9, RFC 9293 §3.10.7.4). */
    void simultaneousSynReceived(TcpConnection c, IpDatagram d, TcpSegment s, long now) {
        TcpFlags f = s.flags();
        int seq = s.seq().bits();
        if (f.rst()) {
            if (seq == c.rcvNxt) {
                fail(c, "ECONNREFUSED", "RST received in SYN_RECEIVED after an active open", now);
            } else {
                counters.inc(Counter.CHALLENGE_ACKS);
                stack.established.sendAck(c, SendCause.CHALLENGE_ACK, null, now);
            }
            return;
        }
        if (f.syn() && f.ack() && seq + 1 == c.rcvNxt && s.ack().bits() == c.iss + 1) {
            // 23e89e8ee7be (6.10): the crossed SYN-ACK is accepted; one ACK follows, a duplicate
            // carrying DSACK for the SYN if SACK was agreed.
            stack.timers.disarm(c, now);
            transition(c, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED, "the peer's SYN-ACK acknowledged our SYN (simultaneous open)", now);
            TcpOption dsack = c.sackOk ? new TcpOption.Sack(List.of(new TcpOption.SackBlock(new SeqNum(c.irs), new SeqNum(c.irs + 1)))) : null;
            stack.established.sendAck(c, SendCause.SIMULTANEOUS_ACK, dsack, now);
            return;
        }
        if (f.syn()) {
            counters.inc(Counter.CHALLENGE_ACKS);
            stack.established.sendAck(c, SendCause.CHALLENGE_ACK, null, now);
            return;
        }
        if (!f.ack()) {
            drop(d, DropReason.SYN_RECV_NO_ACK, now);
            return;
        }
        if (s.ack().bits() != c.iss + 1) {
            sendReset(d, s, SendCause.RST_BAD_ACK, c, now);
            return;
        }
        stack.timers.disarm(c, now);
        transition(c, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED, "ACK of our SYN-ACK received (simultaneous open)", now);
    }

    /** Our SYN's options with a fresh TSval and, once the peer's SYN is known, its TSval as TSecr. */
    List<TcpOption> synOptionsNow(TcpConnection c, long now) {
        List<TcpOption> out = new ArrayList<>(c.synOptions.size());
        for (TcpOption o : c.synOptions) {
            out.add(o instanceof TcpOption.Timestamps ? new TcpOption.Timestamps(tsVal(now, c.tsOffset), c.state == TcpState.SYN_SENT ? 0 : c.tsRecent) : o);
        }
        return out;
    }
}
