package dev.handshakelab.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.Size;

/**
 * Properties of {@link SegmentCodec} over generated segments and arbitrary bytes: lossless round
 * trips, checksums that verify by RFC 1071, single-bit errors always caught, and untrusted bytes
 * that fail only with {@link SegmentDecodeException}. Its generators are public for properties
 * elsewhere that need segments as they come off the wire.
 */
public class SegmentCodecProperties {

    // ---------------------------------------------------------------- round trips

    @Property
    void decodingAnEncodedSegmentGivesItBack(@ForAll("segments") TcpSegment segment, @ForAll("addressPairs") IpAddress[] ends) {
        byte[] wire = SegmentCodec.encodeTcp(segment, ends[0], ends[1]);

        DecodedSegment decoded = SegmentCodec.decodeTcp(wire, ends[0], ends[1]);

        assertThat(decoded.segment()).isEqualTo(segment.withOptions(SegmentCodec.asOnWire(segment.options())));
        assertThat(decoded.checksumValid()).isTrue();
        assertThat(decoded.dataOffsetWords()).isEqualTo(segment.dataOffsetWords());
        assertThat(SegmentCodec.encodeTcp(decoded, ends[0], ends[1])).isEqualTo(wire);
    }

    @Property
    void decodingAnEncodedDatagramGivesItBack(@ForAll("segments") TcpSegment segment, @ForAll("ipv4") Ipv4Address src,
            @ForAll("ipv4") Ipv4Address dst, @ForAll("ttlAndEcn") int[] ttlEcn) {
        IpDatagram datagram = new IpDatagram(src, dst, ttlEcn[0], ttlEcn[1], segment);
        byte[] wire = SegmentCodec.encodeIpv4(datagram);

        DecodedDatagram decoded = SegmentCodec.decodeIpv4(wire);

        assertThat(decoded.datagram()).isEqualTo(new IpDatagram(src, dst, ttlEcn[0], ttlEcn[1],
                segment.withOptions(SegmentCodec.asOnWire(segment.options()))));
        assertThat(decoded.headerChecksumValid()).isTrue();
        assertThat(decoded.tcp().checksumValid()).isTrue();
        assertThat(decoded.dontFragment()).isTrue();
        assertThat(decoded.identification()).isZero();
        assertThat(SegmentCodec.encodeIpv4(decoded)).isEqualTo(wire);
    }

    @Property
    void decodingAnEncodedIpv6DatagramGivesItBack(@ForAll("segments") TcpSegment segment, @ForAll("ipv6") Ipv6Address src,
            @ForAll("ipv6") Ipv6Address dst, @ForAll("ttlAndEcn") int[] ttlEcn,
            @ForAll @net.jqwik.api.constraints.IntRange(max = IpDatagram.MAX_FLOW_LABEL) int flowLabel) {
        IpDatagram datagram = new IpDatagram(src, dst, ttlEcn[0], ttlEcn[1], segment, flowLabel);
        byte[] wire = SegmentCodec.encodeIp(datagram);

        DecodedDatagram decoded = SegmentCodec.decodeIp(wire);

        assertThat(wire).hasSize(SegmentCodec.ipLength(datagram)).isEqualTo(SegmentCodec.encodeIpv6(datagram));
        assertThat(decoded.version()).isEqualTo(6);
        assertThat(decoded.headerLength()).isEqualTo(40);
        assertThat(decoded.datagram()).isEqualTo(new IpDatagram(src, dst, ttlEcn[0], ttlEcn[1],
                segment.withOptions(SegmentCodec.asOnWire(segment.options())), flowLabel));
        assertThat(decoded.tcp().checksumValid()).isTrue();
        assertThat(SegmentCodec.encodeIp(decoded)).isEqualTo(wire);
        byte[] buffer = new byte[wire.length + 7];
        assertThat(SegmentCodec.encodeIp(datagram, buffer, 7)).isEqualTo(wire.length);
        assertThat(java.util.Arrays.copyOfRange(buffer, 7, buffer.length)).isEqualTo(wire);
    }

