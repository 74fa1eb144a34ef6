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
 *   <li>TS offset = SipHash(saddr, daddr) under a second key ({@code secure_tcp_ts_off}): one
 *       offset per address pair, so the TSval a peer sees does not reveal the host's uptime
 *       (RFC 7323 §5.4).</li>
 * </ul>
 * No wall clock and no unseeded randomness is involved.
 */
public final class InitialSequenceNumbers {

    private final long isnK0;
    private final long isnK1;
    private final long tsK0;
    private final long tsK1;

    public InitialSequenceNumbers(long seed) {
        // Keys are SipHash outputs of the seed under fixed domain-separation constants.
        this.isnK0 = SipHash.hash(seed, 0x49534e, 1, 0);
        this.isnK1 = SipHash.hash(seed, 0x49534e, 2, 0);
        this.tsK0 = SipHash.hash(seed, 0x54534f4646L, 1, 0);
        this.tsK1 = SipHash.hash(seed, 0x54534f4646L, 2, 0);
    }

    /** The ISN for a connection from (src, srcPort) to (dst, dstPort), chosen at {@code nowMicros}. */
    public int isn(long nowMicros, IpAddress src, int srcPort, IpAddress dst, int dstPort) {
        long f = SipHash.hash(isnK0, isnK1,
                SipHash.addressWord(src, isnK0, isnK1) << 32 ^ SipHash.addressWord(dst, isnK1, isnK0),
                (long) srcPort << 16 | dstPort);
        return (int) f + (int) (nowMicros >>> 2);
    }

    /** The timestamp offset this host adds to its ms clock towards {@code dst} ({@code secure_tcp_ts_off}). */
    public int tsOffset(IpAddress src, IpAddress dst) {
        return (int) SipHash.hash(tsK0, tsK1,
                SipHash.addressWord(src, tsK0, tsK1), SipHash.addressWord(dst, tsK1, tsK0));
    }
}
