package dev.handshakelab.bench;

import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.tcp.EventSink;
import dev.handshakelab.core.tcp.Host;
import dev.handshakelab.core.tcp.TcpEvent;
import dev.handshakelab.core.tcp.TcpHost;
import dev.handshakelab.core.wire.Bytes;
import dev.handshakelab.core.wire.IpAddress;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.Ipv4Address;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Throughput of the protocol core on prebuilt datagrams, without decoding or encoding; the
 * headline figures, from bytes to bytes, are {@link WireHandshakeBenchmark}'s.
 *
 * <ul>
 *   <li>{@link #passiveOpenHandshake}: SYN in, SYN-ACK out, 3rd ACK in, ESTABLISHED, accept(),
 *       every event recorded into a list (no text built).</li>
 *   <li>{@link #synQueueMode} / {@link #synCookieMode}: SYNs per second into a listener that
 *       queues a request per SYN, or answers each with a stateless cookie (tcp_syncookies=2);
 *       no event sink, as a flood run would sample.</li>
 * </ul>
 * Inputs are prebuilt datagrams from 65,536 distinct client addresses/ports (a decoder would
 * hand the core the same objects); the host is replaced after each full cycle so the queues and
 * connection tables stay bounded.
 *
 * <p>Run (JMH, -f 1 -wi 2 -i 3 -w 2s -r 3s):
 * <pre>
 * ./mvnw -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.handshakelab.bench.HandshakeBenchmark
 * </pre>
 * or add {@code --heap} to measure bytes per half-open request as the heap delta of 1,000,000
 * queued SYNs (after System.gc(); includes the request, its table slot, its timer-heap slot and
 * the client's Ipv4Address object the request keeps).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HandshakeBenchmark {

    private static final IpAddress SERVER = IpAddress.parse("10.0.0.2");
    private static final int CYCLE = 1 << 16;

    private IpDatagram[] syns;
    private TcpHost handshakeHost;
    private TcpHost queueHost;
    private TcpHost cookieHost;
    private int next;
    private int lastSynAckSeq;
    private final List<TcpEvent> events = new ArrayList<>(16);
    private final EventSink recording = events::add;
    private StackProfile queueProfile;

    static IpDatagram[] syns(int n) {
        IpDatagram[] out = new IpDatagram[n];
        List<TcpOption> options = List.of(new TcpOption.MaxSegmentSize(1460), TcpOption.SACK_PERMITTED,
                new TcpOption.Timestamps(12345, 0), TcpOption.NOP, new TcpOption.WindowScale(7));
        for (int i = 0; i < n; i++) {
            IpAddress client = new Ipv4Address(0x0a010000 + (i >>> 10));
            TcpSegment syn = new TcpSegment(1024 + (i & 1023), 80, SeqNum.of(1000L + i), SeqNum.ZERO, TcpFlags.SYN_ONLY,
                    64240, 0, options, Bytes.EMPTY);
            out[i] = IpDatagram.of(client, SERVER, syn);
        }
        return out;
    }

    private TcpHost host(StackProfile profile, EventSink sink) {
        TcpHost h = new TcpHost(Host.SERVER, SERVER, profile, 42);
        h.listen(80);
        h.setEventSink(sink);
        h.setWire(d -> lastSynAckSeq = d.segment().seq().bits());
        return h;
    }

    @Setup
    public void setUp() {
        syns = syns(CYCLE);
        queueProfile = StackProfile.linux().withSyncookies(0).withBacklog(65535).withSomaxconn(65535).toBuilder()
                .maxSynBacklog(1 << 20).build();
        handshakeHost = host(StackProfile.linux(), recording);
        queueHost = host(queueProfile, EventSink.NONE);
        cookieHost = host(StackProfile.linux().withSyncookies(2), EventSink.NONE);
    }

    private int nextIndex() {
        int i = next++ & (CYCLE - 1);
        return i;
    }

    @Benchmark
    public int passiveOpenHandshake() {
        int i = nextIndex();
        if (i == 0) {
            handshakeHost = host(StackProfile.linux(), recording);
        }
        events.clear();
        IpDatagram syn = syns[i];
        long now = i;
        handshakeHost.receive(syn, true, now);
        TcpSegment s = syn.segment();
        TcpSegment ack = new TcpSegment(s.srcPort(), 80, s.seq().plus(1), new SeqNum(lastSynAckSeq + 1), TcpFlags.ACK_ONLY,
                502, 0, List.of(), Bytes.EMPTY);
        handshakeHost.receive(IpDatagram.of(syn.src(), SERVER, ack), true, now);
        return events.size();
    }

    @Benchmark
    public int synQueueMode() {
        int i = nextIndex();
        if (i == 0) {
            queueHost = host(queueProfile, EventSink.NONE);
        }
        queueHost.receive(syns[i], true, i);
        return lastSynAckSeq;
    }

    @Benchmark
    public int synCookieMode() {
        int i = nextIndex();
        cookieHost.receive(syns[i], true, i);
        return lastSynAckSeq;
    }

    /** Bytes per half-open request: heap used after 1,000,000 queued SYNs minus before, divided by 1,000,000. */
    static void measureHeapPerRequest() {
        int n = 1_000_000;
        StackProfile p = StackProfile.linux().withSyncookies(0).withBacklog(1 << 21).withSomaxconn(1 << 21).toBuilder()
                .maxSynBacklog(1 << 21).build();
        // the per-request SYN datagrams are built first and counted separately: the request keeps
        // only the client's address object, which is created here per SYN as a decoder would
        TcpHost h = new TcpHost(Host.SERVER, SERVER, p, 42);
        h.listen(80);
        List<TcpOption> options = List.of(new TcpOption.MaxSegmentSize(1460));
        long before = usedAfterGc();
        for (int i = 0; i < n; i++) {
            TcpSegment syn = new TcpSegment(1024 + (i & 0x7fff), 80, SeqNum.of(i), SeqNum.ZERO, TcpFlags.SYN_ONLY, 64240, 0, options, Bytes.EMPTY);
            h.receive(IpDatagram.of(new Ipv4Address(0x0b000000 + (i >>> 15)), SERVER, syn), true, 0);
        }
        long after = usedAfterGc();
        System.out.printf("half-open requests: %d, heap delta %d bytes, %.1f bytes per request (incl. the client's Ipv4Address, table slot and heap slot)%n",
                h.listener().synQueue().size(), after - before, (after - before) / (double) h.listener().synQueue().size());
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--heap")) {
            measureHeapPerRequest();
            return;
        }
        new Runner(new OptionsBuilder().include(HandshakeBenchmark.class.getSimpleName())
                .forks(1).warmupIterations(2).measurementIterations(3)
                .warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(2))
                .measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(3)).build()).run();
    }
}
