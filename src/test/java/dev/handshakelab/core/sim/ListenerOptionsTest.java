package dev.handshakelab.core.sim;

import static dev.handshakelab.core.sim.Lab.NOP;
import static dev.handshakelab.core.sim.Lab.SACK_OK;
import static dev.handshakelab.core.sim.Lab.SEC;
import static dev.handshakelab.core.sim.Lab.ack;
import static dev.handshakelab.core.sim.Lab.mss;
import static dev.handshakelab.core.sim.Lab.noReply;
import static dev.handshakelab.core.sim.Lab.onlyReply;
import static dev.handshakelab.core.sim.Lab.syn;
import static dev.handshakelab.core.sim.Lab.ts;
import static dev.handshakelab.core.sim.Lab.ws;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.tcp.DropReason;
import dev.handshakelab.core.tcp.TcpEvent;
import dev.handshakelab.core.tcp.TcpState;
import dev.handshakelab.core.wire.Bytes;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Socket options on the listener: {@code TCP_MAXSEG} ({@code tcp_mss_clamp}, {@code rx_opt.user_mss})
 * and {@code TCP_DEFER_ACCEPT} ({@code tcp_check_req}'s bare-ACK drop, {@code syn_ack_recalc},
 * {@code secs_to_retrans}); the figures are Linux 6.18's in the kernel scenarios wave2/tcp_maxseg-*
 * and wave2/defer-accept*.
 */
class ListenerOptionsTest {

    private static final StackProfile MAXSEG_1000 = StackProfile.linux().withTcpMaxseg(1000);

    /** tcp_mss_clamp: the SYN-ACK offers 1000, and its window is a multiple of it: 65536 → 65000. */
    @Test
    void tcpMaxsegLowersTheOfferedMssAndTheWindowFollows() {
        TcpSegment synAck = onlyReply(new Lab(MAXSEG_1000).send(syn(1000, mss(1460))));
        assertThat(synAck.option(TcpOption.MaxSegmentSize.class).mss()).isEqualTo(1000);
        assertThat(synAck.window()).isEqualTo(65000);
        // with timestamps the unit is 1000 - 12: 66 × 988 = 65208
        TcpSegment withTs = onlyReply(new Lab(MAXSEG_1000).send(syn(1000, mss(1460), SACK_OK, ts(100, 0), NOP, ws(7))));
        assertThat(withTs.window()).isEqualTo(65208);
    }

    /** tcp_parse_options: a client MSS above user_mss is lowered to it; one below stays. */
    @Test
    void tcpMaxsegClampsTheClientsMss() {
        Lab lab = new Lab(MAXSEG_1000);
        Reaction r = lab.send(syn(1000, mss(1460)));
        assertThat(Lab.only(r, TcpEvent.Negotiated.class).negotiation().peerMss()).isEqualTo(1000);
        Lab low = new Lab(MAXSEG_1000);
        assertThat(Lab.only(low.send(syn(1000, mss(536))), TcpEvent.Negotiated.class).negotiation().peerMss()).isEqualTo(536);
    }

    /** do_tcp_setsockopt refuses a TCP_MAXSEG below TCP_MIN_MSS (88). */
    @Test
    void tcpMaxsegBelow88IsRefused() {
        assertThatThrownBy(() -> StackProfile.linux().withTcpMaxseg(87)).hasMessageContaining("tcpMaxseg");
        assertThat(StackProfile.linux().withTcpMaxseg(0).listenerMss(false)).isEqualTo(1460);
    }

    private static TcpSegment data(long seq, long ack, int length) {
        return new TcpSegment(Lab.CPORT, Lab.PORT, SeqNum.of(seq), SeqNum.of(ack), TcpFlags.ACK_ONLY.with(TcpFlags.PSH), 502, 0,
                List.of(), Bytes.of(new byte[length]));
    }

    /** "While TCP_DEFER_ACCEPT is active, drop bare ACK.": the request stays; data completes it and is acknowledged. */
    @Test
    void deferAcceptDropsTheBareAckAndDataCompletes() {
        Lab lab = new Lab(StackProfile.linux().withDeferAcceptSeconds(1).withAcceptRate(0));
        long iss = onlyReply(lab.send(syn(1000, mss(1460)))).seq().value();
        Reaction bare = lab.send(ack(1001, iss + 1));
        noReply(bare);
        assertThat(Lab.only(bare, TcpEvent.SegmentDropped.class).reason()).isEqualTo(DropReason.DEFER_ACCEPT_BARE_ACK);
        assertThat(lab.sim.server().listener().synQueue().size()).isEqualTo(1);
        assertThat(lab.sim.server().listener().synQueue().entries().get(0).acked()).isTrue();
        TcpSegment dataAck = onlyReply(lab.send(data(1001, iss + 1, 10)));
        assertThat(dataAck.ack().value()).isEqualTo(1011);
        assertThat(dataAck.window()).isEqualTo(64230); // as 6.18 sent it
        assertThat(lab.sim.server().listener().acceptQueue()).singleElement()
                .satisfies(c -> assertThat(c.state()).isEqualTo(TcpState.ESTABLISHED));
    }

    /** secs_to_retrans: 1 s is one timeout, 3 s two (1 + 2), 0 none; the largest value stops at 255. */
    @Test
    void deferAcceptSecondsBecomeSynAckTimeouts() {
        assertThat(new Lab(StackProfile.linux().withDeferAcceptSeconds(1)).sim.server().listener().deferAcceptRetrans()).isEqualTo(1);
        assertThat(new Lab(StackProfile.linux().withDeferAcceptSeconds(3)).sim.server().listener().deferAcceptRetrans()).isEqualTo(2);
        assertThat(new Lab(StackProfile.linux().withDeferAcceptSeconds(4)).sim.server().listener().deferAcceptRetrans()).isEqualTo(3);
        assertThat(new Lab(StackProfile.linux()).sim.server().listener().deferAcceptRetrans()).isZero();
    }

    /**
     * syn_ack_recalc: an acked request gets no SYN-ACK at the 1 s timeout of a 3 s deferral
     * (resend only from the deferral's last timeout on), one at 3 s, and a bare ACK after that
     * completes the handshake.
     */
    @Test
    void deferAcceptHoldsBackSynAckRetransmissionsUntilItsLastTimeout() {
        Lab lab = new Lab(StackProfile.linux().withDeferAcceptSeconds(3).withAcceptRate(0));
        long iss = onlyReply(lab.send(syn(1000, mss(1460)))).seq().value();
        noReply(lab.send(ack(1001, iss + 1)));
        noReply(lab.advance(2 * SEC)); // the 1 s timeout passes silently
        TcpSegment resent = onlyReply(lab.advance(SEC + 1));
        assertThat(resent.flags()).isEqualTo(TcpFlags.SYN_ACK);
        Reaction done = lab.send(ack(1001, iss + 1));
        noReply(done);
        assertThat(lab.sim.server().listener().acceptQueue()).hasSize(1);
    }

    /** Without an ACK the deferral changes nothing: the SYN-ACK goes out at 1 s as usual. */
    @Test
    void deferAcceptWithoutAnAckKeepsTheUsualSchedule() {
        Lab lab = new Lab(StackProfile.linux().withDeferAcceptSeconds(3));
        onlyReply(lab.send(syn(1000, mss(1460))));
        assertThat(onlyReply(lab.advance(SEC + 1)).flags()).isEqualTo(TcpFlags.SYN_ACK);
    }
}
