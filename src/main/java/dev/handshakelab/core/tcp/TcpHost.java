package dev.handshakelab.core.tcp;

import dev.handshakelab.core.profile.ClientPreset;
import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.tcp.Counters.Counter;
import dev.handshakelab.core.tcp.TcpEvent.CookiePhase;
import dev.handshakelab.core.tcp.TcpEvent.TimerPhase;
import dev.handshakelab.core.wire.Bytes;
import dev.handshakelab.core.wire.HostPort;
import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.Ipv4Address;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One simulated host's TCP: its listener (if any), its connections, and the single place where
 * (state, segment) decides the reply. Every branch names the RFC 9293 section or the Linux
 * function it follows; every discarded segment names a {@link DropReason}.
 *
 * <p>The host never reads a clock: the caller passes virtual time in microseconds. Segments go
 * out through {@link Wire}; events go to the {@link EventSink}, built only when it is enabled.
 */
public final class TcpHost {

    /** Where a host puts the datagrams it sends. */
    @FunctionalInterface
    public interface Wire {
        void transmit(IpDatagram datagram);
    }

    private static final int NO_ACK = -1;

    private final Host host;
    private final IpAddress address;
    private final StackProfile profile;
    private final InitialSequenceNumbers isns;
    private final SynCookies cookies;
    /** The server answers segments to closed ports with RST; the client host is a raw socket that answers nothing. */
    private final boolean answersClosedPorts;
    private final Counters counters = new Counters();
    private final Map<ConnectionId, TcpConnection> connections = new LinkedHashMap<>();
    private final Set<TcpConnection> armed = new LinkedHashSet<>();
    private Listener listener;
    private EventSink sink = EventSink.NONE;
    private Wire wire = d -> {};
    /** One-entry cache of secure_tcp_ts_off: floods and labs talk to few addresses. */
    private IpAddress tsOffsetPeer;
    private int tsOffsetValue;

    public TcpHost(Host host, IpAddress address, StackProfile profile, long seed) {
        this.host = host;
        this.address = address;
        this.profile = profile;
        // Each host gets its own secrets, as two machines would.
        long hostSeed = seed ^ (host == Host.SERVER ? 0x5345525645524bL : 0x434c49454e54L);
        this.isns = new InitialSequenceNumbers(hostSeed);
        this.cookies = new SynCookies(hostSeed);
        this.answersClosedPorts = host == Host.SERVER;
    }

    public void setEventSink(EventSink sink) { this.sink = sink; }
    public void setWire(Wire wire) { this.wire = wire; }
    public Host host() { return host; }
    public IpAddress address() { return address; }
    public StackProfile profile() { return profile; }
    public Counters counters() { return counters; }
    /** The listening socket, or null. */
    public Listener listener() { return listener; }
    /** Connections (not half-open requests) in creation order. */
    public List<TcpConnection> connections() { return List.copyOf(connections.values()); }
    public TcpConnection connection(ConnectionId id) { return connections.get(id); }
    /** Full connections (sockets) this host holds, without copying them. */
    public int connectionCount() { return connections.size(); }
    public InitialSequenceNumbers isns() { return isns; }
    /** This host's SYN-cookie secrets (for the cookie inspector). */
    public SynCookies cookies() { return cookies; }

    /** {@code listen()}: from now on SYNs to {@code port} open requests. */
    public Listener listen(int port) {
        listener = new Listener(new HostPort(address, port), profile);
        return listener;
    }

    /**
     * The application's own {@code accept()} ({@code inet_csk_accept}), for a profile whose
     * {@code acceptRate} is 0 so that nothing else drains the queue: the oldest completed
     * connection leaves the accept queue, or null when it is empty (the caller decides whether
     * that blocks or is {@code EAGAIN}). A packetdrill script drives the listener this way.
     */
    public TcpConnection accept(long now) {
        if (listener == null || listener.acceptQueue.isEmpty()) {
            return null;
        }
        TcpConnection c = listener.acceptQueue.poll();
        accepted(c, now);
        return c;
    }

    /**
     * {@code close()} of a listener with empty queues: from now on SYNs to its port find no
     * socket and are answered with RST. With requests or children queued Linux would reset them
     * ({@code inet_csk_listen_stop}), which is not modelled: the caller must check the queues.
     */
    public void stopListening() {
        if (listener != null && (listener.synQueue.size() > 0 || !listener.acceptQueue.isEmpty())) {
            throw new IllegalStateException("the listener still has queued connections");
        }
        listener = null;
    }

    // ---------------------------------------------------------------- active open

    /**
     * {@code connect()} from {@code localPort} to {@code remote}: RFC 9293 §3.10.1 OPEN call,
     * CLOSED → SYN_SENT, SYN with the preset's options, retransmission timer armed.
     */
    public TcpConnection connect(int localPort, HostPort remote, ClientPreset preset, boolean autoAck, long now) {
        HostPort local = new HostPort(address, localPort);
        ConnectionId id = new ConnectionId(local, remote);
        if (connections.containsKey(id)) {
            throw new IllegalArgumentException("port " + localPort + " already has a connection to " + remote);
        }
        int iss = isns.isn(now, address, localPort, remote.address(), remote.port());
        TcpConnection c = new TcpConnection(host, local, remote, TcpState.SYN_SENT, iss, autoAck, true);
        c.tsOffset = tsOffset(remote.address());
        c.synOptions = preset.synOptions(tsVal(now, c.tsOffset));
        c.synWindow = preset.window();
        c.sndNxt = iss + 1;
        c.connectStartedAt = now;
        c.rto = profile.initialRtoMicros();
        connections.put(id, c);
        counters.inc(Counter.ACTIVE_OPENS);
        transition(c, TcpState.CLOSED, TcpState.SYN_SENT, "connect() sends SYN", now);
        send(c, TcpFlags.SYN_ONLY, iss, NO_ACK, c.synWindow, c.synOptions, SendCause.SYN, 0, 0, now);
        arm(c, now + c.rto, TimerKind.SYN_RETRANSMIT, now);
        return c;
    }

    /**
     * A hand-crafted segment the student sends from this host. If a paused client
     * ({@code autoAck=false}) owns its 4-tuple and it is the ACK of the SYN-ACK that client
     * received, the client goes ESTABLISHED, as the kernel would when its own ACK left.
     */
    public void studentSent(IpDatagram d, long now) {
        if (connections.isEmpty()) {
            return; // no paused client to finish: the usual case, looked up without building a key
        }
        TcpConnection c = connections.get(new ConnectionId(d.source(), d.destination()));
        TcpSegment s = d.segment();
        if (c == null || !c.awaitingStudentAck || c.state != TcpState.SYN_SENT) {
            return;
        }
        TcpFlags f = s.flags();
        if (f.ack() && !f.syn() && !f.rst() && s.ack().bits() == c.rcvNxt && s.seq().bits() == c.iss + 1) {
            c.awaitingStudentAck = false;
            transition(c, TcpState.SYN_SENT, TcpState.ESTABLISHED, "the student's ACK acknowledged the SYN-ACK", now);
        }
    }

