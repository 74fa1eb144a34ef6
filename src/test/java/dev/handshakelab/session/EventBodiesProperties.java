package dev.handshakelab.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.handshakelab.core.wire.IpDatagram;
import dev.handshakelab.core.wire.Ipv4Address;
import dev.handshakelab.core.wire.SegmentCodec;
import dev.handshakelab.core.wire.SegmentCodecProperties;
import dev.handshakelab.core.wire.SegmentDecodeException;
import dev.handshakelab.core.wire.TcpSegment;
import dev.handshakelab.session.api.EventView;
import dev.handshakelab.session.api.RawJson;
import dev.handshakelab.session.api.SegmentView;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

import tools.jackson.databind.json.JsonMapper;

/**
 * History keeps a segment as its bytes and shows it again exactly as the step that sent it did:
 * for any segment an encoder makes and for any bytes a student types that decode.
 */
class EventBodiesProperties {

    private final JsonMapper json = JsonMapper.builder().build();
    private final EventBodies bodies = new EventBodies(json);
    private final SegmentCodecProperties wire = new SegmentCodecProperties();

    @Property
    void anEncodedSegmentIsShownAsItWasSent(@ForAll("segments") TcpSegment segment, @ForAll("ipv4") Ipv4Address src,
            @ForAll("ipv4") Ipv4Address dst, @ForAll("ttlAndEcn") int[] ttlEcn, @ForAll @LongRange(min = 0, max = 1L << 50) long at,
            @ForAll("senders") String sender, @ForAll("retransmissions") Integer retransmission) {
        IpDatagram datagram = new IpDatagram(src, dst, ttlEcn[0], ttlEcn[1], segment);
        EventView event = segmentEvent(SegmentViews.view(at, sender, datagram, null, retransmission));

        assertThat(bodies.shown(kept(event))).isEqualTo(json.writeValueAsString(event));
    }

    @Property
    void typedBytesAreShownAsTyped(@ForAll("ipv4LikeBytes") byte[] typed, @ForAll @LongRange(min = 0, max = 1L << 50) long at,
            @ForAll("senders") String sender) {
        IpDatagram datagram;
        try {
            datagram = SegmentCodec.decodeIpv4(typed).datagram();
        } catch (SegmentDecodeException e) {
            return; // bytes that do not decode are refused before any step runs
        }
        EventView event = segmentEvent(SegmentViews.view(at, sender, datagram, typed, null));

        assertThat(bodies.shown(kept(event))).isEqualTo(json.writeValueAsString(event));
    }

    @Test
    void aSynAcksEventIsKeptInAFractionOfItsViewsSize() {
        // Linux's SYN-ACK with mss, sackOK, TS, nop, wscale (reference §3.1)
        IpDatagram datagram = SegmentCodec.decodeIpv4(HexFormat.of().parseHex(
                "4500003c00004000400626ba0a0000020a00000100509c408b1bf7d2000003e9a012fe88f1320000020405b40402080a5b5bc5690000000501030307"))
                .datagram();
        EventView event = segmentEvent(SegmentViews.view(0, "server", datagram, null, 0));

        String kept = kept(event);
        String shown = json.writeValueAsString(event);

        assertThat(kept).doesNotContain("options", "tcpHex", "checksum").contains("\"ipHex\":\"4500003c");
        assertThat(kept.length()).isLessThan(shown.length() / 2);
        assertThat(bodies.shown(kept)).isEqualTo(shown);
    }

