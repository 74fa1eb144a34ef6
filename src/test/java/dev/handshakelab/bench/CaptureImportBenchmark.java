package dev.handshakelab.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import dev.handshakelab.limits.Limits;
import dev.handshakelab.pcapin.CaptureImport;
import dev.handshakelab.pcapin.FlowListing;
import dev.handshakelab.pcapin.ReplayReport;

/**
 * What the largest capture upload costs (the request limit, 256 KiB): listing the flows of a file
 * of 3,000+ short flows (the real veth handshake's first SYN from 3,000 client ports, each
 * answered by a RST), and replaying one flow of 4,000 SYNs a millisecond apart (the SYN-ACK, then
 * the answers to 3,999 duplicates). Both must stay well under a second on one core so that a
 * request never holds a thread for long. Measured on the shared 2-core build machine (2 Dec 2026,
 * {@code -f 1 -wi 2 -i 3 -w 2s -r 3s -t 1}, other builds running): 33 ms to list the flows of the
 * full-size file, 35 ms to replay the 4,000-SYN flow (the error bars were wide on that machine).
 *
 * <p>Run: {@code java -cp ... dev.handshakelab.bench.Benchmarks CaptureImportBenchmark -f 1 -wi 2 -i 3 -w 2s -r 3s -t 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CaptureImportBenchmark {

    static final int MAX_BYTES = 262_144;

    private final CaptureImport captures = new CaptureImport(new Limits(20000, 200000, 3600000, 2000, 500, 500, 20000, 100000, 2, 1, 2), 20000);
    private final byte[] manyFlows;
    private final byte[] longFlow;

    public CaptureImportBenchmark() {
        byte[] veth = resource("linux-veth.pcap");
        byte[] syn = java.util.Arrays.copyOfRange(veth, 24 + 16, 24 + 16 + 74); // the first record: the Ethernet SYN
        byte[] rst = java.util.Arrays.copyOfRange(veth, veth.length - 54, veth.length); // the last: the kernel's RST
        ByteArrayOutputStream many = header();
        for (int port = 1024; many.size() + 2 * 16 + syn.length + rst.length <= MAX_BYTES; port++) {
            record(many, port, syn, true);
            record(many, port, rst, false);
        }
        manyFlows = many.toByteArray();
        ByteArrayOutputStream one = header();
        for (int i = 0; i < 4000; i++) {
            record(one, i, syn, null);
        }
        longFlow = one.toByteArray();
    }

    @Benchmark
    public FlowListing listFlowsOfAFullSizeFile() {
        return captures.flows(manyFlows, null);
    }

    @Benchmark
    public ReplayReport replay4000SynsOfOneFlow() {
        return captures.replay(longFlow, null, null, "linux", null, false);
    }

    private static ByteArrayOutputStream header() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(0xa1b2c3d4).putShort((short) 2)
                .putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1).array());
        return out;
    }

    /**
     * Appends {@code frame} as record {@code i}, a millisecond after the one before; with
     * {@code fromClient} set its client port (source of a SYN, destination of a RST) becomes
     * {@code i}, so that each pair is a flow of its own.
     */
    private static void record(ByteArrayOutputStream out, int i, byte[] frame, Boolean fromClient) {
        byte[] f = frame.clone();
        if (fromClient != null) {
            int at = 14 + 20 + (fromClient ? 0 : 2);
            f[at] = (byte) (i >>> 8);
            f[at + 1] = (byte) i;
        }
        out.writeBytes(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(1_700_000_000 + i / 1000)
                .putInt(i % 1000 * 1000).putInt(f.length).putInt(f.length).array());
        out.writeBytes(f);
    }

    private static byte[] resource(String name) {
        try (InputStream in = CaptureImportBenchmark.class.getResourceAsStream("/captures/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
