package dev.handshakelab.core.net;

import dev.handshakelab.core.wire.IpDatagram;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A link that loses segments: of the segments its {@link SegmentMatch} selects, it drops the
 * n-th ones, or each with a probability drawn from the session seed (like netem's {@code loss
 * random p}), or all of them. Segments the match does not select pass untouched and are not
 * counted.
 */
public final class PacketLoss implements Middlebox {

    private final String name;
    private final SegmentMatch match;
    private final TreeSet<Long> nth;
    private final double probability;
    private final SplittableRandom random;
    private long seen;

    private PacketLoss(String name, SegmentMatch match, List<Long> nth, double probability, long seed) {
        this.name = name;
        this.match = match;
        this.nth = new TreeSet<>(nth);
        this.probability = probability;
        this.random = Seeds.forMiddlebox(seed, name);
        if (this.nth.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("nth counts from 1");
        }
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be within 0..1; got " + probability);
        }
    }

    /** Drops the {@code nth} (1 = first) segments {@code match} selects. */
    public static PacketLoss nth(String name, SegmentMatch match, List<Long> nth) {
        if (nth.isEmpty()) {
            throw new IllegalArgumentException("nth needs at least one position");
        }
        return new PacketLoss(name, match, nth, 0, 0);
    }

    /** Drops each selected segment with {@code probability}, drawn from a stream seeded by {@code seed} and the name. */
    public static PacketLoss random(String name, SegmentMatch match, double probability, long seed) {
        return new PacketLoss(name, match, List.of(), probability, seed);
    }

    /** Drops every segment {@code match} selects. */
    public static PacketLoss all(String name, SegmentMatch match) {
        return new PacketLoss(name, match, List.of(), 1, 0);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Verdict inspect(IpDatagram datagram, long nowMicros) {
        if (!match.matches(datagram)) {
            return Verdict.PASS;
        }
        seen++;
        if (!nth.isEmpty()) {
            return nth.contains(seen)
                    ? Verdict.drop("loses " + match.describe() + " number " + seen + " (nth " + nth + ")")
                    : Verdict.PASS;
        }
        if (probability >= 1) {
            return Verdict.drop("loses every " + match.describe());
        }
        // One draw per selected segment, in the order they pass: same seed, same losses.
        double draw = random.nextDouble();
        return draw < probability
                ? Verdict.drop(String.format(java.util.Locale.ROOT, "random loss of %s number %d (draw %.4f < p %s)",
                        match.describe(), seen, draw, probability))
                : Verdict.PASS;
    }
}
