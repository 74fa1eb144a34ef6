package dev.handshakelab.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The IPv6 datagram on the wire (RFC 8200 §3), checked against a SYN-ACK that Linux 6.18 sent
 * over IPv6: a listener on {@code [fd00::1]:8080} in a private network namespace behind a TUN
 * device (MTU 1500) answering a SYN from {@code [fd00::2]:48879} with {@code mss 1460,sackOK,
 * TS val 100 ecr 0,nop,wscale 7}. The bytes below are what the kernel wrote, checksum included.
 */
class Ipv6DatagramTest {

    static final Ipv6Address SERVER = Ipv6Address.parse("fd00::1");
    static final Ipv6Address CLIENT = Ipv6Address.parse("fd00::2");

    /** Version 6, traffic class 0, flow label 0x32ca2 (ip6_make_flowlabel), payload 40, next header 6, hop limit 64. */
    static final String LINUX_SYN_ACK = "60032ca2" + "0028" + "06" + "40"
            + "fd000000000000000000000000000001" + "fd000000000000000000000000000002"
            + "1f90beef" + "ec0915e1" + "00000001" + "a012" + "fb04" + "ea22" + "0000"
            + "020405a0" + "0402080a" + "9adaed2a" + "00000064" + "0103030a";

    @Test
    void linuxSynAckOverIpv6DecodesWithAValidChecksum() {
        byte[] wire = Bytes.fromHex(LINUX_SYN_ACK).toArray();

        DecodedDatagram d = SegmentCodec.decodeIp(wire);

        assertThat(d.version()).isEqualTo(6);
        assertThat(d.headerLength()).isEqualTo(SegmentCodec.IPV6_HEADER_BYTES);
        assertThat(d.datagram().src()).isEqualTo(SERVER);
        assertThat(d.datagram().dst()).isEqualTo(CLIENT);
        assertThat(d.datagram().ttl()).as("hop limit").isEqualTo(64);
        assertThat(d.datagram().ecn()).isZero();
        assertThat(d.dscp()).isZero();
        assertThat(d.datagram().flowLabel()).isEqualTo(0x32ca2);
        assertThat(d.tcp().checksumValid()).as("the kernel's checksum over the IPv6 pseudo-header").isTrue();
        assertThat(d.tcp().checksum()).isEqualTo(0xea22);
        TcpSegment s = d.datagram().segment();
        assertThat(s.flags()).isEqualTo(TcpFlags.SYN_ACK);
        assertThat(s.srcPort()).isEqualTo(8080);
        assertThat(s.dstPort()).isEqualTo(48879);
        assertThat(s.ack()).isEqualTo(SeqNum.of(1));
        assertThat(s.window()).isEqualTo(64260);
        assertThat(s.options()).containsExactly(new TcpOption.MaxSegmentSize(1440), TcpOption.SACK_PERMITTED,
                new TcpOption.Timestamps(0x9adaed2aL, 100), TcpOption.NOP, new TcpOption.WindowScale(10));
        assertThat(SegmentFormat.options(s.options())).isEqualTo("mss 1440,sackOK,TS val 2598038826 ecr 100,nop,wscale 10");
    }

    @Test
    void encodingTheModelGivesLinuxsBytesBack() {
        byte[] wire = Bytes.fromHex(LINUX_SYN_ACK).toArray();
        IpDatagram model = SegmentCodec.decodeIpv6(wire).datagram();

        assertThat(SegmentCodec.encodeIpv6(model)).isEqualTo(wire);
        assertThat(SegmentCodec.encodeIp(model)).isEqualTo(wire);
        assertThat(SegmentCodec.encodeIp(SegmentCodec.decodeIp(wire))).isEqualTo(wire);
        // the TCP part alone, as encodeTcp computes it over the IPv6 pseudo-header
        assertThat(SegmentCodec.encodeTcp(model.segment(), SERVER, CLIENT))
                .isEqualTo(java.util.Arrays.copyOfRange(wire, 40, wire.length));
    }

    @Test
    void trafficClassCarriesDscpAboveEcnAndTheFlowLabelTakesTwentyBits() {
        TcpSegment syn = new TcpSegment(48879, 8080, SeqNum.ZERO, SeqNum.ZERO, TcpFlags.SYN_ONLY, 64240, 0, List.of(), Bytes.EMPTY);
        byte[] wire = SegmentCodec.encodeIpv6(new IpDatagram(CLIENT, SERVER, 255, 3, syn, 0xFFFFF));

        assertThat(Bytes.copyOf(wire, 0, 8)).isEqualTo(Bytes.fromHex("603fffff 0014 06 ff"));
        DecodedDatagram d = SegmentCodec.decodeIpv6(wire);
        assertThat(d.datagram().ecn()).isEqualTo(3);
        assertThat(d.datagram().flowLabel()).isEqualTo(0xFFFFF);
        assertThat(d.datagram().ttl()).isEqualTo(255);

        wire[1] |= (byte) 0xa0; // DSCP 0x28 (the upper bits of the traffic class), ECN kept
        wire[0] |= 0x0a;
        DecodedDatagram marked = SegmentCodec.decodeIpv6(wire);
        assertThat(marked.dscp()).isEqualTo(0xaa >>> 2);
        assertThat(marked.datagram().ecn()).isEqualTo(3);
        assertThat(SegmentCodec.encodeIpv6(marked)).isEqualTo(wire);
    }

