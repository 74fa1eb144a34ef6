package dev.handshakelab.bench;

import dev.handshakelab.core.flood.AttackSources;
import dev.handshakelab.core.flood.FloodPlan;
import dev.handshakelab.core.profile.ClientPreset;
import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.sim.Simulation;
import dev.handshakelab.core.sim.SimulationConfig;
import dev.handshakelab.core.tcp.Host;
import dev.handshakelab.core.tcp.SynOptions;
import dev.handshakelab.core.tcp.TcpHost;
import dev.handshakelab.core.wire.HostPort;
import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.TcpOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The listener's SYN path under a flood ({@link TcpHost#floodSyn}, the decisions of
 * {@code tcp_conn_request}), one core:
 * <ul>
 *   <li>{@code cookieMode}: tcp_syncookies=2, every SYN answered by a cookie: two SipHash-2-4
 *       calls and counters, no allocation (check with {@code -prof gc}: gc.alloc.rate.norm
 *       ≈ 0 B/op). Aim: at least 5 million SYNs per second.</li>
 *   <li>{@code queueMode}: tcp_syncookies=0 and a 65535 backlog, every SYN queued as a half-open
 *       request (ISN hash, request object, table insert, timer-heap insert); a fresh listener per
 *       65535 SYNs, its creation included.</li>
 *   <li>{@code millionSynFlood}: a whole flood step in the core, 1,000,000 SYNs at 100,000/s
 *       plus 1,000 legitimate clients, from plan to series (single shot).</li>
 *   <li>{@code cookieMode6}, {@code queueMode6}, {@code millionSynFlood6}: the same over IPv6
 *       ({@link TcpHost#floodSyn6}, sources from 2001:db8:5::/64, a lab at 2001:db8::1 and ::2).
 *       A cookie costs two more SipHash calls for the 128-bit source and two for the server
 *       address; a queued request a 32-byte {@code Ipv6Address} instead of a 16-byte one.</li>
 * </ul>
 * Run: {@code java -cp ... dev.handshakelab.bench.Benchmarks SynFloodBenchmark -f 1 -wi 2 -i 3 -w 2s -r 3s -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SynFloodBenchmark {

    static final int QUEUE = 65_535;
    static final IpAddress SERVER = IpAddress.parse("10.0.0.2");
    /** 198.51.100.0, the sources sweep its /24 and 32768 ports. */
    static final int SOURCES = 0xC6336400;

    private final SynOptions mssOnly = SynOptions.parse(List.of(new TcpOption.MaxSegmentSize(1460)), StackProfile.linux());
    private final StackProfile queueProfile = StackProfile.linux().toBuilder().syncookies(0).backlog(QUEUE).somaxconn(QUEUE)
            .maxSynBacklog(1 << 20).build();
    static final IpAddress SERVER6 = IpAddress.parse("2001:db8::2");
    /** 2001:db8:5::/64, swept in its low bits like the /24 above. */
    static final long SOURCES6_HIGH = 0x2001_0db8_0005_0000L;
    private TcpHost cookieHost;
    private TcpHost cookieHost6;
    private int i;

    @Setup(Level.Trial)
    public void setUp() {
        cookieHost = new TcpHost(Host.SERVER, SERVER, StackProfile.linux().withSyncookies(2), 42);
        cookieHost.listen(80);
        cookieHost6 = new TcpHost(Host.SERVER, SERVER6, StackProfile.linux().withSyncookies(2), 42);
        cookieHost6.listen(80);
    }

    @Benchmark
    public long cookieMode() {
        int n = i++;
        return cookieHost.floodSyn(SOURCES + (n & 0xFF), 1024 + ((n >>> 8) & 0x7FFF), n * 0x9E3779B9, mssOnly, n * 10L);
    }

    @Benchmark
    @OperationsPerInvocation(QUEUE)
    public long queueMode() {
        TcpHost host = new TcpHost(Host.SERVER, SERVER, queueProfile, 42);
        host.listen(80);
        long last = 0;
        for (int n = 0; n < QUEUE; n++) {
            last = host.floodSyn(SOURCES + (n & 0xFF), 1024 + (n >>> 8), n * 0x9E3779B9, mssOnly, n * 10L);
        }
        return last + host.listener().synQueue().size();
    }

    @Benchmark
    public long cookieMode6() {
        int n = i++;
        return cookieHost6.floodSyn6(SOURCES6_HIGH, n & 0xFF, 1024 + ((n >>> 8) & 0x7FFF), n * 0x9E3779B9, mssOnly, n * 10L);
    }

    @Benchmark
    @OperationsPerInvocation(QUEUE)
    public long queueMode6() {
        TcpHost host = new TcpHost(Host.SERVER, SERVER6, queueProfile, 42);
        host.listen(80);
        long last = 0;
        for (int n = 0; n < QUEUE; n++) {
            last = host.floodSyn6(SOURCES6_HIGH, n & 0xFF, 1024 + (n >>> 8), n * 0x9E3779B9, mssOnly, n * 10L);
        }
        return last + host.listener().synQueue().size();
    }

    @Param({"1"})
    public int syncookies;

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Object millionSynFlood() {
        Simulation sim = new Simulation(SimulationConfig.defaults().withProfile(StackProfile.linux().withSyncookies(syncookies)));
        return sim.flood(new FloodPlan(1, 1_000_000, 100_000, AttackSources.Cidr.parse("198.51.100.0/24"), 0, 10_000_000, 1000, 100,
                ClientPreset.LINUX, 100_000, 20, 10_000)).series();
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Object millionSynFlood6() {
        SimulationConfig d = SimulationConfig.defaults();
        Simulation sim = new Simulation(new SimulationConfig(StackProfile.linux().withSyncookies(syncookies), d.seed(), d.startMicros(),
                new HostPort(SERVER6, 80), IpAddress.parse("2001:db8::1"), d.path()));
        return sim.flood(new FloodPlan(1, 1_000_000, 100_000, AttackSources.parse("2001:db8:5::/64"), 0, 10_000_000, 1000, 100,
                ClientPreset.LINUX, 100_000, 20, 10_000)).series();
    }
}
