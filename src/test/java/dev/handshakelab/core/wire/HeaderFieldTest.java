package dev.handshakelab.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The field maps the inspector highlights with: they tile the fixed headers exactly (RFC 9293
 * §3.1, RFC 791 §3.1) and read back the values the codec wrote.
 */
class HeaderFieldTest {

    static void assertTiles(HeaderField[] fields, int headerBytes) {
        int bit = 0;
        for (HeaderField f : fields) {
            assertThat(f.byteOffset() * 8 + f.bitOffset()).as("%s starts where the previous field ended", f).isEqualTo(bit);
            bit += f.bitLength();
        }
        assertThat(bit).isEqualTo(headerBytes * 8);
    }

    @Test
    void tcpFieldsTileTheTwentyByteHeaderInOrder() {
        assertTiles(TcpHeaderField.values(), 20);
        assertThat(TcpHeaderField.SRC_PORT.position()).isEqualTo(new HeaderField.Position("Source Port", 0, 0, 16));
        assertThat(TcpHeaderField.FIN.lastByte()).isEqualTo(13);
    }

    @Test
    void ipv4FieldsTileTheTwentyByteHeaderInOrder() {
        assertTiles(Ipv4HeaderField.values(), 20);
    }

    @Test
    void ipv6FieldsTileTheFortyByteHeaderInOrderAndReadBackWhatTheCodecWrote() {
        assertTiles(Ipv6HeaderField.values(), 40);
        TcpSegment s = new TcpSegment(1, 2, SeqNum.ZERO, SeqNum.ZERO, TcpFlags.SYN_ONLY, 1000, 0, List.of(), Bytes.EMPTY);
        byte[] wire = SegmentCodec.encodeIpv6(new IpDatagram(Ipv6Address.parse("fd00::2"), Ipv6Address.parse("fd00::1"), 64, 2, s, 0xabcde));

        assertThat(Ipv6HeaderField.VERSION.read(wire, 0)).isEqualTo(6);
        assertThat(Ipv6HeaderField.DSCP.read(wire, 0)).isZero();
        assertThat(Ipv6HeaderField.ECN.read(wire, 0)).isEqualTo(2);
        assertThat(Ipv6HeaderField.FLOW_LABEL.read(wire, 0)).isEqualTo(0xabcde);
        assertThat(Ipv6HeaderField.PAYLOAD_LENGTH.read(wire, 0)).isEqualTo(20);
        assertThat(Ipv6HeaderField.NEXT_HEADER.read(wire, 0)).isEqualTo(6);
        assertThat(Ipv6HeaderField.HOP_LIMIT.read(wire, 0)).isEqualTo(64);
        assertThat(Ipv6HeaderField.SOURCE_ADDRESS.lastByte()).isEqualTo(23);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Ipv6HeaderField.SOURCE_ADDRESS.read(wire, 0))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void tcpFieldsReadBackWhatTheCodecWrote() {
        TcpSegment s = new TcpSegment(51812, 8080, SeqNum.of(0xdeadbeefL), SeqNum.of(0x01020304L),
                TcpFlags.of(TcpFlags.NS, TcpFlags.CWR, TcpFlags.SYN, TcpFlags.FIN), 0xfedc, 0x1234,
                List.of(new TcpOption.MaxSegmentSize(1460)), Bytes.EMPTY);
        byte[] wire = SegmentCodec.encodeTcp(s, Ipv4Address.of(1, 2, 3, 4), Ipv4Address.of(5, 6, 7, 8));

        assertThat(TcpHeaderField.SRC_PORT.read(wire, 0)).isEqualTo(51812);
        assertThat(TcpHeaderField.DST_PORT.read(wire, 0)).isEqualTo(8080);
        assertThat(TcpHeaderField.SEQUENCE_NUMBER.read(wire, 0)).isEqualTo(0xdeadbeefL);
        assertThat(TcpHeaderField.ACKNOWLEDGMENT_NUMBER.read(wire, 0)).isEqualTo(0x01020304L);
        assertThat(TcpHeaderField.DATA_OFFSET.read(wire, 0)).isEqualTo(6);
        assertThat(TcpHeaderField.RESERVED.read(wire, 0)).isZero();
        assertThat(TcpHeaderField.NS.read(wire, 0)).isEqualTo(1);
        assertThat(TcpHeaderField.CWR.read(wire, 0)).isEqualTo(1);
        assertThat(TcpHeaderField.ECE.read(wire, 0)).isZero();
        assertThat(TcpHeaderField.ACK.read(wire, 0)).isZero();
        assertThat(TcpHeaderField.SYN.read(wire, 0)).isEqualTo(1);
        assertThat(TcpHeaderField.FIN.read(wire, 0)).isEqualTo(1);
        assertThat(TcpHeaderField.WINDOW.read(wire, 0)).isEqualTo(0xfedc);
        assertThat(TcpHeaderField.URGENT_POINTER.read(wire, 0)).isEqualTo(0x1234);
        assertThat(TcpHeaderField.CHECKSUM.read(wire, 0))
                .isEqualTo(SegmentCodec.decodeTcp(wire, Ipv4Address.of(1, 2, 3, 4), Ipv4Address.of(5, 6, 7, 8)).checksum());
    }

    @Test
    void ipv4FieldsReadBackWhatTheCodecWrote() {
        TcpSegment s = new TcpSegment(1, 2, SeqNum.ZERO, SeqNum.ZERO, TcpFlags.SYN_ONLY, 0, 0, List.of(), Bytes.EMPTY);
        byte[] wire = SegmentCodec.encodeIpv4(new IpDatagram(Ipv4Address.of(10, 0, 0, 1), Ipv4Address.of(10, 0, 0, 2), 37, 3, s));

        assertThat(Ipv4HeaderField.VERSION.read(wire, 0)).isEqualTo(4);
        assertThat(Ipv4HeaderField.IHL.read(wire, 0)).isEqualTo(5);
        assertThat(Ipv4HeaderField.DSCP.read(wire, 0)).isZero();
        assertThat(Ipv4HeaderField.ECN.read(wire, 0)).isEqualTo(3);
        assertThat(Ipv4HeaderField.TOTAL_LENGTH.read(wire, 0)).isEqualTo(40);
        assertThat(Ipv4HeaderField.DONT_FRAGMENT.read(wire, 0)).isEqualTo(1);
        assertThat(Ipv4HeaderField.FRAGMENT_OFFSET.read(wire, 0)).isZero();
        assertThat(Ipv4HeaderField.TTL.read(wire, 0)).isEqualTo(37);
        assertThat(Ipv4HeaderField.PROTOCOL.read(wire, 0)).isEqualTo(6);
        assertThat(Ipv4HeaderField.SOURCE_ADDRESS.read(wire, 0)).isEqualTo(0x0a000001L);
        assertThat(Ipv4HeaderField.DESTINATION_ADDRESS.read(wire, 0)).isEqualTo(0x0a000002L);
    }
}
