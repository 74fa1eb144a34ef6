package dev.handshakelab.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.profile.ClientPreset;
import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.sim.Reaction;
import dev.handshakelab.core.sim.SimInput;
import dev.handshakelab.core.sim.Simulation;
import dev.handshakelab.core.sim.SimulationConfig;
import dev.handshakelab.core.tcp.Host;
import dev.handshakelab.core.tcp.TcpEvent;
import dev.handshakelab.core.tcp.TcpState;
import dev.handshakelab.core.wire.HostPort;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.Ipv6Address;
import dev.handshakelab.core.wire.SegmentCodec;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A lab whose two hosts are IPv6, end to end: the handshake, the MSS from the IPv6 MTU, the
 * flow labels Linux 6.x writes ({@code ip6_make_flowlabel}), and ICMPv6 from a middlebox as
 * {@code tcp_v6_err} and {@code icmpv6_err_convert} take it.
 */
class Ipv6PathTest {

    static final Ipv6Address SERVER = Ipv6Address.parse("2001:db8::2");
    static final Ipv6Address CLIENT = Ipv6Address.parse("2001:db8::1");

    private static SimulationConfig v6() {
        return SimulationConfig.defaults().withAddresses(new HostPort(SERVER, 80), CLIENT);
    }

    private static Simulation sim(List<Middlebox> forward, List<Middlebox> back) {
        return new Simulation(v6().withPath(new NetworkPath(new Route(forward, 0), new Route(back, 0))));
    }

    private static Reaction connect(Simulation sim) {
        return sim.apply(new SimInput.Connect(40001, ClientPreset.LINUX, true));
    }

    private static PacketFilter reject(SegmentMatch what, Refusal refusal) {
        return new PacketFilter("acl", List.of(new PacketFilter.Rule(what, refusal)), null);
    }

