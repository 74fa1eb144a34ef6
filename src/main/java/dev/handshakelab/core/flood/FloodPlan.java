package dev.handshakelab.core.flood;

import dev.handshakelab.core.profile.ClientPreset;

/**
 * Everything that determines a SYN flood step: the generating input that is stored instead of
 * the packets, and replayed to the same result.
 *
 * <p>The step covers {@code durationMicros} of virtual time from the moment it starts. The
 * attacker begins {@code startMicros} into it and sends {@code syns} SYNs at
 * {@code ratePerSecond} (SYN i at {@code start + floor(i · 10^6 / rate)} µs), each a bare
 * {@code mss 1460} SYN from a spoofed source, never answering. From the first instant,
 * {@code legitClients} simulated clients of the given preset connect at
 * {@code legitRatePerSecond}, one connect() each, retrying their SYN as the profile says.
 *
 * @param sampleFirst the history keeps the events of the first this-many attack SYNs
 * @param sampleEvery ... and of every this-many-th one after that (0 = none)
 */
public record FloodPlan(long seed, long syns, long ratePerSecond, AttackSources sources, long startMicros,
                        long durationMicros, int legitClients, long legitRatePerSecond, ClientPreset preset,
                        long bucketMicros, int sampleFirst, int sampleEvery) {

    /** The attack SYNs carry what simple flood tools send: an MSS option and nothing else. */
    public static final int ATTACK_MSS = 1460;
    public static final int ATTACK_WINDOW = 64240;

    public FloodPlan {
        require(syns >= 0, "syns must be >= 0; got " + syns);
        require(ratePerSecond > 0, "ratePerSecond must be > 0; got " + ratePerSecond);
        require(sources != null, "sources are required");
        require(startMicros >= 0, "startMicros must be >= 0; got " + startMicros);
        require(durationMicros > 0, "durationMicros must be > 0; got " + durationMicros);
        require(legitClients >= 0, "legitClients must be >= 0; got " + legitClients);
        require(legitClients == 0 || legitRatePerSecond > 0, "legitRatePerSecond must be > 0; got " + legitRatePerSecond);
        require(preset != null, "preset is required");
        require(bucketMicros > 0, "bucketMicros must be > 0; got " + bucketMicros);
        require(sampleFirst >= 0 && sampleEvery >= 0, "sampling counts must be >= 0");
        // (fields are not assigned yet inside a compact constructor: compute from the parameters)
        long lastAttack = syns == 0 ? 0 : startMicros + (syns - 1) * 1_000_000L / ratePerSecond;
        long lastClient = legitClients == 0 ? 0 : (legitClients - 1) * 1_000_000L / legitRatePerSecond;
        require(lastAttack < durationMicros,
                "the last attack SYN (at " + lastAttack + " µs) must fall inside durationMicros " + durationMicros);
        require(lastClient < durationMicros,
                "the last legitimate client (at " + lastClient + " µs) must start inside durationMicros " + durationMicros);
    }

    /** When attack SYN {@code i} (0-based) leaves, relative to the step's start. */
    public long attackAt(long i) {
        return startMicros + i * 1_000_000L / ratePerSecond;
    }

    /** When legitimate client {@code j} (0-based) calls connect(), relative to the step's start. */
    public long legitAt(long j) {
        return j * 1_000_000L / legitRatePerSecond;
    }

    /** Whether the events of attack SYN {@code i} (0-based) are kept in the history. */
    public boolean sampled(long i) {
        return i < sampleFirst || (sampleEvery > 0 && (i + 1) % sampleEvery == 0);
    }

    public int buckets() {
        return (int) ((durationMicros + bucketMicros - 1) / bucketMicros);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
