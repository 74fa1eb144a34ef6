package dev.handshakelab.core.tcp;

import dev.handshakelab.core.wire.HostPort;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A full connection endpoint (a socket): an active opener on the client host, or the child a
 * listener creates when the handshake completes. Its segment handling lives in
 * {@link TcpHost}, the one place where (state, segment) decides the reply; this class holds the
 * transmission control block (RFC 9293 §3.3.1) and the history shown to students.
 */
public final class TcpConnection {

    final Host host;
    final HostPort local;
    final HostPort remote;
    TcpState state;
    final int iss;
    int irs;
    int sndNxt;
    int rcvNxt;
    int sndWnd;
    Negotiation negotiation;
    final List<Transition> transitions = new ArrayList<>(4);

    /** Options of our own SYN, resent unchanged on retransmission (reference §5 trap 3). */
    List<TcpOption> synOptions = List.of();
    int synWindow;
    /** {@code rcv_wnd}: the window last advertised, in bytes; {@code rcv_wup}: RCV.NXT when it was. */
    long rcvWnd;
    int rcvWup;
    /** The peer's TSval, echoed as TSecr ({@code ts_recent}). */
    long tsRecent;
    /** When {@link #tsRecent} was stored ({@code ts_recent_stamp}), virtual µs. */
    long tsRecentStamp;
    boolean tsOk;
    boolean sackOk;
    int rcvWscale;
    int tsOffset;
    /** The IPv6 flow label of what this socket sends: its {@code sk_txhash} ({@link FlowLabels}); 0 over IPv4. */
    int flowLabel;
    /** Timer-driven retransmissions of our SYN (or SYN-ACK in simultaneous open). */
    int retransmissions;
    long deadline = Long.MAX_VALUE;
    long rto;
    long connectStartedAt;
    /** autoAck=false: the client waits for the student's ACK after the SYN-ACK. */
    final boolean autoAck;
    /** The SYN-ACK a paused client has received and not yet acknowledged. */
    boolean awaitingStudentAck;
    /** Created by the simulation's connect (true) or by a listener (false). */
    final boolean activeOpen;
    long lastOowAckAt = -1;
    /**
     * The receive queue ({@code sk_receive_queue}): the lengths of the in-order segments not read
     * yet, one per skb, and what they are charged ({@code sk_rmem_alloc}, their truesize).
     */
    final ArrayDeque<Integer> receiveQueue = new ArrayDeque<>(2);
    long unread;
    long rmemAlloc;
    /** The peer's FIN was received: a read of an empty queue returns 0 (end of file). */
    boolean finReceived;
    /**
     * The application reads what arrives at once, after the ACK went out: true for the simulated
     * applications (an active opener, a child the simulated server accepted); false for a child
     * taken with {@link TcpHost#accept}, whose caller reads with {@link TcpHost#read}.
     */
    boolean readsAtOnce;
    private final ConnectionId id;

    TcpConnection(Host host, HostPort local, HostPort remote, TcpState state, int iss, boolean autoAck, boolean activeOpen) {
        this.host = host;
        this.local = local;
        this.remote = remote;
        this.state = state;
        this.iss = iss;
        this.sndNxt = iss;
        this.autoAck = autoAck;
        this.activeOpen = activeOpen;
        this.readsAtOnce = activeOpen;
        this.id = host == Host.CLIENT ? new ConnectionId(local, remote) : new ConnectionId(remote, local);
    }

    public Host host() { return host; }
    public HostPort local() { return local; }
    public HostPort remote() { return remote; }
    public TcpState state() { return state; }
    public SeqNum iss() { return new SeqNum(iss); }
    public SeqNum irs() { return new SeqNum(irs); }
    public SeqNum sndNxt() { return new SeqNum(sndNxt); }
    public SeqNum rcvNxt() { return new SeqNum(rcvNxt); }
    /** What was agreed, or null before the peer's SYN / SYN-ACK was seen. */
    public Negotiation negotiation() { return negotiation; }
    public List<Transition> transitions() { return List.copyOf(transitions); }
    public long deadlineMicros() { return deadline; }
    public int retransmissions() { return retransmissions; }
    public boolean awaitingStudentAck() { return awaitingStudentAck; }
    /** In-order bytes received and not read by the application. */
    public long unread() { return unread; }
    /** Whether the peer's FIN arrived (reads return 0 once the queue is empty). */
    public boolean finReceived() { return finReceived; }

    public ConnectionId id() {
        return id;
    }
}
