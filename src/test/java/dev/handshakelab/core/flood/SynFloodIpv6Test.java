package dev.handshakelab.core.flood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handshakelab.core.profile.ClientPreset;
import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.sim.FloodOutcome;
import dev.handshakelab.core.sim.Simulation;
import dev.handshakelab.core.sim.SimulationConfig;
import dev.handshakelab.core.tcp.Host;
import dev.handshakelab.core.tcp.SynCookies;
import dev.handshakelab.core.tcp.SynOptions;
import dev.handshakelab.core.tcp.TcpEvent;
import dev.handshakelab.core.tcp.TcpHost;
import dev.handshakelab.core.wire.HostPort;
import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.Ipv6Address;
import dev.handshakelab.core.wire.TcpOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * SYN floods in an IPv6 lab: spoofed sources from an IPv6 prefix, legitimate clients at the lab's
 * IPv6 client address, the fast path ({@link TcpHost#floodSyn6}) deciding as the full path does,
 * and cookies from {@code cookie_v6_init_sequence}. The flood is {@link SynFloodModesTest}'s,
 * so every count follows from the same rules; only the family differs.
 */
class SynFloodIpv6Test {

    static final int B = SynFloodModesTest.B;
    static final int QUEUE = SynFloodModesTest.QUEUE;
    static final long N = SynFloodModesTest.N;
    static final int CLIENTS = SynFloodModesTest.CLIENTS;
    static final long SEC = SynFloodModesTest.SEC;
    static final Ipv6Address SERVER = Ipv6Address.parse("2001:db8::2");
    static final Ipv6Address CLIENT = Ipv6Address.parse("2001:db8::1");

    static FloodPlan plan(long seed, AttackSources sources, int sampleFirst, int sampleEvery) {
        return new FloodPlan(seed, N, 10_000, sources, 500_000, 3 * SEC, CLIENTS, 10, ClientPreset.LINUX, 100_000,
                sampleFirst, sampleEvery);
    }

    static FloodPlan plan(long seed, int sampleFirst, int sampleEvery) {
        return plan(seed, AttackSources.parse("2001:db8:5::/64"), sampleFirst, sampleEvery);
    }

    static SimulationConfig v6(int syncookies) {
        SimulationConfig d = SimulationConfig.defaults();
        return new SimulationConfig(StackProfile.linux().withBacklog(B).withSyncookies(syncookies), d.seed(), d.startMicros(),
                new HostPort(SERVER, 80), CLIENT, d.path());
    }

    /** A bare {@code mss 1460} SYN's options, as the flood's attack SYNs carry. */
    private final SynOptions mss1460 = SynOptions.parse(List.of(new TcpOption.MaxSegmentSize(1460)), StackProfile.linux());

    private static TcpHost listening(IpAddress address, int syncookies, long seed) {
        TcpHost host = new TcpHost(Host.SERVER, address, StackProfile.linux().withSyncookies(syncookies), seed);
        host.listen(80);
        return host;
    }

    static FloodOutcome run(int syncookies, FloodPlan plan) {
        return new Simulation(v6(syncookies)).flood(plan);
    }

    @Test
    void anIpv6PrefixIsSweptInItsLowBitsThenOnTheNextPort() {
        AttackSources.Cidr6 p = AttackSources.Cidr6.parse("2001:db8:5::ffff/126");
        assertThat(p.describe()).isEqualTo("2001:db8:5::fffc/126"); // host bits cleared
        assertThat(p.sweepSize()).isEqualTo(4);
        AttackStream s = AttackStream.ipv6(p, 5, SERVER, CLIENT);
        List<String> sources = new java.util.ArrayList<>();
        int[] ports = new int[8];
        for (int k = 0; k < 8; k++) {
            s.next();
            sources.add(new Ipv6Address(s.addressHigh(), s.addressLow()).toString());
            ports[k] = s.port();
        }
        assertThat(sources).containsExactly("2001:db8:5::fffc", "2001:db8:5::fffd", "2001:db8:5::fffe", "2001:db8:5::ffff",
                "2001:db8:5::fffc", "2001:db8:5::fffd", "2001:db8:5::fffe", "2001:db8:5::ffff");
        assertThat(ports[3]).isEqualTo(ports[0]);
        assertThat(ports[4]).isEqualTo(ports[0] + 1 > 65535 ? 1024 : ports[0] + 1);
    }

    @Test
    void aSlash64NeverRepeatsAnAddress_aSlash112WrapsAfter65536() {
        AttackSources.Cidr6 lan = AttackSources.Cidr6.parse("2001:db8:5:7::/64");
        assertThat(lan.sweepSize()).isEqualTo(Long.MAX_VALUE);
        AttackStream s = AttackStream.ipv6(lan, 1, SERVER, CLIENT);
        Set<Long> lows = new HashSet<>();
        for (int k = 0; k < 200_000; k++) {
            s.next();
            assertThat(s.addressHigh()).isEqualTo(lan.high());
            lows.add(s.addressLow());
        }
        assertThat(lows).hasSize(200_000);
        AttackSources.Cidr6 small = AttackSources.Cidr6.parse("2001:db8:5::/112");
        assertThat(small.sweepSize()).isEqualTo(65_536);
        assertThat(small.contains(Ipv6Address.parse("2001:db8:5::ffff"))).isTrue();
        assertThat(small.contains(Ipv6Address.parse("2001:db8:5::1:0"))).isFalse();
        assertThat(AttackSources.Cidr6.parse("::/0").contains(SERVER)).isTrue();
    }

    @Test
    void badPrefixesAndFamilyMixesAreRefused() {
        assertThatThrownBy(() -> AttackSources.Cidr6.parse("2001:db8::/129")).hasMessageContaining("between 0 and 128");
        assertThatThrownBy(() -> AttackSources.Cidr6.parse("2001:db8::")).hasMessageContaining("address/prefix-length");
        assertThatThrownBy(() -> AttackSources.Cidr6.parse("2001:db8::g/64")).hasMessageContaining("not an IPv6 address");
        assertThatThrownBy(() -> AttackSources.Cidr6.parse("2001:db8::/x")).hasMessageContaining("no numeric prefix length");
        assertThat(AttackSources.parse("198.51.100.0/24")).isInstanceOf(AttackSources.Cidr.class);
        assertThatThrownBy(() -> AttackStream.ipv6(AttackSources.parse("198.51.100.0/24"), 1, SERVER, CLIENT))
                .hasMessageContaining("IPv6 prefix");
        assertThatThrownBy(() -> new AttackStream(AttackSources.parse("2001:db8::/64"), 1, 0, 0)).hasMessageContaining("IPv4 prefix");
        assertThatThrownBy(() -> new Simulation(SimulationConfig.defaults()).flood(plan(1, 0, 0))).hasMessageContaining("IPv4 prefix");
    }

    @Test
    void randomIpv6SourcesDrawAll128BitsAndNeverTheLabsAddresses() {
        Ipv6Address lowA = new Ipv6Address(0, 1);
        AttackStream s = AttackStream.ipv6(new AttackSources.RandomAddresses(), 3, lowA, CLIENT);
        Set<Long> highs = new HashSet<>();
        for (int k = 0; k < 10_000; k++) {
            s.next();
            assertThat(new Ipv6Address(s.addressHigh(), s.addressLow())).isNotIn(lowA, CLIENT);
            highs.add(s.addressHigh());
        }
        assertThat(highs).hasSize(10_000);
    }

    @Test
    void syncookies0_dropsEveryAttackSynBeyondTheQueue_overIpv6() {
        FloodOutcome o = run(0, plan(1, 5, 5000));
        SynFloodModesTest.assertSyncookies0Totals(o.series().totals());
        // an IPv6 request holds a 32-byte address instead of a 16-byte one
        assertThat(o.series().bytesPerHalfOpenEntry()).isEqualTo(HalfOpenFootprint.BYTES_V6).isEqualTo(HalfOpenFootprint.BYTES + 16);
        assertThat(o.series().totals().halfOpenBytes()).isEqualTo((long) QUEUE * HalfOpenFootprint.BYTES_V6);
    }

    @Test
    void syncookies1_answersTheOverflowWithCookies_andEveryIpv6ClientGetsThrough() {
        FloodSeries.Bucket t = run(1, plan(1, 5, 5000)).series().totals();
        long late = CLIENTS - SynFloodModesTest.clientsBefore(500_000);
        assertThat(t.synsReceived()).isEqualTo(N + CLIENTS);
        assertThat(t.synsDropped()).isZero();
        assertThat(t.cookiesSent()).isEqualTo((N - QUEUE) + late);
        assertThat(t.cookiesValidated()).isEqualTo(late);
        assertThat(t.legitSuccesses()).isEqualTo(CLIENTS);
        assertThat(t.synQueue()).isEqualTo(QUEUE);
    }

    @Test
    void syncookies2_answersEverySynWithACookie_andTheClientsCompleteWithTheIpv6TableMss() {
        FloodOutcome o = run(2, plan(1, 5, 5000));
        FloodSeries.Bucket t = o.series().totals();
        assertThat(t.cookiesSent()).isEqualTo(N + CLIENTS);
        assertThat(t.cookiesValidated()).isEqualTo(CLIENTS);
        assertThat(t.legitSuccesses()).isEqualTo(CLIENTS);
        assertThat(t.synQueue()).isZero();
        // a Linux client over IPv6 offers MSS 1440 (1500 − 40 − 20): cookie_v6_init_sequence's msstab has it exactly
        assertThat(o.reaction().ofType(TcpEvent.CookieEvent.class)).isNotEmpty()
                .allSatisfy(c -> assertThat(c.mss()).isEqualTo(1440));
    }

    /** The fast path and the full path decide alike over IPv6: keeping every attack SYN in the history changes no number. */
    @Test
    void keepingEveryAttackSynInTheHistoryChangesNoNumber_overIpv6() {
        for (AttackSources sources : List.of(AttackSources.parse("2001:db8:5::/64"), AttackSources.parse("2001:db8:5::/120"),
                new AttackSources.RandomAddresses())) {
            for (int mode = 0; mode <= 2; mode++) {
                FloodSeries none = run(mode, plan(9, sources, 0, 0)).series();
                FloodSeries all = run(mode, plan(9, sources, 0, 1)).series();
                assertThat(all).as("%s, syncookies=%d", sources.describe(), mode).isEqualTo(none);
            }
        }
    }

    /** A SYN whose 4-tuple already has a half-open request is left to tcp_check_req on the full path; the queued request is found by its 128 bits. */
    @Test
    void aRepeatedIpv6FourTupleTakesTheFullPath() {
        TcpHost host = listening(SERVER, 0, 7);
        Ipv6Address src = Ipv6Address.parse("2001:db8:5::9");
        long iss = host.floodSyn6(src.high(), src.low(), 5000, 1, mss1460, 0);
        assertThat(iss).isNotNegative();
        assertThat(host.listener().synQueue().find(src, 5000).iss().bits()).isEqualTo((int) iss);
        assertThat(host.listener().synQueue().findV6(src.high(), src.low(), 5000)).isNotNull();
        // same address, other port; same port, an address differing only in its high half: new requests
        assertThat(host.floodSyn6(src.high(), src.low(), 5001, 1, mss1460, 0)).isNotNegative();
        assertThat(host.floodSyn6(src.high() + 1, src.low(), 5000, 1, mss1460, 0)).isNotNegative();
        assertThat(host.floodSyn6(src.high(), src.low(), 5000, 1, mss1460, 0)).isEqualTo(TcpHost.FLOOD_NEEDS_FULL_PATH);
        assertThat(host.listener().synQueue().size()).isEqualTo(3);
    }

    @Test
    void theFastPathsCookieIsTheFullPathsCookie_andOpensWithTheIpv6Table() {
        TcpHost host = listening(SERVER, 2, 42);
        Ipv6Address src = Ipv6Address.parse("2001:db8:5::17");
        long cookie = host.floodSyn6(src.high(), src.low(), 4242, 1000, mss1460, 61_000_000);
        assertThat(cookie).isNotNegative();
        SynCookies cookies = new SynCookies(42 ^ 0x5345525645524bL);
        assertThat(Integer.toUnsignedLong(cookies.cookie(61_000_000, src, SERVER, 4242, 80, 1000, SynCookies.mssIndex(1460, true))))
                .isEqualTo(cookie);
        SynCookies.Opened opened = cookies.open(61_000_000, (int) cookie, src, SERVER, 4242, 80, 1000);
        // 1460 falls to 1440 in net/ipv6/syncookies.c's table (index 2), not 1460 as over IPv4
        assertThat(opened.verdict()).isEqualTo(2);
        assertThat(SynCookies.mssOf(opened.verdict(), true)).isEqualTo(1440);
        // the IPv4 fast path refuses an IPv6 listener and vice versa
        assertThat(host.floodSyn(0xC6336401, 4242, 1000, mss1460, 61_000_000)).isEqualTo(TcpHost.FLOOD_NEEDS_FULL_PATH);
        TcpHost v4 = listening(IpAddress.parse("10.0.0.2"), 2, 42);
        assertThat(v4.floodSyn6(src.high(), src.low(), 4242, 1000, mss1460, 0)).isEqualTo(TcpHost.FLOOD_NEEDS_FULL_PATH);
    }

    @Test
    void historyKeepsIpv6SamplesAndTheLegitimateClientsAtTheLabsAddress() {
        FloodOutcome o = run(2, plan(1, 5, 5000));
        List<TcpEvent.FloodNote> notes = o.reaction().ofType(TcpEvent.FloodNote.class);
        assertThat(notes.get(0).text()).contains("from 2001:db8:5::/64", "clients from 2001:db8::1");
        List<TcpEvent.FloodNote> samples = notes.stream().filter(n -> n.kind().equals("flood-sample")).toList();
        assertThat(samples).hasSize(9);
        assertThat(samples.get(0).text()).contains("from [2001:db8:5::]:");
        assertThat(samples.get(1).text()).contains("from [2001:db8:5::1]:");
        long legitSyns = o.reaction().ofType(TcpEvent.SegmentSent.class).stream()
                .filter(s -> s.host() == Host.CLIENT && s.datagram().segment().flags().syn()).count();
        assertThat(legitSyns).isEqualTo(CLIENTS);
        assertThat(o.reaction().ofType(TcpEvent.SegmentSent.class)).allSatisfy(s -> assertThat(s.datagram().ipv6()).isTrue());
    }
}
