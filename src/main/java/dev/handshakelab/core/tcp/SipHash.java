package dev.handshakelab.core.tcp;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012) of a 16-byte message, the keyed hash Linux uses
 * for ISNs, timestamp offsets and SYN cookies ({@code siphash_3u32}, {@code siphash_4u32}).
 * Written from the paper's description; it allocates nothing, so it can run in the SYN-flood hot
 * path.
 */
final class SipHash {

    private SipHash() {}

    /** SipHash-2-4 of the message {@code m0 || m1} (two little-endian 64-bit words) under key (k0, k1). */
    static long hash(long k0, long k1, long m0, long m1) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        long lengthBlock = 16L << 56; // message length in the top byte, no tail bytes
        // steps 0 and 1 compress the two message words, step 2 the length block, step 3 finalises
        for (int step = 0; step < 4; step++) {
            long m = step == 0 ? m0 : step == 1 ? m1 : lengthBlock;
            int rounds = 2;
            if (step < 3) {
                v3 ^= m;
            } else {
                v2 ^= 0xff;
                rounds = 4;
            }
            for (int r = 0; r < rounds; r++) {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            if (step < 3) {
                v0 ^= m;
            }
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    /** A 64-bit word for an address: the IPv4 bits, or an IPv6 address folded by hashing its halves. */
    static long addressWord(dev.handshakelab.core.wire.IpAddress a, long k0, long k1) {
        if (a instanceof dev.handshakelab.core.wire.Ipv4Address v4) {
            return v4.bits() & 0xFFFF_FFFFL;
        }
        dev.handshakelab.core.wire.Ipv6Address v6 = (dev.handshakelab.core.wire.Ipv6Address) a;
        return hash(k0, k1, v6.high(), v6.low());
    }
}
