package dev.handshakelab.session;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import dev.handshakelab.core.flood.AttackSources;
import dev.handshakelab.core.flood.FloodPlan;
import dev.handshakelab.core.profile.ClientPreset;

/**
 * A step as it is stored and replayed: the smallest exact record of what the user did.
 * A crafted segment is stored as the IPv4 or IPv6 datagram's bytes, exactly as they went on the
 * wire (for raw input: exactly as typed, a bad checksum included), so replay cannot drift from
 * what the user sent.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = StepInput.Segment.class, name = "segment"),
        @JsonSubTypes.Type(value = StepInput.Connect.class, name = "connect"),
        @JsonSubTypes.Type(value = StepInput.Clock.class, name = "clock"),
        @JsonSubTypes.Type(value = StepInput.Flood.class, name = "flood")})
public sealed interface StepInput {

    /** The kind column of {@code session_step}. */
    String kind();

    /** A segment the student sent from the client side: the whole IPv4 or IPv6 datagram as hex. */
    record Segment(String ipHex) implements StepInput {
        public String kind() { return "segment"; }
    }

    /** A simulated client's active open. */
    record Connect(int clientPort, String preset, boolean autoAck) implements StepInput {
        public String kind() { return "connect"; }
    }

    /** Clock moved by {@code advanceMicros}, or to the next deadline when {@code toNext}. */
    record Clock(long advanceMicros, boolean toNext) implements StepInput {
        public String kind() { return "clock"; }
    }

    /**
     * A SYN flood, stored as what generates it (seed, counts, rates, source range) rather than as
     * its packets; replay regenerates the same SYNs. {@code cidr} is an IPv4 or IPv6 prefix, null for random sources.
     */
    record Flood(long seed, long syns, long ratePerSecond, String cidr, long startMicros, long durationMicros,
            int legitClients, long legitRatePerSecond, String preset, long bucketMicros, int sampleFirst,
            int sampleEvery) implements StepInput {
        public String kind() { return "flood"; }

        /** The core's plan for this flood. */
        public FloodPlan plan() {
            AttackSources sources = cidr == null ? new AttackSources.RandomAddresses() : AttackSources.parse(cidr);
            return new FloodPlan(seed, syns, ratePerSecond, sources, startMicros, durationMicros, legitClients,
                    legitRatePerSecond, ClientPreset.named(preset), bucketMicros, sampleFirst, sampleEvery);
        }
    }
}
