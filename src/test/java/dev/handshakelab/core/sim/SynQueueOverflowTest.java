package dev.handshakelab.core.sim;

import static dev.handshakelab.core.sim.Lab.CLIENT;
import static dev.handshakelab.core.sim.Lab.NOP;
import static dev.handshakelab.core.sim.Lab.SACK_OK;
import static dev.handshakelab.core.sim.Lab.SERVER;
import static dev.handshakelab.core.sim.Lab.layout;
import static dev.handshakelab.core.sim.Lab.mss;
import static dev.handshakelab.core.sim.Lab.noReply;
import static dev.handshakelab.core.sim.Lab.onlyReply;
import static dev.handshakelab.core.sim.Lab.seg;
import static dev.handshakelab.core.sim.Lab.ts;
import static dev.handshakelab.core.sim.Lab.ws;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.tcp.Counters.Counter;
import dev.handshakelab.core.tcp.DropReason;
import dev.handshakelab.core.tcp.Negotiation;
import dev.handshakelab.core.tcp.TcpEvent;
import dev.handshakelab.core.tcp.TcpState;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import org.junit.jupiter.api.Test;

/** SYN queue overflow and SYN cookies: reference §3.7, §3.4 (cookie timestamps) and §0. */
class SynQueueOverflowTest {

    private static Lab backlog4(int syncookies) {
        return new Lab(StackProfile.linux().withBacklog(4).withSyncookies(syncookies));
    }

    private static TcpSegment synFrom(int port, long seq, TcpOption... options) {
        return seg(port, TcpFlags.SYN_ONLY, seq, 0, options);
    }

    /** Fills the SYN queue of listen(fd, 4): with the `>` test five requests fit. */
    private static void fillQueue(Lab lab) {
        for (int i = 0; i < 5; i++) {
            TcpSegment reply = onlyReply(lab.send(synFrom(41000 + i, 1000, mss(1460))));
            assertThat(reply.flags()).isEqualTo(TcpFlags.SYN_ACK);
        }
        assertThat(lab.sim.snapshot().listener().synQueue()).hasSize(5);
    }

    /**
     * §0: a 6th SYN (mss, sackOK, nop, wscale, no TS) while 5 requests are pending on backlog 4
     * gets a cookie SYN-ACK carrying only MSS 02 04 05 b4; nothing is queued, no timer.
     */
    @Test
    void sixthSynOnBacklog4GetsCookieSynAckWithMssOnly() {
        Lab lab = backlog4(1);
        fillQueue(lab);
        Reaction r = lab.send(synFrom(42000, 7000, mss(1460), SACK_OK, NOP, ws(7)));
        TcpSegment reply = onlyReply(r);
        assertThat(layout(reply)).isEqualTo("mss 1460");
        assertThat(reply.window()).isEqualTo(64240);
        assertThat(reply.ack().value()).isEqualTo(7001);
        assertThat(Lab.only(r, TcpEvent.CookieEvent.class).phase()).isEqualTo(TcpEvent.CookiePhase.ISSUED);
        assertThat(Lab.only(r, TcpEvent.QueueOverflow.class).text()).contains("Sending cookies");
        Negotiation n = Lab.only(r, TcpEvent.Negotiated.class).negotiation();
        assertThat(n.sack()).isFalse();
        assertThat(n.sackReason()).contains("SYN cookie without timestamps");
        assertThat(lab.sim.snapshot().listener().synQueue()).hasSize(5);
        assertThat(r.ofType(TcpEvent.TimerEvent.class)).isEmpty();
    }

