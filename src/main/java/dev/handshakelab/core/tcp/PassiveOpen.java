package dev.handshakelab.core.tcp;

import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.tcp.Counters.Counter;
import dev.handshakelab.core.tcp.TcpEvent.CookiePhase;
import dev.handshakelab.core.tcp.TcpEvent.TimerPhase;
import dev.handshakelab.core.wire.Bytes;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import java.util.List;

/**
 * Passive open up to the request sock (gVisor's {@code accept.go}): a segment that found the
 * listener ({@code tcp_v4_do_rcv} in LISTEN), {@code tcp_conn_request}, the SYN-ACK
 * ({@code tcp_make_synack}), SYN cookies ({@code cookie_v4_init_sequence},
 * {@code cookie_v4_check}), and the child's way into the accept queue.
 */
final class PassiveOpen extends HostPart {

    PassiveOpen(TcpHost stack) {
        super(stack);
    }

    /**
     * LISTEN ({@code tcp_v4_do_rcv} → {@code tcp_v4_cookie_check} → {@code tcp_rcv_state_process},
     * RFC 9293 §3.10.7.2).
     */
    void listen(IpDatagram d, TcpSegment s, long now) {
        TcpFlags f = s.flags();
        boolean triedCookie = false;
        // tcp_v4_cookie_check: a non-SYN ACK to a listener may be the 3rd ACK of a SYN cookie,
        // checked only with syncookies on and a cookie sent recently (tcp_synq_no_recent_overflow).
        if (!f.syn() && f.ack() && !f.rst() && profile.syncookies() > 0
                && now - listener().lastOverflow <= SynCookies.VALID_MICROS) {
            if (cookieAck(d, s, now)) {
                return;
            }
            triedCookie = true;
        }
        if (f.ack()) {
            // LISTEN: "any acknowledgment is bad ... form a reset: <SEQ=SEG.ACK><CTL=RST>";
            // tcp_v4_send_reset first drops anything carrying RST.
            if (f.rst()) {
                drop(d, DropReason.RST_NEVER_ANSWERED, now);
            } else {
                sendReset(d, s, triedCookie ? SendCause.RST_BAD_COOKIE : SendCause.RST_BAD_ACK, now);
            }
        } else if (f.rst()) {
            drop(d, DropReason.LISTEN_RST, now); // LISTEN: "An incoming RST should be ignored."
        } else if (f.syn()) {
            if (f.fin()) {
                drop(d, DropReason.LISTEN_SYN_FIN, now); // tcp_rcv_state_process: SYN+FIN discarded
            } else {
                connRequest(d, s, now);
            }
        } else {
            drop(d, DropReason.LISTEN_NO_FLAGS, now); // LISTEN: "drop the segment and return"
        }
    }

    /** {@code tcp_conn_request}: a SYN to the listener. */
    void connRequest(IpDatagram d, TcpSegment s, long now) {
        counters.inc(Counter.SYNS_RECEIVED);
        Listener l = listener();
        boolean wantCookie = false;
        if (profile.syncookies() == 2 || l.synQueueFull()) {
            // tcp_syn_flood_action
            if (profile.syncookies() == 0) {
                counters.inc(Counter.REQ_QFULL_DROP);
                overflow(d, "syn", l.requestCount(), "SYN dropped silently (tcp_syncookies=0); the client's own SYN retransmission is its only hope", now);
                drop(d, DropReason.SYN_QUEUE_FULL, now);
                return;
            }
            wantCookie = true;
            if (profile.syncookies() == 1 && !l.floodWarned) {
                l.floodWarned = true;
                overflow(d, "syn", l.requestCount(), "Possible SYN flooding on port " + l.local.port() + ". Sending cookies.", now);
            }
        }
        if (l.acceptQueueFull()) {
            counters.inc(Counter.LISTEN_OVERFLOWS);
            overflow(d, "accept", l.acceptQueue.size(), "SYN dropped silently (ListenOverflows), even with syncookies", now);
            drop(d, DropReason.ACCEPT_QUEUE_FULL_SYN, now);
            return;
        }
        if (!wantCookie && profile.syncookies() == 0
                && profile.maxSynBacklog() - l.requestCount() < (profile.maxSynBacklog() >> 2)) {
            // "Kill the following clause, if you dislike this way": no tcp_metrics history here,
            // so no peer is ever proven alive.
            drop(d, DropReason.SYN_BACKLOG_UNPROVEN, now);
            return;
        }
        SynOptions syn = SynOptions.parse(s.options(), profile);
        // tcp_ecn_create_request: SYN with ECE+CWR, not itself ECT, and tcp_ecn not 0 → ECN ok.
        boolean ecnOk = s.flags().has(TcpFlags.ECE) && s.flags().has(TcpFlags.CWR) && d.ecn() == 0 && profile.ecn() != 0;
        if (wantCookie) {
            cookieSynAck(d, s, syn, ecnOk, now); // tcp_parse_options gets no foc when want_cookie: no Fast Open
            return;
        }
        FastOpen.Decision tfo = null;
        if (profile.tcpFastopen() > 1 || profile.fastOpenQlen() > 0) {
            tfo = stack.fastOpen.decide(d, s, FastOpen.parse(s));
        }
        int iss = isns.isn(now, address, s.dstPort(), d.src(), s.srcPort());
        RequestSock r = new RequestSock(d.src(), s.srcPort(), s.seq().bits(), iss, syn, ecnOk, now);
        r.deadline = now + profile.initialRtoMicros();
        l.synQueue.add(r);
        if (tfo != null && tfo.child()) {
            fastOpenChild(r, d, s, tfo, now);
            return;
        }
        ConnectionId id = null;
        if (sink().enabled()) {
            id = new ConnectionId(d.source(), l.local);
            sink().accept(new TcpEvent.StateChanged(now, host, id, TcpState.LISTEN, TcpState.SYN_RECEIVED, "SYN received; request queued in the SYN queue"));
            sink().accept(new TcpEvent.Negotiated(now, host, id, r.negotiation(profile)));
        }
        sendSynAck(r, SendCause.SYN_ACK, 0, 0, tfo == null || tfo.cookieToSend() == null ? null
                : FastOpen.option(tfo.cookieToSend(), tfo.experimental()), now);
        timerEvent(id, TimerKind.SYNACK_RETRANSMIT, TimerPhase.ARMED, r.deadline, now);
    }

