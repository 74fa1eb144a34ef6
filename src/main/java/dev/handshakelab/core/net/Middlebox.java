package dev.handshakelab.core.net;

import dev.handshakelab.core.wire.IpDatagram;

/**
 * Something on the path between the hosts that looks at each datagram: a lossy link, a
 * firewall, a NAT. It must be deterministic: the same datagrams at the same virtual times get
 * the same verdicts (a lossy link takes its randomness from a seeded generator).
 */
public interface Middlebox {

    /** A short name shown in events, e.g. {@code "firewall"}. */
    String name();

    /** The verdict on {@code datagram} passing at virtual time {@code nowMicros}. */
    Verdict inspect(IpDatagram datagram, long nowMicros);

    /**
     * An estimate of the heap this middlebox's own state holds (a connection tracking table),
     * so that a cache of worlds can be bounded by size; stateless ones hold nothing.
     */
    default long footprintBytes() {
        return 0;
    }
}