    @Test
    void errorsPointAtTheFieldThatIsWrong() {
        byte[] good = Bytes.fromHex(LINUX_SYN_ACK).toArray();

        assertIpError(java.util.Arrays.copyOf(good, 39), SegmentDecodeError.TRUNCATED_IP_HEADER, 39, "only 39");
        assertIpError(new byte[0], SegmentDecodeError.TRUNCATED_IP_HEADER, 0, "no bytes");
        assertIpError(with(good, 0, 0x50), SegmentDecodeError.BAD_IP_VERSION, 0, "version 5, expected 4 or 6");
        assertIpError(with(good, 5, 41), SegmentDecodeError.IPV6_PAYLOAD_LENGTH_MISMATCH, 4, "payload length 41 but 40");
        assertIpError(SegmentDecodeErrorTest.concat(good, new byte[] {0}), SegmentDecodeError.IPV6_PAYLOAD_LENGTH_MISMATCH, 4,
                "but 41 bytes follow");
        assertIpError(with(with(good, 4, 0), 5, 0), SegmentDecodeError.IPV6_PAYLOAD_LENGTH_MISMATCH, 4, "Jumbo Payload");
        assertIpError(with(good, 6, 17), SegmentDecodeError.NOT_TCP, 6, "next header 17, TCP is 6");
        assertIpError(with(good, 6, 0), SegmentDecodeError.NOT_TCP, 6, "extension headers are not modelled");
        assertIpError(with(good, 6, 44), SegmentDecodeError.NOT_TCP, 6, "extension headers are not modelled");
        // a TCP header cut to 13 bytes: the error points at datagram byte 53
        byte[] cut = java.util.Arrays.copyOf(good, 53);
        cut[5] = 13;
        assertIpError(cut, SegmentDecodeError.TRUNCATED_HEADER, 53, "only 13");
        // decodeIpv6 wants 6, decodeIpv4 wants 4
        assertThatThrownBy(() -> SegmentCodec.decodeIpv6(SegmentCodec.encodeIpv4(IpDatagram.of(
                Ipv4Address.of(192, 0, 2, 1), Ipv4Address.of(192, 168, 0, 1), SegmentCodec.decodeIp(good).datagram().segment()))))
                .isInstanceOfSatisfying(SegmentDecodeException.class, e -> assertThat(e.getMessage()).contains("version 4, expected 6"));
        assertThatThrownBy(() -> SegmentCodec.decodeIpv4(good))
                .isInstanceOfSatisfying(SegmentDecodeException.class, e -> assertThat(e.error()).isEqualTo(SegmentDecodeError.BAD_IP_VERSION));
    }

    @Test
    void aDatagramIsOfOneFamilyAndOnlyIpv6HasAFlowLabel() {
        TcpSegment syn = new TcpSegment(1, 2, SeqNum.ZERO, SeqNum.ZERO, TcpFlags.SYN_ONLY, 1000, 0, List.of(), Bytes.EMPTY);
        Ipv4Address v4 = Ipv4Address.of(192, 0, 2, 1);

        assertThatThrownBy(() -> new IpDatagram(v4, v4, 64, 0, syn, 1)).hasMessageContaining("IPv4 datagram has no flow label");
        assertThatThrownBy(() -> new IpDatagram(CLIENT, SERVER, 64, 0, syn, 0x100000)).hasMessageContaining("flow label");
        assertThatThrownBy(() -> SegmentCodec.encodeIpv6(IpDatagram.of(v4, v4, syn))).hasMessageContaining("needs IPv6 addresses");
        assertThatThrownBy(() -> SegmentCodec.encodeIpv4(IpDatagram.of(CLIENT, SERVER, syn))).hasMessageContaining("needs IPv4 addresses");
        assertThat(SegmentCodec.encodeIp(IpDatagram.of(v4, v4, syn))).hasSize(40);
        assertThat(SegmentCodec.encodeIp(IpDatagram.of(CLIENT, SERVER, syn))).hasSize(60);
        assertThat(IpDatagram.of(CLIENT, SERVER, syn).withFlowLabel(7).flowLabel()).isEqualTo(7);
    }

    static void assertIpError(byte[] bytes, SegmentDecodeError error, int offset, String messagePart) {
        assertThatThrownBy(() -> SegmentCodec.decodeIp(bytes))
                .isInstanceOfSatisfying(SegmentDecodeException.class, e -> {
                    assertThat(e.error()).isEqualTo(error);
                    assertThat(e.offset()).isEqualTo(offset);
                    assertThat(e.getMessage()).contains(messagePart);
                });
    }

    static byte[] with(byte[] bytes, int index, int value) {
        return SegmentDecodeErrorTest.with(bytes, index, value);
    }
}
