package dev.handshakelab.core.flood;

import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.Ipv4Address;
import dev.handshakelab.core.wire.Ipv6Address;

/**
 * Where a SYN flood's spoofed SYNs claim to come from. Nothing at those addresses answers: the
 * server's SYN-ACKs go nowhere, which is what fills its SYN queue.
 *
 * <p>An IPv4 lab floods from an IPv4 prefix ({@link Cidr}); an IPv6 lab from an IPv6 prefix
 * ({@link Cidr6}), or from an IPv4 one whose addresses are sent as IPv4-embedded IPv6 addresses
 * under the well-known prefix {@code 64:ff9b::/96} (RFC 6052 §2.1), so 198.51.100.7 floods as
 * {@code 64:ff9b::c633:6407} ({@link Cidr#embedded}): the same stream, an IPv6 datagram on the wire.
 */
public sealed interface AttackSources {

    /** {@code 64:ff9b::/96}, the upper 64 bits: where a 32-bit source sits in an IPv6 lab. */
    long EMBEDDING_PREFIX_HIGH = 0x0064_ff9b_0000_0000L;

    /** The address a 32-bit source floods from: itself on an IPv4 lab, embedded in {@code 64:ff9b::/96} on an IPv6 one. */
    static IpAddress address(int source, boolean ipv6) {
        return ipv6 ? new Ipv6Address(EMBEDDING_PREFIX_HIGH, source & 0xFFFF_FFFFL) : new Ipv4Address(source);
    }

    /**
     * The 32-bit source {@code a} stands for: an IPv4 address's bits, or the low 32 bits of an
     * address in {@code 64:ff9b::/96}; null for any other IPv6 address, which no flood source can be.
     */
    static Integer source(IpAddress a) {
        if (a instanceof Ipv4Address v4) {
            return v4.bits();
        }
        Ipv6Address v6 = (Ipv6Address) a;
        return v6.high() == EMBEDDING_PREFIX_HIGH && (v6.low() >>> 32) == 0 ? (int) v6.low() : null;
    }

    /** A label for event texts, e.g. {@code 198.51.100.0/24}. */
    String describe();

    /** Parses a prefix of either family: {@code a.b.c.d/n} ({@link Cidr}) or {@code 2001:db8::/n} ({@link Cidr6}). */
    static AttackSources parse(String text) {
        return text.indexOf(':') >= 0 ? Cidr6.parse(text) : Cidr.parse(text);
    }

    /** The prefix length after the slash of {@code text}, checked to be 0..{@code max}. */
    private static int parsePrefixLength(String text, int slash, int max, String example) {
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not address/prefix-length, e.g. " + example);
        }
        int prefix;
        try {
            prefix = Integer.parseInt(text.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no numeric prefix length");
        }
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("prefix length must be between 0 and " + max + "; got " + prefix);
        }
        return prefix;
    }

    /**
     * Every address of an IPv4 prefix in turn, the port moving on after each sweep: SYN number i
     * comes from {@code network + i mod size}, port {@code 1024 + (i / size + portBase) mod 64512},
     * so no 4-tuple repeats until size × 64512 SYNs have been sent.
     */
    record Cidr(int network, int prefixLength) implements AttackSources {
        public Cidr {
            if (prefixLength < 0 || prefixLength > 32) {
                throw new IllegalArgumentException("prefix length must be between 0 and 32; got " + prefixLength);
            }
            network &= mask(prefixLength);
        }

        /** Parses {@code a.b.c.d/n}; host bits are cleared. */
        public static Cidr parse(String text) {
            int slash = text.indexOf('/');
            int prefix = parsePrefixLength(text, slash, 32, "198.51.100.0/24");
            return new Cidr(Ipv4Address.parse(text.substring(0, slash)).bits(), prefix);
        }

        public long size() {
            return 1L << (32 - prefixLength);
        }

        public boolean contains(int address) {
            return (address & mask(prefixLength)) == network;
        }

        /**
         * This prefix as an IPv6 lab floods from it: embedded under {@code 64:ff9b::/96}, so
         * {@code a.b.c.d/n} is {@code 64:ff9b::a.b.c.d/(96 + n)}, swept in the same order with the
         * same ports (the stream's arithmetic is the same on the low bits).
         */
        public Cidr6 embedded() {
            return new Cidr6(EMBEDDING_PREFIX_HIGH, network & 0xFFFF_FFFFL, 96 + prefixLength);
        }

        /** Whether a lab address (IPv4, or IPv6 with the source embedded) is one this prefix would spoof. */
        public boolean contains(IpAddress address) {
            Integer source = AttackSources.source(address);
            return source != null && contains(source);
        }

        private static int mask(int prefix) {
            return prefix == 0 ? 0 : -1 << (32 - prefix);
        }

        @Override
        public String describe() {
            return new Ipv4Address(network) + "/" + prefixLength;
        }
    }

    /**
     * An IPv6 prefix swept in its low bits, as {@link Cidr} sweeps an IPv4 one: SYN number i comes
     * from {@code network + i mod size}, port {@code 1024 + (i / size + portBase) mod 64512}. A
     * /112 repeats its 65,536 addresses on the next port; a /64 (2^64 addresses, the size of one
     * LAN, which an attacker who owns it can spoof freely past BCP 38 filters) never repeats an
     * address in a flood of any length the lab runs, so every SYN has a 4-tuple of its own.
     */
    record Cidr6(long high, long low, int prefixLength) implements AttackSources {
        public Cidr6 {
            if (prefixLength < 0 || prefixLength > 128) {
                throw new IllegalArgumentException("prefix length must be between 0 and 128; got " + prefixLength);
            }
            high &= maskHigh(prefixLength);
            low &= maskLow(prefixLength);
        }

        /** Parses {@code 2001:db8::/64} (RFC 4291 §2.3 prefix notation); host bits are cleared. */
        public static Cidr6 parse(String text) {
            int slash = text.indexOf('/');
            int prefix = parsePrefixLength(text, slash, 128, "2001:db8:5::/64");
            Ipv6Address a = Ipv6Address.parse(text.substring(0, slash));
            return new Cidr6(a.high(), a.low(), prefix);
        }

        /**
         * How many addresses the sweep visits before it starts over: 2^(128 − prefix), or
         * {@link Long#MAX_VALUE} once that is 2^63 or more (a flood is far shorter than that, so
         * it never wraps; the low 64 bits of such a network are zero, so no carry reaches the high half).
         */
        public long sweepSize() {
            int hostBits = 128 - prefixLength;
            return hostBits >= 63 ? Long.MAX_VALUE : 1L << hostBits;
        }

        public boolean contains(Ipv6Address a) {
            return (a.high() & maskHigh(prefixLength)) == high && (a.low() & maskLow(prefixLength)) == low;
        }

        private static long maskHigh(int prefix) {
            return prefix == 0 ? 0 : prefix >= 64 ? -1L : -1L << (64 - prefix);
        }

        private static long maskLow(int prefix) {
            return prefix <= 64 ? 0 : -1L << (128 - prefix);
        }

        @Override
        public String describe() {
            return new Ipv6Address(high, low) + "/" + prefixLength;
        }
    }

    /** Addresses and ports drawn from the flood's seed (the lab's own two addresses excluded); 4-tuples may repeat. In an IPv6 lab all 128 bits are drawn. */
    record RandomAddresses() implements AttackSources {
        @Override
        public String describe() {
            return "random addresses";
        }
    }
}