    /**
     * {@code tcp_fastopen_create_child} → {@code tcp_fastopen_add_skb}: a valid cookie (or
     * tcp_fastopen 0x200) makes the child now, in SYN_RECEIVED with the SYN's data readable; the
     * SYN-ACK acknowledges the data and carries no cookie; the child goes straight into the accept
     * queue. The request stays to resend the SYN-ACK and check the third ACK.
     */
    private void fastOpenChild(RequestSock r, IpDatagram d, TcpSegment s, FastOpen.Decision tfo, long now) {
        Listener l = listener();
        TcpConnection child = new TcpConnection(host, l.local, d.source(), TcpState.SYN_RECEIVED, r.iss, false, false);
        child.irs = r.irs;
        child.rcvNxt = r.irs + 1;
        child.sndNxt = r.iss + 1;
        child.negotiation = r.negotiation(profile);
        child.tsRecent = Integer.toUnsignedLong(r.tsRecent);
        child.tsRecentStamp = now;
        child.flowLabel = requestLabel(r);
        setUpChild(child, d);
        if (s.payload().length() > 0) {
            Established.queue(child, s.payload().length());
            child.rcvWup = child.rcvNxt;
        }
        l.fastOpenChildren.put(r, child);
        l.fastOpenPending++;
        counters.inc(Counter.PASSIVE_OPENS);
        transition(child, TcpState.LISTEN, TcpState.SYN_RECEIVED, "SYN with Fast Open: " + tfo.why(), now);
        if (sink().enabled()) {
            sink().accept(new TcpEvent.Negotiated(now, host, child.id(), child.negotiation));
        }
        sendSynAck(r, SendCause.FAST_OPEN_SYN_ACK, 0, 0, null, now);
        timerEvent(child.id(), TimerKind.SYNACK_RETRANSMIT, TimerPhase.ARMED, r.deadline, now);
        l.acceptQueue.add(child);
        applicationAccepts(now);
    }

    /** RCV.NXT of a request: the client's ISN + 1, past the SYN's data for a Fast Open child. */
    int requestRcvNxt(RequestSock r) {
        TcpConnection child = listener().fastOpenChildren.isEmpty() ? null : listener().fastOpenChildren.get(r);
        return child == null ? r.irs + 1 : child.rcvNxt;
    }

    /** A request goes away: its Fast Open child, if any, is closed with it ({@code tcp_write_err}, {@code reqsk_fastopen_remove}). */
    void fastOpenRequestGone(RequestSock r, String cause, long now) {
        TcpConnection child = listener().fastOpenChildren.isEmpty() ? null : listener().fastOpenChildren.remove(r);
        if (child != null) {
            listener().fastOpenPending--;
            listener().acceptQueue.remove(child);
            transition(child, child.state, TcpState.CLOSED, cause, now);
        }
    }

