package dev.handshakelab.bench;

import dev.handshakelab.core.profile.ClientPreset;
import dev.handshakelab.core.sim.SimInput;
import dev.handshakelab.core.sim.Simulation;
import dev.handshakelab.core.sim.SimulationConfig;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures the heap a session's world holds, for the constants of
 * {@code Simulation#footprintBytes}: 1,000 worlds with no connections, then one world with
 * 20,000 completed handshakes (a client socket and a server child each), comparing the heap in
 * use after a full GC before and after. Prints each measured figure beside the estimate.
 *
 * <p>Run: {@code java -Xmx2g -cp ... dev.handshakelab.bench.WorldFootprint}.
 */
public final class WorldFootprint {

    private WorldFootprint() {}

    public static void main(String[] args) {
        int empty = 1_000;
        long before = Heap.usedAfterGc();
        List<Simulation> worlds = new ArrayList<>();
        for (int i = 0; i < empty; i++) {
            worlds.add(new Simulation(SimulationConfig.defaults().withSeed(i)));
        }
        long base = (Heap.usedAfterGc() - before) / empty;
        System.out.printf("empty world: %d bytes measured, %d estimated%n", base, worlds.get(0).footprintBytes());

        Simulation busy = new Simulation(SimulationConfig.defaults());
        long emptyEstimate = busy.footprintBytes();
        before = Heap.usedAfterGc();
        int handshakes = 20_000;
        for (int n = 0; n < handshakes; n++) {
            busy.apply(new SimInput.Connect(20_000 + n, ClientPreset.named("linux"), true));
        }
        busy.apply(new SimInput.AdvanceClock(1_000));
        int connections = busy.server().connectionCount() + busy.client().connectionCount();
        long perConnection = (Heap.usedAfterGc() - before) / connections;
        System.out.printf("%d connections: %d bytes each measured, %d estimated (JVM %s, %s)%n", connections, perConnection,
                (busy.footprintBytes() - emptyEstimate) / connections, System.getProperty("java.vm.version"),
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (worlds.size() != empty) {
            throw new AssertionError("keep the worlds reachable until measured");
        }
    }
}
