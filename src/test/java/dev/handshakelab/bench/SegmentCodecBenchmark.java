package dev.handshakelab.bench;

import dev.handshakelab.core.wire.Bytes;
import dev.handshakelab.core.wire.DecodedSegment;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.Ipv4Address;
import dev.handshakelab.core.wire.SegmentCodec;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Encode + decode of the SYN-ACK Linux sends to a modern client (reference §3.1, first row:
 * {@code mss 1460,sackOK,TS val V ecr E,nop,wscale 7}, 40-byte header). The aim is at least
 * 10 million encode+decode pairs per second on one core, so that a SYN-flood lab can push
 * millions of segments through the codec without it being the bottleneck.
 *
 * <p>Run: {@code java -cp ... dev.handshakelab.bench.Benchmarks SegmentCodecBenchmark -f 1 -wi 2 -i 3 -w 2s -r 3s -t 1}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SegmentCodecBenchmark {

    private final Ipv4Address server = Ipv4Address.of(10, 77, 0, 1);
    private final Ipv4Address client = Ipv4Address.of(10, 77, 0, 2);
    private final TcpSegment synAck = new TcpSegment(8080, 51812, SeqNum.of(0x0badcafeL), SeqNum.of(0x6b8b4568L),
            TcpFlags.SYN_ACK, 65160, 0,
            List.of(new TcpOption.MaxSegmentSize(1460), TcpOption.SACK_PERMITTED, new TcpOption.Timestamps(5, 671516),
                    TcpOption.NOP, new TcpOption.WindowScale(7)),
            Bytes.EMPTY);
    private final IpDatagram datagram = IpDatagram.of(server, client, synAck);
    private final byte[] buffer = new byte[1500];
    private final byte[] encoded = SegmentCodec.encodeTcp(synAck, server, client);

    /** A fresh array per segment, as an endpoint handing bytes to the UI would do. */
    @Benchmark
    public DecodedSegment encodeDecodeSynAck() {
        byte[] wire = SegmentCodec.encodeTcp(synAck, server, client);
        return SegmentCodec.decodeTcp(wire, server, client);
    }

    /** Encoding into a reused buffer, as a simulator loop would. */
    @Benchmark
    public DecodedSegment encodeIntoBufferDecodeSynAck() {
        int length = SegmentCodec.encodeTcp(synAck, server, client, buffer, 0);
        return SegmentCodec.decodeTcp(buffer, 0, length, server, client);
    }

    /** The whole IPv4 datagram: both checksums. */
    @Benchmark
    public Object encodeDecodeSynAckDatagram() {
        return SegmentCodec.decodeIpv4(SegmentCodec.encodeIpv4(datagram));
    }

    /** The two halves apart, to see which one to work on. */
    @Benchmark
    public int encodeSynAckIntoBuffer() {
        return SegmentCodec.encodeTcp(synAck, server, client, buffer, 0);
    }

    @Benchmark
    public DecodedSegment decodeSynAck() {
        return SegmentCodec.decodeTcp(encoded, server, client);
    }
}
