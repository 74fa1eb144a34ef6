package dev.handshakelab.core.flood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handshakelab.core.profile.ClientPreset;
import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.sim.Simulation;
import dev.handshakelab.core.sim.SimulationConfig;
import dev.handshakelab.core.tcp.TcpEvent;
import org.junit.jupiter.api.Test;

/** The flood's schedule and sources: exact times, unique 4-tuples in a CIDR sweep, plans that cannot fit refused. */
class FloodPlanTest {

    /** A rate that does not divide 10^6 evenly: the runner's stepping must agree with floor(i * 10^6 / rate). */
    @Test
    void attackSynsLeaveAtFloorOfIndexTimesMillionOverRate() {
        FloodPlan plan = new FloodPlan(1, 7, 3, AttackSources.Cidr.parse("192.0.2.0/24"), 250, 3_000_000, 0, 1,
                ClientPreset.LINUX, 1_000_000, 7, 0);
        assertThat(plan.attackAt(0)).isEqualTo(250);
        assertThat(plan.attackAt(1)).isEqualTo(250 + 333_333);
        assertThat(plan.attackAt(2)).isEqualTo(250 + 666_666);
        assertThat(plan.attackAt(3)).isEqualTo(250 + 1_000_000);
        // every attack SYN is kept here, so the history shows when each one arrived
        var notes = new Simulation(SimulationConfig.defaults().withProfile(StackProfile.linux().withSyncookies(2))).flood(plan)
                .reaction().ofType(TcpEvent.FloodNote.class).stream().filter(n -> n.kind().equals("flood-sample"))
                .map(TcpEvent::atMicros).toList();
        assertThat(notes).containsExactly(plan.attackAt(0), plan.attackAt(1), plan.attackAt(2), plan.attackAt(3), plan.attackAt(4),
                plan.attackAt(5), plan.attackAt(6));
    }

    @Test
    void cidrSweepGivesEveryAddressInTurnThenMovesThePort() {
        AttackStream s = new AttackStream(AttackSources.Cidr.parse("198.51.100.7/30"), 5, 0, 0);
        int[] addresses = new int[8];
        int[] ports = new int[8];
        for (int k = 0; k < 8; k++) {
            s.next();
            addresses[k] = s.address() & 0xFF;
            ports[k] = s.port();
        }
        // host bits of 198.51.100.7/30 are cleared: .4 .5 .6 .7, then the same with the next port
        assertThat(addresses).containsExactly(4, 5, 6, 7, 4, 5, 6, 7);
        assertThat(ports[1]).isEqualTo(ports[0]);
        assertThat(ports[4]).isEqualTo(ports[0] + 1 > 65535 ? 1024 : ports[0] + 1);
    }

    @Test
    void randomSourcesNeverUseTheLabsOwnAddresses() {
        AttackStream s = new AttackStream(new AttackSources.RandomAddresses(), 1, 0x0A000001, 0x0A000002);
        for (int k = 0; k < 100_000; k++) {
            s.next();
            assertThat(s.address()).isNotIn(0x0A000001, 0x0A000002);
            assertThat(s.port()).isBetween(1024, 65535);
        }
    }

    @Test
    void aPlanWhoseAttackDoesNotFitItsDurationIsRefused() {
        assertThatThrownBy(() -> new FloodPlan(1, 1001, 1000, new AttackSources.RandomAddresses(), 0, 1_000_000, 0, 1,
                ClientPreset.LINUX, 100_000, 0, 0)).hasMessageContaining("last attack SYN (at 1000000 µs)");
        assertThatThrownBy(() -> AttackSources.Cidr.parse("198.51.100.0/33")).hasMessageContaining("between 0 and 32");
    }
}
