package dev.handshakelab.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.flood.AttackSources;
import dev.handshakelab.core.flood.FloodPlan;
import dev.handshakelab.core.flood.HalfOpenFootprint;
import dev.handshakelab.core.net.ConntrackFirewall;
import dev.handshakelab.core.net.NetworkPath;
import dev.handshakelab.core.net.Refusal;
import dev.handshakelab.core.net.Route;
import dev.handshakelab.core.profile.ClientPreset;
import dev.handshakelab.core.profile.StackProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The estimate of a world's heap, which bounds the app's cache of worlds by size: it grows with
 * what a session makes (connections, half-open requests, tracked connections), not with steps.
 */
class WorldFootprintTest {

    @Test
    void eachCompletedHandshakeAddsTwoConnections() {
        Simulation sim = new Simulation(SimulationConfig.defaults());
        assertThat(sim.footprintBytes()).isEqualTo(Simulation.BASE_BYTES);
        for (int port = 40000; port < 40010; port++) {
            sim.apply(new SimInput.Connect(port, ClientPreset.LINUX, true));
        }
        sim.apply(new SimInput.AdvanceClock(1000));
        // each handshake leaves the client's socket and the server's child
        assertThat(sim.footprintBytes()).isEqualTo(Simulation.BASE_BYTES + 20 * Simulation.CONNECTION_BYTES);
    }

    @Test
    void aFloodWithoutCookiesIsWeighedByItsFullSynQueue() {
        int backlog = 64;
        Simulation sim = new Simulation(SimulationConfig.defaults()
                .withProfile(StackProfile.linux().withBacklog(backlog).withSyncookies(0)));
        sim.flood(new FloodPlan(1, 5_000, 10_000, AttackSources.Cidr.parse("198.51.100.0/24"), 0, 600_000, 0, 1,
                ClientPreset.LINUX, 100_000, 0, 1000));
        int halfOpen = sim.server().listener().synQueue().size();
        assertThat(halfOpen).isEqualTo(backlog + 1);
        assertThat(sim.footprintBytes()).isEqualTo(Simulation.BASE_BYTES + (long) halfOpen * HalfOpenFootprint.BYTES);
    }

    @Test
    void aFirewallOnBothRoutesIsOneTableCountedOnce() {
        ConntrackFirewall firewall = new ConntrackFirewall("firewall", Refusal.DROP);
        Route route = new Route(List.of(firewall), 0);
        Simulation sim = new Simulation(SimulationConfig.defaults().withPath(new NetworkPath(route, route)));
        sim.apply(new SimInput.Connect(40000, ClientPreset.LINUX, true));
        sim.apply(new SimInput.AdvanceClock(1000));
        assertThat(firewall.table().size()).isEqualTo(1);
        assertThat(sim.footprintBytes()).isEqualTo(Simulation.BASE_BYTES + 2 * Simulation.CONNECTION_BYTES
                + firewall.footprintBytes());
        assertThat(firewall.footprintBytes()).isPositive();
    }

    /**
     * A world between steps holds no events: the estimate does not count them, and a world the
     * cache kept after a flood held its 20,000 events (MemoryStaysFlatIT saw the heap grow by them).
     */
    @Test
    void aWorldBetweenStepsKeepsNoEventsOfItsLastStep() {
        Simulation sim = new Simulation(SimulationConfig.defaults());
        Reaction connect = sim.apply(new SimInput.Connect(40000, ClientPreset.LINUX, true));
        assertThat(connect.events()).isNotEmpty();
        assertThat(sim.recorded).isEmpty();
        FloodOutcome flood = sim.flood(new FloodPlan(1, 5_000, 10_000, AttackSources.Cidr.parse("198.51.100.0/24"), 0,
                600_000, 0, 1, ClientPreset.LINUX, 100_000, 0, 1000));
        assertThat(flood.reaction().events()).isNotEmpty();
        assertThat(sim.recorded).isEmpty();
    }
}
