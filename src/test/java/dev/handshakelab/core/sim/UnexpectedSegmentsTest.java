package dev.handshakelab.core.sim;

import static dev.handshakelab.core.sim.Lab.CPORT;
import static dev.handshakelab.core.sim.Lab.SEC;
import static dev.handshakelab.core.sim.Lab.ack;
import static dev.handshakelab.core.sim.Lab.mss;
import static dev.handshakelab.core.sim.Lab.noReply;
import static dev.handshakelab.core.sim.Lab.onlyReply;
import static dev.handshakelab.core.sim.Lab.seg;
import static dev.handshakelab.core.sim.Lab.syn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.tcp.DropReason;
import dev.handshakelab.core.tcp.Host;
import dev.handshakelab.core.tcp.TcpEvent;
import dev.handshakelab.core.tcp.TcpState;
import dev.handshakelab.core.wire.Bytes;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every row of reference §3.8 "Responses to unexpected segments during the handshake". */
class UnexpectedSegmentsTest {

    private final Lab lab = Lab.linux();

    private static TcpSegment toPort(int dstPort, TcpFlags flags, long seq, long ack, int payload) {
        return new TcpSegment(CPORT, dstPort, SeqNum.of(seq), SeqNum.of(ack), flags, 1000, 0, List.of(mss(1460)),
                Bytes.of(new byte[payload]));
    }

    /** Why the server dropped the student's segment (the client host also "drops" replies nobody owns). */
    private DropReason dropReason(Reaction r) {
        List<DropReason> server = r.ofType(TcpEvent.SegmentDropped.class).stream()
                .filter(d -> d.host() == Host.SERVER).map(TcpEvent.SegmentDropped::reason).toList();
        assertThat(server).hasSize(1);
        return server.get(0);
    }

    /** Opens a request with client ISN 1000 and returns the server's ISN. */
    private long openRequest() {
        return onlyReply(lab.send(syn(1000, mss(1460)))).seq().value();
    }

    private int synQueueLength() {
        return lab.sim.snapshot().listener().synQueue().size();
    }

    /** §3.8 row 1, tcp_v4_send_reset with no ACK in input: R. seq 0, ack = SEG.SEQ + 1 (+FIN + data), win 0, no options. */
    @Test
    void synToClosedPortGetsRstAckWithSeqZeroAndAckIsnPlusOne() {
        TcpSegment rst = onlyReply(lab.send(toPort(81, TcpFlags.SYN_ONLY, 5000, 0, 0)));
        assertThat(rst.flags()).isEqualTo(TcpFlags.RST_ACK);
        assertThat(rst.seq().value()).isZero();
        assertThat(rst.ack().value()).isEqualTo(5001);
        assertThat(rst.window()).isZero();
        assertThat(rst.options()).isEmpty();
        TcpSegment withFinAndData = onlyReply(lab.send(toPort(81, TcpFlags.of(TcpFlags.SYN, TcpFlags.FIN), 5000, 0, 10)));
        assertThat(withFinAndData.ack().value()).isEqualTo(5012);
    }

    /** §3.8 row 2: any segment with ACK to a port with no socket → R seq = SEG.ACK, no ACK flag, win 0. */
    @Test
    void ackToClosedPortGetsRstWithSeqEqualToAck() {
        TcpSegment rst = onlyReply(lab.send(toPort(81, TcpFlags.ACK_ONLY, 5000, 777, 0)));
        assertThat(rst.flags()).isEqualTo(TcpFlags.RST_ONLY);
        assertThat(rst.seq().value()).isEqualTo(777);
        assertThat(rst.window()).isZero();
    }

    /** §3.8 row 3: an incoming RST is never answered with RST (tcp_v4_send_reset first check). */
    @Test
    void rstToClosedPortIsNeverAnswered() {
        Reaction r = lab.send(toPort(81, TcpFlags.RST_ACK, 5000, 777, 0));
        noReply(r);
        assertThat(dropReason(r)).isEqualTo(DropReason.RST_NEVER_ANSWERED);
    }

