package dev.handshakelab.core.net;

import dev.handshakelab.core.wire.IpDatagram;
import java.util.SplittableRandom;

/**
 * A slow link: every datagram is held for a fixed latency plus jitter, uniform in
 * [latency − jitter, latency + jitter] as netem's {@code delay TIME JITTER} has it, drawn from a
 * stream seeded by the session seed and the box's name. With jitter, datagrams can overtake each
 * other, as they do under netem.
 */
public final class LinkDelay implements Middlebox {

    private final String name;
    private final long latencyMicros;
    private final long jitterMicros;
    private final SplittableRandom random;

    public LinkDelay(String name, long latencyMicros, long jitterMicros, long seed) {
        if (latencyMicros < 0 || jitterMicros < 0 || jitterMicros > latencyMicros) {
            throw new IllegalArgumentException("need 0 <= jitter <= latency; got latency " + latencyMicros + " µs, jitter " + jitterMicros + " µs");
        }
        this.name = name;
        this.latencyMicros = latencyMicros;
        this.jitterMicros = jitterMicros;
        this.random = Seeds.forMiddlebox(seed, name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Verdict inspect(IpDatagram datagram, long nowMicros) {
        long jitter = jitterMicros == 0 ? 0 : random.nextLong(-jitterMicros, jitterMicros + 1);
        return Verdict.delay(latencyMicros + jitter);
    }
}
