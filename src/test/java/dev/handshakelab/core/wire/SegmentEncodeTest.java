package dev.handshakelab.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the encoder refuses (programming errors, not untrusted bytes) and how it pads. */
class SegmentEncodeTest {

    static final Ipv4Address V4 = Ipv4Address.of(10, 0, 0, 1);
    static final Ipv6Address V6 = Ipv6Address.parse("2001:db8::1");

    static TcpSegment syn(List<TcpOption> options, Bytes payload) {
        return new TcpSegment(51812, 8080, SeqNum.of(7), SeqNum.ZERO, TcpFlags.SYN_ONLY, 64240, 0, options, payload);
    }

    @Test
    void pseudoHeaderNeedsBothAddressesOfOneFamily() {
        assertThatThrownBy(() -> SegmentCodec.encodeTcp(syn(List.of(), Bytes.EMPTY), V4, V6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different IP versions");
        assertThatThrownBy(() -> SegmentCodec.decodeTcp(new byte[20], V6, V4))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ipv4DatagramNeedsIpv4AddressesAndFitsIn65535Bytes() {
        assertThatThrownBy(() -> SegmentCodec.encodeIpv4(IpDatagram.of(V6, V6, syn(List.of(), Bytes.EMPTY))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IPv4 addresses");
        assertThatThrownBy(() -> SegmentCodec.encodeIpv4(IpDatagram.of(V4, V4, syn(List.of(), Bytes.of(new byte[65516])))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65535");
    }

    @Test
    void tooSmallBufferIsRefusedBeforeAnyByteIsWritten() {
        byte[] buffer = new byte[23];
        Arrays.fill(buffer, (byte) 0x5a);

        assertThatThrownBy(() -> SegmentCodec.encodeTcp(syn(List.of(new TcpOption.MaxSegmentSize(1460)), Bytes.EMPTY),
                V4, V4, buffer, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(buffer).containsOnly((byte) 0x5a);
    }

    @Test
    void bufferJustLargeEnoughIsEnough() {
        byte[] buffer = new byte[24];

        assertThat(SegmentCodec.encodeTcp(syn(List.of(new TcpOption.MaxSegmentSize(1460)), Bytes.EMPTY), V4, V4, buffer, 0))
                .isEqualTo(24);
    }

    /** RFC 9293 §3.1: options end on a 32-bit boundary, padded with zeros, which a reader sees as EOL. */
    @Test
    void unalignedOptionsArePaddedWithZerosThatReadBackAsEol() {
        TcpSegment s = syn(List.of(new TcpOption.MaxSegmentSize(1460), TcpOption.NOP, new TcpOption.WindowScale(7),
                TcpOption.NOP, TcpOption.NOP), Bytes.fromHex("cafe"));

        byte[] wire = SegmentCodec.encodeTcp(s, V4, V4);

        assertThat(Bytes.copyOf(wire, 20, wire.length)).isEqualTo(Bytes.fromHex("020405b4 01030307 0101 0000 cafe"));
        assertThat(SegmentCodec.decodeTcp(wire, V4, V4).segment().options())
                .isEqualTo(SegmentCodec.asOnWire(s.options()))
                .endsWith(TcpOption.NOP, TcpOption.EOL);
        assertThat(SegmentCodec.asOnWire(List.of(new TcpOption.MaxSegmentSize(1)))).containsExactly(new TcpOption.MaxSegmentSize(1));
    }

    @Test
    void decodeErrorOffsetsCountFromTheSliceStart() {
        byte[] bytes = new byte[40];

        // a 13-byte slice starting at byte 10 is a truncated header, at its own byte 13
        assertThatThrownBy(() -> SegmentCodec.decodeTcp(bytes, 10, 13, V4, V4))
                .isInstanceOfSatisfying(SegmentDecodeException.class, e -> assertThat(e.offset()).isEqualTo(13));
    }
}
