package dev.handshakelab.flood;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.handshakelab.core.flood.AttackSources;
import dev.handshakelab.core.profile.ClientPreset;
import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.Ipv6Address;
import dev.handshakelab.limits.Limits;
import dev.handshakelab.session.StepInput;
import dev.handshakelab.session.api.SessionView;
import dev.handshakelab.web.BudgetExceededException;
import dev.handshakelab.web.InvalidRequestException;
import dev.handshakelab.web.InvalidRequestException.FieldError;

/**
 * Turns a {@link FloodRequest} into the stored step, checking every rule first and reporting all
 * broken ones at once, each with its field path.
 */
final class FloodRequests {

    static final long DEFAULT_BUCKET_MILLIS = 100;
    static final int MAX_BUCKETS = 5000;
    static final int MAX_CLIENTS = 20_000;
    static final long MAX_RATE = 100_000_000;
    static final int DEFAULT_SAMPLE_FIRST = 20;
    static final int DEFAULT_SAMPLE_EVERY = 10_000;
    /** At most this many attack SYNs are kept by the every-Nth rule, so history stays small whatever the count. */
    static final long MAX_EVERY_SAMPLES = 1000;
    static final int MAX_SAMPLE_FIRST = 1000;

    private FloodRequests() {}

    /**
     * The flood step for this request, or a problem: 400 for a broken rule, 422 for a flood over
     * a budget of {@code limits} (its virtual time, its clients, the events it would make, given
     * that {@code budget} events are left for this step).
     */
    static StepInput.Flood toStep(FloodRequest r, SessionView session, long maxSyns, Limits limits, long budget) {
        int maxClients = Math.min(MAX_CLIENTS, limits.maxFloodClients());
        List<FieldError> errors = new ArrayList<>();
        long syns = r.syns() == null ? 0 : r.syns();
        if (r.syns() == null) {
            errors.add(new FieldError("syns", "required", "is required: how many spoofed SYNs to send (0 for none)"));
        } else if (syns < 0 || syns > maxSyns) {
            errors.add(new FieldError("syns", "0.." + maxSyns, "must be between 0 and " + maxSyns + " (handshake-lab.flood.max-syns)"));
        }
        // without attack SYNs (legitimate clients only) the attack's rate and sources do not matter
        boolean attack = syns > 0 || r.ratePerSecond() != null || r.sources() != null;
        long rate = attack ? positive(errors, "ratePerSecond", r.ratePerSecond(), MAX_RATE) : 1;
        String cidr = attack ? sources(errors, r.sources(), session) : null;
        long startMillis = r.startMillis() == null ? 0 : r.startMillis();
        if (startMillis < 0 || startMillis > 86_400_000L) {
            errors.add(new FieldError("startMillis", "0..86400000", "must be between 0 and 86400000 (one day)"));
        }
        long bucketMillis = r.bucketMillis() == null ? DEFAULT_BUCKET_MILLIS : positive(errors, "bucketMillis", r.bucketMillis(), 86_400_000L);
        FloodRequest.Legitimate legit = r.legitimate();
        int clients = 0;
        long clientRate = 1;
        String preset = "linux";
        if (legit != null) {
            clients = legit.clients() == null ? 0 : legit.clients();
            if (clients < 0 || clients > maxClients) {
                errors.add(new FieldError("legitimate.clients", "0.." + maxClients, "must be between 0 and " + maxClients
                        + " (they take ports from 32768..60999; handshake-lab.limits.max-flood-clients)"));
            }
            if (clients > 0) {
                clientRate = positive(errors, "legitimate.ratePerSecond", legit.ratePerSecond(), 1_000_000);
            }
            if (legit.preset() != null) {
                try {
                    preset = ClientPreset.named(legit.preset()).name().toLowerCase(Locale.ROOT);
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("legitimate.preset", "one of linux, windows, macos", e.getMessage()));
                }
            }
        }
        FloodRequest.Sample sample = r.sample();
        int first = sample == null || sample.first() == null ? DEFAULT_SAMPLE_FIRST : sample.first();
        int every = sample == null || sample.every() == null ? DEFAULT_SAMPLE_EVERY : sample.every();
        if (first < 0 || first > MAX_SAMPLE_FIRST) {
            errors.add(new FieldError("sample.first", "0.." + MAX_SAMPLE_FIRST, "must be between 0 and " + MAX_SAMPLE_FIRST));
        }
        if (every < 0 || (every > 0 && syns / every > MAX_EVERY_SAMPLES)) {
            errors.add(new FieldError("sample.every", "0 or >= syns/" + MAX_EVERY_SAMPLES,
                    "must be 0 (none) or at least syns / " + MAX_EVERY_SAMPLES + " = " + Math.max(1, syns / MAX_EVERY_SAMPLES)
                            + ", so the history keeps at most " + MAX_EVERY_SAMPLES + " of them"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        long attackEnd = syns == 0 ? 0 : startMillis * 1000 + (syns - 1) * 1_000_000L / rate + 1;
        long clientsEnd = clients == 0 ? 0 : (clients - 1) * 1_000_000L / clientRate + 1;
        long needed = Math.max(1, Math.max(attackEnd, clientsEnd));
        long bucketMicros = bucketMillis * 1000;
        long durationMicros;
        if (r.durationMillis() == null) {
            durationMicros = (needed + bucketMicros - 1) / bucketMicros * bucketMicros;
        } else {
            // saturated: past Long.MAX_VALUE / 1000 ms the product wraps, even to a short positive duration
            durationMicros = r.durationMillis() > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : r.durationMillis() * 1000;
            if (r.durationMillis() <= 0) {
                errors.add(new FieldError("durationMillis", "positive", "must be greater than 0"));
            } else if (durationMicros < needed) {
                errors.add(new FieldError("durationMillis", ">= " + ceilMillis(needed),
                        "must be at least " + ceilMillis(needed) + " ms: startMillis + syns / ratePerSecond for the attack, "
                                + "clients / ratePerSecond for the legitimate clients"));
            }
        }
        long maxMicros = limits.maxFloodMillis() * 1000;
        // before the bucket rule, whose advice (wider buckets) would not help a flood that is too long
        if (durationMicros > maxMicros) {
            throw new BudgetExceededException(r.durationMillis() != null ? "durationMillis" : "syns",
                    "virtual time <= " + limits.maxFloodMillis() + " ms", limits.maxFloodMillis(),
                    (r.durationMillis() != null ? "asks for " + r.durationMillis()
                            : "at ratePerSecond would need " + ceilMillis(durationMicros))
                            + " ms of virtual time; a flood may cover at most " + limits.maxFloodMillis()
                            + " ms (handshake-lab.limits.max-flood-millis)");
        }
        if (durationMicros / bucketMicros > MAX_BUCKETS) {
            errors.add(new FieldError("bucketMillis", "durationMillis / bucketMillis <= " + MAX_BUCKETS,
                    "must be at least " + ceilMillis(durationMicros / MAX_BUCKETS) + " ms so the series has at most " + MAX_BUCKETS + " buckets"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        long seed = r.seed() != null ? r.seed() : session.seed() * 0x9E3779B97F4A7C15L + session.steps() + 1;
        StepInput.Flood flood = new StepInput.Flood(seed, syns, rate, cidr, startMillis * 1000, durationMicros, clients, clientRate,
                preset, bucketMicros, first, every);
        FloodBudget.check(flood, session.knobs(), budget, limits);
        return flood;
    }

    private static long ceilMillis(long micros) {
        return (micros + 999) / 1000;
    }

    private static long positive(List<FieldError> errors, String field, Long value, long max) {
        if (value == null) {
            errors.add(new FieldError(field, "required", "is required"));
            return 1;
        }
        if (value <= 0 || value > max) {
            errors.add(new FieldError(field, "1.." + max, "must be between 1 and " + max));
            return 1;
        }
        return value;
    }

    /**
     * The prefix text (normalised), or null for random sources. The prefix is of the session's
     * family: an IPv4 one ({@code 198.51.100.0/24}) in an IPv4 session, an IPv6 one
     * ({@code 2001:db8:5::/64}) in an IPv6 session, whose server could not receive a SYN of the
     * other family.
     */
    private static String sources(List<FieldError> errors, FloodRequest.Sources s, SessionView session) {
        boolean random = s != null && Boolean.TRUE.equals(s.random());
        if (s == null || (s.cidr() == null) == !random) {
            errors.add(new FieldError("sources", "exactly one of cidr, random",
                    "give either {\"cidr\":\"198.51.100.0/24\"} or {\"random\":true}"));
            return null;
        }
        if (random) {
            return null;
        }
        boolean v6 = session.server().address().indexOf(':') >= 0;
        String rule = v6 ? "ipv6-prefix" : "ipv4-cidr";
        String shape = v6 ? "an IPv6 prefix such as 2001:db8:5::/64 or 2001:db8:5::/112 (or an IPv4 one, sent from 64:ff9b::/96)"
                : "an IPv4 prefix such as 198.51.100.0/24";
        // an IPv4 prefix is welcome in an IPv6 session too: it floods from 64:ff9b::/96 (RFC 6052, AttackSources.Cidr.embedded)
        boolean v4Prefix = s.cidr().indexOf(':') < 0;
        if (!v4Prefix && !v6) {
            // a server of one family never receives a SYN from the other (IPv6 sessions: Ipv6FloodApiTest)
            errors.add(new FieldError("sources.cidr", rule, "must be " + shape + ": '" + s.cidr()
                    + "' is IPv6, and this session's network is IPv4 (server " + session.server().address() + ")"));
            return null;
        }
        AttackSources prefix;
        try {
            prefix = v4Prefix ? AttackSources.Cidr.parse(s.cidr()) : AttackSources.Cidr6.parse(s.cidr());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("sources.cidr", rule, "must be " + shape + ": " + e.getMessage()));
            return null;
        }
        for (String lab : List.of(session.client().address(), session.server().address())) {
            IpAddress a = IpAddress.parse(lab);
            // an IPv4 prefix holds an IPv6 lab's address only inside 64:ff9b::/96, where it embeds it
            boolean inside = prefix instanceof AttackSources.Cidr c ? c.contains(a)
                    : a instanceof Ipv6Address v6a && ((AttackSources.Cidr6) prefix).contains(v6a);
            if (inside) {
                errors.add(new FieldError("sources.cidr", "excludes the lab's addresses",
                        "must not contain " + lab + ": the lab's own hosts cannot be spoofed sources"));
            }
        }
        return prefix.describe();
    }
}
