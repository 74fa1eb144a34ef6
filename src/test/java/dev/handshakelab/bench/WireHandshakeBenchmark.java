package dev.handshakelab.bench;

import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.sim.Reaction;
import dev.handshakelab.core.sim.SimInput;
import dev.handshakelab.core.sim.Simulation;
import dev.handshakelab.core.sim.SimulationConfig;
import dev.handshakelab.core.tcp.EventSink;
import dev.handshakelab.core.tcp.Host;
import dev.handshakelab.core.tcp.TcpEvent;
import dev.handshakelab.core.tcp.TcpHost;
import dev.handshakelab.core.tcp.TcpState;
import dev.handshakelab.core.wire.Bytes;
import dev.handshakelab.core.wire.DecodedDatagram;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.SegmentCodec;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The core on the path a lab step takes, from bytes to bytes: these are the headline figures.
 *
 * <ul>
 *   <li>{@link #fullHandshake}: the bytes of a real Linux SYN (IPv4, DF, a non-zero IP id,
 *       {@code mss 1460,sackOK,TS,nop,wscale 7}) are decoded and injected into a
 *       {@link Simulation} (server and client hosts, the direct path, every event recorded into
 *       the step's {@link Reaction}); the server's SYN-ACK is encoded into its own byte array,
 *       as an answer to the UI would carry it; then the bytes of the client's final ACK
 *       ({@code nop,nop,TS}) are decoded and injected, and the server's connection is
 *       ESTABLISHED and accepted. After each step the next deadline is asked for, as the API
 *       does; the completed request leaves no timer entry behind ({@code SynQueue} drops it
 *       when it is removed), so nothing accumulates between cycles.</li>
 *   <li>{@link #linuxSynCookieSynAck}: the same real SYN's bytes decoded, through a listener in
 *       cookie mode ({@code tcp_syncookies=2}; a SYN with timestamps takes the full path,
 *       {@code TcpHost#receive}, not the flood shortcut), and the cookie SYN-ACK encoded into a
 *       reused buffer. Stateless, so nothing accumulates.</li>
 *   <li>{@link #encodeDecodeSynAckDatagram}: a SYN-ACK with its IPv4 header encoded and decoded.</li>
 * </ul>
 * Each benchmark also prints its operations per CPU-second ({@link CpuRate}).
 * Each of the {@value #CYCLE} handshakes of a cycle comes from its own client port with its own
 * ISN; a fresh simulation starts each cycle, so the connection table stays bounded. The virtual
 * clock stands still, so every cycle's SYN-ACKs carry the same ISNs and TSvals, and the final
 * ACKs are built once in {@link #setUp} from a trial cycle, which also checks that every
 * handshake reached ESTABLISHED.
 *
 * <p>Run with allocation figures (see README, "Benchmarks"):
 * <pre>
 * java -cp ... dev.handshakelab.bench.Benchmarks WireHandshakeBenchmark -f 1 -wi 12 -w 5s -i 5 -r 5s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WireHandshakeBenchmark {

    /**
     * Handshakes per simulation: a lab holds a handful of connections, not tens of thousands,
     * whose upkeep (a big map, a live set the GC copies) would be measured instead.
     */
    static final int CYCLE = 1 << 10;
    private static final int FIRST_PORT = 32768;

    /**
     * A SYN as Linux 6.x sends it from 10.0.0.1:40000 to 10.0.0.2:80: IP id 0x1c46 with DF, TTL 64;
     * seq 1000, window 64240, options mss 1460, sackOK, TS val 100 ecr 0, nop, wscale 7. The port,
     * the seq and both checksums are rewritten per handshake.
     */
    static final String LINUX_SYN = "4500003c1c46400040060000" + "0a000001" + "0a000002"
            + "9c400050000003e800000000a002faf000000000" + "020405b40402080a000000640000000001030307";

    private final SimulationConfig config = SimulationConfig.defaults();
    private byte[][] syns;
    private byte[][] acks;
    private Simulation sim;
    private TcpHost cookieHost;
    private final byte[] buffer = new byte[1500];
    /** A SYN-ACK as {@link SegmentCodecBenchmark} has it, with its IPv4 header. */
    private final IpDatagram synAck = SegmentCodec.decodeIpv4(HexFormat.of().parseHex(
            "4500003c00004000400626ba0a0000020a00000100509c408b1bf7d2000003e9a012fe88f1320000020405b40402080a5b5bc5690000000501030307"))
            .datagram();
    private int next;
    private int lastLength;

    /** The real SYN from {@code port} with ISN {@code seq}, checksums computed. */
    static byte[] linuxSyn(int port, int seq) {
        DecodedDatagram template = SegmentCodec.decodeIpv4(HexFormat.of().parseHex(LINUX_SYN));
        TcpSegment s = template.datagram().segment();
        TcpSegment syn = new TcpSegment(port, s.dstPort(), new SeqNum(seq), s.ack(), s.flags(), s.window(), 0,
                s.options(), Bytes.EMPTY);
        IpDatagram d = template.datagram();
        return SegmentCodec.encodeIpv4(new DecodedDatagram(new IpDatagram(d.src(), d.dst(), d.ttl(), d.ecn(), syn),
                template.tcp(), template.dscp(), template.identification(), template.dontFragment(),
                template.reservedFlag(), template.ipOptions(), 0, true));
    }

    @Setup
    public void setUp() {
        syns = new byte[CYCLE][];
        for (int i = 0; i < CYCLE; i++) {
            syns[i] = linuxSyn(FIRST_PORT + i, 1000 + 7919 * i);
        }
        // the trial cycle: the SYN-ACKs it answers give the final ACKs every later cycle sends
        acks = new byte[CYCLE][];
        Simulation trial = new Simulation(config);
        for (int i = 0; i < CYCLE; i++) {
            IpDatagram synAck = serverReply(inject(trial, syns[i]));
            TcpSegment sa = synAck.segment();
            TcpOption.Timestamps ts = sa.option(TcpOption.Timestamps.class);
            TcpSegment ack = new TcpSegment(sa.dstPort(), sa.srcPort(), sa.ack(), sa.seq().plus(1), TcpFlags.ACK_ONLY, 502, 0,
                    List.of(TcpOption.NOP, TcpOption.NOP, new TcpOption.Timestamps(101, ts.tsVal())), Bytes.EMPTY);
            acks[i] = SegmentCodec.encodeIpv4(IpDatagram.of(synAck.dst(), synAck.src(), ack));
            inject(trial, acks[i]);
        }
        long established = trial.server().connections().stream().filter(c -> c.state() == TcpState.ESTABLISHED).count();
        if (established != CYCLE) {
            throw new IllegalStateException("only " + established + " of " + CYCLE + " handshakes reached ESTABLISHED");
        }
        sim = new Simulation(config);
        cookieHost = new TcpHost(Host.SERVER, config.server().address(), StackProfile.linux().withSyncookies(2), 42);
        cookieHost.listen(config.server().port());
        cookieHost.setEventSink(EventSink.NONE);
        cookieHost.setWire(d -> lastLength = SegmentCodec.encodeIpv4(d, buffer, 0));
    }

    private static Reaction inject(Simulation s, byte[] bytes) {
        DecodedDatagram d = SegmentCodec.decodeIpv4(bytes);
        return s.apply(new SimInput.InjectSegment(d.datagram(), d.tcp().checksumValid()));
    }

    private static IpDatagram serverReply(Reaction r) {
        List<TcpEvent> events = r.events();
        for (int i = 0, n = events.size(); i < n; i++) {
            if (events.get(i) instanceof TcpEvent.SegmentSent s && s.host() == Host.SERVER) {
                return s.datagram();
            }
        }
        throw new IllegalStateException("the server sent nothing: " + events);
    }

    private int nextIndex() {
        return next++ & (CYCLE - 1);
    }

    /** SYN bytes in, SYN-ACK bytes out, final ACK bytes in: one passive open, every event recorded. */
    @Benchmark
    public int fullHandshake(CpuRate cpu) {
        cpu.op();
        int i = nextIndex();
        if (i == 0) {
            sim = new Simulation(config);
        }
        Reaction synStep = inject(sim, syns[i]);
        byte[] synAck = SegmentCodec.encodeIpv4(serverReply(synStep));
        sim.nextDeadline();
        Reaction ackStep = inject(sim, acks[i]);
        sim.nextDeadline();
        return synAck.length + synStep.events().size() + ackStep.events().size();
    }

    /** A real SYN's bytes through a cookie-mode listener to the cookie SYN-ACK's bytes. */
    @Benchmark
    public int linuxSynCookieSynAck(CpuRate cpu) {
        cpu.op();
        DecodedDatagram d = SegmentCodec.decodeIpv4(syns[nextIndex()]);
        cookieHost.receive(d.datagram(), d.tcp().checksumValid(), 0);
        return lastLength;
    }

    /** Encode + decode of a SYN-ACK with its IPv4 header (both checksums), as the full handshake does it. */
    @Benchmark
    public DecodedDatagram encodeDecodeSynAckDatagram(CpuRate cpu) {
        cpu.op();
        return SegmentCodec.decodeIpv4(SegmentCodec.encodeIpv4(synAck));
    }
}
