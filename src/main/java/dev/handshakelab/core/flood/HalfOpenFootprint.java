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
 *
 * <p>Over IPv6 the request holds an {@code Ipv6Address} instead: 12 + 2 × 8 = 28, padded to
 * <b>32</b>, 16 bytes more than the IPv4 one, so {@link #BYTES_V6} is {@link #BYTES} + 16
 * ({@code HalfOpenMemory ipv6} measures it). Linux's request is the same size in both families:
 * {@code inet_request_sock} keeps its addresses in the embedded {@code sock_common}
 * ({@code ir_rmt_addr}/{@code ir_loc_addr} are {@code skc_daddr}/{@code skc_rcv_saddr},
 * {@code ir_v6_rmt_addr}/{@code ir_v6_loc_addr} are {@code skc_v6_daddr}/{@code skc_v6_rcv_saddr}),
 * which has room for the two 16-byte IPv6 addresses whenever the kernel is built with IPv6; the
 * union after its flags holds {@code ireq_opt} (IPv4 options) or, for IPv6, {@code ipv6_opt}
 * and {@code pktopts} (the SYN's skb, kept only when the listener asked for its IPv6 packet
 * options), and {@code tcp_v6_init_req} fills the v6 fields. An IPv6 flood costs Linux no
 * more memory per request than an IPv4 one; it costs this simulator 16 bytes more.
 */
public final class HalfOpenFootprint {

    /** Bytes per half-open request, measured (see the class comment). */
    public static final int BYTES = 112;
    /** Bytes per half-open IPv6 request: the IPv4 figure with a 32-byte address for a 16-byte one. */
    public static final int BYTES_V6 = BYTES + 16;

    /** {@link #BYTES} or {@link #BYTES_V6}. */
    public static int bytes(boolean ipv6) {
        return ipv6 ? BYTES_V6 : BYTES;
    }

    private HalfOpenFootprint() {}
}
