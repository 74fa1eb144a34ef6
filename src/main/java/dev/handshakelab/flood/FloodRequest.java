package dev.handshakelab.flood;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Start a SYN flood. Every field is checked by {@link FloodRequests}, which names the field and
 * the rule of anything it refuses.
 */
@Schema(example = "{\"syns\":1000000,\"ratePerSecond\":100000,\"sources\":{\"cidr\":\"198.51.100.0/24\"},\"startMillis\":0,"
        + "\"durationMillis\":10000,\"legitimate\":{\"clients\":1000,\"ratePerSecond\":100,\"preset\":\"linux\"},\"bucketMillis\":100}")
public record FloodRequest(
        @Schema(description = "How many spoofed SYNs the attacker sends (0 for none)") Long syns,
        @Schema(description = "Attack SYNs per second of virtual time") Long ratePerSecond,
        @Schema(description = "Spoofed source addresses: {\"cidr\":\"198.51.100.0/24\"} (swept in order; in an IPv6 session an "
                + "IPv6 prefix such as 2001:db8:5::/64, swept in its low bits) or {\"random\":true}") Sources sources,
        @Schema(description = "When the attack starts, in ms after the step begins") Long startMillis,
        @Schema(description = "How much virtual time the step covers; default: just enough for the attack and the clients. "
                + "At most handshake-lab.limits.max-flood-millis (3600000, one hour, by default), also when derived from syns and ratePerSecond") Long durationMillis,
        @Schema(description = "Legitimate clients that keep connecting during the flood. Their events count against the step's event "
                + "budget (see the operation's description)") Legitimate legitimate,
        @Schema(description = "Width of a time-series bucket in ms (default 100)") Long bucketMillis,
        @Schema(description = "Seed of the spoofed sources and ISNs; default derived from the session seed and step") Long seed,
        @Schema(description = "Which attack SYNs the history keeps: the first `first` and every `every`-th") Sample sample) {

    public record Sources(String cidr, Boolean random) {}

    public record Legitimate(
            @Schema(description = "How many clients connect, one connect() each; at most handshake-lab.limits.max-flood-clients "
                    + "(2000 by default), and fewer if their events, 17 + 5 per SYN retransmission each, would pass the step's "
                    + "event budget") Integer clients,
            Long ratePerSecond, String preset) {}

    public record Sample(Integer first, Integer every) {}
}
