package dev.handshakelab.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.profile.ClientPreset;
import dev.handshakelab.core.sim.Reaction;
import dev.handshakelab.core.sim.SimInput;
import dev.handshakelab.core.sim.Simulation;
import dev.handshakelab.core.sim.SimulationConfig;
import dev.handshakelab.core.tcp.Host;
import dev.handshakelab.core.tcp.TcpEvent;
import dev.handshakelab.core.tcp.TcpState;
import dev.handshakelab.core.wire.TcpFlags;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Middleboxes on the simulated path, end to end: the sender's TCP reacts to a refusal as Linux
 * does ({@code tcp_v4_err}, {@code tcp_req_err}, {@code icmp_err_convert}; RFC 9293 §3.10.7.3 for
 * an RST in SYN-SENT), and conntrack decides whether a handshake gets through.
 */
class PathThroughSimulationTest {

    static final SegmentMatch SYNS = new SegmentMatch(TcpFlags.SYN, null, null, null, null, null, null);
    static final SegmentMatch SYN_ACKS = new SegmentMatch(TcpFlags.SYN | TcpFlags.ACK, null, null, null, null, null, null);

    private static Simulation sim(List<Middlebox> forward, List<Middlebox> back) {
        return new Simulation(SimulationConfig.defaults().withPath(new NetworkPath(new Route(forward, 0), new Route(back, 0))));
    }

    private static Reaction connect(Simulation sim) {
        return sim.apply(new SimInput.Connect(40001, ClientPreset.LINUX, true));
    }

    private static PacketFilter rejectSyns(Refusal refusal) {
        return new PacketFilter("acl", List.of(new PacketFilter.Rule(SYNS, refusal)), null);
    }

    @Test
    void icmpAdminProhibitedForTheSyn_failsConnectAtOnceWithEhostunreach() {
        Simulation sim = sim(List.of(rejectSyns(Refusal.icmp(IcmpUnreachable.ADMIN_PROHIBITED))), List.of());
        Reaction r = connect(sim);
        TcpEvent.IcmpReceived icmp = r.ofType(TcpEvent.IcmpReceived.class).get(0);
        assertThat(icmp.host()).isEqualTo(Host.CLIENT);
        assertThat(icmp.from()).isEqualTo("acl");
        assertThat(icmp.quoted().segment().flags()).isEqualTo(TcpFlags.SYN_ONLY);
        TcpEvent.ConnectFailed failed = r.ofType(TcpEvent.ConnectFailed.class).get(0);
        assertThat(failed.reason()).isEqualTo("EHOSTUNREACH");
        assertThat(failed.atMicros()).isZero();
        assertThat(sim.client().connections()).isEmpty();
        assertThat(sim.nextDeadline()).isEmpty(); // no SYN retransmission left
    }

    @Test
    void icmpPortUnreachableForTheSyn_failsConnectWithEconnrefused() {
        Simulation sim = sim(List.of(rejectSyns(Refusal.icmp(IcmpUnreachable.PORT_UNREACHABLE))), List.of());
        assertThat(connect(sim).ofType(TcpEvent.ConnectFailed.class).get(0).reason()).isEqualTo("ECONNREFUSED");
    }

    @Test
    void rstFromTheFirewallInTheServersName_refusesTheConnection() {
        Simulation sim = sim(List.of(rejectSyns(Refusal.RESET)), List.of());
        Reaction r = connect(sim);
        assertThat(r.segmentsSent()).extracting(s -> s.datagram().segment().flags()).containsExactly(TcpFlags.SYN_ONLY, TcpFlags.RST_ACK);
        assertThat(r.ofType(TcpEvent.ConnectFailed.class).get(0).reason()).isEqualTo("ECONNREFUSED");
        assertThat(sim.server().listener().synQueue().size()).isZero(); // the server never saw the SYN
    }

    @Test
    void icmpPortUnreachableForTheSynAck_isIgnoredByTheListener_whichRetransmitsOnSchedule() {
        PacketFilter back = new PacketFilter("acl", List.of(new PacketFilter.Rule(SYN_ACKS, Refusal.icmp(IcmpUnreachable.PORT_UNREACHABLE))), null);
        Simulation sim = sim(List.of(), List.of(back));
        Reaction r = connect(sim);
        TcpEvent.IcmpReceived icmp = r.ofType(TcpEvent.IcmpReceived.class).get(0);
        assertThat(icmp.host()).isEqualTo(Host.SERVER);
        assertThat(icmp.effect()).startsWith("ignored by the listener");
        assertThat(sim.server().listener().synQueue().size()).isEqualTo(1);
        Reaction next = sim.apply(new SimInput.AdvanceToNext());
        assertThat(next.endedAt()).isEqualTo(1_000_000);
        assertThat(next.serverReplies()).isNotEmpty();
    }

    @Test
    void icmpHostUnreachableForTheSynAck_dropsTheHalfOpenRequest() {
        PacketFilter back = new PacketFilter("acl", List.of(new PacketFilter.Rule(SYN_ACKS, Refusal.icmp(IcmpUnreachable.HOST_UNREACHABLE))), null);
        Simulation sim = sim(List.of(), List.of(back));
        Reaction r = connect(sim);
        TcpEvent.StateChanged closed = r.ofType(TcpEvent.StateChanged.class).stream()
                .filter(s -> s.host() == Host.SERVER && s.to() == TcpState.CLOSED).findFirst().orElseThrow();
        assertThat(closed.cause()).contains("tcp_req_err");
        assertThat(sim.server().listener().synQueue().size()).isZero();
    }

    @Test
    void firewallOnTheReturnRouteOnly_dropsEverySynAck_whileOneSeeingBothWaysLetsTheHandshakeThrough() {
        ConntrackFirewall asym = new ConntrackFirewall("fw", Refusal.DROP);
        Simulation blocked = sim(List.of(), List.of(asym));
        Reaction r = connect(blocked);
        TcpEvent.SegmentDropped drop = r.ofType(TcpEvent.SegmentDropped.class).get(0);
        assertThat(drop.where()).isEqualTo("return route: fw");
        assertThat(drop.detail()).isEqualTo("no conntrack entry for 10.0.0.2:80 → 10.0.0.1:40001, state INVALID");
        assertThat(blocked.client().connections().get(0).state()).isEqualTo(TcpState.SYN_SENT);

        ConntrackFirewall both = new ConntrackFirewall("fw", Refusal.DROP);
        Simulation open = sim(List.of(both), List.of(both));
        connect(open);
        assertThat(open.client().connections().get(0).state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(both.table().stateOf(open.client().connections().get(0).local(), open.config().server(), 0))
                .isEqualTo(Conntrack.State.ESTABLISHED);
    }
}
