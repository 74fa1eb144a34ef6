package dev.handshakelab.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Packet lines in packetdrill's grammar (reference §2.4, packetdrill's parser.y), absolute numbers. */
class SegmentFormatTest {

    static TcpSegment segment(TcpFlags flags, long seq, long ack, int window, List<TcpOption> options, Bytes payload) {
        return new TcpSegment(8080, 51812, SeqNum.of(seq), SeqNum.of(ack), flags, window, 0, options, payload);
    }

    @Test
    void synAckLineShowsFlagsSequenceAckWindowAndOptions() {
        TcpSegment synAck = segment(TcpFlags.SYN_ACK, 0, 1001, 64240, List.of(new TcpOption.MaxSegmentSize(1460),
                TcpOption.SACK_PERMITTED, new TcpOption.Timestamps(5, 100), TcpOption.NOP, new TcpOption.WindowScale(7)),
                Bytes.EMPTY);

        assertThat(SegmentFormat.format(synAck))
                .isEqualTo("S. 0:0(0) ack 1001 win 64240 <mss 1460,sackOK,TS val 5 ecr 100,nop,wscale 7>");
    }

    @Test
    void ackNumberIsShownOnlyWithTheAckFlagAndDataSetsTheRange() {
        TcpSegment data = segment(TcpFlags.of(TcpFlags.PSH), 4294967290L, 77, 502, List.of(), Bytes.fromHex("0102030405060708"));

        assertThat(SegmentFormat.format(data)).as("end wraps modulo 2^32").isEqualTo("P 4294967290:2(8) win 502");
    }

    @Test
    void noFlagsAtAllIsADash() {
        assertThat(SegmentFormat.format(segment(TcpFlags.NONE, 1, 0, 0, List.of(), Bytes.EMPTY))).isEqualTo("- 1:1(0) win 0");
    }

    @Test
    void urgentPointerIsShownWithUrg() {
        TcpSegment urgent = new TcpSegment(1, 2, SeqNum.of(1), SeqNum.of(1), TcpFlags.of(TcpFlags.URG, TcpFlags.ACK),
                100, 3, List.of(), Bytes.EMPTY);

        assertThat(SegmentFormat.format(urgent)).isEqualTo("U. 1:1(0) ack 1 win 100 urg 3");
    }

    @Test
    void ecnSetupSynAckAndEcnCodepointsUsePacketdrillNames() {
        TcpSegment synAck = segment(TcpFlags.of(TcpFlags.SYN, TcpFlags.ECE, TcpFlags.ACK), 0, 1, 65535, List.of(), Bytes.EMPTY);
        IpDatagram ect0 = new IpDatagram(Ipv4Address.of(10, 0, 0, 1), Ipv4Address.of(10, 0, 0, 2), 64, 2, synAck);

        assertThat(SegmentFormat.format(ect0)).isEqualTo("[ect0] SE. 0:0(0) ack 1 win 65535");
        assertThat(SegmentFormat.ecnName(1)).isEqualTo("ect1");
        assertThat(SegmentFormat.ecnName(3)).isEqualTo("ce");
        assertThat(SegmentFormat.format(IpDatagram.of(ect0.src(), ect0.dst(), synAck))).doesNotContain("[");
    }

    @Test
    void everyOptionKindHasItsPacketdrillNameAndALabel() {
        List<TcpOption> options = List.of(
                new TcpOption.Sack(List.of(new TcpOption.SackBlock(SeqNum.of(1), SeqNum.of(2)),
                        new TcpOption.SackBlock(SeqNum.of(5), SeqNum.of(9)))),
                new TcpOption.FastOpenCookie(Bytes.EMPTY),
                new TcpOption.FastOpenCookie(Bytes.fromHex("c1c2c3c4")),
                new TcpOption.Unknown(99, Bytes.fromHex("abcd")),
                new TcpOption.Unknown(30, Bytes.EMPTY),
                TcpOption.EOL,
                new TcpOption.Padding(Bytes.fromHex("dead")));

        assertThat(SegmentFormat.options(options))
                .isEqualTo("sack 1:2 5:9,FO,FO c1c2c3c4,opt-99 abcd,opt-30,eol,pad dead");
        assertThat(options).extracting(SegmentFormat::label).containsExactly(
                "SACK 1:2 5:9", "Fast Open cookie request", "Fast Open cookie c1c2c3c4",
                "Unknown option kind 99 (2 data bytes)", "Unknown option kind 30 (0 data bytes)",
                "End of option list", "Padding after EOL (2 bytes)");
    }

    /** RFC 7323 §2.3: a shift above 14 is used as 14; the label says so, the packetdrill text shows the raw value. */
    @Test
    void windowScaleLabelShowsTheFactorAndFlagsIllegalShifts() {
        assertThat(SegmentFormat.label(new TcpOption.WindowScale(7))).isEqualTo("Window scale 7 (×128)");
        assertThat(SegmentFormat.label(new TcpOption.WindowScale(15))).isEqualTo("Window scale 15 (illegal, used as 14)");
        assertThat(SegmentFormat.option(new TcpOption.WindowScale(15))).isEqualTo("wscale 15");
        assertThat(SegmentFormat.label(new TcpOption.MaxSegmentSize(536))).isEqualTo("MSS 536");
        assertThat(SegmentFormat.label(TcpOption.NOP)).isEqualTo("No-operation");
        assertThat(SegmentFormat.label(TcpOption.SACK_PERMITTED)).isEqualTo("SACK permitted");
        assertThat(SegmentFormat.label(new TcpOption.Timestamps(1, 2))).isEqualTo("Timestamps val 1 ecr 2");
    }
}