    /** §3.8 row 4 and §0 last row: a bare ACK to the listener with no request → R seq = SEG.ACK (2013 listen-incoming-ack.pkt). */
    @Test
    void bareAckToListenerGetsRstWithSeqEqualToAck() {
        TcpSegment rst = onlyReply(lab.send(ack(1, 4242)));
        assertThat(rst.flags()).isEqualTo(TcpFlags.RST_ONLY);
        assertThat(rst.seq().value()).isEqualTo(4242);
    }

    /** §3.8 row 4: a SYN-ACK to the listener → R seq = SEG.ACK (2013 listen-incoming-syn-ack.pkt). */
    @Test
    void synAckToListenerGetsRstWithSeqEqualToAck() {
        TcpSegment rst = onlyReply(lab.send(seg(CPORT, TcpFlags.SYN_ACK, 1, 999)));
        assertThat(rst.flags()).isEqualTo(TcpFlags.RST_ONLY);
        assertThat(rst.seq().value()).isEqualTo(999);
    }

    /** §3.8 row 5: RST, SYN+RST, SYN+FIN and no-flag segments to a listener are silently dropped. */
    @Test
    void listenerSilentlyDropsRstSynRstSynFinAndNoFlags() {
        Reaction rst = lab.send(seg(CPORT, TcpFlags.RST_ONLY, 1, 0));
        Reaction synRst = lab.send(seg(CPORT, TcpFlags.of(TcpFlags.SYN, TcpFlags.RST), 1, 0));
        Reaction synFin = lab.send(seg(CPORT, TcpFlags.of(TcpFlags.SYN, TcpFlags.FIN), 1, 0));
        Reaction none = lab.send(seg(CPORT, TcpFlags.NONE, 1, 0));
        for (Reaction r : List.of(rst, synRst, synFin, none)) {
            noReply(r);
        }
        assertThat(dropReason(rst)).isEqualTo(DropReason.LISTEN_RST);
        assertThat(dropReason(synRst)).isEqualTo(DropReason.LISTEN_RST);
        assertThat(dropReason(synFin)).isEqualTo(DropReason.LISTEN_SYN_FIN);
        assertThat(dropReason(none)).isEqualTo(DropReason.LISTEN_NO_FLAGS);
        assertThat(lab.sim.server().counters().drops(DropReason.LISTEN_RST)).isEqualTo(2);
        assertThat(synQueueLength()).isZero();
    }

    /**
     * §3.8 row 6 and §0: 3rd ACK with a wrong ack number → R seq = that value, no ACK flag, win 0;
     * the request stays, its SYN-ACK is retransmitted at +1 s and +3 s, and a later correct ACK completes.
     */
    @Test
    void wrongThirdAckGetsRstWithSeqEqualToAck_requestKept() {
        long iss = openRequest();
        TcpSegment rst = onlyReply(lab.send(ack(1001, 12345)));
        assertThat(rst.flags()).isEqualTo(TcpFlags.RST_ONLY);
        assertThat(rst.seq().value()).isEqualTo(12345);
        assertThat(rst.window()).isZero();
        assertThat(synQueueLength()).isEqualTo(1);

        Reaction first = lab.next();
        assertThat(first.endedAt()).isEqualTo(1 * SEC);
        assertThat(onlyReply(first).seq().value()).isEqualTo(iss);
        Reaction second = lab.next();
        assertThat(second.endedAt()).isEqualTo(3 * SEC);
        assertThat(onlyReply(second).flags()).isEqualTo(TcpFlags.SYN_ACK);

        Reaction done = lab.send(ack(1001, iss + 1));
        noReply(done);
        assertThat(Lab.only(done, TcpEvent.StateChanged.class).to()).isEqualTo(TcpState.ESTABLISHED);
    }

