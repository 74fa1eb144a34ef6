package dev.handshakelab.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.profile.ClientPreset;
import dev.handshakelab.core.tcp.TcpEvent;
import dev.handshakelab.core.wire.Bytes;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** BRIEF rule: same inputs + same seed → same outputs; the seed alone decides the secrets (RFC 6528). */
class DeterminismProperties {

    @Provide
    Arbitrary<List<SimInput>> inputs() {
        return input().list().ofMaxSize(25);
    }

    private Arbitrary<SimInput> input() {
        Arbitrary<SimInput> segments = Arbitraries.integers().between(40000, 40005).flatMap(port ->
                Arbitraries.of(TcpFlags.SYN_ONLY, TcpFlags.ACK_ONLY, TcpFlags.RST_ONLY, TcpFlags.SYN_ACK, TcpFlags.NONE).flatMap(flags ->
                        Arbitraries.longs().between(0, 0xFFFF_FFFFL).map(seq -> (SimInput) new SimInput.InjectSegment(IpDatagram.of(Lab.CLIENT, Lab.SERVER,
                                new TcpSegment(port, 80, SeqNum.of(seq), SeqNum.of(seq / 2), flags, 64240, 0,
                                        List.of(new TcpOption.MaxSegmentSize(1460), TcpOption.SACK_PERMITTED, new TcpOption.Timestamps(seq, 0)), Bytes.EMPTY)), true))));
        Arbitrary<SimInput> connects = Arbitraries.integers().between(41000, 41003).flatMap(port ->
                Arbitraries.of(ClientPreset.values()).flatMap(preset ->
                        Arbitraries.of(true, false).map(autoAck -> (SimInput) new SimInput.Connect(port, preset, autoAck))));
        Arbitrary<SimInput> clock = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 70_000_000).map(SimInput.AdvanceClock::new),
                Arbitraries.just(new SimInput.AdvanceToNext()));
        return Arbitraries.oneOf(segments, connects, clock);
    }

    private static List<String> run(long seed, List<SimInput> inputs) {
        return run(seed, inputs, false);
    }

    /** With {@code look}, the world is looked at after every input, as the API does after every step. */
    private static List<String> run(long seed, List<SimInput> inputs, boolean look) {
        Simulation sim = new Simulation(SimulationConfig.defaults().withSeed(seed));
        List<String> out = new ArrayList<>();
        for (SimInput in : inputs) {
            try {
                for (TcpEvent e : sim.apply(in).events()) {
                    out.add(e.atMicros() + " " + e.kind() + " " + e.text());
                }
            } catch (IllegalArgumentException duplicateConnect) {
                out.add("rejected: " + duplicateConnect.getMessage());
            }
            if (look) {
                sim.nextDeadline();
                sim.snapshot();
            }
        }
        out.add(sim.snapshot().toString());
        return out;
    }

    @Property(tries = 60)
    void sameSeedAndInputsGiveIdenticalEvents(@ForAll long seed, @ForAll("inputs") List<SimInput> inputs) {
        assertThat(run(seed, inputs)).isEqualTo(run(seed, inputs));
    }

    /**
     * A session's world is rebuilt by replaying its steps without the looks the API took between
     * them (its clock and next deadline after each step, snapshots), so looking must not change
     * what happens next: timers due together fire in the same order either way.
     */
    @Property(tries = 200)
    void lookingAtTheWorldBetweenInputsChangesNothing(@ForAll long seed, @ForAll("inputs") List<SimInput> inputs) {
        assertThat(run(seed, inputs, true)).isEqualTo(run(seed, inputs, false));
    }

    /** The case a replay check found: three SYN-ACK timers due at once, looked at between steps or not. */
    @org.junit.jupiter.api.Test
    void synAckTimersDueTogetherFireInOneOrderWhetherOrNotTheDeadlineWasLookedAt() {
        List<SimInput> inputs = new ArrayList<>();
        for (int port : new int[] {40100, 40101, 40102}) {
            inputs.add(new SimInput.InjectSegment(IpDatagram.of(Lab.CLIENT, Lab.SERVER,
                    new TcpSegment(port, 80, SeqNum.of(port), SeqNum.of(0), TcpFlags.SYN_ONLY, 64240, 0,
                            List.of(new TcpOption.MaxSegmentSize(1460)), Bytes.EMPTY)), true));
        }
        inputs.add(new SimInput.AdvanceClock(4_000_000));
        inputs.add(new SimInput.Connect(40110, ClientPreset.LINUX, true));
        inputs.add(new SimInput.Connect(40111, ClientPreset.WINDOWS, true));
        inputs.add(new SimInput.AdvanceToNext());
        inputs.add(new SimInput.AdvanceClock(70_000_000));

        assertThat(run(5, inputs, true)).isEqualTo(run(5, inputs, false));
    }

    /**
     * Over IPv6 too, and down to the flow labels ({@code ip6_make_flowlabel}'s "random" txhash,
     * drawn from the seed like the ISN): the same inputs give the same datagrams, byte for byte.
     */
    @Property(tries = 40)
    void overIpv6TheSameSeedGivesTheSameDatagramsFlowLabelsIncluded(@ForAll long seed, @ForAll("inputs") List<SimInput> inputs) {
        List<SimInput> v6 = inputs.stream().map(in -> in instanceof SimInput.InjectSegment inject
                ? (SimInput) new SimInput.InjectSegment(IpDatagram.of(CLIENT6, SERVER6, inject.datagram().segment()), true) : in).toList();
        assertThat(datagrams(seed, v6)).isEqualTo(datagrams(seed, v6)).allSatisfy(d -> assertThat(d.ipv6()).isTrue());
    }

    static final dev.handshakelab.core.wire.IpAddress CLIENT6 = dev.handshakelab.core.wire.IpAddress.parse("2001:db8::1");
    static final dev.handshakelab.core.wire.IpAddress SERVER6 = dev.handshakelab.core.wire.IpAddress.parse("2001:db8::2");

    private static List<IpDatagram> datagrams(long seed, List<SimInput> inputs) {
        Simulation sim = new Simulation(SimulationConfig.defaults().withSeed(seed)
                .withAddresses(new dev.handshakelab.core.wire.HostPort(SERVER6, 80), CLIENT6));
        List<IpDatagram> out = new ArrayList<>();
        for (SimInput in : inputs) {
            try {
                sim.apply(in).segmentsSent().forEach(sent -> out.add(sent.datagram()));
            } catch (IllegalArgumentException duplicateConnect) {
                // as in run(): a second connect() from one port is refused the same way each time
            }
        }
        return out;
    }

    @Property(tries = 30)
    void differentSeedsGiveDifferentServerIsns(@ForAll long seed) {
        SimInput syn = new SimInput.InjectSegment(IpDatagram.of(Lab.CLIENT, Lab.SERVER, Lab.syn(1000, Lab.mss(1460))), true);
        long a = Lab.onlyReply(new Simulation(SimulationConfig.defaults().withSeed(seed)).apply(syn)).seq().value();
        long b = Lab.onlyReply(new Simulation(SimulationConfig.defaults().withSeed(seed + 1)).apply(syn)).seq().value();
        assertThat(a).isNotEqualTo(b);
    }
}
