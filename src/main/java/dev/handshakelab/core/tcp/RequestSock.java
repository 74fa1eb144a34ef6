package dev.handshakelab.core.tcp;

import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.SeqNum;

/**
 * A half-open connection in the SYN queue: Linux's request sock ({@code struct
 * tcp_request_sock}), not a whole connection. It keeps only what is needed to resend the SYN-ACK
 * and to build the child when the 3rd ACK arrives: about 64 bytes of fields, no collections and
 * no strings, because a SYN flood creates millions of them. The agreement with reasons is
 * recomputed from these fields when someone asks ({@link #negotiation}).
 */
public final class RequestSock {

    static final int SACK_OK = 1;
    static final int TS_OK = 1 << 1;
    static final int SACK_IGNORED = 1 << 2;
    static final int TS_IGNORED = 1 << 3;
    static final int ECN_OK = 1 << 4;
    /** {@code inet_rsk(req)->acked}: a 3rd ACK came while the accept queue was full. */
    static final int ACKED = 1 << 5;
    /** Removed from the SYN queue; a stale timer-heap entry is skipped. */
    static final int DEAD = 1 << 6;
    /** A SYN-ACK with a timestamp went out, so {@link #firstTsVal} is set. */
    static final int TS_SENT = 1 << 7;

    final IpAddress remoteAddress;
    final int remotePort;
    /** {@code rcv_isn}: the client's ISN. */
    final int irs;
    /** {@code snt_isn}: our ISN. */
    final int iss;
    /**
     * {@code ts_recent}: the client's TSval, echoed as TSecr; the SYN's, then that of an
     * in-sequence ACK {@code tcp_check_req} accepts (the child inherits it).
     */
    int tsRecent;
    /** The TSval of the first and the latest SYN-ACK ({@code snt_tsval_first/last}). */
    int firstTsVal;
    int lastTsVal;
    /**
     * The client's MSS option as {@link SynOptions#mss()} encodes it, in 16 bits: an MSS is
     * 1..65535, so a value above 32767 (65495 on loopback) reads back negative and
     * {@link #synOptions()} undoes that; the small negative codes are {@code SynOptions}'s.
     */
    final short peerMss;
    /** The client's wscale option as {@link SynOptions#wscale()} encodes it. */
    final short peerWscale;
    byte flags;
    /**
     * {@code num_timeout}: how many times the retransmission timer has fired, read unsigned
     * through {@link #timeouts()}: it goes up to tcp_synack_retries, which may be 255.
     */
    byte timeouts;
    /**
     * How many times the txhash was drawn again ({@code tcp_rtx_synack}), which picks the IPv6
     * flow label ({@link FlowLabels#txhash}); a byte, so the request stays 72 bytes.
     */
    byte labelGeneration;
    /** When the request was created (the SYN arrived). */
    final long createdAt;
    /** When the retransmission timer is due. */
    long deadline;
    /** {@code last_oow_ack_time}: last rate-limited reply, or -1. */
    long lastOowAckAt = -1;

    RequestSock(IpAddress remoteAddress, int remotePort, int irs, int iss, SynOptions syn, boolean ecnOk, long createdAt) {
        this.remoteAddress = remoteAddress;
        this.remotePort = remotePort;
        this.irs = irs;
        this.iss = iss;
        this.tsRecent = (int) syn.tsVal();
        this.peerMss = (short) syn.mss();
        this.peerWscale = (short) syn.wscale();
        int f = 0;
        if (syn.sackPermitted()) f |= SACK_OK;
        if (syn.timestamps()) f |= TS_OK;
        if (syn.sackIgnored()) f |= SACK_IGNORED;
        if (syn.timestampsIgnored()) f |= TS_IGNORED;
        if (ecnOk) f |= ECN_OK;
        this.flags = (byte) f;
        this.createdAt = createdAt;
    }

    /** {@link #timeouts} as the count it is, 0..255. */
    int timeouts() {
        return Byte.toUnsignedInt(timeouts);
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    void set(int flag) {
        flags |= (byte) flag;
    }

    /** The SYN's options as parsed, rebuilt from the compact fields. */
    public SynOptions synOptions() {
        int mss = peerMss < SynOptions.IGNORED_BY_SYSCTL ? peerMss & 0xFFFF : peerMss;
        return new SynOptions(mss, peerWscale, has(SACK_OK), has(SACK_IGNORED), has(TS_OK), has(TS_IGNORED),
                Integer.toUnsignedLong(tsRecent));
    }

    public Negotiation negotiation(StackProfile profile) {
        return OptionNegotiation.passive(profile, synOptions(), remoteAddress.ipv6(), false);
    }

    public IpAddress remoteAddress() { return remoteAddress; }
    public int remotePort() { return remotePort; }
    public SeqNum iss() { return new SeqNum(iss); }
    public SeqNum irs() { return new SeqNum(irs); }
    /** SYN-ACK retransmissions so far (timer-driven). */
    public int retransmissions() { return timeouts(); }
    public long createdAtMicros() { return createdAt; }
    public long deadlineMicros() { return deadline; }
    /** True when the client's 3rd ACK was dropped because the accept queue was full. */
    public boolean acked() { return has(ACKED); }
}