    // ---------------------------------------------------------------- segment arrival: the decision point

    /**
     * A datagram arrives. Demultiplexing follows {@code __inet_lookup_skb}: an established
     * connection first, then a half-open request of the listener ({@code TCP_NEW_SYN_RECV}),
     * then the listener, else no socket.
     */
    public void receive(IpDatagram d, boolean checksumValid, long now) {
        counters.inc(Counter.SEGMENTS_RECEIVED);
        if (sink.enabled()) {
            sink.accept(new TcpEvent.SegmentReceived(now, host, d, checksumValid));
        }
        if (!checksumValid) {
            // tcp_v4_rcv: tcp_checksum_complete fails → csum_error, discarded before any lookup.
            drop(d, DropReason.BAD_CHECKSUM, now);
            return;
        }
        if (!d.dst().equals(address)) {
            drop(d, DropReason.NOT_FOR_THIS_HOST, now);
            return;
        }
        TcpSegment s = d.segment();
        TcpConnection c = connections.isEmpty() ? null : connections.get(new ConnectionId(
                host == Host.CLIENT ? d.destination() : d.source(), host == Host.CLIENT ? d.source() : d.destination()));
        if (c != null) {
            switch (c.state) {
                case SYN_SENT:
                    synSent(c, d, s, now);
                    return;
                case SYN_RECEIVED:
                    simultaneousSynReceived(c, d, s, now);
                    return;
                default:
                    established(c, d, s, now);
                    return;
            }
        }
        if (listener != null && listener.local.port() == s.dstPort()) {
            RequestSock r = listener.synQueue.find(d.src(), s.srcPort());
            if (r != null) {
                synReceived(r, d, s, now);
            } else {
                listen(d, s, now);
            }
            return;
        }
        noSocket(d, s, now);
    }

    /** No socket at all: {@code tcp_v4_send_reset} (RFC 9293 §3.10.7.1, state CLOSED). */
    private void noSocket(IpDatagram d, TcpSegment s, long now) {
        if (!answersClosedPorts) {
            // The client host is the student's raw socket: recorded, answered by nothing.
            drop(d, DropReason.CLIENT_HOST_NO_SOCKET, now);
        } else if (s.flags().rst()) {
            // tcp_v4_send_reset: "Never send a reset in response to a reset."
            drop(d, DropReason.RST_NEVER_ANSWERED, now);
        } else {
            sendReset(d, s, SendCause.RST_CLOSED_PORT, now);
        }
    }

    /**
     * {@code tcp_v4_send_reset}: to a segment with ACK, {@code R} with seq = SEG.ACK; otherwise
     * {@code R.} with seq 0 and ack = SEG.SEQ + SEG.LEN (SYN and FIN counted). Window 0, no options.
     */
    private void sendReset(IpDatagram d, TcpSegment s, SendCause cause, long now) {
        TcpSegment rst;
        if (s.flags().ack()) {
            rst = new TcpSegment(s.dstPort(), s.srcPort(), s.ack(), SeqNum.ZERO, TcpFlags.RST_ONLY, 0, 0, List.of(), Bytes.EMPTY);
        } else {
            rst = new TcpSegment(s.dstPort(), s.srcPort(), SeqNum.ZERO, s.seq().plus(s.sequenceLength()), TcpFlags.RST_ACK,
                    0, 0, List.of(), Bytes.EMPTY);
        }
        counters.inc(Counter.RSTS_SENT);
        emitSend(IpDatagram.of(d.dst(), d.src(), rst), cause, 0, 0, now);
    }