    /** {@code tcp_make_synack} for a queued request: same ISN and options each time, fresh TSval. */
    void sendSynAck(RequestSock r, SendCause cause, int retransmission, long rto, long now) {
        sendSynAck(r, cause, retransmission, rto, null, now);
    }

    /**
     * A request's SYN-ACK ({@code tcp_v4_send_synack}, or {@code tcp_v6_send_synack} with the
     * request's txhash as its flow label). With {@code fastOpen}, the cookie option goes last, NOP-padded to 32 bits
     * ({@code tcp_options_write}); only the first SYN-ACK carries it ({@code tcp_rtx_synack}
     * passes no cookie).
     */
    void sendSynAck(RequestSock r, SendCause cause, int retransmission, long rto, TcpOption fastOpen, long now) {
        boolean ts = r.has(RequestSock.TS_OK);
        int tsVal = 0;
        if (ts) {
            tsVal = (int) tsVal(now, requestTsOffset(r));
            if (!r.has(RequestSock.TS_SENT)) {
                r.firstTsVal = tsVal;
                r.set(RequestSock.TS_SENT);
            }
            r.lastTsVal = tsVal;
        }
        boolean ws = r.peerWscale >= 0;
        List<TcpOption> options = OptionNegotiation.synAckOptions(profile.optionLayout(), listener().advMss,
                r.has(RequestSock.SACK_OK), ts, Integer.toUnsignedLong(tsVal), Integer.toUnsignedLong(r.tsRecent), ws, listener().shift(ts));
        if (fastOpen != null) {
            List<TcpOption> withCookie = new java.util.ArrayList<>(options);
            withCookie.add(fastOpen);
            if ((fastOpen.wireLength() & 3) == 2) {
                withCookie.add(TcpOption.NOP);
                withCookie.add(TcpOption.NOP);
            }
            options = withCookie;
        }
        // tcp_ecn_make_synack: ECE on the SYN-ACK when ECN was agreed; net-next keeps it only up
        // to the first timeout-driven retransmission.
        TcpFlags flags = r.has(RequestSock.ECN_OK) && r.timeouts() <= 1 ? TcpFlags.SYN_ACK.with(TcpFlags.ECE) : TcpFlags.SYN_ACK;
        TcpSegment seg = new TcpSegment(listener().local.port(), r.remotePort, new SeqNum(r.iss), new SeqNum(requestRcvNxt(r)), flags,
                listener().window(ts), 0, options, Bytes.EMPTY);
        counters.inc(Counter.SYNACKS_SENT);
        if (cause == SendCause.SYN_ACK_RETRANSMIT || cause == SendCause.SYN_ACK_DUPLICATE_SYN) {
            // tcp_rtx_synack (timer and duplicate SYN alike): "tcp_rsk(req)->txhash = net_tx_rndhash()",
            // a new IPv6 flow label for each resent SYN-ACK (sk_txrehash is on by default)
            // (a Fast Open child keeps the txhash it was created with: only the request's changes)
            r.labelGeneration++;
        }
        emitSend(FlowLabels.datagram(address, r.remoteAddress, seg, requestLabel(r)), cause, retransmission, rto, now);
    }

