package dev.handshakelab.core.tcp;

import dev.handshakelab.core.wire.IpAddress;

/**
 * RFC 6528 initial sequence numbers and Linux's per-peer timestamp offsets, with every secret
 * derived from the session seed so that a replay produces the same numbers.
 *
 * <ul>
 *   <li>ISN = M + F(localip, localport, remoteip, remoteport, secretkey) (RFC 6528 §3), where M
 *       is a timer ticking every 4 µs of virtual time and F is SipHash-2-4 — Linux's
 *       {@code secure_tcp_seq} uses the same shape with a 64 ns clock.</li>
 *   <li>TS offset = the upper 32 bits of the same 64-bit hash of the 4-tuple: Linux 6.x's
 *       {@code secure_tcp_seq_and_ts_off} takes the ISN's hash from the low half and
 *       {@code ts_off} from the high half ({@code union tcp_seq_and_ts_off}), so the offset is per
 *       connection (checked on 6.18: SYN-ACKs to two ports of one client carry unrelated TSvals)
 *       and the TSval a peer sees reveals neither the host's uptime nor its other connections
 *       (RFC 7323 §5.4, RFC 9293 §3.4.1).</li>
 * </ul>
 * No wall clock and no unseeded randomness is involved.
 */
public final class InitialSequenceNumbers {

    private final long isnK0;
    private final long isnK1;
    /**
     * The last 4-tuple hashed and its hash. A passive open asks for the same one three times in a
     * row (the ISN in {@code tcp_conn_request}, the TS offset of the SYN-ACK, the child's TS
     * offset at the 3rd ACK), and SipHash was an eighth of a handshake's CPU
     * ({@code WireHandshakeBenchmark}). A pure function's result, so determinism is unchanged; a
     * host is used by one thread at a time, as the rest of its state is.
     */
    private IpAddress lastSrc;
    private IpAddress lastDst;
    private int lastPorts;
    private long lastHash;

    public InitialSequenceNumbers(long seed) {
        // Keys are SipHash outputs of the seed under fixed domain-separation constants.
        this.isnK0 = SipHash.hash(seed, 0x49534e, 1, 0);
        this.isnK1 = SipHash.hash(seed, 0x49534e, 2, 0);
    }

    /** The ISN for a connection from (src, srcPort) to (dst, dstPort), chosen at {@code nowMicros}. */
    public int isn(long nowMicros, IpAddress src, int srcPort, IpAddress dst, int dstPort) {
        return (int) seqAndTsOff(src, srcPort, dst, dstPort) + (int) (nowMicros >>> 2);
    }

    /**
     * The timestamp offset this host adds to its ms clock on the connection from (src, srcPort),
     * this host, to (dst, dstPort): {@code ts_off} of {@code secure_tcp_seq_and_ts_off}.
     */
    public int tsOffset(IpAddress src, int srcPort, IpAddress dst, int dstPort) {
        return (int) (seqAndTsOff(src, srcPort, dst, dstPort) >>> 32);
    }

    /** {@code secure_tcp_seq_and_ts_off}'s hash64: low half the ISN's F, high half the TS offset. */
    private long seqAndTsOff(IpAddress src, int srcPort, IpAddress dst, int dstPort) {
        int ports = srcPort << 16 | dstPort;
        if (ports == lastPorts && src.equals(lastSrc) && dst.equals(lastDst)) {
            return lastHash;
        }
        long hash = SipHash.hash(isnK0, isnK1,
                SipHash.addressWord(src, isnK0, isnK1) << 32 ^ SipHash.addressWord(dst, isnK1, isnK0),
                (long) srcPort << 16 | dstPort);
        lastSrc = src;
        lastDst = dst;
        lastPorts = ports;
        lastHash = hash;
        return hash;
    }
}
