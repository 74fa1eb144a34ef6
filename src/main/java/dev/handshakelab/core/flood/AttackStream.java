package dev.handshakelab.core.flood;

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
    private long index;

    /** Current SYN's source address, port and sequence number (valid after {@link #next}). */
    private int address;
    private int port;
    private int seq;

    /** {@code excludedA}/{@code excludedB}: the lab's own addresses, never used as spoofed sources. */
    public AttackStream(AttackSources sources, long seed, int excludedA, int excludedB) {
        this.sources = sources;
        this.random = new SplittableRandom(seed);
        this.excludedA = excludedA;
        this.excludedB = excludedB;
        this.portBase = random.nextInt(PORTS);
    }

    /** Moves to the next SYN. */
    public void next() {
        if (sources instanceof AttackSources.Cidr cidr) {
            long size = cidr.size();
            address = cidr.network() + (int) (index % size);
            port = FIRST_PORT + (int) ((index / size + portBase) % PORTS);
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

    public int address() { return address; }
    public int port() { return port; }
    public int seq() { return seq; }
}