    /** §3.7: a valid cookie ACK completes the handshake with the MSS from the table (1000 → 536). */
    @Test
    void validCookieAckCompletesWithMssFromTable() {
        Lab lab = backlog4(1);
        fillQueue(lab);
        long cookie = onlyReply(lab.send(synFrom(42000, 7000, mss(1000)))).seq().value();
        Reaction r = lab.send(seg(42000, TcpFlags.ACK_ONLY, 7001, cookie + 1));
        noReply(r);
        assertThat(Lab.only(r, TcpEvent.CookieEvent.class).phase()).isEqualTo(TcpEvent.CookiePhase.VALIDATED);
        var child = lab.sim.server().connections().get(0);
        assertThat(child.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(child.negotiation().peerMss()).isEqualTo(536);
        assertThat(child.iss().value()).isEqualTo(cookie);
        assertThat(lab.sim.server().counters().get(Counter.SYNCOOKIES_RECV)).isEqualTo(1);
    }

    /**
     * §3.4 and §0: with timestamps the cookie keeps wscale and SACK in the low 6 bits of the TS
     * clock; the wire TSval has the TS offset added, so its low bits differ; the echoed TSecr
     * minus the offset gives 0x17 back (wscale 7 + SACK) and the child has both options.
     */
    @Test
    void cookieWithTimestampsKeepsWscaleAndSackBehindTheTsOffset() {
        Lab lab = backlog4(1);
        fillQueue(lab);
        lab.advance(5_000_000); // a clock whose low bits are not trivially aligned
        TcpSegment reply = onlyReply(lab.send(synFrom(42000, 7000, mss(1460), SACK_OK, ts(100, 0), NOP, ws(7))));
        assertThat(layout(reply)).isEqualTo("mss 1460,sackOK,TS val V ecr E,nop,wscale 7");
        long wireTsVal = reply.option(TcpOption.Timestamps.class).tsVal();
        long offset = Integer.toUnsignedLong(lab.sim.server().isns().tsOffset(SERVER, 80, CLIENT, 42000));
        assertThat((wireTsVal - offset) & 0x3f).isEqualTo(0x17);
        assertThat(wireTsVal & 0x3f).isEqualTo((0x17 + offset) & 0x3f);
        Reaction r = lab.send(seg(42000, TcpFlags.ACK_ONLY, 7001, reply.seq().value() + 1, NOP, NOP, ts(101, wireTsVal)));
        assertThat(Lab.only(r, TcpEvent.CookieEvent.class).phase()).isEqualTo(TcpEvent.CookiePhase.VALIDATED);
        Negotiation n = lab.sim.server().connections().get(0).negotiation();
        assertThat(n.windowScaling()).isTrue();
        assertThat(n.sendShift()).isEqualTo(7);
        assertThat(n.sack()).isTrue();
        assertThat(n.peerMss()).isEqualTo(1460);
    }

    /** §3.7: an ACK that is not a valid cookie goes to the listener, which answers RST seq = SEG.ACK. */
    @Test
    void forgedCookieAckGetsRst() {
        Lab lab = backlog4(1);
        fillQueue(lab);
        long cookie = onlyReply(lab.send(synFrom(42000, 7000, mss(1460)))).seq().value();
        long forged = (cookie + (1 << 20) + 1) & 0xFFFF_FFFFL;
        Reaction r = lab.send(seg(42000, TcpFlags.ACK_ONLY, 7001, forged));
        TcpSegment rst = onlyReply(r);
        assertThat(rst.flags()).isEqualTo(TcpFlags.RST_ONLY);
        assertThat(rst.seq().value()).isEqualTo(forged);
        assertThat(Lab.only(r, TcpEvent.CookieEvent.class).phase()).isEqualTo(TcpEvent.CookiePhase.REJECTED);
    }

    /** §3.7 MAX_SYNCOOKIE_AGE: a cookie two minutes old is rejected with RST. */
    @Test
    void staleCookieAckGetsRst() {
        Lab lab = backlog4(1);
        fillQueue(lab);
        long cookie = onlyReply(lab.send(synFrom(42000, 7000, mss(1460)))).seq().value();
        lab.advance(120_000_000);
        Reaction r = lab.send(seg(42000, TcpFlags.ACK_ONLY, 7001, cookie + 1));
        assertThat(onlyReply(r).flags()).isEqualTo(TcpFlags.RST_ONLY);
        assertThat(Lab.only(r, TcpEvent.CookieEvent.class).reason()).contains("MAX_SYNCOOKIE_AGE");
    }

    /** tcp_synq_no_recent_overflow: without a cookie sent recently an ACK is not even checked as a cookie. */
    @Test
    void cookiesAreNotCheckedWithoutRecentOverflow() {
        Lab lab = Lab.linux();
        Reaction r = lab.send(seg(42000, TcpFlags.ACK_ONLY, 7001, 12345));
        assertThat(onlyReply(r).flags()).isEqualTo(TcpFlags.RST_ONLY);
        assertThat(r.ofType(TcpEvent.CookieEvent.class)).isEmpty();
    }

    /** tcp_syncookies=0 (tcp_syn_flood_action): the 6th SYN is dropped silently, counter TCPReqQFullDrop. */
    @Test
    void syncookiesOffDropsSynWhenQueueFull() {
        Lab lab = backlog4(0);
        fillQueue(lab);
        Reaction r = lab.send(synFrom(42000, 7000, mss(1460)));
        noReply(r);
        assertThat(r.ofType(TcpEvent.SegmentDropped.class).get(0).reason()).isEqualTo(DropReason.SYN_QUEUE_FULL);
        assertThat(lab.sim.server().counters().get(Counter.REQ_QFULL_DROP)).isEqualTo(1);
        assertThat(Lab.only(r, TcpEvent.QueueOverflow.class).queue()).isEqualTo("syn");
    }

    /** tcp_syncookies=2: every SYN gets a cookie, even with an empty queue; tcp_syncookies=1 queues it. */
    @Test
    void syncookiesTwoAlwaysSendsCookiesAndOneOnlyWhenFull() {
        Lab always = backlog4(2);
        Reaction r = always.send(synFrom(42000, 7000, mss(1460)));
        assertThat(Lab.only(r, TcpEvent.CookieEvent.class).phase()).isEqualTo(TcpEvent.CookiePhase.ISSUED);
        assertThat(always.sim.snapshot().listener().synQueue()).isEmpty();
        Lab onOverflow = backlog4(1);
        Reaction q = onOverflow.send(synFrom(42000, 7000, mss(1460)));
        assertThat(q.ofType(TcpEvent.CookieEvent.class)).isEmpty();
        assertThat(onOverflow.sim.snapshot().listener().synQueue()).hasSize(1);
    }

    /** §3.7 (2025 patch): listen(fd, 0) still admits one request because the test is `>`. */
    @Test
    void backlogZeroStillAdmitsOneRequest() {
        Lab lab = new Lab(StackProfile.linux().withBacklog(0).withSyncookies(0));
        assertThat(onlyReply(lab.send(synFrom(41000, 1, mss(1460)))).flags()).isEqualTo(TcpFlags.SYN_ACK);
        noReply(lab.send(synFrom(41001, 1, mss(1460))));
    }

    /**
     * reqsk_timer_handler pruning: while the SYN queue is more than half full (qlen·2 &gt;
     * max(8, backlog)) and no request is young any more, old requests get only 2 retries and
     * expire at 7 s instead of 63 s. Pruning stops once qlen·2 ≤ 16: of 17 requests 9 expire at
     * 7 s and 8 keep the full schedule.
     */
    @Test
    void fullSynQueuePrunesRetriesOfOldRequests() {
        Lab lab = new Lab(StackProfile.linux().withBacklog(16).withSyncookies(0));
        for (int i = 0; i < 17; i++) {
            lab.send(synFrom(41000 + i, 1000, mss(1460)));
        }
        lab.advance(8_000_000);
        assertThat(lab.sim.server().counters().get(Counter.REQUESTS_EXPIRED)).isEqualTo(9);
        assertThat(lab.sim.snapshot().listener().synQueue()).hasSize(8)
                .allSatisfy(e -> assertThat(e.retransmissions()).isEqualTo(3));
    }

    /**
     * tcp_conn_request without syncookies: once fewer than a quarter of tcp_max_syn_backlog slots
     * remain, SYNs from peers not proven alive are dropped (reference §3.7, §5 trap 8).
     */
    @Test
    void withoutCookiesLastQuarterOfMaxSynBacklogIsKeptForProvenPeers() {
        Lab lab = new Lab(StackProfile.linux().withSyncookies(0).toBuilder().maxSynBacklog(8).build());
        for (int i = 0; i < 7; i++) {
            assertThat(onlyReply(lab.send(synFrom(41000 + i, 1, mss(1460)))).flags()).isEqualTo(TcpFlags.SYN_ACK);
        }
        Reaction r = lab.send(synFrom(41007, 1, mss(1460)));
        noReply(r);
        assertThat(r.ofType(TcpEvent.SegmentDropped.class).get(0).reason()).isEqualTo(DropReason.SYN_BACKLOG_UNPROVEN);
    }
}