    /**
     * LISTEN ({@code tcp_v4_do_rcv} → {@code tcp_v4_cookie_check} → {@code tcp_rcv_state_process},
     * RFC 9293 §3.10.7.2).
     */
    private void listen(IpDatagram d, TcpSegment s, long now) {
        TcpFlags f = s.flags();
        boolean triedCookie = false;
        // tcp_v4_cookie_check: a non-SYN ACK to a listener may be the 3rd ACK of a SYN cookie,
        // checked only with syncookies on and a cookie sent recently (tcp_synq_no_recent_overflow).
        if (!f.syn() && f.ack() && !f.rst() && profile.syncookies() > 0
                && now - listener.lastOverflow <= SynCookies.VALID_MICROS) {
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
    private void connRequest(IpDatagram d, TcpSegment s, long now) {
        counters.inc(Counter.SYNS_RECEIVED);
        Listener l = listener;
        boolean wantCookie = false;
        if (profile.syncookies() == 2 || l.synQueueFull()) {
            // tcp_syn_flood_action
            if (profile.syncookies() == 0) {
                counters.inc(Counter.REQ_QFULL_DROP);
                overflow(d, "syn", l.synQueue.size(), "SYN dropped silently (tcp_syncookies=0); the client's own SYN retransmission is its only hope", now);
                drop(d, DropReason.SYN_QUEUE_FULL, now);
                return;
            }
            wantCookie = true;
            if (profile.syncookies() == 1 && !l.floodWarned) {
                l.floodWarned = true;
                overflow(d, "syn", l.synQueue.size(), "Possible SYN flooding on port " + l.local.port() + ". Sending cookies.", now);
            }
        }
        if (l.acceptQueueFull()) {
            counters.inc(Counter.LISTEN_OVERFLOWS);
            overflow(d, "accept", l.acceptQueue.size(), "SYN dropped silently (ListenOverflows), even with syncookies", now);
            drop(d, DropReason.ACCEPT_QUEUE_FULL_SYN, now);
            return;
        }
        if (!wantCookie && profile.syncookies() == 0
                && profile.maxSynBacklog() - l.synQueue.size() < (profile.maxSynBacklog() >> 2)) {
            // "Kill the following clause, if you dislike this way": no tcp_metrics history here,
            // so no peer is ever proven alive.
            drop(d, DropReason.SYN_BACKLOG_UNPROVEN, now);
            return;
        }
        SynOptions syn = SynOptions.parse(s.options(), profile);
        // tcp_ecn_create_request: SYN with ECE+CWR, not itself ECT, tcp_ecn=2 → ECN ok.
        boolean ecnOk = s.flags().has(TcpFlags.ECE) && s.flags().has(TcpFlags.CWR) && d.ecn() == 0;
        if (wantCookie) {
            cookieSynAck(d, s, syn, ecnOk, now);
            return;
        }
        int iss = isns.isn(now, address, s.dstPort(), d.src(), s.srcPort());
        RequestSock r = new RequestSock(d.src(), s.srcPort(), s.seq().bits(), iss, syn, ecnOk, now);
        r.deadline = now + profile.initialRtoMicros();
        l.synQueue.add(r);
        ConnectionId id = null;
        if (sink.enabled()) {
            id = new ConnectionId(d.source(), l.local);
            sink.accept(new TcpEvent.StateChanged(now, host, id, TcpState.LISTEN, TcpState.SYN_RECEIVED, "SYN received; request queued in the SYN queue"));
            sink.accept(new TcpEvent.Negotiated(now, host, id, r.negotiation(profile)));
        }
        sendSynAck(r, SendCause.SYN_ACK, 0, 0, now);
        timerEvent(id, TimerKind.SYNACK_RETRANSMIT, TimerPhase.ARMED, r.deadline, now);
    }

    // ---------------------------------------------------------------- SYN floods: the SYN path on primitives

    /** {@link #floodSyn} result: the SYN was dropped; a counter says why. */
    public static final long FLOOD_DROPPED = -1;
    /** {@link #floodSyn} result: nothing was done; this SYN must take the full path ({@link #receive}). */
    public static final long FLOOD_NEEDS_FULL_PATH = -2;

    /**
     * A SYN from a spoofed flood source to the listener: the same decisions as {@link #receive}
     * → {@link #connRequest} ({@code tcp_conn_request}) take for a valid bare SYN, on primitive
     * values, so that a million SYNs cost no datagram, segment or event object and, in cookie
     * mode, no allocation at all. The SYN-ACK is addressed to a source that does not exist: it is
     * counted as sent, not built.
     *
     * <p>Returns the SYN-ACK's ISN as an unsigned value (the cookie, or the queued request's
     * ISS), {@link #FLOOD_DROPPED}, or {@link #FLOOD_NEEDS_FULL_PATH} without touching anything
     * when the SYN needs more than this path knows: events are wanted, the SYN carries
     * timestamps, a request already exists for the 4-tuple ({@code tcp_check_req} decides), the
     * first SYN a full queue turns away (the first cookie of a flood, with its "Possible SYN
     * flooding" warning, or the first drop), or IPv6. The
     * caller guarantees that no full connection of this host has {@code srcAddress} as its peer.
     */
    public long floodSyn(int srcAddress, int srcPort, int seq, SynOptions syn, long now) {
        Listener l = listener;
        if (sink.enabled() || syn.timestamps() || !(address instanceof Ipv4Address local)
                || l.synQueue.findV4(srcAddress, srcPort) != null) {
            return FLOOD_NEEDS_FULL_PATH;
        }
        int mode = profile.syncookies();
        boolean wantCookie = mode == 2 || l.synQueueFull();
        if (wantCookie && mode != 2 && !l.floodWarned) {
            // the first SYN the full queue turns away goes the full way, so the history shows it;
            // with syncookies 0 connRequest never reads the flag, which tcp_syn_flood_action sets
            // in both modes (synflood_warned: "Sending cookies" or "Dropping request")
            if (mode == 0) {
                l.floodWarned = true;
            }
            return FLOOD_NEEDS_FULL_PATH;
        }
        counters.inc(Counter.SEGMENTS_RECEIVED);
        counters.inc(Counter.SYNS_RECEIVED);
        if (wantCookie && mode == 0) {
            counters.inc(Counter.REQ_QFULL_DROP);
            counters.drop(DropReason.SYN_QUEUE_FULL);
            return FLOOD_DROPPED;
        }
        if (l.acceptQueueFull()) {
            counters.inc(Counter.LISTEN_OVERFLOWS);
            counters.drop(DropReason.ACCEPT_QUEUE_FULL_SYN);
            return FLOOD_DROPPED;
        }
        if (!wantCookie && mode == 0 && profile.maxSynBacklog() - l.synQueue.size() < (profile.maxSynBacklog() >> 2)) {
            counters.drop(DropReason.SYN_BACKLOG_UNPROVEN);
            return FLOOD_DROPPED;
        }
        counters.inc(Counter.SEGMENTS_SENT);
        int port = l.local.port();
        if (wantCookie) {
            int peerMss = syn.mss() > 0 ? syn.mss() : OptionNegotiation.DEFAULT_PEER_MSS_V4;
            int cookie = cookies.cookieV4(now, srcAddress, local.bits(), srcPort, port, seq, SynCookies.mssIndex(peerMss));
            l.lastOverflow = now;
            counters.inc(Counter.SYNCOOKIES_SENT);
            return Integer.toUnsignedLong(cookie);
        }
        Ipv4Address src = new Ipv4Address(srcAddress);
        int iss = isns.isn(now, address, port, src, srcPort);
        RequestSock r = new RequestSock(src, srcPort, seq, iss, syn, false, now);
        r.deadline = now + profile.initialRtoMicros();
        l.synQueue.add(r);
        counters.inc(Counter.SYNACKS_SENT);
        return Integer.toUnsignedLong(iss);
    }

    /** {@code tcp_make_synack} for a queued request: same ISN and options each time, fresh TSval. */
    private void sendSynAck(RequestSock r, SendCause cause, int retransmission, long rto, long now) {
        boolean ts = r.has(RequestSock.TS_OK);
        int tsVal = 0;
        if (ts) {
            tsVal = (int) tsVal(now, tsOffset(r.remoteAddress));
            if (!r.has(RequestSock.TS_SENT)) {
                r.firstTsVal = tsVal;
                r.set(RequestSock.TS_SENT);
            }
            r.lastTsVal = tsVal;
        }
        boolean ws = r.peerWscale >= 0;
        List<TcpOption> options = OptionNegotiation.synAckOptions(profile.optionLayout(), listener.advMss,
                r.has(RequestSock.SACK_OK), ts, Integer.toUnsignedLong(tsVal), Integer.toUnsignedLong(r.tsRecent), ws, listener.shift(ts));
        // tcp_ecn_make_synack: ECE on the SYN-ACK when ECN was agreed; net-next keeps it only up
        // to the first timeout-driven retransmission.
        TcpFlags flags = r.has(RequestSock.ECN_OK) && r.timeouts() <= 1 ? TcpFlags.SYN_ACK.with(TcpFlags.ECE) : TcpFlags.SYN_ACK;
        TcpSegment seg = new TcpSegment(listener.local.port(), r.remotePort, new SeqNum(r.iss), new SeqNum(r.irs + 1), flags,
                listener.window(ts), 0, options, Bytes.EMPTY);
        counters.inc(Counter.SYNACKS_SENT);
        emitSend(IpDatagram.of(address, r.remoteAddress, seg), cause, retransmission, rto, now);
    }

    /**
     * A stateless SYN cookie SYN-ACK ({@code tcp_conn_request} with want_cookie): ISN from
     * {@link SynCookies#cookie}, TSval from {@code cookie_init_timestamp} plus the TS offset;
     * without timestamps {@code tcp_clear_options} leaves MSS only. Nothing is queued, no timer.
     */
    private void cookieSynAck(IpDatagram d, TcpSegment s, SynOptions offered, boolean ecnOk, long now) {
        Listener l = listener;
        SynOptions syn = offered.timestamps() ? offered : offered.clearedForCookie();
        boolean ecn = ecnOk && syn.timestamps(); // "if (!tmp_opt.tstamp_ok) inet_rsk(req)->ecn_ok = 0"
        int peerMss = syn.mss() > 0 ? syn.mss() : (d.src().byteLength() == 16 ? OptionNegotiation.DEFAULT_PEER_MSS_V6 : OptionNegotiation.DEFAULT_PEER_MSS_V4);
        int mssIndex = SynCookies.mssIndex(peerMss);
        int cookie = cookies.cookie(now, d.src(), address, s.srcPort(), s.dstPort(), s.seq().bits(), mssIndex);
        l.lastOverflow = now; // tcp_synq_overflow, called from cookie_init_sequence
        counters.inc(Counter.SYNCOOKIES_SENT);
        boolean ts = syn.timestamps();
        long tsVal = 0;
        if (ts) {
            long cookieTs = SynCookies.cookieTimestamp(now / 1000, syn.windowScaleOk(), syn.peerShift(), syn.sackPermitted(), ecn);
            tsVal = (cookieTs + tsOffset(d.src())) & 0xFFFF_FFFFL;
        }
        List<TcpOption> options = OptionNegotiation.synAckOptions(profile.optionLayout(), l.advMss, syn.sackPermitted(), ts,
                tsVal, syn.tsVal(), syn.windowScaleOk(), l.shift(ts));
        TcpSegment seg = new TcpSegment(s.dstPort(), s.srcPort(), new SeqNum(cookie), s.seq().plus(1),
                ecn ? TcpFlags.SYN_ACK.with(TcpFlags.ECE) : TcpFlags.SYN_ACK, l.window(ts), 0, options, Bytes.EMPTY);
        if (sink.enabled()) {
            ConnectionId id = ConnectionId.of(d, Host.CLIENT);
            sink.accept(new TcpEvent.CookieEvent(now, host, id, CookiePhase.ISSUED, Integer.toUnsignedLong(cookie),
                    SynCookies.mssOf(mssIndex), ts ? "client options kept in the low 6 bits of TSval" : "no timestamps: the cookie carries the MSS only, SACK and window scaling are lost"));
            sink.accept(new TcpEvent.Negotiated(now, host, id, OptionNegotiation.passive(profile, offered, d.src().byteLength() == 16, true)));
        }
        emitSend(IpDatagram.of(address, d.src(), seg), SendCause.COOKIE_SYN_ACK, 0, 0, now);
    }

    /**
     * {@code cookie_v4_check}: the 3rd ACK of a cookie handshake. Returns true when the segment
     * was consumed (child created, or dropped because the accept queue is full); false sends the
     * segment on to LISTEN, which answers RST.
     */
    private boolean cookieAck(IpDatagram d, TcpSegment s, long now) {
        int cookie = s.ack().bits() - 1;
        int clientIsn = s.seq().bits() - 1;
        int index = cookies.check(now, cookie, d.src(), address, s.srcPort(), s.dstPort(), clientIsn);
        ConnectionId id = ConnectionId.of(d, Host.CLIENT);
        if (index < 0) {
            counters.inc(Counter.SYNCOOKIES_FAILED);
            if (sink.enabled()) {
                sink.accept(new TcpEvent.CookieEvent(now, host, id, CookiePhase.REJECTED, Integer.toUnsignedLong(cookie), 0,
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
            opts = SynCookies.decodeTimestamp((tso.tsEcr() - Integer.toUnsignedLong(tsOffset(d.src()))) & 0xFFFF_FFFFL);
            if ((opts.sackOk() && !profile.sack()) || (opts.wscaleOk() && !profile.windowScaling())) {
                counters.inc(Counter.SYNCOOKIES_FAILED);
                return false;
            }
        }
        counters.inc(Counter.SYNCOOKIES_RECV);
        int mss = SynCookies.mssOf(index);
        if (listener.acceptQueueFull()) {
            // tcp_v4_syn_recv_sock → exit_overflow: no child; a cookie keeps no request to retry with.
            counters.inc(Counter.LISTEN_OVERFLOWS);
            overflow(d, "accept", listener.acceptQueue.size(), "valid cookie ACK dropped: no room for the child", now);
            drop(d, DropReason.ACCEPT_QUEUE_FULL_ACK, now);
            return true;
        }
        SynOptions rebuilt = new SynOptions(mss, opts != null && opts.wscaleOk() ? opts.peerShift() : SynOptions.ABSENT,
                opts != null && opts.sackOk(), false, ts, false, ts ? tso.tsVal() : 0);
        if (sink.enabled()) {
            sink.accept(new TcpEvent.CookieEvent(now, host, id, CookiePhase.VALIDATED, Integer.toUnsignedLong(cookie), mss,
                    ts ? "hash and age check out; TSecr − TS offset gives wscale " + (opts.wscaleOk() ? opts.peerShift() : "none")
                            + ", SACK " + (opts.sackOk() ? "on" : "off") : "hash and age check out; MSS " + mss + " from the cookie table"));
        }
        TcpConnection child = new TcpConnection(host, listener.local, d.source(), TcpState.SYN_RECEIVED, cookie, false, false);
        child.irs = clientIsn;
        child.rcvNxt = clientIsn + 1;
        child.sndNxt = cookie + 1;
        child.negotiation = OptionNegotiation.passive(profile, rebuilt, d.src().byteLength() == 16, true);
        transition(child, TcpState.LISTEN, TcpState.SYN_RECEIVED, "valid SYN cookie in the ACK: request rebuilt from the cookie", now);
        completeChild(child, d, "3rd ACK carried a valid SYN cookie", now);
        return true;
    }

    /**
     * SYN-RECEIVED for a queued request: {@code tcp_check_req}, in its order of checks
     * (RFC 9293 §3.10.7.4 as Linux refines it).
     */
    private void synReceived(RequestSock r, IpDatagram d, TcpSegment s, long now) {
        TcpFlags f = s.flags();
        int seq = s.seq().bits();
        // "Check for pure retransmitted SYN": same ISN, SYN alone → resend the SYN-ACK now
        // (rate-limited by tcp_invalid_ratelimit) and restart the timer (reference §3.6, §5 trap 1).
        if (seq == r.irs && f.bits() == TcpFlags.SYN) {
            if (oowRateLimited(r.lastOowAckAt, now)) {
                drop(d, DropReason.SYN_RETRANSMIT_RATE_LIMITED, now);
                return;
            }
            r.lastOowAckAt = now;
            sendSynAck(r, SendCause.SYN_ACK_DUPLICATE_SYN, 0, 0, now);
            long deadline = now + requestRto(r);
            listener.synQueue.reschedule(r, deadline);
            timerEvent(requestId(r), TimerKind.SYNACK_RETRANSMIT, TimerPhase.ARMED, deadline, now);
            return;
        }
        // "ACK sequence verified above": an ACK that does not acknowledge our ISN + 1 returns the
        // listener, which answers RST seq = SEG.ACK; the request stays (reference §3.8).
        if (f.ack() && s.ack().bits() != r.iss + 1) {
            listen(d, s, now);
            return;
        }
        boolean ts = r.has(RequestSock.TS_OK);
        TcpOption.Timestamps tso = ts ? s.option(TcpOption.Timestamps.class) : null;
        // tsecr_reject: the echoed TSecr must lie in [first SYN-ACK TSval, last SYN-ACK TSval].
        boolean tsecrReject = tso != null && tso.tsEcr() != 0
                && !(((int) tso.tsEcr() - r.firstTsVal) >= 0 && (r.lastTsVal - (int) tso.tsEcr()) >= 0);
        int rcvNxt = r.irs + 1;
        int window = listener.window(ts);
        if (tsecrReject || !inWindow(seq, seq + s.sequenceLength(), rcvNxt, rcvNxt + window)) {
            // "Out of window: send ACK and drop" (tcp_v4_reqsk_send_ack), never for an RST.
            if (!f.rst() && !oowRateLimited(r.lastOowAckAt, now)) {
                r.lastOowAckAt = now;
                requestAck(r, SendCause.DUPLICATE_ACK, now);
            }
            drop(d, tsecrReject ? DropReason.SYN_RECV_TSECR_REJECT : DropReason.SYN_RECV_OUT_OF_WINDOW, now);
            return;
        }
        boolean syn = f.syn() && seq != r.irs; // "Truncate SYN, it is out of window starting at rcv_isn + 1"
        if (f.rst()) {
            if (seq == rcvNxt) {
                // embryonic_reset with RST: request deleted, nothing sent.
                removeRequest(r, "RST with seq = RCV.NXT: request deleted (embryonic reset)", now);
            } else {
                // RFC 5961 §3.2 / RFC 9293 §3.10.7.4: in-window but not exact → challenge ACK.
                counters.inc(Counter.CHALLENGE_ACKS);
                requestAck(r, SendCause.CHALLENGE_ACK, now);
            }
            return;
        }
        if (syn) {
            // A new SYN (other ISN) inside the window: embryonic_reset → send_reset, request deleted.
            counters.inc(Counter.EMBRYONIC_RSTS);
            sendReset(d, s, SendCause.RST_NEW_SYN, now);
            removeRequest(r, "new SYN with a different ISN inside the window: RST sent, request deleted", now);
            return;
        }
        if (!f.ack()) {
            drop(d, DropReason.SYN_RECV_NO_ACK, now); // "If ACK not set, just silently drop the packet."
            return;
        }
        if (listener.acceptQueueFull()) {
            // syn_recv_sock fails → listen_overflow.
            counters.inc(Counter.LISTEN_OVERFLOWS);
            if (!profile.abortOnOverflow()) {
                r.set(RequestSock.ACKED);
                overflow(d, "accept", listener.acceptQueue.size(), "3rd ACK dropped, request kept and SYN-ACK retransmissions continue (tcp_abort_on_overflow=0)", now);
                drop(d, DropReason.ACCEPT_QUEUE_FULL_ACK, now);
            } else {
                overflow(d, "accept", listener.acceptQueue.size(), "RST sent, request deleted (tcp_abort_on_overflow=1)", now);
                sendReset(d, s, SendCause.RST_ACCEPT_OVERFLOW, now);
                removeRequest(r, "accept queue full and tcp_abort_on_overflow=1", now);
            }
            return;
        }
        listener.synQueue.remove(r);
        TcpConnection child = new TcpConnection(host, listener.local, d.source(), TcpState.SYN_RECEIVED, r.iss, false, false);
        timerEvent(child.id(), TimerKind.SYNACK_RETRANSMIT, TimerPhase.CANCELLED, r.deadline, now);
        child.irs = r.irs;
        child.rcvNxt = rcvNxt;
        child.sndNxt = r.iss + 1;
        child.negotiation = r.negotiation(profile);
        child.transitions.add(new Transition(r.createdAt, TcpState.LISTEN, TcpState.SYN_RECEIVED, "SYN received"));
        completeChild(child, d, "3rd ACK acknowledged the SYN-ACK", now);
    }

    /** SYN_RECEIVED → ESTABLISHED for a new child, which joins the accept queue. */
    private void completeChild(TcpConnection child, IpDatagram d, String cause, long now) {
        child.tsOk = child.negotiation.timestamps();
        child.sackOk = child.negotiation.sack();
        child.rcvWscale = child.negotiation.receiveShift();
        child.tsOffset = tsOffset(d.src());
        child.synWindow = child.negotiation.synWindow();
        connections.put(child.id(), child);
        counters.inc(Counter.PASSIVE_OPENS);
        transition(child, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED, cause, now);
        listener.acceptQueue.add(child);
        applicationAccepts(now);
    }

    /** The application side of accept(): at once, never, or at the profile's rate. */
    private void applicationAccepts(long now) {
        int rate = profile.acceptRate();
        if (rate == StackProfile.ACCEPT_IMMEDIATELY) {
            while (!listener.acceptQueue.isEmpty()) {
                accepted(listener.acceptQueue.poll(), now);
            }
        } else if (rate > 0 && listener.nextAcceptAt == Long.MAX_VALUE && !listener.acceptQueue.isEmpty()) {
            listener.nextAcceptAt = now + 1_000_000L / rate;
            timerEvent(null, TimerKind.ACCEPT, TimerPhase.ARMED, listener.nextAcceptAt, now);
        }
    }

    private void accepted(TcpConnection c, long now) {
        counters.inc(Counter.ACCEPTED);
        if (sink.enabled()) {
            sink.accept(new TcpEvent.Accepted(now, host, c.id()));
        }
    }

    private void removeRequest(RequestSock r, String cause, long now) {
        listener.synQueue.remove(r);
        if (sink.enabled()) {
            ConnectionId id = requestId(r);
            sink.accept(new TcpEvent.TimerEvent(now, host, id, TimerKind.SYNACK_RETRANSMIT, TimerPhase.CANCELLED, r.deadline));
            sink.accept(new TcpEvent.StateChanged(now, host, id, TcpState.SYN_RECEIVED, TcpState.CLOSED, cause));
        }
    }

    /**
     * {@code tcp_v4_reqsk_send_ack}: seq = ISN + 1, ack = client ISN + 1, window = rcv_wnd
     * shifted by our wscale, timestamps if agreed.
     */
    private void requestAck(RequestSock r, SendCause cause, long now) {
        boolean ts = r.has(RequestSock.TS_OK);
        int shift = r.peerWscale >= 0 ? listener.shift(ts) : 0;
        List<TcpOption> options = ts ? List.of(TcpOption.NOP, TcpOption.NOP,
                new TcpOption.Timestamps(tsVal(now, tsOffset(r.remoteAddress)), Integer.toUnsignedLong(r.tsRecent))) : List.of();
        TcpSegment seg = new TcpSegment(listener.local.port(), r.remotePort, new SeqNum(r.iss + 1), new SeqNum(r.irs + 1),
                TcpFlags.ACK_ONLY, listener.window(ts) >> shift, 0, options, Bytes.EMPTY);
        emitSend(IpDatagram.of(address, r.remoteAddress, seg), cause, 0, 0, now);
    }

    // ---------------------------------------------------------------- full connections

    /** SYN-SENT: RFC 9293 §3.10.7.3 ({@code tcp_rcv_synsent_state_process}). */
    private void synSent(TcpConnection c, IpDatagram d, TcpSegment s, long now) {
        TcpFlags f = s.flags();
        // "first check the ACK bit": SEG.ACK =< ISS or > SND.NXT → RST seq = SEG.ACK (unless RST).
        if (f.ack() && s.ack().bits() != c.iss + 1) {
            if (f.rst()) {
                drop(d, DropReason.RST_NEVER_ANSWERED, now);
            } else {
                sendReset(d, s, SendCause.RST_BAD_ACK, now);
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
        c.tsRecent = peer.tsVal();
        c.negotiation = OptionNegotiation.active(profile, c.synOptions, peer, c.synWindow, address.byteLength() == 16);
        c.tsOk = c.negotiation.timestamps();
        c.sackOk = c.negotiation.sack();
        c.rcvWscale = c.negotiation.receiveShift();
        c.sndWnd = s.window();
        if (sink.enabled()) {
            sink.accept(new TcpEvent.Negotiated(now, host, c.id(), c.negotiation));
        }
        if (f.ack()) {
            // SYN-ACK acknowledging our SYN: "our SYN has been ACKed", enter ESTABLISHED and ACK.
            disarm(c, now);
            if (c.autoAck) {
                sendAck(c, SendCause.HANDSHAKE_ACK, null, now);
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

    /** SYN-RECEIVED of an active opener after a simultaneous open (§3.9, RFC 9293 §3.10.7.4). */
    private void simultaneousSynReceived(TcpConnection c, IpDatagram d, TcpSegment s, long now) {
        TcpFlags f = s.flags();
        int seq = s.seq().bits();
        if (f.rst()) {
            if (seq == c.rcvNxt) {
                fail(c, "ECONNREFUSED", "RST received in SYN_RECEIVED after an active open", now);
            } else {
                counters.inc(Counter.CHALLENGE_ACKS);
                sendAck(c, SendCause.CHALLENGE_ACK, null, now);
            }
            return;
        }
        if (f.syn() && f.ack() && seq + 1 == c.rcvNxt && s.ack().bits() == c.iss + 1) {
            // 23e89e8ee7be (6.10): the crossed SYN-ACK is accepted; one ACK follows, a duplicate
            // carrying DSACK for the SYN if SACK was agreed.
            disarm(c, now);
            transition(c, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED, "the peer's SYN-ACK acknowledged our SYN (simultaneous open)", now);
            TcpOption dsack = c.sackOk ? new TcpOption.Sack(List.of(new TcpOption.SackBlock(new SeqNum(c.irs), new SeqNum(c.irs + 1)))) : null;
            sendAck(c, SendCause.SIMULTANEOUS_ACK, dsack, now);
            return;
        }
        if (f.syn()) {
            counters.inc(Counter.CHALLENGE_ACKS);
            sendAck(c, SendCause.CHALLENGE_ACK, null, now);
            return;
        }
        if (!f.ack()) {
            drop(d, DropReason.SYN_RECV_NO_ACK, now);
            return;
        }
        if (s.ack().bits() != c.iss + 1) {
            sendReset(d, s, SendCause.RST_BAD_ACK, now);
            return;
        }
        disarm(c, now);
        transition(c, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED, "ACK of our SYN-ACK received (simultaneous open)", now);
    }

    /** ESTABLISHED: {@code tcp_validate_incoming} (RFC 9293 §3.10.7.4, RFC 5961). */
    private void established(TcpConnection c, IpDatagram d, TcpSegment s, long now) {
        TcpFlags f = s.flags();
        int seq = s.seq().bits();
        int end = seq + s.sequenceLength();
        int rcvWindow = c.synWindow;
        // tcp_sequence: !before(end_seq, rcv_wup) && !after(seq, rcv_nxt + window)
        boolean acceptable = end - c.rcvNxt >= 0 && seq - (c.rcvNxt + rcvWindow) <= 0;
        if (!acceptable) {
            if (f.rst()) {
                drop(d, DropReason.ESTABLISHED_OUT_OF_WINDOW, now);
            } else if (f.syn()) {
                challengeAck(c, now);
            } else {
                if (!oowRateLimited(c.lastOowAckAt, now)) {
                    c.lastOowAckAt = now;
                    sendAck(c, SendCause.DUPLICATE_ACK, null, now);
                }
                drop(d, DropReason.ESTABLISHED_OUT_OF_WINDOW, now);
            }
            return;
        }
        if (f.rst()) {
            if (seq == c.rcvNxt) {
                // RFC 5961 §3.2: RST exactly at RCV.NXT resets the connection.
                transition(c, TcpState.ESTABLISHED, TcpState.CLOSED, "RST with seq = RCV.NXT: connection reset", now);
                connections.remove(c.id());
            } else {
                challengeAck(c, now);
            }
            return;
        }
        if (f.syn()) {
            // tcp_validate_incoming step 4 / RFC 5961 §4: any SYN on a synchronized connection → challenge ACK.
            challengeAck(c, now);
            return;
        }
        if (!f.ack()) {
            drop(d, DropReason.ESTABLISHED_NO_FLAGS, now);
            return;
        }
        if (f.fin()) {
            drop(d, DropReason.CLOSING_NOT_SIMULATED, now);
            return;
        }
        if (s.payload().length() > 0 && seq == c.rcvNxt) {
            // In-order data is acknowledged at once (Linux is in quick-ACK mode after the handshake).
            c.rcvNxt += s.payload().length();
            sendAck(c, SendCause.DATA_ACK, null, now);
        }
    }

    private void challengeAck(TcpConnection c, long now) {
        counters.inc(Counter.CHALLENGE_ACKS);
        sendAck(c, SendCause.CHALLENGE_ACK, null, now);
    }

    /** An ACK from a full connection: seq = SND.NXT, ack = RCV.NXT, window scaled by our shift, TS if agreed. */
    private void sendAck(TcpConnection c, SendCause cause, TcpOption sack, long now) {
        List<TcpOption> options = new ArrayList<>(4);
        if (c.tsOk) {
            options.add(TcpOption.NOP);
            options.add(TcpOption.NOP);
            options.add(new TcpOption.Timestamps(tsVal(now, c.tsOffset), c.tsRecent));
        }
        if (sack != null) {
            options.add(TcpOption.NOP);
            options.add(TcpOption.NOP);
            options.add(sack);
        }
        send(c, TcpFlags.ACK_ONLY, c.sndNxt, c.rcvNxt, Math.min(c.synWindow >> c.rcvWscale, 0xFFFF), options, cause, 0, 0, now);
    }

    private void fail(TcpConnection c, String errno, String detail, long now) {
        disarm(c, now);
        counters.inc(Counter.CONNECT_FAILED);
        TcpState from = c.state;
        transition(c, from, TcpState.CLOSED, errno + ": " + detail, now);
        connections.remove(c.id());
        if (sink.enabled()) {
            sink.accept(new TcpEvent.ConnectFailed(now, host, c.id(), errno, detail));
        }
    }

    // ---------------------------------------------------------------- ICMP errors

    /**
     * An ICMP destination unreachable quoting {@code quoted}, a datagram this host sent, arrives
     * from the middlebox {@code from}: {@code tcp_v4_err}. A socket in SYN_SENT or SYN_RECEIVED
     * fails at once with the code's errno ({@code tcp_done_with_error}); a listener's half-open
     * request is dropped only for net or host unreachable ({@code tcp_req_err}); an established
     * connection records a soft error and carries on. ICMP quoting a sequence number outside
     * [SND.UNA, SND.NXT] is ignored ({@code LINUX_MIB_OUTOFWINDOWICMPS}).
     */
    public void icmpUnreachable(IpDatagram quoted, dev.handshakelab.core.net.IcmpUnreachable code, String from, long now) {
        ConnectionId id = ConnectionId.of(quoted, host);
        int seq = quoted.segment().seq().bits();
        TcpConnection c = connections.get(id);
        RequestSock r = c == null && listener != null && listener.local.equals(quoted.source())
                ? listener.synQueue.find(quoted.dst(), quoted.segment().dstPort()) : null;
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
                effect = "the half-open request is dropped silently (tcp_req_err aborts on net/host unreachable)";
            } else {
                effect = "ignored by the listener: only net or host unreachable drop a half-open request (tcp_req_err), so the SYN-ACK is retransmitted on schedule";
            }
        } else {
            effect = "ignored: no socket sent it";
        }
        if (sink.enabled()) {
            sink.accept(new TcpEvent.IcmpReceived(now, host, id, quoted, code, from, effect));
        }
        if (hardError) {
            fail(c, code.errno(), "ICMP " + code.label() + " from " + from + " in " + c.state, now);
        } else if (dropRequest) {
            removeRequest(r, "ICMP " + code.label() + " from " + from + ": request dropped (tcp_req_err)", now);
        }
    }

    // ---------------------------------------------------------------- timers

    /** The earliest time this host needs attention, or Long.MAX_VALUE. */
    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        if (listener != null) {
            next = Math.min(listener.synQueue.nextDeadline(), listener.nextAcceptAt);
        }
        if (!armed.isEmpty()) { // asked after every step: no iterator when nothing is armed
            for (TcpConnection c : armed) {
                next = Math.min(next, c.deadline);
            }
        }
        return next;
    }

    /** Runs every timer due at or before {@code now}. */
    public void fireTimers(long now) {
        if (listener != null) {
            RequestSock r;
            while ((r = listener.synQueue.pollDue(now)) != null) {
                requestTimer(r, now);
            }
            if (listener.nextAcceptAt <= now) {
                listener.nextAcceptAt = Long.MAX_VALUE;
                timerEvent(null, TimerKind.ACCEPT, TimerPhase.FIRED, now, now);
                if (!listener.acceptQueue.isEmpty()) {
                    accepted(listener.acceptQueue.poll(), now);
                }
                applicationAccepts(now);
            }
        }
        if (!armed.isEmpty()) {
            // Collect the due ones first (a timer re-arms its connection); copying the whole set on
            // every call was the hot spot of a flood with a thousand clients retrying their SYNs.
            List<TcpConnection> due = null;
            for (TcpConnection c : armed) {
                if (c.deadline <= now) {
                    if (due == null) {
                        due = new ArrayList<>();
                    }
                    due.add(c);
                }
            }
            if (due != null) {
                for (TcpConnection c : due) {
                    connectionTimer(c, now);
                }
            }
        }
    }

    /**
     * {@code reqsk_timer_handler}: resend the SYN-ACK with the same ISN and options and a fresh
     * TSval, back off (timeout << num_timeout, capped at TCP_RTO_MAX), and after
     * {@code synack_retries} timeouts drop the request silently. When the SYN queue is more than
     * half full, old requests get fewer retries (down to 2), depending on how many are young.
     */
    private void requestTimer(RequestSock r, long now) {
        ConnectionId id = sink.enabled() ? requestId(r) : null;
        timerEvent(id, TimerKind.SYNACK_RETRANSMIT, TimerPhase.FIRED, r.deadline, now);
        SynQueue q = listener.synQueue;
        int maxRetries = profile.synackRetries();
        int qlen = q.size();
        if ((qlen << 1) > Math.max(8, listener.maxAckBacklog)) {
            int young = q.young() << 1;
            while (maxRetries > 2) {
                if (qlen < young) {
                    break;
                }
                maxRetries--;
                young <<= 1;
            }
        }
        if (r.timeouts() >= maxRetries) {
            counters.inc(Counter.REQUESTS_EXPIRED);
            q.remove(r);
            if (sink.enabled()) {
                sink.accept(new TcpEvent.StateChanged(now, host, id, TcpState.SYN_RECEIVED, TcpState.CLOSED,
                        "no ACK after " + r.timeouts() + " SYN-ACK retransmissions: request dropped silently, no RST"));
            }
            return;
        }
        long rto = requestRto(r);
        counters.inc(Counter.SYNACK_RETRANSMITS);
        sendSynAck(r, SendCause.SYN_ACK_RETRANSMIT, r.timeouts() + 1, rto, now);
        q.aged(r);
        // at most 255 (synackRetries), so the unsigned byte never wraps
        r.timeouts++;
        r.deadline = now + requestRto(r);
        q.rearm(r);
        timerEvent(id, TimerKind.SYNACK_RETRANSMIT, TimerPhase.ARMED, r.deadline, now);
    }

    /**
     * {@code reqsk_timeout(req, TCP_RTO_MAX)}: the initial timeout doubled once per timeout so
     * far, capped at the maximum RTO. Past about 43 doublings the shift would overflow a long
     * (into timers due at once), and the cap was reached long before, so it is the cap.
     */
    private long requestRto(RequestSock r) {
        long initial = profile.initialRtoMicros();
        int doublings = r.timeouts();
        return doublings >= Long.numberOfLeadingZeros(initial) - 1 ? profile.maxRtoMicros()
                : Math.min(initial << doublings, profile.maxRtoMicros());
    }

    /**
     * The active opener's retransmission timer ({@code tcp_retransmit_timer} in SYN_SENT): resend
     * the SYN with the same options and a fresh TSval, double the RTO; after {@code syn_retries}
     * retransmissions the next expiry fails connect() with ETIMEDOUT (1, 3, 7, 15, 31, 63 → 127 s).
     */
    private void connectionTimer(TcpConnection c, long now) {
        armed.remove(c);
        long due = c.deadline;
        c.deadline = Long.MAX_VALUE;
        timerEvent(c.id(), TimerKind.SYN_RETRANSMIT, TimerPhase.FIRED, due, now);
        if (c.retransmissions >= profile.synRetries()) {
            fail(c, "ETIMEDOUT", "no answer after " + c.retransmissions + " SYN retransmissions, "
                    + SegmentText.duration(now - c.connectStartedAt) + " after connect()", now);
            return;
        }
        c.retransmissions++;
        TcpFlags flags = c.state == TcpState.SYN_RECEIVED ? TcpFlags.SYN_ACK : TcpFlags.SYN_ONLY;
        send(c, flags, c.iss, flags.ack() ? c.rcvNxt : NO_ACK, c.synWindow, synOptionsNow(c, now), SendCause.SYN_RETRANSMIT,
                c.retransmissions, c.rto, now);
        c.rto = Math.min(c.rto * 2, profile.maxRtoMicros());
        arm(c, now + c.rto, TimerKind.SYN_RETRANSMIT, now);
    }

    private void arm(TcpConnection c, long deadline, TimerKind kind, long now) {
        c.deadline = deadline;
        armed.add(c);
        timerEvent(c.id(), kind, TimerPhase.ARMED, deadline, now);
    }

    private void disarm(TcpConnection c, long now) {
        if (armed.remove(c)) {
            timerEvent(c.id(), TimerKind.SYN_RETRANSMIT, TimerPhase.CANCELLED, c.deadline, now);
            c.deadline = Long.MAX_VALUE;
        }
    }

    // ---------------------------------------------------------------- helpers

    /** {@code secure_tcp_ts_off} towards {@code peer}, cached for the last peer asked about. */
    private int tsOffset(IpAddress peer) {
        if (!peer.equals(tsOffsetPeer)) {
            tsOffsetValue = isns.tsOffset(address, peer);
            tsOffsetPeer = peer;
        }
        return tsOffsetValue;
    }

    /** Our SYN's options with a fresh TSval and, once the peer's SYN is known, its TSval as TSecr. */
    private List<TcpOption> synOptionsNow(TcpConnection c, long now) {
        List<TcpOption> out = new ArrayList<>(c.synOptions.size());
        for (TcpOption o : c.synOptions) {
            out.add(o instanceof TcpOption.Timestamps ? new TcpOption.Timestamps(tsVal(now, c.tsOffset), c.state == TcpState.SYN_SENT ? 0 : c.tsRecent) : o);
        }
        return out;
    }

    private void send(TcpConnection c, TcpFlags flags, int seq, int ack, int window, List<TcpOption> options, SendCause cause,
                      int retransmission, long rto, long now) {
        TcpSegment seg = new TcpSegment(c.local.port(), c.remote.port(), new SeqNum(seq), new SeqNum(ack == NO_ACK ? 0 : ack),
                flags, window, 0, options, Bytes.EMPTY);
        emitSend(IpDatagram.of(c.local.address(), c.remote.address(), seg), cause, retransmission, rto, now);
    }

    private void emitSend(IpDatagram d, SendCause cause, int retransmission, long rto, long now) {
        counters.inc(Counter.SEGMENTS_SENT);
        if (sink.enabled()) {
            sink.accept(new TcpEvent.SegmentSent(now, host, d, true, cause, retransmission, rto));
        }
        wire.transmit(d);
    }

    private void drop(IpDatagram d, DropReason reason, long now) {
        counters.drop(reason);
        if (sink.enabled()) {
            sink.accept(new TcpEvent.SegmentDropped(now, host, d, reason, host.label() + " tcp", null));
        }
    }

    private void overflow(IpDatagram d, String queue, int length, String action, long now) {
        if (sink.enabled()) {
            sink.accept(new TcpEvent.QueueOverflow(now, host, ConnectionId.of(d, Host.CLIENT), queue, length, listener.maxAckBacklog, action));
        }
    }

    private void transition(TcpConnection c, TcpState from, TcpState to, String cause, long now) {
        c.state = to;
        c.transitions.add(new Transition(now, from, to, cause));
        if (sink.enabled()) {
            sink.accept(new TcpEvent.StateChanged(now, host, c.id(), from, to, cause));
        }
    }

    private void timerEvent(ConnectionId id, TimerKind kind, TimerPhase phase, long deadline, long now) {
        if (sink.enabled()) {
            sink.accept(new TcpEvent.TimerEvent(now, host, id, kind, phase, deadline));
        }
    }

    ConnectionId requestId(RequestSock r) {
        return new ConnectionId(new HostPort(r.remoteAddress, r.remotePort), listener.local);
    }

    /** The TSval this host sends: its virtual ms clock plus the offset (RFC 7323 §5.4). */
    static long tsVal(long nowMicros, int offset) {
        return (nowMicros / 1000 + Integer.toUnsignedLong(offset)) & 0xFFFF_FFFFL;
    }

    /** {@code __tcp_oow_rate_limited}: at most one such reply per {@code tcp_invalid_ratelimit} (500 ms). */
    static boolean oowRateLimited(long lastAt, long now) {
        return lastAt >= 0 && now - lastAt < INVALID_RATELIMIT_MICROS;
    }

    /** {@code net.ipv4.tcp_invalid_ratelimit} default, 500 ms. */
    public static final long INVALID_RATELIMIT_MICROS = 500_000;

    /** {@code tcp_in_window}: seq == s_win, or the segment overlaps [s_win, e_win), or an empty segment at e_win. */
    static boolean inWindow(int seq, int endSeq, int sWin, int eWin) {
        if (seq == sWin) {
            return true;
        }
        if (endSeq - sWin > 0 && seq - eWin < 0) {
            return true;
        }
        return seq == eWin && seq == endSeq;
    }
}
