package dev.handshakelab.core.net;

import dev.handshakelab.core.wire.IpDatagram;
import java.util.List;

/**
 * A stateless packet filter: rules by address, port and flags, the first match decides, and a
 * default policy for what no rule matches (an iptables chain without {@code -m conntrack}). It
 * remembers nothing, so it cannot tell a SYN-ACK answering a SYN from one that answers nothing.
 */
public final class PacketFilter implements Middlebox {

    /** One rule; a null {@code refusal} accepts. */
    public record Rule(SegmentMatch match, Refusal refusal) {
        String action() {
            return refusal == null ? "accept" : refusal.label();
        }
    }

    private final String name;
    private final List<Rule> rules;
    private final Refusal policy;

    /** {@code policy} is what happens to segments no rule matches; null accepts them. */
    public PacketFilter(String name, List<Rule> rules, Refusal policy) {
        this.name = name;
        this.rules = List.copyOf(rules);
        this.policy = policy;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Verdict inspect(IpDatagram datagram, long nowMicros) {
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (rule.match().matches(datagram)) {
                return rule.refusal() == null ? Verdict.PASS
                        : rule.refusal().verdict(datagram, "rule " + (i + 1) + " (" + rule.action() + " " + rule.match().describe() + ") matched");
            }
        }
        return policy == null ? Verdict.PASS : policy.verdict(datagram, "no rule matched; default policy " + policy.label());
    }
}