    /**
     * A stateless SYN cookie SYN-ACK ({@code tcp_conn_request} with want_cookie): ISN from
     * {@link SynCookies#cookie}, TSval from {@code cookie_init_timestamp} plus the TS offset;
     * without timestamps {@code tcp_clear_options} leaves MSS only. Nothing is queued, no timer.
     */
    void cookieSynAck(IpDatagram d, TcpSegment s, SynOptions offered, boolean ecnOk, long now) {
        Listener l = listener();
        SynOptions syn = offered.timestamps() ? offered : offered.clearedForCookie();
        boolean ecn = ecnOk && syn.timestamps(); // "if (!tmp_opt.tstamp_ok) inet_rsk(req)->ecn_ok = 0"
        boolean v6 = d.src().ipv6();
        int peerMss = OptionNegotiation.listenerPeerMss(profile, syn, v6);
        int mssIndex = SynCookies.mssIndex(peerMss, v6); // cookie_v4_init_sequence or cookie_v6_init_sequence
        int cookie = cookies.cookie(now, d.src(), address, s.srcPort(), s.dstPort(), s.seq().bits(), mssIndex);
        l.lastOverflow = now; // tcp_synq_overflow, called from cookie_init_sequence
        counters.inc(Counter.SYNCOOKIES_SENT);
        boolean ts = syn.timestamps();
        long tsVal = 0;
        if (ts) {
            long cookieTs = SynCookies.cookieTimestamp(now / 1000, syn.windowScaleOk(), syn.peerShift(), syn.sackPermitted(), ecn);
            tsVal = (cookieTs + tsOffset(s.dstPort(), d.src(), s.srcPort())) & 0xFFFF_FFFFL;
        }
        List<TcpOption> options = OptionNegotiation.synAckOptions(profile.optionLayout(), l.advMss, syn.sackPermitted(), ts,
                tsVal, syn.tsVal(), syn.windowScaleOk(), l.shift(ts));
        TcpSegment seg = new TcpSegment(s.dstPort(), s.srcPort(), new SeqNum(cookie), s.seq().plus(1),
                ecn ? TcpFlags.SYN_ACK.with(TcpFlags.ECE) : TcpFlags.SYN_ACK, l.window(ts), 0, options, Bytes.EMPTY);
        if (sink().enabled()) {
            ConnectionId id = ConnectionId.of(d, Host.CLIENT);
            sink().accept(new TcpEvent.CookieEvent(now, host, id, CookiePhase.ISSUED, Integer.toUnsignedLong(cookie),
                    SynCookies.mssOf(mssIndex, v6), ts ? "client options kept in the low 6 bits of TSval" : "no timestamps: the cookie carries the MSS only, SACK and window scaling are lost"));
            sink().accept(new TcpEvent.Negotiated(now, host, id, OptionNegotiation.passive(profile, offered, d.src().ipv6(), true)));
        }
        // tcp_conn_request allocates a request for the cookie SYN-ACK too, with its own txhash
        emitSend(FlowLabels.datagram(address, d.src(), seg, flowLabels.txhash(d.src(), s.srcPort(), cookie, 0)),
                SendCause.COOKIE_SYN_ACK, 0, 0, now);
    }

    /**
     * {@code cookie_v4_check} ({@code cookie_v6_check} over IPv6): the 3rd ACK of a cookie handshake. Returns true when the segment
     * was consumed (child created, or dropped because the accept queue is full); false sends the
     * segment on to LISTEN, which answers RST.
     */
    boolean cookieAck(IpDatagram d, TcpSegment s, long now) {
        int cookie = s.ack().bits() - 1;
        int clientIsn = s.seq().bits() - 1;
        int index = cookies.check(now, cookie, d.src(), address, s.srcPort(), s.dstPort(), clientIsn);
        ConnectionId id = ConnectionId.of(d, Host.CLIENT);
        if (index < 0) {
            counters.inc(Counter.SYNCOOKIES_FAILED);
            if (sink().enabled()) {
                sink().accept(new TcpEvent.CookieEvent(now, host, id, CookiePhase.REJECTED, Integer.toUnsignedLong(cookie), 0,
                        index == SynCookies.TOO_OLD ? "the cookie's minute counter is " + SynCookies.MAX_AGE_MINUTES + " or more minutes old (MAX_SYNCOOKIE_AGE)"
                                : "ACK − 1 does not decode to a valid MSS index: the hash does not match"));
            }
            return false;
        }
        // cookie_timestamp_decode: rebuild wscale/SACK from the echoed TSecr minus our TS offset.
        TcpOption.Timestamps tso = profile.timestamps() ? s.option(TcpOption.Timestamps.class) : null;
        boolean ts = tso != null && tso.tsEcr() != 0;
        SynCookies.TimestampOptions opts = null;
        if (ts) {
            opts = SynCookies.decodeTimestamp((tso.tsEcr() - Integer.toUnsignedLong(tsOffset(s.dstPort(), d.src(), s.srcPort()))) & 0xFFFF_FFFFL);
            if ((opts.sackOk() && !profile.sack()) || (opts.wscaleOk() && !profile.windowScaling())) {
                counters.inc(Counter.SYNCOOKIES_FAILED);
                return false;
            }
        }
        counters.inc(Counter.SYNCOOKIES_RECV);
        int mss = SynCookies.mssOf(index, d.src().ipv6()); // cookie_v4_check or cookie_v6_check
        if (listener().acceptQueueFull()) {
            // tcp_v4_syn_recv_sock → exit_overflow: no child; a cookie keeps no request to retry with.
            counters.inc(Counter.LISTEN_OVERFLOWS);
            overflow(d, "accept", listener().acceptQueue.size(), "valid cookie ACK dropped: no room for the child", now);
            drop(d, DropReason.ACCEPT_QUEUE_FULL_ACK, now);
            return true;
        }
        SynOptions rebuilt = new SynOptions(mss, opts != null && opts.wscaleOk() ? opts.peerShift() : SynOptions.ABSENT,
                opts != null && opts.sackOk(), false, ts, false, ts ? tso.tsVal() : 0);
        if (sink().enabled()) {
            sink().accept(new TcpEvent.CookieEvent(now, host, id, CookiePhase.VALIDATED, Integer.toUnsignedLong(cookie), mss,
                    ts ? "hash and age check out; TSecr − TS offset gives wscale " + (opts.wscaleOk() ? opts.peerShift() : "none")
                            + ", SACK " + (opts.sackOk() ? "on" : "off") : "hash and age check out; MSS " + mss + " from the cookie table"));
        }
        TcpConnection child = new TcpConnection(host, listener().local, d.source(), TcpState.SYN_RECEIVED, cookie, false, false);
        child.irs = clientIsn;
        child.rcvNxt = clientIsn + 1;
        child.sndNxt = cookie + 1;
        child.negotiation = OptionNegotiation.passive(profile, rebuilt, d.src().ipv6(), true);
        // cookie_v6_check builds a new request (cookie_tcp_reqsk_alloc) whose txhash the child takes
        child.flowLabel = d.ipv6() ? flowLabels.txhash(d.src(), s.srcPort(), cookie, 1) : 0;
        // cookie_tcp_reqsk_init: req->ts_recent = the ACK's TSval, which the child inherits.
        child.tsRecent = ts ? tso.tsVal() : 0;
        child.tsRecentStamp = now;
        transition(child, TcpState.LISTEN, TcpState.SYN_RECEIVED, "valid SYN cookie in the ACK: request rebuilt from the cookie", now);
        completeChild(child, d, "3rd ACK carried a valid SYN cookie", now);
        stack.established.dataQueue(child, d, s, now); // tcp_child_process, as for a queued request
        return true;
    }