    /**
     * §3.8 row 7: correct ack but seq outside the window → ACK (seq ISN+1, ack client ISN+1,
     * window rcv_wnd >> wscale), segment dropped, request kept; the ACK is rate-limited (500 ms).
     */
    @Test
    void thirdAckOutsideWindowGetsAckAndIsDropped_rateLimited() {
        long iss = onlyReply(lab.send(syn(1000, mss(1460), Lab.NOP, Lab.ws(7)))).seq().value();
        Reaction r = lab.send(ack(1001 + 100_000, iss + 1));
        TcpSegment reply = onlyReply(r);
        assertThat(reply.flags()).isEqualTo(TcpFlags.ACK_ONLY);
        assertThat(reply.seq().value()).isEqualTo(iss + 1);
        assertThat(reply.ack().value()).isEqualTo(1001);
        assertThat(reply.window()).isEqualTo(64240 >> 7);
        assertThat(dropReason(r)).isEqualTo(DropReason.SYN_RECV_OUT_OF_WINDOW);
        noReply(lab.send(ack(1001 + 100_000, iss + 1)));
        assertThat(synQueueLength()).isEqualTo(1);
    }

    /** §3.8 row 8: RST with seq = RCV.NXT in SYN-RECV deletes the request, no reply (embryonic_reset). */
    @Test
    void exactRstInSynRecvDeletesRequestSilently() {
        openRequest();
        Reaction r = lab.send(seg(CPORT, TcpFlags.RST_ONLY, 1001, 0));
        noReply(r);
        assertThat(synQueueLength()).isZero();
        assertThat(Lab.only(r, TcpEvent.StateChanged.class).to()).isEqualTo(TcpState.CLOSED);
        assertThat(lab.sim.nextDeadline()).isEmpty();
    }

    /** §3.8 row 9: RST in the window but not exact → challenge ACK (RFC 5961 §3.2); request kept. */
    @Test
    void inWindowRstInSynRecvGetsChallengeAck() {
        long iss = openRequest();
        TcpSegment reply = onlyReply(lab.send(seg(CPORT, TcpFlags.RST_ONLY, 1500, 0)));
        assertThat(reply.flags()).isEqualTo(TcpFlags.ACK_ONLY);
        assertThat(reply.seq().value()).isEqualTo(iss + 1);
        assertThat(reply.ack().value()).isEqualTo(1001);
        assertThat(synQueueLength()).isEqualTo(1);
    }

    /** §3.8 row 10: a new in-window SYN with another ISN → RST (R. ack = its seq + 1), request deleted. */
    @Test
    void newIsnSynInSynRecvGetsRstAndDeletesRequest() {
        openRequest();
        TcpSegment rst = onlyReply(lab.send(syn(1500, mss(1460))));
        assertThat(rst.flags()).isEqualTo(TcpFlags.RST_ACK);
        assertThat(rst.ack().value()).isEqualTo(1501);
        assertThat(synQueueLength()).isZero();
        assertThat(lab.sim.server().counters().get(dev.handshakelab.core.tcp.Counters.Counter.EMBRYONIC_RSTS)).isEqualTo(1);
    }

    /**
     * §3.8 row 11, §3.6 and §5 trap 1: the same-ISN SYN again → SYN-ACK resent at once (same ISN),
     * a second copy within 500 ms is rate-limited, and the request timer restarts.
     */
    @Test
    void retransmittedSynGetsImmediateSynAck_rateLimitedAndTimerRestarted() {
        long iss = openRequest();
        lab.advance(600_000);
        Reaction again = lab.send(syn(1000, mss(1460)));
        TcpSegment resent = onlyReply(again);
        assertThat(resent.flags()).isEqualTo(TcpFlags.SYN_ACK);
        assertThat(resent.seq().value()).isEqualTo(iss);
        assertThat(lab.sim.nextDeadline()).hasValue(600_000 + SEC); // restarted, not the original 1 s
        Reaction tooSoon = lab.send(syn(1000, mss(1460)));
        noReply(tooSoon);
        assertThat(dropReason(tooSoon)).isEqualTo(DropReason.SYN_RETRANSMIT_RATE_LIMITED);
        lab.advance(500_000);
        assertThat(onlyReply(lab.send(syn(1000, mss(1460)))).seq().value()).isEqualTo(iss);
    }