    /**
     * Old history must read the same however the code that renders it moves on: a SYN-ACK event
     * as history keeps it, and the JSON the app answered with for that event before history kept
     * segments as bytes (commit 7c378e4; Linux's SYN-ACK of reference §3.1), as literals.
     */
    @Test
    void aKeptSynAckIsShownAsTheAppAnsweredWithIt() {
        String kept = """
                {"index":4,"atMicros":0,"kind":"segment-sent","host":"server","connection":"10.0.0.1:40000-10.0.\
                0.2:80","text":"server answers the SYN with SYN-ACK: S. 2333865938:2333865938(0) ack 1001 win 65\
                160 <mss 1460,sackOK,TS val 1532740969 ecr 5,nop,wscale 7>","segment":{"atMicros":0,"sender":"se\
                rver","retransmission":0,"summary":"S. 2333865938:2333865938(0) ack 1001 win 65160 <mss 1460,sac\
                kOK,TS val 1532740969 ecr 5,nop,wscale 7>","ipHex":"4500003c00004000400626ba0a0000020a0000010050\
                9c408b1bf7d2000003e9a012fe88f1320000020405b40402080a5b5bc5690000000501030307"}}""";
        String answered = """
                {"index":4,"atMicros":0,"kind":"segment-sent","host":"server","connection":"10.0.0.1:40000-10.0.\
                0.2:80","text":"server answers the SYN with SYN-ACK: S. 2333865938:2333865938(0) ack 1001 win 65\
                160 <mss 1460,sackOK,TS val 1532740969 ecr 5,nop,wscale 7>","segment":{"atMicros":0,"sender":"se\
                rver","from":"10.0.0.2:80","to":"10.0.0.1:40000","flags":["ACK","SYN"],"letters":"S.","seq":2333\
                865938,"ack":1001,"window":65160,"urgentPointer":0,"dataOffset":10,"checksum":"0xf132","checksum\
                Valid":true,"options":[{"kind":"mss","mss":1460,"offset":20,"length":4,"text":"mss 1460"},{"kind\
                ":"sackOK","offset":24,"length":2,"text":"sackOK"},{"kind":"timestamps","tsVal":1532740969,"tsEc\
                r":5,"offset":26,"length":10,"text":"TS val 1532740969 ecr 5"},{"kind":"nop","offset":36,"length\
                ":1,"text":"nop"},{"kind":"wscale","shift":7,"offset":37,"length":3,"text":"wscale 7"}],"payload\
                Length":0,"retransmission":0,"summary":"S. 2333865938:2333865938(0) ack 1001 win 65160 <mss 1460\
                ,sackOK,TS val 1532740969 ecr 5,nop,wscale 7>","tcpHex":"00509c408b1bf7d2000003e9a012fe88f132000\
                0020405b40402080a5b5bc5690000000501030307","ipHex":"4500003c00004000400626ba0a0000020a0000010050\
                9c408b1bf7d2000003e9a012fe88f1320000020405b40402080a5b5bc5690000000501030307"}}""";

        assertThat(bodies.shown(kept)).isEqualTo(answered);
        assertThat(json.writeValueAsString(bodies.shownTree(kept))).isEqualTo(answered);
    }

    @Test
    void segmentsKeptWholeBeforeAreShownAsKept() {
        // history written before segments were kept as bytes holds whole views
        IpDatagram syn = SegmentCodec.decodeIpv4(HexFormat.of().parseHex(
                "4500003c00004000400626ba0a0000010a0000029c400050000003e800000000a002faf0988f0000020405b40402080a000000050000000001030307"))
                .datagram();
        String whole = json.writeValueAsString(segmentEvent(SegmentViews.view(0, "client", syn, null, 0)));
        assertThat(bodies.shown(whole)).isEqualTo(whole);

        String state = json.writeValueAsString(new EventView(3, 10, "state-changed", "server", "10.0.0.1:40000-10.0.0.2:80",
                "server 10.0.0.1:40000-10.0.0.2:80: LISTEN → SYN_RECEIVED", null, null, null, "LISTEN", "SYN_RECEIVED",
                "SYN received", null, null, null, null));
        assertThat(bodies.shown(state)).isEqualTo(state);
    }

    /** What a step keeps of a segment event: the event written as the API shows it, then kept from that. */
    private String kept(EventView event) {
        SegmentView segment = (SegmentView) event.segment();
        RawJson segmentJson = new RawJson(json.writeValueAsString(segment));
        return bodies.kept(json.writeValueAsString(event.withSegmentJson(segmentJson)), segment, segmentJson);
    }

    private static EventView segmentEvent(SegmentView segment) {
        return new EventView(7, segment.atMicros(), "segment-sent", segment.sender(), "10.0.0.1:40000-10.0.0.2:80",
                segment.sender() + " sends " + segment.summary(), segment, null, null, null, null, null, null, null, null, null);
    }

    @Provide
    Arbitrary<TcpSegment> segments() {
        return wire.segments();
    }

    @Provide
    Arbitrary<Ipv4Address> ipv4() {
        return wire.ipv4();
    }

    @Provide
    Arbitrary<int[]> ttlAndEcn() {
        return wire.ttlAndEcn();
    }

    @Provide
    Arbitrary<byte[]> ipv4LikeBytes() {
        return wire.ipv4LikeBytes();
    }

    @Provide
    Arbitrary<String> senders() {
        return Arbitraries.of(List.of("client", "server"));
    }

    @Provide
    Arbitrary<Integer> retransmissions() {
        return Arbitraries.integers().between(0, 6).injectNull(0.3);
    }
}
