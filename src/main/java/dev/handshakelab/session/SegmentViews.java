package dev.handshakelab.session;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.handshakelab.core.wire.DecodedDatagram;
import dev.handshakelab.core.wire.DecodedSegment;
import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.SegmentCodec;
import dev.handshakelab.core.wire.SegmentFormat;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import dev.handshakelab.session.api.SegmentView;

/**
 * Turns a datagram into what the API shows: every field, every option with its place in the
 * header, the packetdrill line, and the bytes. The bytes are the ones that travelled: a
 * datagram the student typed as raw hex is shown as typed (a wrong checksum included), any
 * other is encoded as its sender would have encoded it.
 */
final class SegmentViews {

    private static final HexFormat HEX = HexFormat.of();

    private SegmentViews() {
    }

    static SegmentView view(long atMicros, String sender, IpDatagram datagram, byte[] wireBytes, Integer retransmission) {
        byte[] ip = wireBytes != null ? wireBytes : SegmentCodec.encodeIp(datagram);
        return view(atMicros, sender, ip, SegmentFormat.format(datagram), retransmission);
    }

    /**
     * The view of the datagram whose bytes are {@code ip}, with its packetdrill line. The line is
     * given because it is written from the datagram its sender built, whose options may differ
     * from what the bytes decode to in how the header's last word is filled (an encoder fills
     * the last word of a 10-byte option list with zero bytes, which decode as an EOL).
     */
    static SegmentView view(long atMicros, String sender, byte[] ip, String summary, Integer retransmission) {
        DecodedDatagram decoded = SegmentCodec.decodeIp(ip);
        IpDatagram datagram = decoded.datagram();
        DecodedSegment tcp = decoded.tcp();
        TcpSegment s = tcp.segment();
        int ipHeader = decoded.headerLength();
        List<SegmentView.OptionView> options = new ArrayList<>();
        for (DecodedSegment.OptionSpan span : tcp.optionSpans()) {
            options.add(option(span));
        }
        return new SegmentView(
                atMicros,
                sender,
                datagram.source().toString(),
                datagram.destination().toString(),
                s.flags().names(),
                s.flags().letters(),
                s.seq().value(),
                s.ack().value(),
                s.window(),
                s.urgentPointer(),
                tcp.dataOffsetWords(),
                "0x" + HEX.toHexDigits((short) tcp.checksum()),
                tcp.checksumValid(),
                options,
                s.payload().length(),
                retransmission,
                summary,
                HEX.formatHex(ip, ipHeader, ip.length),
                HEX.formatHex(ip));
    }

    private static SegmentView.OptionView option(DecodedSegment.OptionSpan span) {
        TcpOption o = span.option();
        String text = SegmentFormat.option(o);
        int offset = span.offset();
        int length = span.length();
        if (o instanceof TcpOption.MaxSegmentSize mss) {
            return new SegmentView.OptionView("mss", mss.mss(), null, null, null, null, null, null, null, offset, length, text);
        }
        if (o instanceof TcpOption.WindowScale ws) {
            return new SegmentView.OptionView("wscale", null, ws.shift(), null, null, null, null, null, null, offset, length, text);
        }
        if (o instanceof TcpOption.Timestamps ts) {
            return new SegmentView.OptionView("timestamps", null, null, ts.tsVal(), ts.tsEcr(), null, null, null, null, offset, length, text);
        }
        if (o instanceof TcpOption.Sack sack) {
            List<SegmentView.SackBlockView> blocks = sack.blocks().stream()
                    .map(b -> new SegmentView.SackBlockView(b.left().value(), b.right().value())).toList();
            return new SegmentView.OptionView("sack", null, null, null, null, blocks, null, null, null, offset, length, text);
        }
        if (o instanceof TcpOption.FastOpenCookie fo) {
            return new SegmentView.OptionView("fastOpen", null, null, null, null, null, fo.cookie().hex(), null, null, offset, length, text);
        }
        if (o instanceof TcpOption.Unknown u) {
            return new SegmentView.OptionView("unknown", null, null, null, null, null, null, u.kind(), u.data().hex(), offset, length, text);
        }
        if (o instanceof TcpOption.Unparsed u) {
            return new SegmentView.OptionView("unparsed", null, null, null, null, null, null, u.stoppedAtKind(), u.bytes().hex(), offset, length, text);
        }
        if (o instanceof TcpOption.Padding p) {
            return new SegmentView.OptionView("padding", null, null, null, null, null, null, null, p.bytes().hex(), offset, length, text);
        }
        String kind = o instanceof TcpOption.NoOperation ? "nop" : o instanceof TcpOption.EndOfOptionList ? "eol" : "sackOK";
        return new SegmentView.OptionView(kind, null, null, null, null, null, null, null, null, offset, length, text);
    }
}
