package dev.handshakelab.core.flood;

/**
 * Server memory one half-open request costs in this simulator, for the flood series'
 * {@code halfOpenBytes}.
 *
 * <p>Arithmetic, for a 64-bit HotSpot JVM with compressed class pointers and oops (the default
 * below 32 GiB of heap):
 * <ul>
 *   <li>{@code RequestSock}: 12-byte header + address reference 4 + port, irs, iss, tsRecent,
 *       firstTsVal, lastTsVal 6 × 4 + peerMss, peerWscale 2 × 2 + flags, timeouts, labelGeneration 3 × 1 +
 *       createdAt, deadline, lastOowAckAt 3 × 8 = 71, padded to <b>72</b>;</li>
 *   <li>its {@code Ipv4Address}: 12 + 4 = <b>16</b>;</li>
 *   <li>the SYN queue's open-addressing table, kept at most half full (it doubles when an entry
 *       would make it more than half full): 2 to 4 references of 4 bytes, 8 to 16;</li>
 *   <li>the timer heap's array, grown by half when full: 4 to 6.</li>
 * </ul>
 * 100 to 110 bytes. {@code HalfOpenMemory} in the benchmarks measures it: 1,048,576 requests
 * (16 listeners × 65,536) take 108.1 bytes each after a full GC (JDK 17, compressed oops; the
 * tables were at 4 slots per entry there). The constant is that figure rounded up to 8. Linux's
 * {@code struct tcp_request_sock} is about 300 bytes, in a slab of its own.
 */
public final class HalfOpenFootprint {

    /** Bytes per half-open request, measured (see the class comment). */
    public static final int BYTES = 112;

    private HalfOpenFootprint() {}
}