    @Property
    void encodingIntoACallersBufferWritesTheSameBytes(@ForAll("segments") TcpSegment segment,
            @ForAll("addressPairs") IpAddress[] ends) {
        byte[] buffer = new byte[200];
        java.util.Arrays.fill(buffer, (byte) 0x5a);

        int written = SegmentCodec.encodeTcp(segment, ends[0], ends[1], buffer, 7);

        assertThat(java.util.Arrays.copyOfRange(buffer, 7, 7 + written))
                .isEqualTo(SegmentCodec.encodeTcp(segment, ends[0], ends[1]));
        assertThat(buffer[6]).isEqualTo((byte) 0x5a);
        assertThat(SegmentCodec.decodeTcp(buffer, 7, written, ends[0], ends[1]).checksumValid()).isTrue();
    }

    // ---------------------------------------------------------------- checksums

    /** RFC 1071 §1: a receiver's one's-complement sum over pseudo-header and segment, checksum included, is all ones. */
    @Property
    void encodedChecksumMakesTheOnesComplementSumAllOnes(@ForAll("segments") TcpSegment segment,
            @ForAll("addressPairs") IpAddress[] ends) {
        byte[] wire = SegmentCodec.encodeTcp(segment, ends[0], ends[1]);

        assertThat(onesComplementSum(pseudoHeader(ends[0], ends[1], wire.length), wire)).isEqualTo(0xFFFF);
    }