    @Test
    void handshakeOverIpv6_offersMtuMinus60_andEveryDatagramIsIpv6WithAValidChecksum() {
        Simulation sim = sim(List.of(), List.of());
        Reaction r = connect(sim);

        List<IpDatagram> sent = r.segmentsSent().stream().map(TcpEvent.SegmentSent::datagram).toList();
        assertThat(sent).extracting(d -> d.segment().flags()).containsExactly(TcpFlags.SYN_ONLY, TcpFlags.SYN_ACK, TcpFlags.ACK_ONLY);
        assertThat(sent).allSatisfy(d -> {
            assertThat(d.ipv6()).isTrue();
            assertThat(d.ttl()).as("hop limit").isEqualTo(64);
            byte[] wire = SegmentCodec.encodeIp(d);
            assertThat(wire[0] >>> 4).isEqualTo(6);
            assertThat(SegmentCodec.decodeIp(wire).tcp().checksumValid()).isTrue();
        });
        assertThat(sent.get(0).segment().option(TcpOption.MaxSegmentSize.class).mss()).as("tcp_v6_connect: 1500 − 60").isEqualTo(1440);
        assertThat(sent.get(1).segment().option(TcpOption.MaxSegmentSize.class).mss()).isEqualTo(1440);
        assertThat(sim.client().connections().get(0).state()).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void mssFollowsTheMtu_1280GivesIpv6sSmallest1220() {
        Simulation sim = new Simulation(v6().withProfile(StackProfile.linux().withMtu(1280)));
        List<TcpEvent.SegmentSent> sent = connect(sim).segmentsSent();
        assertThat(sent.get(0).datagram().segment().option(TcpOption.MaxSegmentSize.class).mss()).isEqualTo(1220);
        assertThat(sent.get(1).datagram().segment().option(TcpOption.MaxSegmentSize.class).mss()).isEqualTo(1220);
    }

    @Test
    void flowLabels_aSocketKeepsItsTxhash_aRetransmissionDrawsANewOne() {
        PacketFilter dropAcks = reject(new SegmentMatch(TcpFlags.ACK, null, null, null, null, null, null), Refusal.DROP);
        Simulation sim = sim(List.of(dropAcks), List.of());
        Reaction r = connect(sim);
        IpDatagram syn = r.segmentsSent().get(0).datagram();
        IpDatagram synAck = r.segmentsSent().get(1).datagram();
        IpDatagram ack = r.segmentsSent().get(2).datagram();
        assertThat(syn.flowLabel()).isNotZero();
        assertThat(synAck.flowLabel()).isNotZero().isNotEqualTo(syn.flowLabel());
        assertThat(ack.flowLabel()).as("the client's socket keeps its txhash").isEqualTo(syn.flowLabel());

        // the third ACK was dropped: the SYN-ACK is resent at 1 s with a new txhash (tcp_rtx_synack)
        Reaction retransmit = sim.apply(new SimInput.AdvanceToNext());
        IpDatagram again = retransmit.serverReplies().get(0).datagram();
        assertThat(again.segment().flags()).isEqualTo(TcpFlags.SYN_ACK);
        assertThat(again.flowLabel()).isNotZero().isNotEqualTo(synAck.flowLabel());

        // the same seed replays the same labels
        Simulation replay = sim(List.of(dropAcks), List.of());
        assertThat(connect(replay).segmentsSent().get(1).datagram().flowLabel()).isEqualTo(synAck.flowLabel());
    }

    @Test
    void icmp6AdmProhibitedForTheSyn_failsConnectWithEacces() {
        // a rule written with the IPv4 code answers an IPv6 SYN with ICMPv6 administratively prohibited
        Simulation sim = sim(List.of(reject(PathThroughSimulationTest.SYNS, Refusal.icmp(IcmpUnreachable.ADMIN_PROHIBITED))), List.of());
        Reaction r = connect(sim);
        TcpEvent.IcmpReceived icmp = r.ofType(TcpEvent.IcmpReceived.class).get(0);
        assertThat(icmp.code()).isEqualTo(IcmpUnreachable.ICMP6_ADM_PROHIBITED);
        assertThat(icmp.code().type()).isEqualTo(1);
        assertThat(icmp.code().code()).isEqualTo(1);
        assertThat(r.ofType(TcpEvent.ConnectFailed.class).get(0).reason()).as("icmpv6_err_convert").isEqualTo("EACCES");
    }

    @Test
    void icmp6CodesInSynSent_mapAsIcmpv6ErrConvertDoes() {
        for (var c : new Object[][] {{IcmpUnreachable.ICMP6_NO_ROUTE, "ENETUNREACH"}, {IcmpUnreachable.ICMP6_ADDR_UNREACHABLE, "EHOSTUNREACH"},
                {IcmpUnreachable.ICMP6_PORT_UNREACHABLE, "ECONNREFUSED"}, {IcmpUnreachable.PORT_UNREACHABLE, "ECONNREFUSED"},
                {IcmpUnreachable.NET_UNREACHABLE, "ENETUNREACH"}}) {
            Simulation sim = sim(List.of(reject(PathThroughSimulationTest.SYNS, Refusal.icmp((IcmpUnreachable) c[0]))), List.of());
            assertThat(connect(sim).ofType(TcpEvent.ConnectFailed.class).get(0).reason()).as("%s", c[0]).isEqualTo(c[1]);
        }
    }

    @Test
    void icmp6ForTheSynAck_dropsTheRequestOnlyWhenFatal_theOppositeOfIpv4sChoice() {
        // port unreachable: fatal for icmpv6_err_convert, so tcp_req_err drops the request (IPv4 ignores it)
        Simulation fatal = sim(List.of(), List.of(reject(PathThroughSimulationTest.SYN_ACKS, Refusal.icmp(IcmpUnreachable.PORT_UNREACHABLE))));
        Reaction r = connect(fatal);
        TcpEvent.IcmpReceived icmp = r.ofType(TcpEvent.IcmpReceived.class).get(0);
        assertThat(icmp.host()).isEqualTo(Host.SERVER);
        assertThat(icmp.code()).isEqualTo(IcmpUnreachable.ICMP6_PORT_UNREACHABLE);
        assertThat(icmp.effect()).contains("tcp_v6_err");
        assertThat(fatal.server().listener().synQueue().size()).isZero();

        // address unreachable: not fatal, the request stays and the SYN-ACK is resent (IPv4's host unreachable drops it)
        Simulation kept = sim(List.of(), List.of(reject(PathThroughSimulationTest.SYN_ACKS, Refusal.icmp(IcmpUnreachable.HOST_UNREACHABLE))));
        Reaction k = connect(kept);
        assertThat(k.ofType(TcpEvent.IcmpReceived.class).get(0).code()).isEqualTo(IcmpUnreachable.ICMP6_ADDR_UNREACHABLE);
        assertThat(k.ofType(TcpEvent.IcmpReceived.class).get(0).effect()).startsWith("ignored by the listener");
        assertThat(kept.server().listener().synQueue().size()).isEqualTo(1);
        assertThat(kept.apply(new SimInput.AdvanceToNext()).serverReplies()).isNotEmpty();
    }

    @Test
    void ipv6CodesOnAnIpv4Path_answerWithTheIpv4Equivalent() {
        Simulation sim = new Simulation(SimulationConfig.defaults().withPath(new NetworkPath(
                new Route(List.of(reject(PathThroughSimulationTest.SYNS, Refusal.icmp(IcmpUnreachable.ICMP6_ADM_PROHIBITED))), 0),
                new Route(List.of(), 0))));
        Reaction r = connect(sim);
        assertThat(r.ofType(TcpEvent.IcmpReceived.class).get(0).code()).isEqualTo(IcmpUnreachable.ADMIN_PROHIBITED);
        assertThat(r.ofType(TcpEvent.ConnectFailed.class).get(0).reason()).isEqualTo("EHOSTUNREACH");
        assertThat(IcmpUnreachable.labelled("icmp6-port-unreachable")).isEqualTo(IcmpUnreachable.ICMP6_PORT_UNREACHABLE);
    }
}
