package dev.handshakelab.core.sim;

import static dev.handshakelab.core.sim.Lab.CLIENT;
import static dev.handshakelab.core.sim.Lab.SERVER;
import static dev.handshakelab.core.sim.Lab.layout;
import static dev.handshakelab.core.sim.Lab.onlyReply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.tcp.DropReason;
import dev.handshakelab.core.tcp.TcpEvent;
import dev.handshakelab.core.wire.Bytes;
import dev.handshakelab.core.wire.DecodedDatagram;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.SegmentCodec;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Malformed input as the kernel sees it, from the bytes: {@code tcp_parse_options} stops at a
 * malformed option and keeps what it parsed before; {@code tcp_v4_rcv} discards a segment whose
 * data offset is below 5 words or past its end, silently, before the checksum.
 */
class MalformedInputTest {

    private final Lab lab = Lab.linux();

    private Reaction sendBytes(byte[] ip) {
        DecodedDatagram d = SegmentCodec.decodeIpv4(ip);
        return lab.sim.apply(new SimInput.InjectSegment(d.datagram(), d.tcp().checksumValid(),
                d.tcp().dataOffsetValid() ? null : DropReason.BAD_DATA_OFFSET));
    }

    /** Re-encoding recomputes the TCP checksum (datagram bytes 36-37); everything else must come back. */
    private static byte[] butTheTcpChecksum(byte[] reencoded, byte[] original) {
        reencoded[36] = original[36];
        reencoded[37] = original[37];
        return reencoded;
    }

    private static byte[] syn(List<TcpOption> options) {
        TcpSegment s = new TcpSegment(Lab.CPORT, Lab.PORT, SeqNum.of(1000), SeqNum.ZERO, TcpFlags.SYN_ONLY, 64240, 0, options, Bytes.EMPTY);
        return SegmentCodec.encodeIpv4(IpDatagram.of(CLIENT, SERVER, s));
    }

    /**
     * tcp_parse_options, "don't parse partial options": a window-scale option cut short after MSS
     * and SACK-permitted ends the parse; the MSS and SACK before it count, so the SYN-ACK carries
     * MSS and SACK-permitted and no window scale.
     */
    @Test
    void truncatedWindowScaleAfterMssAndSackStillYieldsASynAckWithMssAndSack() {
        byte[] ip = syn(List.of(new TcpOption.MaxSegmentSize(1200), TcpOption.SACK_PERMITTED, new TcpOption.Unparsed(Bytes.fromHex("0303"))));
        assertThat(SegmentCodec.decodeIpv4(ip).datagram().segment().options()).last().isInstanceOf(TcpOption.Unparsed.class);
        TcpSegment synAck = onlyReply(sendBytes(ip));
        assertThat(synAck.flags()).isEqualTo(TcpFlags.SYN_ACK);
        assertThat(layout(synAck)).isEqualTo("mss 1460,nop,nop,sackOK");
        assertThat(lab.sim.server().listener().synQueue().size()).isEqualTo(1);
    }

    /** tcp_parse_options, "silly options": a length below 2 ends the parse at once, so nothing after it counts. */
    @Test
    void optionLengthOneEndsTheParseBeforeTheOptionsAfterIt() {
        byte[] ip = syn(List.of(new TcpOption.MaxSegmentSize(1200), new TcpOption.Unparsed(Bytes.fromHex("0401 0303 07"))));
        TcpSegment synAck = onlyReply(sendBytes(ip));
        assertThat(layout(synAck)).isEqualTo("mss 1460");
    }

    /** tcp_v4_rcv: "th->doff < sizeof(struct tcphdr) / 4" → bad_packet: dropped silently, the reason recorded. */
    @Test
    void dataOffsetBelowFiveWordsIsDiscardedSilentlyBeforeTheChecksum() {
        byte[] ip = syn(List.of(new TcpOption.MaxSegmentSize(1460)));
        ip[20 + 12] = (byte) (4 << 4); // the checksum no longer matches either: doff is checked first
        DecodedDatagram d = SegmentCodec.decodeIpv4(ip);
        assertThat(d.tcp().dataOffsetValid()).isFalse();
        assertThat(d.tcp().checksumValid()).isFalse();
        assertThat(butTheTcpChecksum(SegmentCodec.encodeIpv4(d), ip)).isEqualTo(ip);
        Reaction r = sendBytes(ip);
        assertThat(r.serverReplies()).isEmpty();
        assertThat(Lab.only(r, TcpEvent.SegmentDropped.class).reason()).isEqualTo(DropReason.BAD_DATA_OFFSET);
        assertThat(lab.sim.snapshot().listener().synQueue()).isEmpty();
    }

    /** tcp_v4_rcv: "!pskb_may_pull(skb, th->doff * 4)" → discard_it: a data offset past the end is dropped the same way. */
    @Test
    void dataOffsetPastTheEndIsDiscardedSilently() {
        byte[] ip = syn(List.of(new TcpOption.MaxSegmentSize(1460)));
        ip[20 + 12] = (byte) (15 << 4);
        DecodedDatagram d = SegmentCodec.decodeIpv4(ip);
        assertThat(d.tcp().dataOffsetValid()).isFalse();
        assertThat(d.datagram().segment().payload().length()).isEqualTo(4);
        assertThat(butTheTcpChecksum(SegmentCodec.encodeIpv4(d), ip)).isEqualTo(ip);
        Reaction r = sendBytes(ip);
        assertThat(r.serverReplies()).isEmpty();
        assertThat(Lab.only(r, TcpEvent.SegmentDropped.class).reason()).isEqualTo(DropReason.BAD_DATA_OFFSET);
        assertThat(lab.sim.server().counters().drops(DropReason.BAD_DATA_OFFSET)).isEqualTo(1);
    }
}
