package dev.handshakelab.core.tcp;

import dev.handshakelab.core.net.IcmpUnreachable;
import dev.handshakelab.core.profile.ClientPreset;
import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.tcp.Counters.Counter;
import dev.handshakelab.core.tcp.TcpEvent.TimerPhase;
import dev.handshakelab.core.wire.Bytes;
import dev.handshakelab.core.wire.HostPort;
import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One simulated host's TCP: its listener (if any), its connections, the demultiplexing of
 * arriving segments and the output every part shares. The decisions live in one class per
 * concern, as gVisor's netstack splits them, each naming the Linux functions it follows:
 * <ul>
 *   <li>{@link PassiveOpen}: LISTEN, {@code tcp_conn_request}, the SYN-ACK, SYN cookies, the
 *       accept queue;</li>
 *   <li>{@link CheckRequest}: a segment for a request sock, {@code tcp_check_req};</li>
 *   <li>{@link ActiveOpen}: {@code connect()}, SYN_SENT, simultaneous open;</li>
 *   <li>{@link Established}: {@code tcp_validate_incoming} on a synchronized connection;</li>
 *   <li>{@link Timers}: SYN-ACK and SYN retransmission, the application's accept();</li>
 *   <li>{@link FloodPath}: a spoofed SYN on primitives;</li>
 *   <li>{@link IcmpErrors}: {@code tcp_v4_err}.</li>
 * </ul>
 * Every branch names the RFC 9293 section or the Linux function it follows; every discarded
 * segment names a {@link DropReason}.
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

    static final int NO_ACK = -1;

    final Host host;
    final IpAddress address;
    final StackProfile profile;
    final InitialSequenceNumbers isns;
    /** IPv6 flow labels ({@code ip6_make_flowlabel}); unused over IPv4. */
    final FlowLabels flowLabels;
    final SynCookies cookies;
    /** The server answers segments to closed ports with RST; the client host is a raw socket that answers nothing. */
    private final boolean answersClosedPorts;
    /** Where a segment this host's TCP discards died ({@code "server tcp"}), made once rather than per drop. */
    private final String tcpWhere;
    final Counters counters = new Counters();
    final Map<ConnectionId, TcpConnection> connections = new LinkedHashMap<>();
    final Set<TcpConnection> armed = new LinkedHashSet<>();
    Listener listener;
    EventSink sink = EventSink.NONE;
    private Wire wire = d -> {};

    final PassiveOpen passive;
    final CheckRequest checkRequest;
    final ActiveOpen active;
    final Established established;
    final Timers timers;
    final FastOpen fastOpen;
    private final FloodPath flood;
    private final IcmpErrors icmp;

    public TcpHost(Host host, IpAddress address, StackProfile profile, long seed) {
        this.host = host;
        this.address = address;
        this.profile = profile;
        // Each host gets its own secrets, as two machines would.
        long hostSeed = seed ^ (host == Host.SERVER ? 0x5345525645524bL : 0x434c49454e54L);
        this.isns = new InitialSequenceNumbers(hostSeed);
        this.cookies = new SynCookies(hostSeed);
        this.flowLabels = new FlowLabels(hostSeed);
        this.answersClosedPorts = host == Host.SERVER;
        this.tcpWhere = host.label() + " tcp";
        this.passive = new PassiveOpen(this);
        this.checkRequest = new CheckRequest(this);
        this.active = new ActiveOpen(this);
        this.established = new Established(this);
        this.timers = new Timers(this);
        this.fastOpen = new FastOpen(this, hostSeed);
        this.flood = new FloodPath(this);
        this.icmp = new IcmpErrors(this);
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
        passive.accepted(c, now);
        return c;
    }

    /**
     * The application's {@code read()} on a connection it accepted with {@link #accept}: up to
     * {@code max} in-order bytes leave the receive queue, freeing its buffer; 0 at end of file
     * (the peer's FIN came and the queue is empty), -1 when nothing can be read yet (EAGAIN).
     */
    public long read(TcpConnection c, long max) {
        if (c.unread == 0) {
            return c.finReceived ? 0 : -1;
        }
        return Established.read(c, max);
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

    // ---------------------------------------------------------------- active open ({@link ActiveOpen})

    /**
     * {@code connect()} from {@code localPort} to {@code remote}: RFC 9293 §3.10.1 OPEN call,
     * CLOSED → SYN_SENT, SYN with the preset's options, retransmission timer armed.
     */
    public TcpConnection connect(int localPort, HostPort remote, ClientPreset preset, boolean autoAck, long now) {
        return active.connect(localPort, remote, preset, autoAck, now);
    }

    /**
     * A hand-crafted segment the student sends from this host. If a paused client
     * ({@code autoAck=false}) owns its 4-tuple and it is the ACK of the SYN-ACK that client
     * received, the client goes ESTABLISHED, as the kernel would when its own ACK left.
     */
    public void studentSent(IpDatagram d, long now) {
        active.studentSent(d, now);
    }

    // ---------------------------------------------------------------- segment arrival: the decision point

    /**
     * A datagram arrives. Demultiplexing follows {@code __inet_lookup_skb}: an established
     * connection first, then a half-open request of the listener ({@code TCP_NEW_SYN_RECV}),
     * then the listener, else no socket.
     */
    public void receive(IpDatagram d, boolean checksumValid, long now) {
        receive(d, checksumValid, null, now);
    }

    /**
     * {@link #receive(IpDatagram, boolean, long)} for a datagram whose TCP header the wire says is
     * malformed ({@code headerError} not null): {@code tcp_v4_rcv} checks the data offset before
     * the checksum and any lookup ("th->doff < sizeof(struct tcphdr) / 4" → bad_packet, TCP_MIB_INERRS;
     * "!pskb_may_pull(skb, th->doff * 4)" → discard_it) and discards it silently.
     */
    public void receive(IpDatagram d, boolean checksumValid, DropReason headerError, long now) {
        counters.inc(Counter.SEGMENTS_RECEIVED);
        if (sink.enabled()) {
            sink.accept(new TcpEvent.SegmentReceived(now, host, d, checksumValid));
        }
        if (headerError != null) {
            drop(d, headerError, now);
            return;
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
                    active.synSent(c, d, s, now);
                    return;
                case SYN_RECEIVED:
                    active.simultaneousSynReceived(c, d, s, now);
                    return;
                default:
                    established.established(c, d, s, now);
                    return;
            }
        }
        if (listener != null && listener.local.port() == s.dstPort()) {
            RequestSock r = listener.synQueue.find(d.src(), s.srcPort());
            if (r != null) {
                checkRequest.synReceived(r, d, s, now);
            } else {
                passive.listen(d, s, now);
            }
            return;
        }
        noSocket(d, s, now);
    }

    /** No socket at all: {@code tcp_v4_send_reset} or {@code tcp_v6_send_reset} (RFC 9293 §3.10.7.1, state CLOSED). */
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
     * {@code tcp_v4_send_reset} (over IPv6 {@code tcp_v6_send_reset} → {@code tcp_v6_send_response},
     * same rules): to a segment with ACK, {@code R} with seq = SEG.ACK; otherwise {@code R.} with
     * seq 0 and ack = SEG.SEQ + SEG.LEN (SYN and FIN counted). Window 0, no options.
     */
    void sendReset(IpDatagram d, TcpSegment s, SendCause cause, long now) {
        // tcp_v6_send_reset without a full socket's txhash (no socket, a listener, a request):
        // ip6_make_flowlabel hashes the flow, so one 4-tuple always gets one label
        int label = d.ipv6() ? flowLabels.ofFlow(d.dst(), s.dstPort(), d.src(), s.srcPort()) : 0;
        sendReset(d, s, cause, label, now);
    }

    /** {@link #sendReset(IpDatagram, TcpSegment, SendCause, long)} from a full socket: its txhash gives the label. */
    void sendReset(IpDatagram d, TcpSegment s, SendCause cause, TcpConnection from, long now) {
        sendReset(d, s, cause, from.flowLabel, now);
    }

    private void sendReset(IpDatagram d, TcpSegment s, SendCause cause, int label, long now) {
        TcpSegment rst;
        if (s.flags().ack()) {
            rst = new TcpSegment(s.dstPort(), s.srcPort(), s.ack(), SeqNum.ZERO, TcpFlags.RST_ONLY, 0, 0, List.of(), Bytes.EMPTY);
        } else {
            rst = new TcpSegment(s.dstPort(), s.srcPort(), SeqNum.ZERO, s.seq().plus(s.sequenceLength()), TcpFlags.RST_ACK,
                    0, 0, List.of(), Bytes.EMPTY);
        }
        counters.inc(Counter.RSTS_SENT);
        emitSend(FlowLabels.datagram(d.dst(), d.src(), rst, label), cause, 0, 0, now);
    }


    // ---------------------------------------------------------------- SYN floods ({@link FloodPath})

    /** {@link #floodSyn} result: the SYN was dropped; a counter says why. */
    public static final long FLOOD_DROPPED = -1;
    /** {@link #floodSyn} result: nothing was done; this SYN must take the full path ({@link #receive}). */
    public static final long FLOOD_NEEDS_FULL_PATH = -2;

    /**
     * A SYN from a spoofed flood source to the listener: the same decisions as {@link #receive}
     * → {@link PassiveOpen#connRequest} ({@code tcp_conn_request}) take for a valid bare SYN, on primitive
     * values, so that a million SYNs cost no datagram, segment or event object and, in cookie
     * mode, no allocation at all. The SYN-ACK is addressed to a source that does not exist: it is
     * counted as sent, not built.
     *
     * <p>Returns the SYN-ACK's ISN as an unsigned value (the cookie, or the queued request's
     * ISS), {@link #FLOOD_DROPPED}, or {@link #FLOOD_NEEDS_FULL_PATH} without touching anything
     * when the SYN needs more than this path knows: events are wanted, the SYN carries
     * timestamps, a request already exists for the 4-tuple ({@code tcp_check_req} decides), the
     * first SYN a full queue turns away (the first cookie of a flood, with its "Possible SYN
     * flooding" warning, or the first drop), or a listener of the other family ({@link #floodSyn6} is IPv6's). The
     * caller guarantees that no full connection of this host has {@code srcAddress} as its peer.
     */
    public long floodSyn(int srcAddress, int srcPort, int seq, SynOptions syn, long now) {
        return flood.floodSyn(srcAddress, srcPort, seq, syn, now);
    }

    /** {@link #floodSyn} for an IPv6 source given as its high and low 64 bits ({@link FloodPath#floodSyn6}). */
    public long floodSyn6(long srcHigh, long srcLow, int srcPort, int seq, SynOptions syn, long now) {
        return flood.floodSyn6(srcHigh, srcLow, srcPort, seq, syn, now);
    }

    /**
     * An ICMP destination unreachable quoting {@code quoted}, a datagram this host sent, arrives
     * from the middlebox {@code from}: {@code tcp_v4_err}. A socket in SYN_SENT or SYN_RECEIVED
     * fails at once with the code's errno ({@code tcp_done_with_error}); a listener's half-open
     * request is dropped only for net or host unreachable ({@code tcp_req_err}); an established
     * connection records a soft error and carries on. ICMP quoting a sequence number outside
     * [SND.UNA, SND.NXT] is ignored ({@code LINUX_MIB_OUTOFWINDOWICMPS}).
     */
    public void icmpUnreachable(IpDatagram quoted, IcmpUnreachable code, String from, long now) {
        icmp.icmpUnreachable(quoted, code, from, now);
    }

    // ---------------------------------------------------------------- timers ({@link Timers})

    /** The earliest time this host needs attention, or Long.MAX_VALUE. */
    public long nextDeadline() {
        return timers.nextDeadline();
    }

    /** Runs every timer due at or before {@code now}. */
    public void fireTimers(long now) {
        timers.fireTimers(now);
    }

    // ---------------------------------------------------------------- output and helpers shared by the parts

    void fail(TcpConnection c, String errno, String detail, long now) {
        timers.disarm(c, now);
        counters.inc(Counter.CONNECT_FAILED);
        TcpState from = c.state;
        transition(c, from, TcpState.CLOSED, errno + ": " + detail, now);
        connections.remove(c.id());
        if (sink.enabled()) {
            sink.accept(new TcpEvent.ConnectFailed(now, host, c.id(), errno, detail));
        }
    }

    /**
     * {@code ts_off} of {@code secure_tcp_seq_and_ts_off} for the connection between
     * {@code localPort} here and (peer, peerPort): per connection since Linux 6.x.
     */
    int tsOffset(int localPort, IpAddress peer, int peerPort) {
        return isns.tsOffset(address, localPort, peer, peerPort);
    }


    void send(TcpConnection c, TcpFlags flags, int seq, int ack, int window, List<TcpOption> options, SendCause cause,
                      int retransmission, long rto, long now) {
        TcpSegment seg = new TcpSegment(c.local.port(), c.remote.port(), new SeqNum(seq), new SeqNum(ack == NO_ACK ? 0 : ack),
                flags, window, 0, options, Bytes.EMPTY);
        emitSend(FlowLabels.datagram(c.local.address(), c.remote.address(), seg, c.flowLabel), cause, retransmission, rto, now);
    }

    void emitSend(IpDatagram d, SendCause cause, int retransmission, long rto, long now) {
        counters.inc(Counter.SEGMENTS_SENT);
        if (sink.enabled()) {
            sink.accept(new TcpEvent.SegmentSent(now, host, d, true, cause, retransmission, rto));
        }
        wire.transmit(d);
    }

    void drop(IpDatagram d, DropReason reason, long now) {
        counters.drop(reason);
        if (sink.enabled()) {
            sink.accept(new TcpEvent.SegmentDropped(now, host, d, reason, tcpWhere, null));
        }
    }

    void overflow(IpDatagram d, String queue, int length, String action, long now) {
        if (sink.enabled()) {
            sink.accept(new TcpEvent.QueueOverflow(now, host, ConnectionId.of(d, Host.CLIENT), queue, length, listener.maxAckBacklog, action));
        }
    }

    void transition(TcpConnection c, TcpState from, TcpState to, String cause, long now) {
        c.state = to;
        c.transitions.add(new Transition(now, from, to, cause));
        if (sink.enabled()) {
            sink.accept(new TcpEvent.StateChanged(now, host, c.id(), from, to, cause));
        }
    }

    void timerEvent(ConnectionId id, TimerKind kind, TimerPhase phase, long deadline, long now) {
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
