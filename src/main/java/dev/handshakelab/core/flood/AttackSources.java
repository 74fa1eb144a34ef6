package dev.handshakelab.core.flood;

import dev.handshakelab.core.wire.Ipv4Address;

/**
 * Where a SYN flood's spoofed SYNs claim to come from. Nothing at those addresses answers: the
 * server's SYN-ACKs go nowhere, which is what fills its SYN queue.
 */
public sealed interface AttackSources {

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
