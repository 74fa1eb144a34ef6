package dev.handshakelab.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real bytes from the wire. The SYN-ACK layouts are the rows of linux-passive-open.md §3.1
 * (Linux's {@code tcp_options_write}) and the replies observed on a 6.18 kernel in §0; the
 * captured SYN below has checksums computed outside this code base.
 */
class SegmentCodecGoldenTest {

    static final Ipv4Address SERVER = Ipv4Address.parse("10.77.0.1");
    static final Ipv4Address CLIENT = Ipv4Address.parse("10.77.0.2");

    // TSval V and TSecr E of the §3.1 table, given concrete values.
    static final long V = 0xa1b2c3d4L;
    static final long E = 0x00000064L;
    static final String V_HEX = "a1b2c3d4";
    static final String E_HEX = "00000064";

    static final TcpOption MSS_1460 = new TcpOption.MaxSegmentSize(1460);
    static final TcpOption WSCALE_7 = new TcpOption.WindowScale(7);
    static final TcpOption TS = new TcpOption.Timestamps(V, E);
    static final TcpOption NOP = TcpOption.NOP;
    static final TcpOption SACK_OK = TcpOption.SACK_PERMITTED;
    static final Bytes COOKIE = Bytes.fromHex("c1c2c3c4c5c6c7c8");

    static TcpSegment synAck(List<TcpOption> options, int window) {
        return new TcpSegment(8080, 51812, SeqNum.of(0x0badcafeL), SeqNum.of(0x6b8b4568L), TcpFlags.SYN_ACK,
                window, 0, options, Bytes.EMPTY);
    }

    static Stream<Arguments> linuxSynAckLayouts() {
        return Stream.of(
                Arguments.of("mss, sackOK, TS, wscale", List.of(MSS_1460, SACK_OK, TS, NOP, WSCALE_7),
                        "mss 1460,sackOK,TS val " + V + " ecr " + E + ",nop,wscale 7",
                        "020405b4 0402080a " + V_HEX + E_HEX + " 01030307", 20, 10),
                Arguments.of("mss, sackOK, wscale (no TS)", List.of(MSS_1460, NOP, NOP, SACK_OK, NOP, WSCALE_7),
                        "mss 1460,nop,nop,sackOK,nop,wscale 7", "020405b4 01010402 01030307", 12, 8),
                Arguments.of("mss, sackOK, TS (no wscale)", List.of(MSS_1460, SACK_OK, TS),
                        "mss 1460,sackOK,TS val " + V + " ecr " + E, "020405b4 0402080a " + V_HEX + E_HEX, 16, 9),
                Arguments.of("mss, TS, wscale (no SACK)", List.of(MSS_1460, NOP, NOP, TS, NOP, WSCALE_7),
                        "mss 1460,nop,nop,TS val " + V + " ecr " + E + ",nop,wscale 7",
                        "020405b4 0101080a " + V_HEX + E_HEX + " 01030307", 20, 10),
                Arguments.of("mss, TS", List.of(MSS_1460, NOP, NOP, TS),
                        "mss 1460,nop,nop,TS val " + V + " ecr " + E, "020405b4 0101080a " + V_HEX + E_HEX, 16, 9),
                Arguments.of("mss, wscale", List.of(MSS_1460, NOP, WSCALE_7),
                        "mss 1460,nop,wscale 7", "020405b4 01030307", 8, 7),
                Arguments.of("mss, sackOK", List.of(MSS_1460, NOP, NOP, SACK_OK),
                        "mss 1460,nop,nop,sackOK", "020405b4 01010402", 8, 7),
                Arguments.of("mss only, or nothing", List.of(MSS_1460), "mss 1460", "020405b4", 4, 6),
                Arguments.of("full set + TFO cookie request",
                        List.of(MSS_1460, SACK_OK, TS, NOP, WSCALE_7, new TcpOption.FastOpenCookie(COOKIE), NOP, NOP),
                        "mss 1460,sackOK,TS val " + V + " ecr " + E + ",nop,wscale 7,FO c1c2c3c4c5c6c7c8,nop,nop",
                        "020405b4 0402080a " + V_HEX + E_HEX + " 01030307 220a c1c2c3c4c5c6c7c8 0101", 32, 13));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("linuxSynAckLayouts")
    void linuxSynAckOptionLayoutIsByteExact(String offered, List<TcpOption> options, String packetdrill,
            String optionHex, int optionBytes, int dataOffset) {
        byte[] wire = SegmentCodec.encodeTcp(synAck(options, 65160), SERVER, CLIENT);

        assertThat(Bytes.copyOf(wire, 20, wire.length)).isEqualTo(Bytes.fromHex(optionHex));
        assertThat(wire.length - 20).isEqualTo(optionBytes);
        assertThat((wire[12] & 0xFF) >>> 4).isEqualTo(dataOffset);
        assertThat(SegmentFormat.options(options)).isEqualTo(packetdrill);

        DecodedSegment decoded = SegmentCodec.decodeTcp(wire, SERVER, CLIENT);
        assertThat(decoded.segment().options()).containsExactlyElementsOf(options);
        assertThat(decoded.dataOffsetWords()).isEqualTo(dataOffset);
        assertThat(decoded.checksumValid()).isTrue();
    }

    /** §0, first row: a 6.18 kernel answered mss 1000,sackOK,TS val 100 ecr 0,nop,wscale 7 so. */
    @Test
    void observedSynAckWithTimestampsDecodesToLinuxOrder() {
        long tsval = 0x5eed1234L;
        byte[] optionBytes = Bytes.fromHex("020405b4 0402080a 5eed1234 00000064 0103030a").toArray();
        TcpSegment reply = synAck(List.of(MSS_1460, SACK_OK, new TcpOption.Timestamps(tsval, 100), NOP,
                new TcpOption.WindowScale(10)), 65160);

        byte[] wire = SegmentCodec.encodeTcp(reply, SERVER, CLIENT);

        assertThat(Arrays.copyOfRange(wire, 20, wire.length)).isEqualTo(optionBytes);
        assertThat(SegmentFormat.format(reply))
                .isEqualTo("S. 195939070:195939070(0) ack 1804289384 win 65160 <mss 1460,sackOK,TS val "
                        + tsval + " ecr 100,nop,wscale 10>");
    }

    /** §0, rows 2-5: MSS-only replies (also the cookie SYN-ACK without TS) and the wscale-14 clamp reply. */
    @Test
    void observedMssOnlyAndWscaleRepliesAreByteExact() {
        byte[] mssOnly = SegmentCodec.encodeTcp(synAck(List.of(MSS_1460), 64240), SERVER, CLIENT);
        byte[] withWscale = SegmentCodec.encodeTcp(
                synAck(List.of(MSS_1460, NOP, new TcpOption.WindowScale(10)), 64240), SERVER, CLIENT);

        assertThat(Bytes.copyOf(mssOnly, 20, mssOnly.length)).isEqualTo(Bytes.fromHex("020405b4"));
        assertThat(Bytes.copyOf(withWscale, 20, withWscale.length)).isEqualTo(Bytes.fromHex("020405b4 0103030a"));
        assertThat(TcpHeaderField.WINDOW.read(mssOnly, 0)).isEqualTo(64240);
    }

    /** §0, rows 6-7: the RST Linux sends for a wrong 3rd ACK: seq = that ack, no ACK flag, win 0, no options. */
    @Test
    void observedResetForWrongThirdAckIsAFixedHeaderOnly() {
        TcpSegment rst = new TcpSegment(8080, 51812, SeqNum.of(12345), SeqNum.ZERO, TcpFlags.RST_ONLY, 0, 0,
                List.of(), Bytes.EMPTY);

        byte[] wire = SegmentCodec.encodeTcp(rst, SERVER, CLIENT);

        assertThat(wire).hasSize(20);
        assertThat(Bytes.copyOf(wire, 0, 16)).isEqualTo(Bytes.fromHex("1f90 ca64 00003039 00000000 5004 0000"));
        assertThat(SegmentFormat.format(rst)).isEqualTo("R 12345:12345(0) win 0");
    }

    /**
     * A Linux-style client SYN, 10.77.0.2:51812 → 10.77.0.1:8080, IP id 0x8a3f, DF, TTL 64,
     * options mss 1460,sackOK,TS val 671516 ecr 0,nop,wscale 7. The bytes were assembled with
     * Python's {@code struct} on this machine, and both checksums (IP 0x9be0, TCP 0x5e65) were
     * computed there with an RFC 1071 sum over the header, and for TCP the pseudo-header
     * (src, dst, 0, 6, length 40); Python then re-verified that each sums to zero.
     */
    static final String CAPTURED_SYN = "4500003c8a3f400040069be00a4d00020a4d0001"
            + "ca641f906b8b456700000000a002faf05e650000020405b40402080a000a3f1c0000000001030307";

    @Test
    void capturedSynDecodesFieldByField() {
        byte[] bytes = Bytes.fromHex(CAPTURED_SYN).toArray();

        DecodedDatagram d = SegmentCodec.decodeIpv4(bytes);

        assertThat(d.datagram().src()).isEqualTo(CLIENT);
        assertThat(d.datagram().dst()).isEqualTo(SERVER);
        assertThat(d.datagram().ttl()).isEqualTo(64);
        assertThat(d.datagram().ecn()).isZero();
        assertThat(d.identification()).isEqualTo(0x8a3f);
        assertThat(d.dontFragment()).isTrue();
        assertThat(d.headerChecksum()).isEqualTo(0x9be0);
        assertThat(d.headerChecksumValid()).isTrue();
        TcpSegment syn = d.tcp().segment();
        assertThat(syn.srcPort()).isEqualTo(51812);
        assertThat(syn.dstPort()).isEqualTo(8080);
        assertThat(syn.seq()).isEqualTo(SeqNum.of(0x6b8b4567L));
        assertThat(syn.ack()).isEqualTo(SeqNum.ZERO);
        assertThat(syn.flags()).isEqualTo(TcpFlags.SYN_ONLY);
        assertThat(syn.window()).isEqualTo(64240);
        assertThat(syn.urgentPointer()).isZero();
        assertThat(syn.options()).containsExactly(MSS_1460, SACK_OK, new TcpOption.Timestamps(0x000a3f1cL, 0),
                NOP, WSCALE_7);
        assertThat(syn.payload()).isEqualTo(Bytes.EMPTY);
        assertThat(d.tcp().dataOffsetWords()).isEqualTo(10);
        assertThat(d.tcp().checksum()).isEqualTo(0x5e65);
        assertThat(d.tcp().expectedChecksum()).isEqualTo(0x5e65);
        assertThat(d.tcp().checksumValid()).isTrue();
        assertThat(d.tcp().optionSpans()).extracting(DecodedSegment.OptionSpan::offset, DecodedSegment.OptionSpan::length)
                .containsExactly(tuple(20, 4), tuple(24, 2),
                        tuple(26, 10), tuple(36, 1),
                        tuple(37, 3));
        assertThat(SegmentCodec.encodeIpv4(d)).isEqualTo(bytes);
    }

    /** The SYN-ACK Linux would answer it with, as ip_build_and_send_pkt sends it: id 0, DF. Bytes built and summed in Python as above. */
    @Test
    void synAckDatagramEncodesAsLinuxSendsIt() {
        TcpSegment reply = synAck(List.of(MSS_1460, SACK_OK, new TcpOption.Timestamps(5, 0x000a3f1cL), NOP,
                new TcpOption.WindowScale(10)), 65160);

        byte[] wire = SegmentCodec.encodeIpv4(IpDatagram.of(SERVER, CLIENT, reply));

        assertThat(Bytes.of(wire)).isEqualTo(Bytes.fromHex("4500003c00004000400626200a4d00010a4d0002"
                + "1f90ca640badcafe6b8b4568a012fe8884080000020405b40402080a00000005000a3f1c0103030a"));
    }

    /**
     * The same SYN over IPv6, 2001:db8::2 → 2001:db8::1, MSS 1440; TCP checksum 0x1571 computed
     * in Python over the RFC 8200 §8.1 pseudo-header (src, dst, 32-bit length, 3 zero bytes, 6).
     */
    @Test
    void ipv6SynChecksumCoversTheRfc8200PseudoHeader() {
        Ipv6Address client = Ipv6Address.parse("2001:db8::2");
        Ipv6Address server = Ipv6Address.parse("2001:db8::1");
        byte[] bytes = Bytes.fromHex("ca641f906b8b456700000000a002fd2015710000"
                + "020405a00402080a000a3f1c0000000001030307").toArray();

        DecodedSegment d = SegmentCodec.decodeTcp(bytes, client, server);

        assertThat(d.checksumValid()).isTrue();
        assertThat(d.segment().window()).isEqualTo(64800);
        assertThat(SegmentCodec.encodeTcp(d.segment(), client, server)).isEqualTo(bytes);
        assertThat(SegmentCodec.decodeTcp(bytes, server, client).checksumValid())
                .as("swapping the addresses does not change a one's-complement sum")
                .isTrue();
        assertThat(SegmentCodec.decodeTcp(bytes, Ipv6Address.parse("2001:db8::3"), server).checksumValid()).isFalse();
    }
}
