package dev.handshakelab.core.flood;

import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.Ipv4Address;
import dev.handshakelab.core.wire.Ipv6Address;

/**
 * Where a SYN flood's spoofed SYNs claim to come from. Nothing at those addresses answers: the
 * server's SYN-ACKs go nowhere, which is what fills its SYN queue.
 *
 * <p>Sources are 32-bit IPv4 addresses. On an IPv6 lab each one is sent as the IPv4-embedded
 * IPv6 address under the well-known prefix {@code 64:ff9b::/96} (RFC 6052 §2.1), so
 * 198.51.100.7 floods as {@code 64:ff9b::c633:6407}: the same stream, the same primitive fast
 * bookkeeping, an IPv6 datagram on the wire.
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
            if (slash < 0) {
                throw new IllegalArgumentException("'" + text + "' is not address/prefix-length, e.g. 198.51.100.0/24");
            }
            int prefix;
            try {
                prefix = Integer.parseInt(text.substring(slash + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has no numeric prefix length");
            }
            if (prefix < 0 || prefix > 32) {
                throw new IllegalArgumentException("prefix length must be between 0 and 32; got " + prefix);
            }
            return new Cidr(Ipv4Address.parse(text.substring(0, slash)).bits(), prefix);
        }

        public long size() {
            return 1L << (32 - prefixLength);
        }

        public boolean contains(int address) {
            return (address & mask(prefixLength)) == network;
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

    /** Addresses and ports drawn from the flood's seed (the lab's own two addresses excluded); 4-tuples may repeat. */
    record RandomAddresses() implements AttackSources {
        @Override
        public String describe() {
            return "random addresses";
        }
    }
}
