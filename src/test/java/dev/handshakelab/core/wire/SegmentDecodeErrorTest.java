package dev.handshakelab.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each way bytes fail to parse, with the byte the error points at; and the strange but
 * parseable cases that must not be errors (the decoder rejects only what cannot be parsed,
 * as smoltcp's {@code TcpRepr::parse} does; Linux's {@code tcp_parse_options} ignores options it
 * cannot use rather than dropping the segment).
 */
class SegmentDecodeErrorTest {

    static final Ipv4Address A = Ipv4Address.of(192, 0, 2, 1);
    static final Ipv4Address B = Ipv4Address.of(192, 168, 0, 1);

    /** A 20-byte header (doff 5) followed by {@code optionHex}, with the data offset set to {@code doff}. */
    static byte[] tcp(int doff, String optionHex) {
        byte[] options = Bytes.fromHex(optionHex).toArray();
        byte[] b = new byte[20 + options.length];
        b[0] = (byte) 0xca;
        b[1] = 0x64;
        b[2] = 0x1f;
        b[3] = (byte) 0x90;
        b[12] = (byte) (doff << 4);
        b[13] = TcpFlags.SYN;
        System.arraycopy(options, 0, b, 20, options.length);
        return b;
    }

    static void assertDecodeError(byte[] bytes, SegmentDecodeError error, int offset, String messagePart) {
        assertThatThrownBy(() -> SegmentCodec.decodeTcp(bytes, A, B))
                .isInstanceOfSatisfying(SegmentDecodeException.class, e -> {
                    assertThat(e.error()).isEqualTo(error);
                    assertThat(e.offset()).isEqualTo(offset);
                    assertThat(e.getMessage()).startsWith(error + " at byte " + offset + ": ").contains(messagePart);
                });
    }

    @Test
    void headerShorterThanTwentyBytesIsTruncatedAtItsEnd() {
        assertDecodeError(new byte[13], SegmentDecodeError.TRUNCATED_HEADER, 13, "only 13 are present");
        assertDecodeError(new byte[0], SegmentDecodeError.TRUNCATED_HEADER, 0, "only 0 are present");
    }

    /**
     * A data offset below 5 words is not a decode error any more (Linux's tcp_v4_rcv drops such a
     * segment silently, which a lab shows): it decodes with dataOffsetValid false, the fixed header
     * read and the rest kept as payload, and encodes back to the same bytes.
     */
    @Test
    void dataOffsetBelowFiveWordsDecodesAsInvalidAndLossless() {
        byte[] bytes = tcp(4, "");
        DecodedSegment d = SegmentCodec.decodeTcp(bytes, A, B);
        assertThat(d.dataOffsetValid()).isFalse();
        assertThat(d.dataOffsetWords()).isEqualTo(4);
        assertThat(reencodedButTheChecksum(d, bytes)).isEqualTo(bytes);
    }

    @Test
    void dataOffsetPastTheEndDecodesAsInvalidWithTheRestAsPayload() {
        byte[] bytes = tcp(7, "020405b4");
        DecodedSegment d = SegmentCodec.decodeTcp(bytes, A, B);
        assertThat(d.dataOffsetValid()).isFalse();
        assertThat(d.segment().options()).isEmpty();
        assertThat(d.segment().payload()).isEqualTo(Bytes.fromHex("020405b4"));
        assertThat(reencodedButTheChecksum(d, bytes)).isEqualTo(bytes);
    }

    /**
     * The decoded options and the bytes they encode back to: malformed option space is not an
     * error any more but where tcp_parse_options stops, so the segment decodes losslessly.
     */
    static List<TcpOption> decodesLosslessly(byte[] bytes) {
        DecodedSegment d = SegmentCodec.decodeTcp(bytes, A, B);
        assertThat(reencodedButTheChecksum(d, bytes)).isEqualTo(bytes);
        return d.segment().options();
    }

    /** Re-encoding recomputes the checksum: compare everything else (these test headers carry 0 there). */
    static byte[] reencodedButTheChecksum(DecodedSegment d, byte[] original) {
        byte[] out = SegmentCodec.encodeTcp(d, A, B);
        out[16] = original[16];
        out[17] = original[17];
        return out;
    }

    /**
     * tcp_parse_options, "silly options": a length byte of 0 or 1 ends the parse; the options
     * before it are kept, the rest of the option space is unparsed (it was a decode error before;
     * Linux does not drop the segment, it stops reading options).
     */
    @Test
    void optionLengthZeroOrOneStopsTheParseKeepingWhatCameBefore() {
        assertThat(decodesLosslessly(tcp(6, "02000000"))).containsExactly(new TcpOption.Unparsed(Bytes.fromHex("02000000")));
        assertThat(decodesLosslessly(tcp(7, "01010801 00000000")))
                .containsExactly(TcpOption.NOP, TcpOption.NOP, new TcpOption.Unparsed(Bytes.fromHex("0801 00000000")));
    }

