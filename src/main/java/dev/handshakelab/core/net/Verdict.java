package dev.handshakelab.core.net;

import dev.handshakelab.core.wire.IpDatagram;

/** What a {@link Middlebox} does with one datagram. */
public sealed interface Verdict {

    /** Let it through unchanged and without extra delay. */
    record Pass() implements Verdict {}

    /** Let it through after {@code delayMicros} more of virtual time. */
    record Delay(long delayMicros) implements Verdict {
        public Delay {
            if (delayMicros < 0) {
                throw new IllegalArgumentException("delayMicros must be >= 0; got " + delayMicros);
            }
        }
    }

    /** Discard it; {@code reason} is shown to students. */
    record Drop(String reason) implements Verdict {}

    /**
     * Discard it and send {@code reply} back towards the sender instead (e.g. a firewall's
     * RST); {@code reason} is shown to students.
     */
    record Reject(String reason, IpDatagram reply) implements Verdict {}

    /**
     * Discard it and answer the sender with ICMP destination unreachable ({@code code}),
     * quoting the datagram; {@code reason} is shown to students.
     */
    record Unreachable(String reason, IcmpUnreachable code) implements Verdict {}

    Verdict PASS = new Pass();

    static Verdict delay(long micros) {
        return new Delay(micros);
    }

    static Verdict drop(String reason) {
        return new Drop(reason);
    }
}