    @Property(tries = 200)
    void flippingAnySingleBitIsCaught(@ForAll("segments") TcpSegment segment, @ForAll("addressPairs") IpAddress[] ends) {
        byte[] wire = SegmentCodec.encodeTcp(segment, ends[0], ends[1]);
        for (int bit = 0; bit < wire.length * 8; bit++) {
            byte[] flipped = wire.clone();
            flipped[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
            try {
                assertThat(SegmentCodec.decodeTcp(flipped, ends[0], ends[1]).checksumValid())
                        .as("bit %d of %s", bit, Bytes.of(wire)).isFalse();
            } catch (SegmentDecodeException expected) {
                // A flip that makes the header unparseable is caught too.
            }
        }
    }

    // ---------------------------------------------------------------- untrusted bytes

    @Property(tries = 3000)
    void arbitraryBytesFailOnlyWithTheTypedErrorAndDecodeLosslessly(@ForAll("tcpLikeBytes") byte[] bytes) {
        Ipv4Address a = Ipv4Address.of(192, 0, 2, 1);
        Ipv4Address b = Ipv4Address.of(192, 168, 0, 1);
        DecodedSegment decoded = decodeOrNull(bytes, () -> SegmentCodec.decodeTcp(bytes, a, b));
        if (decoded == null) {
            return;
        }
        byte[] again = SegmentCodec.encodeTcp(decoded, a, b);
        assertThat(again[16] & 0xFF).isEqualTo(decoded.expectedChecksum() >>> 8);
        again[16] = bytes[16];
        again[17] = bytes[17];
        assertThat(again).as("re-encoding gives the bytes back, checksum aside").isEqualTo(bytes);
    }

    @Property(tries = 3000)
    void arbitraryDatagramsFailOnlyWithTheTypedErrorAndDecodeLosslessly(@ForAll("ipv4LikeBytes") byte[] bytes) {
        DecodedDatagram decoded = decodeOrNull(bytes, () -> SegmentCodec.decodeIpv4(bytes));
        if (decoded == null) {
            return;
        }
        byte[] again = SegmentCodec.encodeIpv4(decoded);
        int tcpChecksumAt = decoded.headerLength() + 16;
        for (int i : new int[] {10, 11, tcpChecksumAt, tcpChecksumAt + 1}) {
            again[i] = bytes[i];
        }
        assertThat(again).isEqualTo(bytes);
    }

    @Property(tries = 3000)
    void arbitraryIpv6DatagramsFailOnlyWithTheTypedErrorAndDecodeLosslessly(@ForAll("ipv6LikeBytes") byte[] bytes) {
        DecodedDatagram decoded = decodeOrNull(bytes, () -> SegmentCodec.decodeIp(bytes));
        if (decoded == null) {
            return;
        }
        byte[] again = SegmentCodec.encodeIp(decoded);
        int tcpChecksumAt = decoded.headerLength() + 16;
        again[tcpChecksumAt] = bytes[tcpChecksumAt];
        again[tcpChecksumAt + 1] = bytes[tcpChecksumAt + 1];
        assertThat(again).isEqualTo(bytes);
    }

    /**
     * Runs a decoder on untrusted bytes: its result, or null after checking that the only failure
     * was the typed error pointing inside the bytes. Records the outcome, and requires that a fair
     * share of the generated inputs do decode, or the property would test little.
     */
    private static <T> T decodeOrNull(byte[] bytes, java.util.function.Supplier<T> decoder) {
        try {
            T decoded = decoder.get();
            Statistics.label("outcome").collect("decoded");
            return decoded;
        } catch (SegmentDecodeException e) {
            Statistics.label("outcome").collect(e.error());
            assertThat(e.offset()).isBetween(0, bytes.length);
            return null;
        } finally {
            Statistics.label("outcome").coverage(c -> c.check("decoded").percentage(p -> p > 10));
        }
    }

    @Property(tries = 500)
    void plainRandomBytesNeverEscapeAnythingButTheTypedError(@ForAll @Size(max = 90) byte[] bytes) {
        assertThatCode(() -> {
            try {
                SegmentCodec.decodeTcp(bytes, Ipv6Address.parse("::1"), Ipv6Address.parse("::2"));
            } catch (SegmentDecodeException ignored) {
                // the only failure allowed
            }
            try {
                SegmentCodec.decodeIpv4(bytes);
            } catch (SegmentDecodeException ignored) {
                // the only failure allowed
            }
            try {
                SegmentCodec.decodeIp(bytes);
            } catch (SegmentDecodeException ignored) {
                // the only failure allowed
            }
        }).doesNotThrowAnyException();
    }

    // ---------------------------------------------------------------- generators

    @Provide
    public Arbitrary<TcpSegment> segments() {
        Arbitrary<Integer> u16 = Arbitraries.integers().between(0, 0xFFFF);
        Arbitrary<SeqNum> seq = Arbitraries.integers().map(SeqNum::new);
        Arbitrary<TcpFlags> flags = Arbitraries.integers().between(0, 0x1FF).map(TcpFlags::new);
        Arbitrary<Bytes> payload = Arbitraries.bytes().array(byte[].class).ofMaxSize(48).map(Bytes::of);
        return Combinators.combine(u16.tuple2(), seq.tuple2(), flags, u16.tuple2(), options(), payload)
                .as((ports, seqAck, f, windowUrgent, options, data) -> new TcpSegment(ports.get1(), ports.get2(),
                        seqAck.get1(), seqAck.get2(), f, windowUrgent.get1(), windowUrgent.get2(), options, data));
    }

    /**
     * Option lists within 40 bytes that a decoder reads back as themselves: any mix of known
     * options, NOPs and unknown kinds (including known kinds with lengths Linux rejects), then
     * maybe an EOL, maybe followed by padding that is not plain zero fill.
     */
    @Provide
    Arbitrary<List<TcpOption>> options() {
        Arbitrary<List<TcpOption>> body = option().list().ofMaxSize(8)
                .filter(list -> wireLength(list) <= TcpSegment.MAX_OPTION_BYTES);
        Arbitrary<Integer> tail = Arbitraries.integers().between(0, 2); // 0 none, 1 EOL, 2 EOL + padding
        return Combinators.combine(body, tail, Arbitraries.bytes().array(byte[].class).ofSize(39))
                .as(SegmentCodecProperties::withTail)
                .filter(list -> wireLength(list) <= TcpSegment.MAX_OPTION_BYTES);
    }

    private static List<TcpOption> withTail(List<TcpOption> body, int tail, byte[] noise) {
        List<TcpOption> out = new ArrayList<>(body);
        if (tail == 0) {
            return out;
        }
        out.add(TcpOption.EOL);
        int used = wireLength(out);
        int toWord = (4 - used % 4) % 4;
        int room = TcpSegment.MAX_OPTION_BYTES - used;
        if (tail == 2 && room > 0) {
            // Padding a decoder keeps: a spare word or more, or a non-zero byte in the fill.
            int length = room >= toWord + 4 ? toWord + 4 * (1 + (noise[0] & 0xFF) % ((room - toWord) / 4)) : toWord;
            byte[] bytes = java.util.Arrays.copyOf(noise, length);
            if (length < 4) {
                bytes[0] |= 1;
            }
            out.add(new TcpOption.Padding(Bytes.of(bytes)));
        }
        return out;
    }

    private static Arbitrary<TcpOption> option() {
        Arbitrary<Long> u32 = Arbitraries.longs().between(0, 0xFFFF_FFFFL);
        Arbitrary<SeqNum> seq = Arbitraries.integers().map(SeqNum::new);
        Arbitrary<TcpOption> sack = Combinators.combine(seq, seq).as(TcpOption.SackBlock::new).list().ofMinSize(1)
                .ofMaxSize(4).map(TcpOption.Sack::new);
        Arbitrary<TcpOption> unknown = Combinators.combine(Arbitraries.integers().between(2, 255),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(12))
                .as((kind, data) -> (TcpOption) new TcpOption.Unknown(kind, Bytes.of(data)))
                .filter(SegmentCodecProperties::decodesAsUnknown);
        return Arbitraries.oneOf(
                Arbitraries.just(TcpOption.NOP),
                Arbitraries.integers().between(0, 0xFFFF).map(TcpOption.MaxSegmentSize::new),
                Arbitraries.integers().between(0, 0xFF).map(TcpOption.WindowScale::new),
                Arbitraries.just(TcpOption.SACK_PERMITTED),
                Combinators.combine(u32, u32).as(TcpOption.Timestamps::new),
                sack,
                Arbitraries.bytes().array(byte[].class).ofMaxSize(16).map(c -> new TcpOption.FastOpenCookie(Bytes.of(c))),
                unknown);
    }

    /** Kinds the decoder reads as something else at this length are not "unknown" on the wire. */
    private static boolean decodesAsUnknown(TcpOption o) {
        int kind = o.kind();
        int length = o.wireLength();
        return !(kind == TcpOption.KIND_MSS && length == 4 || kind == TcpOption.KIND_WINDOW_SCALE && length == 3
                || kind == TcpOption.KIND_SACK_PERMITTED && length == 2 || kind == TcpOption.KIND_TIMESTAMPS && length == 10
                || kind == TcpOption.KIND_SACK && length >= 10 && (length - 2) % 8 == 0
                || kind == TcpOption.KIND_FAST_OPEN);
    }

    private static int wireLength(List<TcpOption> options) {
        int n = 0;
        for (TcpOption o : options) {
            n += o.wireLength();
        }
        return n;
    }

    @Provide
    public Arbitrary<Ipv4Address> ipv4() {
        return Arbitraries.integers().map(Ipv4Address::new);
    }

    @Provide
    public Arbitrary<Ipv6Address> ipv6() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(Ipv6Address::new);
    }