    /**
     * tcp_parse_options, "don't parse partial options": an option longer than the option space
     * ends the parse: the MSS and SACK-permitted before a truncated window scale still count.
     */
    @Test
    void optionLongerThanTheOptionSpaceStopsTheParse() {
        // MSS, SACK-permitted, then window scale claiming 3 bytes where 2 remain; the payload does not count.
        byte[] bytes = concat(tcp(7, "020405b4 04020303"), new byte[] {1, 2, 3, 4});
        assertThat(decodesLosslessly(bytes)).containsExactly(new TcpOption.MaxSegmentSize(1460), TcpOption.SACK_PERMITTED,
                new TcpOption.Unparsed(Bytes.fromHex("0303")));
        byte[] tsPastEnd = concat(tcp(7, "0101080a 00000001"), new byte[] {1, 2, 3, 4});
        assertThat(decodesLosslessly(tsPastEnd)).containsExactly(TcpOption.NOP, TcpOption.NOP,
                new TcpOption.Unparsed(Bytes.fromHex("080a 00000001")));
    }

    /** tcp_parse_options, "if (length < 2) return": a kind in the last header byte ends the parse. */
    @Test
    void optionKindInTheLastHeaderByteStopsTheParse() {
        assertThat(decodesLosslessly(tcp(6, "01010103"))).containsExactly(TcpOption.NOP, TcpOption.NOP, TcpOption.NOP,
                new TcpOption.Unparsed(Bytes.fromHex("03")));
    }

    /** An unparsed tail that does not fill a word reads back with the encoder's zero fill. */
    @Test
    void unparsedTailReadsBackWithTheZeroFill() {
        List<TcpOption> typed = List.of(new TcpOption.MaxSegmentSize(1460), new TcpOption.Unparsed(Bytes.fromHex("0303")));
        assertThat(SegmentCodec.asOnWire(typed)).containsExactly(new TcpOption.MaxSegmentSize(1460),
                new TcpOption.Unparsed(Bytes.fromHex("03030000")));
    }

    @Test
    void ipv4Errors() {
        byte[] good = SegmentCodec.encodeIpv4(IpDatagram.of(A, B, new TcpSegment(1, 2, SeqNum.ZERO, SeqNum.ZERO,
                TcpFlags.SYN_ONLY, 1000, 0, List.of(), Bytes.EMPTY)));

        assertIpError(new byte[19], SegmentDecodeError.TRUNCATED_IP_HEADER, 19);
        assertIpError(with(good, 0, 0x65), SegmentDecodeError.BAD_IP_VERSION, 0);
        assertIpError(with(good, 0, 0x44), SegmentDecodeError.BAD_IP_HEADER_LENGTH, 0);
        assertIpError(with(good, 0, 0x4f), SegmentDecodeError.BAD_IP_HEADER_LENGTH, 0);
        assertIpError(with(good, 3, 41), SegmentDecodeError.IP_TOTAL_LENGTH_MISMATCH, 2);
        assertIpError(concat(good, new byte[] {0}), SegmentDecodeError.IP_TOTAL_LENGTH_MISMATCH, 2);
        assertIpError(with(good, 6, 0x60), SegmentDecodeError.IP_FRAGMENT, 6); // DF + MF
        assertIpError(with(good, 7, 0x01), SegmentDecodeError.IP_FRAGMENT, 6); // fragment offset 1
        assertIpError(with(good, 9, 17), SegmentDecodeError.NOT_TCP, 9);
    }

    @Test
    void tcpErrorInsideADatagramPointsAtTheDatagramByte() {
        byte[] good = SegmentCodec.encodeIpv4(IpDatagram.of(A, B, new TcpSegment(1, 2, SeqNum.ZERO, SeqNum.ZERO,
                TcpFlags.SYN_ONLY, 1000, 0, List.of(), Bytes.EMPTY)));

        // a TCP header cut to 13 bytes (total length 33): the error points at datagram byte 33
        byte[] cut = java.util.Arrays.copyOf(good, 33);
        cut[3] = 33;
        assertIpError(cut, SegmentDecodeError.TRUNCATED_HEADER, 33);
    }

    @Test
    void wrongChecksumIsReportedNotThrown() {
        TcpSegment syn = new TcpSegment(51812, 8080, SeqNum.of(1), SeqNum.ZERO, TcpFlags.SYN_ONLY, 64240, 0,
                List.of(new TcpOption.MaxSegmentSize(1460)), Bytes.EMPTY);
        byte[] wire = SegmentCodec.encodeTcp(syn, A, B);
        int good = (int) TcpHeaderField.CHECKSUM.read(wire, 0);
        wire[16] ^= 0x10;

        DecodedSegment d = SegmentCodec.decodeTcp(wire, A, B);

        assertThat(d.segment()).isEqualTo(syn);
        assertThat(d.checksumValid()).isFalse();
        assertThat(d.checksum()).isEqualTo(good ^ 0x1000);
        assertThat(d.expectedChecksum()).isEqualTo(good);
        assertThat(SegmentCodec.encodeTcp(d, A, B)).as("re-encoding repairs only the checksum")
                .isEqualTo(SegmentCodec.encodeTcp(syn, A, B));
    }