    /** SYN_RECEIVED → ESTABLISHED for a new child, which joins the accept queue. */
    void completeChild(TcpConnection child, IpDatagram d, String cause, long now) {
        setUpChild(child, d);
        connections.put(child.id(), child);
        counters.inc(Counter.PASSIVE_OPENS);
        transition(child, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED, cause, now);
        listener().acceptQueue.add(child);
        applicationAccepts(now);
    }

    /** {@code tcp_create_openreq_child}: the child's options, windows and TS offset from what was agreed. */
    private void setUpChild(TcpConnection child, IpDatagram d) {
        child.tsOk = child.negotiation.timestamps();
        child.sackOk = child.negotiation.sack();
        child.rcvWscale = child.negotiation.receiveShift();
        child.tsOffset = tsOffset(d.segment().dstPort(), d.src(), d.segment().srcPort());
        child.synWindow = child.negotiation.synWindow();
        child.rcvWnd = child.synWindow; // the SYN-ACK's window (req->rsk_rcv_wnd), from RCV.NXT
        child.rcvWup = child.rcvNxt;
        // tcp_create_openreq_child: snd_wnd = the 3rd ACK's window << snd_wscale
        child.sndWnd = d.segment().window() << child.negotiation.sendShift();
    }

    /** The application side of accept(): at once, never, or at the profile's rate. */
    void applicationAccepts(long now) {
        int rate = profile.acceptRate();
        if (rate == StackProfile.ACCEPT_IMMEDIATELY) {
            while (!listener().acceptQueue.isEmpty()) {
                TcpConnection c = listener().acceptQueue.poll();
                c.readsAtOnce = true;
                accepted(c, now);
            }
        } else if (rate > 0 && listener().nextAcceptAt == Long.MAX_VALUE && !listener().acceptQueue.isEmpty()) {
            listener().nextAcceptAt = now + 1_000_000L / rate;
            timerEvent(null, TimerKind.ACCEPT, TimerPhase.ARMED, listener().nextAcceptAt, now);
        }
    }

    void accepted(TcpConnection c, long now) {
        counters.inc(Counter.ACCEPTED);
        if (c.readsAtOnce) {
            Established.read(c, Long.MAX_VALUE); // what arrived while it waited in the accept queue
        }
        if (sink().enabled()) {
            sink().accept(new TcpEvent.Accepted(now, host, c.id()));
        }
    }

    void removeRequest(RequestSock r, String cause, long now) {
        listener().synQueue.remove(r);
        fastOpenRequestGone(r, cause, now);
        if (sink().enabled()) {
            ConnectionId id = requestId(r);
            sink().accept(new TcpEvent.TimerEvent(now, host, id, TimerKind.SYNACK_RETRANSMIT, TimerPhase.CANCELLED, r.deadline));
            sink().accept(new TcpEvent.StateChanged(now, host, id, TcpState.SYN_RECEIVED, TcpState.CLOSED, cause));
        }
    }
}