    /** §3.8 row 12: a segment without ACK (and no RST/SYN) in SYN-RECV is silently dropped. */
    @Test
    void noAckSegmentInSynRecvIsDropped() {
        openRequest();
        Reaction r = lab.send(seg(CPORT, TcpFlags.NONE, 1001, 0));
        noReply(r);
        assertThat(dropReason(r)).isEqualTo(DropReason.SYN_RECV_NO_ACK);
        assertThat(synQueueLength()).isEqualTo(1);
    }

    private long establish() {
        long iss = openRequest();
        lab.send(ack(1001, iss + 1));
        return iss;
    }

    /** §3.8 row 13 (validate-established-no-flags.pkt): a no-flag data segment on an established socket is dropped. */
    @Test
    void noFlagDataSegmentOnEstablishedIsDropped() {
        establish();
        TcpSegment data = new TcpSegment(CPORT, 80, SeqNum.of(1001), SeqNum.ZERO, TcpFlags.NONE, 1000, 0, List.of(), Bytes.of(new byte[5]));
        Reaction r = lab.send(data);
        noReply(r);
        assertThat(dropReason(r)).isEqualTo(DropReason.ESTABLISHED_NO_FLAGS);
    }

    /** §3.8 row 14 (tcp_validate_incoming step 4, RFC 5961 §4): a SYN on an established socket → challenge ACK. */
    @Test
    void synOnEstablishedGetsChallengeAck() {
        long iss = establish();
        TcpSegment reply = onlyReply(lab.send(syn(1000, mss(1460))));
        assertThat(reply.flags()).isEqualTo(TcpFlags.ACK_ONLY);
        assertThat(reply.seq().value()).isEqualTo(iss + 1);
        assertThat(reply.ack().value()).isEqualTo(1001);
    }

    /** tcp_v4_rcv csum_error: a segment with a bad checksum is dropped before any state is looked at. */
    @Test
    void badChecksumSynIsDroppedWithoutReply() {
        Reaction r = lab.sendBadChecksum(syn(1000, mss(1460)));
        noReply(r);
        assertThat(dropReason(r)).isEqualTo(DropReason.BAD_CHECKSUM);
        assertThat(synQueueLength()).isZero();
        assertThat(lab.sim.server().counters().drops(DropReason.BAD_CHECKSUM)).isEqualTo(1);
    }

    /**
     * §3.4 / §3.8 row 7 (tcp_check_req tsecr_reject): a 3rd ACK whose TSecr is not a TSval the
     * server sent gets an ACK and is dropped; the request stays.
     */
    @Test
    void thirdAckEchoingUnknownTsvalIsRejected() {
        long iss = onlyReply(lab.send(syn(1000, mss(1460), Lab.NOP, Lab.NOP, Lab.ts(100, 0)))).seq().value();
        Reaction r = lab.send(ack(1001, iss + 1, Lab.NOP, Lab.NOP, Lab.ts(101, 7)));
        TcpSegment reply = onlyReply(r);
        assertThat(reply.flags()).isEqualTo(TcpFlags.ACK_ONLY);
        assertThat(reply.option(dev.handshakelab.core.wire.TcpOption.Timestamps.class).tsEcr()).isEqualTo(100);
        assertThat(dropReason(r)).isEqualTo(DropReason.SYN_RECV_TSECR_REJECT);
        assertThat(synQueueLength()).isEqualTo(1);
    }
}