    /** tcp_parse_options checks each known kind's length (TCPOLEN_MSS, TCPOLEN_WINDOW…) and ignores a mismatch. */
    @Test
    void knownKindsWithWrongLengthsDecodeAsUnknown() {
        byte[] bytes = tcp(14, "0205 05b4aa 0304 0e00 0403 00 080b 00000001 00000002 00 0502 050a 0000000100000002 00");

        List<TcpOption> options = SegmentCodec.decodeTcp(bytes, A, B).segment().options();

        assertThat(options).containsExactly(
                new TcpOption.Unknown(2, Bytes.fromHex("05b4aa")),
                new TcpOption.Unknown(3, Bytes.fromHex("0e00")),
                new TcpOption.Unknown(4, Bytes.fromHex("00")),
                new TcpOption.Unknown(8, Bytes.fromHex("000000010000000200")),
                new TcpOption.Unknown(5, Bytes.EMPTY),
                new TcpOption.Sack(List.of(new TcpOption.SackBlock(SeqNum.of(1), SeqNum.of(2)))),
                TcpOption.EOL);
        assertThat(SegmentCodec.encodeTcp(SegmentCodec.decodeTcp(bytes, A, B), A, B))
                .isEqualTo(withChecksum(bytes));
    }

    /** RFC 9293 §3.2: after EOL the header "must be zero", but a lab can send anything and must see it back. */
    @Test
    void nonZeroBytesAfterEolArePreservedAsPadding() {
        byte[] bytes = tcp(7, "020405b4 00dead00");

        DecodedSegment d = SegmentCodec.decodeTcp(bytes, A, B);

        assertThat(d.segment().options()).containsExactly(new TcpOption.MaxSegmentSize(1460), TcpOption.EOL,
                new TcpOption.Padding(Bytes.fromHex("dead00")));
        assertThat(SegmentCodec.encodeTcp(d, A, B)).isEqualTo(withChecksum(bytes));
    }

    @Test
    void wholeWordsOfZerosAfterEolArePreservedButEncoderFillIsNot() {
        DecodedSegment spare = SegmentCodec.decodeTcp(tcp(8, "00000000 00000000 00000000"), A, B);
        DecodedSegment fill = SegmentCodec.decodeTcp(tcp(6, "01000000"), A, B);

        assertThat(spare.segment().options()).containsExactly(TcpOption.EOL, new TcpOption.Padding(Bytes.of(new byte[11])));
        assertThat(spare.dataOffsetWords()).isEqualTo(8);
        assertThat(SegmentCodec.encodeTcp(spare.segment(), A, B)).hasSize(32);
        assertThat(fill.segment().options()).containsExactly(TcpOption.NOP, TcpOption.EOL);
    }

    @Test
    void reservedBitsSurviveARoundTrip() {
        byte[] bytes = tcp(5, "");
        bytes[12] |= 0b0000_1010;

        DecodedSegment d = SegmentCodec.decodeTcp(bytes, A, B);

        assertThat(d.reservedBits()).isEqualTo(0b101);
        assertThat(d.segment().flags()).isEqualTo(TcpFlags.SYN_ONLY);
        assertThat(SegmentCodec.encodeTcp(d, A, B)).isEqualTo(withChecksum(bytes));
    }

    @Test
    void nsBitIsTheNinthFlag() {
        byte[] bytes = tcp(5, "");
        bytes[12] |= 1;

        assertThat(SegmentCodec.decodeTcp(bytes, A, B).segment().flags().has(TcpFlags.NS)).isTrue();
    }

    static void assertIpError(byte[] bytes, SegmentDecodeError error, int offset) {
        assertThatThrownBy(() -> SegmentCodec.decodeIpv4(bytes))
                .isInstanceOfSatisfying(SegmentDecodeException.class, e -> {
                    assertThat(e.error()).isEqualTo(error);
                    assertThat(e.offset()).isEqualTo(offset);
                });
    }

    static byte[] with(byte[] bytes, int index, int value) {
        byte[] copy = bytes.clone();
        copy[index] = (byte) value;
        return copy;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The bytes with the checksum a correct sender writes, as the decoder computed it. */
    static byte[] withChecksum(byte[] bytes) {
        int sum = SegmentCodec.decodeTcp(bytes, A, B).expectedChecksum();
        return with(with(bytes, 16, sum >>> 8), 17, sum);
    }
}
