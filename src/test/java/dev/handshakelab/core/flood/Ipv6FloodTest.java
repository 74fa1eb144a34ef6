package dev.handshakelab.core.flood;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.sim.FloodOutcome;
import dev.handshakelab.core.sim.Simulation;
import dev.handshakelab.core.sim.SimulationConfig;
import dev.handshakelab.core.tcp.Host;
import dev.handshakelab.core.tcp.TcpEvent;
import dev.handshakelab.core.wire.HostPort;
import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.Ipv4Address;
import dev.handshakelab.core.wire.Ipv6Address;
import dev.handshakelab.core.wire.TcpOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A SYN flood against an IPv6 lab: the spoofed sources are the plan's IPv4 ones embedded in
 * {@code 64:ff9b::/96} (RFC 6052) and take the IPv6 fast path ({@code TcpHost.floodSyn6}) as a
 * native IPv6 prefix's do ({@link SynFloodIpv6Test}), and the listener's decisions, which do not depend on the family, add up to what the
 * same flood does to an IPv4 lab (cookies from {@code cookie_v6_init_sequence}'s table aside).
 */
class Ipv6FloodTest {

    static FloodOutcome run(int syncookies, boolean ipv6) {
        SimulationConfig config = SimulationConfig.defaults()
                .withProfile(StackProfile.linux().withBacklog(SynFloodModesTest.B).withSyncookies(syncookies));
        if (ipv6) {
            config = config.withAddresses(HostPort.parse("2001:db8::2", 80), IpAddress.parse("2001:db8::1"));
        }
        return new Simulation(config).flood(SynFloodModesTest.plan(1, 5, 5000));
    }

    @Test
    void theSameFloodAddsUpTheSameOverIpv6_withAndWithoutCookies() {
        for (int syncookies : new int[] {0, 1, 2}) {
            FloodSeries.Bucket v4 = run(syncookies, false).series().totals();
            FloodSeries.Bucket v6 = run(syncookies, true).series().totals();
            // an IPv6 request holds a 32-byte address, 16 bytes more (HalfOpenFootprint.BYTES_V6)
            assertThat(v6).as("syncookies=%d", syncookies).usingRecursiveComparison().ignoringFields("halfOpenBytes").isEqualTo(v4);
            assertThat(v6.halfOpenBytes()).isEqualTo((long) v6.synQueue() * HalfOpenFootprint.BYTES_V6);
            assertThat(v6.synsReceived()).isGreaterThan(SynFloodModesTest.N);
        }
    }

    @Test
    void spoofedSourcesAreIpv4EmbeddedIpv6Addresses_andTheirSynAcksAreIpv6() {
        FloodOutcome outcome = run(1, true);
        List<TcpEvent> events = outcome.reaction().events();
        TcpEvent.SegmentReceived attackSyn = events.stream().filter(e -> e instanceof TcpEvent.SegmentReceived r
                && r.host() == Host.SERVER && !r.datagram().src().equals(IpAddress.parse("2001:db8::1")))
                .map(e -> (TcpEvent.SegmentReceived) e).findFirst().orElseThrow();
        Ipv6Address src = (Ipv6Address) attackSyn.datagram().src();
        assertThat(src.toString()).startsWith("64:ff9b::");
        assertThat(AttackSources.Cidr.parse("198.51.100.0/24").contains(src)).isTrue();
        assertThat(AttackSources.source(src)).isEqualTo(Ipv4Address.parse("198.51.100.0").bits());

        IpDatagram synAck = events.stream().filter(e -> e instanceof TcpEvent.SegmentSent s && s.host() == Host.SERVER
                        && s.datagram().dst().equals(src))
                .map(e -> ((TcpEvent.SegmentSent) e).datagram()).findFirst().orElseThrow();
        assertThat(synAck.ipv6()).isTrue();
        assertThat(synAck.flowLabel()).isNotZero();
        assertThat(synAck.segment().option(TcpOption.MaxSegmentSize.class).mss()).isEqualTo(1440);
        assertThat(AttackSources.Cidr.parse("198.51.100.0/24").contains(IpAddress.parse("2001:db8::1"))).isFalse();
    }
}
