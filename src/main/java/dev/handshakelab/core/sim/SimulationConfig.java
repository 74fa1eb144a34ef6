package dev.handshakelab.core.sim;

import dev.handshakelab.core.net.NetworkPath;
import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.wire.HostPort;
import dev.handshakelab.core.wire.IpAddress;

/**
 * Everything a simulation starts from. With the inputs applied afterwards it fully determines
 * the run: same config + same inputs → same events.
 *
 * @param profile the server's stack profile (simulated clients use its timers too)
 * @param seed the session seed all secrets (ISNs, TS offsets, cookie keys) derive from
 * @param startMicros virtual time at creation
 * @param server the listener's address and port
 * @param client the client host's address
 * @param path the routes between them
 */
public record SimulationConfig(StackProfile profile, long seed, long startMicros, HostPort server, IpAddress client,
                               NetworkPath path) {

    public SimulationConfig {
        if (profile == null || server == null || client == null || path == null) {
            throw new IllegalArgumentException("profile, server, client and path are required");
        }
        if (startMicros < 0) {
            throw new IllegalArgumentException("startMicros must be >= 0; got " + startMicros);
        }
        if (server.address().equals(client)) {
            throw new IllegalArgumentException("client address must differ from the server address " + server.address());
        }
        if (server.address().byteLength() != client.byteLength()) {
            throw new IllegalArgumentException("client and server must both be IPv4 or both IPv6");
        }
    }

    /** Linux profile, seed 42, server 10.0.0.2:80, client 10.0.0.1, direct path, time 0. */
    public static SimulationConfig defaults() {
        return new SimulationConfig(StackProfile.linux(), 42, 0, HostPort.parse("10.0.0.2", 80),
                IpAddress.parse("10.0.0.1"), NetworkPath.DIRECT);
    }

    public SimulationConfig withProfile(StackProfile p) { return new SimulationConfig(p, seed, startMicros, server, client, path); }
    public SimulationConfig withSeed(long s) { return new SimulationConfig(profile, s, startMicros, server, client, path); }
    public SimulationConfig withStartMicros(long t) { return new SimulationConfig(profile, seed, t, server, client, path); }
    public SimulationConfig withServer(HostPort s) { return new SimulationConfig(profile, seed, startMicros, s, client, path); }
    public SimulationConfig withClient(IpAddress c) { return new SimulationConfig(profile, seed, startMicros, server, c, path); }
    /** Both ends at once, so that a lab can move from IPv4 to IPv6 (one at a time would mix the families). */
    public SimulationConfig withAddresses(HostPort s, IpAddress c) { return new SimulationConfig(profile, seed, startMicros, s, c, path); }
    public SimulationConfig withPath(NetworkPath p) { return new SimulationConfig(profile, seed, startMicros, server, client, p); }
}