    @Provide
    Arbitrary<IpAddress[]> addressPairs() {
        Arbitrary<IpAddress[]> v4 = Combinators.combine(ipv4(), ipv4()).as((a, b) -> new IpAddress[] {a, b});
        Arbitrary<Ipv6Address> v6 = Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(Ipv6Address::new);
        Arbitrary<IpAddress[]> six = Combinators.combine(v6, v6).as((a, b) -> new IpAddress[] {a, b});
        return Arbitraries.oneOf(v4, six);
    }

    @Provide
    public Arbitrary<int[]> ttlAndEcn() {
        return Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 3))
                .as((ttl, ecn) -> new int[] {ttl, ecn});
    }

    /** Random bytes shaped enough like a TCP header (a plausible data offset) that many of them decode. */
    @Provide
    Arbitrary<byte[]> tcpLikeBytes() {
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMinSize(20).ofMaxSize(80);
        Arbitrary<byte[]> optionish = Arbitraries.of((byte) 0, (byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 8,
                (byte) 10, (byte) 34).array(byte[].class).ofMinSize(20).ofMaxSize(80);
        return Combinators.combine(Arbitraries.oneOf(raw, optionish), Arbitraries.integers().between(0, 15))
                .as(SegmentCodecProperties::withDataOffset);
    }

    private static byte[] withDataOffset(byte[] bytes, int doff) {
        byte[] b = bytes.clone();
        b[12] = (byte) (Math.min(doff, b.length / 4) << 4 | (b[12] & 0x0F));
        return b;
    }

    /** A valid IPv4 header in front of TCP-like bytes, with a random field spoiled one time in three. */
    @Provide
    public Arbitrary<byte[]> ipv4LikeBytes() {
        return Combinators.combine(tcpLikeBytes(), Arbitraries.integers().between(0, 59),
                        Arbitraries.bytes(), Arbitraries.integers().between(0, 2))
                .as((tcp, index, value, spoil) -> {
                    byte[] b = new byte[20 + tcp.length];
                    b[0] = 0x45;
                    b[2] = (byte) (b.length >>> 8);
                    b[3] = (byte) b.length;
                    b[6] = 0x40;
                    b[8] = 64;
                    b[9] = 6;
                    System.arraycopy(tcp, 0, b, 20, tcp.length);
                    if (spoil == 0) {
                        b[index % b.length] = value;
                    }
                    return b;
                });
    }

    /** A 40-byte IPv6 header with next header TCP before TCP-like bytes; a third have one byte spoiled. */
    @Provide
    public Arbitrary<byte[]> ipv6LikeBytes() {
        return Combinators.combine(tcpLikeBytes(), Arbitraries.integers().between(0, 79),
                        Arbitraries.bytes(), Arbitraries.integers().between(0, 2), Arbitraries.integers())
                .as((tcp, index, value, spoil, first) -> {
                    byte[] b = new byte[40 + tcp.length];
                    b[0] = (byte) (0x60 | (first >>> 28));
                    b[1] = (byte) (first >>> 16);
                    b[2] = (byte) (first >>> 8);
                    b[3] = first.byteValue();
                    b[4] = (byte) (tcp.length >>> 8);
                    b[5] = (byte) tcp.length;
                    b[6] = 6;
                    b[7] = 64;
                    b[8] = (byte) 0xfd;
                    b[23] = 2;
                    b[24] = (byte) 0xfd;
                    b[39] = 1;
                    System.arraycopy(tcp, 0, b, 40, tcp.length);
                    if (spoil == 0) {
                        b[index % b.length] = value;
                    }
                    return b;
                });
    }

    // ---------------------------------------------------------------- RFC 1071, written out for the test

    private static byte[] pseudoHeader(IpAddress src, IpAddress dst, int length) {
        byte[] s = src.toBytes();
        byte[] d = dst.toBytes();
        boolean v4 = s.length == 4;
        byte[] p = new byte[v4 ? 12 : 40];
        System.arraycopy(s, 0, p, 0, s.length);
        System.arraycopy(d, 0, p, s.length, d.length);
        if (v4) { // RFC 9293 §3.1: zero, PTCL, TCP length
            p[9] = 6;
            p[10] = (byte) (length >>> 8);
            p[11] = (byte) length;
        } else { // RFC 8200 §8.1: 32-bit length, 3 zero bytes, next header
            p[34] = (byte) (length >>> 8);
            p[35] = (byte) length;
            p[39] = 6;
        }
        return p;
    }

    private static int onesComplementSum(byte[] pseudo, byte[] segment) {
        byte[] all = new byte[pseudo.length + segment.length + 1];
        System.arraycopy(pseudo, 0, all, 0, pseudo.length);
        System.arraycopy(segment, 0, all, pseudo.length, segment.length);
        int sum = 0;
        for (int i = 0; i + 1 < all.length; i += 2) {
            sum += (all[i] & 0xFF) << 8 | (all[i + 1] & 0xFF);
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return sum;
    }
}
