package dev.handshakelab.core.net;

import dev.handshakelab.core.wire.IpDatagram;

/**
 * A stateful firewall: the rule set {@code -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT}
 * then {@code --ctstate INVALID -j <refusal>}, over one {@link Conntrack} table. Placed on both
 * routes the same instance sees both directions and shares its table; placed on one route only,
 * it never sees the SYN of a connection whose reply comes back through it, so the SYN-ACK has no
 * entry and is INVALID: the asymmetric-routing trap.
 */
public final class ConntrackFirewall implements Middlebox {

    private final String name;
    private final Refusal onInvalid;
    private final Conntrack table = new Conntrack();

    public ConntrackFirewall(String name, Refusal onInvalid) {
        this.name = name;
        this.onInvalid = onInvalid;
    }

    @Override
    public String name() {
        return name;
    }

    /** The firewall's table, for inspection. */
    public Conntrack table() {
        return table;
    }

    @Override
    public long footprintBytes() {
        return (long) table.size() * Conntrack.ENTRY_BYTES;
    }

    @Override
    public Verdict inspect(IpDatagram datagram, long nowMicros) {
        Conntrack.Result r = table.track(datagram, nowMicros);
        return r.ctState() == Conntrack.CtState.INVALID ? onInvalid.verdict(datagram, r.reason()) : Verdict.PASS;
    }
}
