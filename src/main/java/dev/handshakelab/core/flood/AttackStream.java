package dev.handshakelab.core.flood;

import dev.handshakelab.core.wire.Ipv6Address;
import java.util.SplittableRandom;

/**
 * The attack SYNs of a flood, one after another, as primitive values: no object per SYN. Fully
 * determined by the plan's seed, so a replay sends the very same SYNs.
 */
public final class AttackStream {

    /** Ports a flood tool picks from: everything above the well-known range. */
    static final int FIRST_PORT = 1024;
    static final int PORTS = 65536 - FIRST_PORT;

    private final AttackSources sources;
    private final SplittableRandom random;
    private final int excludedA;
    private final int excludedB;
    private final int portBase;
    /** The lab's own addresses over IPv6 (null in an IPv4 lab): random sources then draw 128 bits. */
    private final Ipv6Address excluded6A;
    private final Ipv6Address excluded6B;
    private long index;

    /** Current SYN's source address, port and sequence number (valid after {@link #next}). */
    private int address;
    /** Over IPv6: the current source address's two halves ({@link Ipv6Address#high()}, {@link Ipv6Address#low()}). */
    private long addressHigh;
    private long addressLow;
    private int port;
    private int seq;

    /** {@code excludedA}/{@code excludedB}: the lab's own addresses, never used as spoofed sources. */
    public AttackStream(AttackSources sources, long seed, int excludedA, int excludedB) {
        this(requireV4(sources), seed, excludedA, excludedB, null, null);
    }

    private static AttackSources requireV4(AttackSources sources) {
        if (sources instanceof AttackSources.Cidr6) {
            throw new IllegalArgumentException("an IPv4 lab takes an IPv4 prefix as attack sources; got " + sources.describe());
        }
        return sources;
    }

    private AttackStream(AttackSources sources, long seed, int excludedA, int excludedB, Ipv6Address excluded6A, Ipv6Address excluded6B) {
        this.sources = sources;
        this.random = new SplittableRandom(seed);
        this.excludedA = excludedA;
        this.excludedB = excludedB;
        this.excluded6A = excluded6A;
        this.excluded6B = excluded6B;
        this.portBase = random.nextInt(PORTS);
    }

    /**
     * The attack SYNs of an IPv6 lab: sources from an IPv6 prefix ({@link AttackSources.Cidr6})
     * or random 128-bit addresses, never {@code excludedA} or {@code excludedB}.
     */
    public static AttackStream ipv6(AttackSources sources, long seed, Ipv6Address excludedA, Ipv6Address excludedB) {
        if (sources instanceof AttackSources.Cidr) {
            throw new IllegalArgumentException("an IPv6 lab takes an IPv6 prefix as attack sources; got " + sources.describe());
        }
        return new AttackStream(sources, seed, 0, 0, excludedA, excludedB);
    }

    /** Moves to the next SYN. */
    public void next() {
        if (sources instanceof AttackSources.Cidr cidr) {
            long size = cidr.size();
            address = cidr.network() + (int) (index % size);
            port = FIRST_PORT + (int) ((index / size + portBase) % PORTS);
        } else if (sources instanceof AttackSources.Cidr6 cidr) {
            long size = cidr.sweepSize();
            addressHigh = cidr.high();
            addressLow = cidr.low() + index % size;
            port = FIRST_PORT + (int) ((index / size + portBase) % PORTS);
        } else if (excluded6A != null) {
            do {
                addressHigh = random.nextLong();
                addressLow = random.nextLong();
            } while (is(excluded6A) || is(excluded6B));
            port = FIRST_PORT + random.nextInt(PORTS);
        } else {
            int a;
            do {
                a = random.nextInt();
            } while (a == excludedA || a == excludedB);
            address = a;
            port = FIRST_PORT + random.nextInt(PORTS);
        }
        seq = random.nextInt();
        index++;
    }

    private boolean is(Ipv6Address a) {
        return a.high() == addressHigh && a.low() == addressLow;
    }

    /** The current SYN's IPv4 source (an IPv4 lab). */
    public int address() { return address; }
    /** The current SYN's IPv6 source, high and low 64 bits (an IPv6 lab). */
    public long addressHigh() { return addressHigh; }
    public long addressLow() { return addressLow; }
    public int port() { return port; }
    public int seq() { return seq; }
}
