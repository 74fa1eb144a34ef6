package dev.handshakelab.core.flood;

/**
 * Server memory one half-open request costs in this simulator, for the flood series'
 * {@code halfOpenBytes}.
 *
 * <p>Arithmetic, for a 64-bit HotSpot JVM with compressed class pointers and oops (the default
 * below 32 GiB of heap):
 * <ul>
 *   <li>{@code RequestSock}: 12-byte header + address reference 4 + port, irs, iss, tsRecent,
 *       firstTsVal, lastTsVal 6 × 4 + peerMss, peerWscale 2 × 2 + flags, timeouts 2 × 1 +
 *       createdAt, deadline, lastOowAckAt 3 × 8 = 70, padded to <b>72</b>;</li>
 *   <li>its {@code Ipv4Address}: 12 + 4 = <b>16</b>;</li>
 *   <li>the SYN queue's open-addressing table, kept at most half full: 2 to 4 references of 4
 *       bytes, <b>about 12</b>;</li>
 *   <li>the timer heap's array, grown by half when full: <b>about 5</b>.</li>
 * </ul>
 * About 105 bytes. {@code HalfOpenMemory} in the benchmarks measures it (heap growth over a
 * million requests after GC); the constant is the measured figure rounded up to 8. Linux's
 * {@code struct tcp_request_sock} is about 300 bytes, in a slab of its own.
 */
public final class HalfOpenFootprint {

    /** Bytes per half-open request, measured (see the class comment). */
    public static final int BYTES = 112;

    private HalfOpenFootprint() {}
}
