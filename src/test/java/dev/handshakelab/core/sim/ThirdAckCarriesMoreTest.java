package dev.handshakelab.core.sim;

import static dev.handshakelab.core.sim.Lab.NOP;
import static dev.handshakelab.core.sim.Lab.SACK_OK;
import static dev.handshakelab.core.sim.Lab.mss;
import static dev.handshakelab.core.sim.Lab.onlyReply;
import static dev.handshakelab.core.sim.Lab.syn;
import static dev.handshakelab.core.sim.Lab.ts;
import static dev.handshakelab.core.sim.Lab.ws;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.tcp.TcpConnection;
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
 * The third ACK may carry more than an ACK (issue 18): data is queued and acknowledged, a FIN
 * moves the new child to CLOSE_WAIT; the window of those ACKs is the free space as
 * {@code tcp_select_window} / {@code __tcp_select_window} compute it. The figures are the ones
 * Linux 6.18 sent in the kernel-differential scenarios wave2/* and options/data-*.
 */
class ThirdAckCarriesMoreTest {

    private static TcpSegment segment(TcpFlags flags, long seq, long ack, int length, TcpOption... options) {
        return new TcpSegment(Lab.CPORT, Lab.PORT, SeqNum.of(seq), SeqNum.of(ack), flags, 502, 0, List.of(options),
                Bytes.of(new byte[length]));
    }

    private static final TcpFlags PSH_ACK = TcpFlags.ACK_ONLY.with(TcpFlags.PSH);
    private static final TcpFlags FIN_ACK = TcpFlags.ACK_ONLY.with(TcpFlags.FIN);

    /** The application never accepts: the child and its data stay queued, as in a packetdrill script before accept(). */
    private static Lab notAccepting() {
        return new Lab(StackProfile.linux().withAcceptRate(0));
    }

    private static TcpConnection child(Lab lab) {
        return lab.sim.server().listener().acceptQueue().get(0);
    }

    /** tcp_check_req → tcp_child_process → tcp_data_queue: 50 bytes on the third ACK, acknowledged at once. */
    @Test
    void dataOnTheThirdAckIsQueuedAndAcknowledged() {
        Lab lab = notAccepting();
        long iss = onlyReply(lab.send(syn(1000, mss(1460), SACK_OK, ts(100, 0), NOP, ws(7)))).seq().value();
        TcpSegment ack = onlyReply(lab.send(segment(PSH_ACK, 1001, iss + 1, 50, NOP, NOP, ts(110, 0))));
        assertThat(ack.flags()).isEqualTo(TcpFlags.ACK_ONLY);
        assertThat(ack.seq().value()).isEqualTo(iss + 1);
        assertThat(ack.ack().value()).isEqualTo(1051);
        // 65160 - 50 left of the SYN-ACK's window, rounded up to 2^7: 65152 = 509 << 7 (tcp_select_window)
        assertThat(ack.window()).isEqualTo(509);
        assertThat(ack.option(TcpOption.Timestamps.class).tsEcr()).isEqualTo(110);
        TcpConnection c = child(lab);
        assertThat(c.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(c.unread()).isEqualTo(50);
        assertThat(lab.sim.server().read(c, 1000)).isEqualTo(50);
        assertThat(lab.sim.server().read(c, 1000)).isEqualTo(-1);
    }

    /**
     * Without window scaling the unread bytes' truesize takes the free space below what is left
     * of the last window, so the ACK offers what is left: 64240 - 100 = 64140 (6.18's figure;
     * the simulation used to offer 64240 again).
     */
    @Test
    void unreadDataTakesTheFreeSpaceBelowTheLastWindow() {
        Lab lab = notAccepting();
        long iss = onlyReply(lab.send(syn(1000))).seq().value();
        TcpSegment ack = onlyReply(lab.send(segment(PSH_ACK, 1001, iss + 1, 100)));
        assertThat(ack.window()).isEqualTo(64140);
        TcpConnection c = child(lab);
        // read, then 100 more: the free space is back near 64096 and the last window (64140) is
        // more than it, so __tcp_select_window rounds the free space down to 536s (63784), which
        // is below what is left (64040): 64040 is kept
        assertThat(lab.sim.server().read(c, 1000)).isEqualTo(100);
        assertThat(onlyReply(lab.send(segment(PSH_ACK, 1101, iss + 1, 100))).window()).isEqualTo(64040);
    }

    /** The simulated application reads at once, but after the ACK went out: the ACK still shows the unread bytes. */
    @Test
    void anApplicationThatReadsAtOnceReadsAfterTheAck() {
        Lab lab = Lab.linux();
        long iss = onlyReply(lab.send(syn(1000, mss(1460), NOP, NOP, ts(100, 0)))).seq().value();
        TcpSegment ack = onlyReply(lab.send(segment(PSH_ACK, 1001, iss + 1, 100, NOP, NOP, ts(110, 0))));
        assertThat(ack.window()).isEqualTo(65060);
        TcpConnection c = lab.sim.server().connections().get(0);
        assertThat(c.unread()).isZero();
    }

    /** tcp_fin: the FIN on the third ACK moves the child ESTABLISHED → CLOSE_WAIT; its ACK covers the FIN. */
    @Test
    void finOnTheThirdAckMovesTheChildToCloseWait() {
        Lab lab = notAccepting();
        long iss = onlyReply(lab.send(syn(1000, mss(1460), SACK_OK, ts(100, 0), NOP, ws(7)))).seq().value();
        Reaction r = lab.send(segment(FIN_ACK, 1001, iss + 1, 0, NOP, NOP, ts(110, 0)));
        TcpSegment ack = onlyReply(r);
        assertThat(ack.ack().value()).isEqualTo(1002);
        assertThat(ack.window()).isEqualTo(510); // 65160 rounded up to 2^7, as 6.18 sent it
        assertThat(r.ofType(TcpEvent.StateChanged.class)).extracting(TcpEvent.StateChanged::to)
                .containsSubsequence(TcpState.ESTABLISHED, TcpState.CLOSE_WAIT);
        TcpConnection c = child(lab);
        assertThat(c.state()).isEqualTo(TcpState.CLOSE_WAIT);
        assertThat(lab.sim.server().read(c, 1000)).as("end of file").isZero();
    }

    /** Data and FIN together: the bytes are readable, then read() returns 0. */
    @Test
    void dataAndFinTogether() {
        Lab lab = notAccepting();
        long iss = onlyReply(lab.send(syn(1000))).seq().value();
        TcpSegment ack = onlyReply(lab.send(segment(FIN_ACK.with(TcpFlags.PSH), 1001, iss + 1, 20)));
        assertThat(ack.ack().value()).isEqualTo(1022);
        TcpConnection c = child(lab);
        assertThat(lab.sim.server().read(c, 1000)).isEqualTo(20);
        assertThat(lab.sim.server().read(c, 1000)).isZero();
    }

    /**
     * The client's side of the close: the student's FIN from an open simulated client moves it to
     * FIN_WAIT_1 (tcp_close_state), the server's ACK of it to FIN_WAIT_2 (tcp_rcv_state_process,
     * TCP_FIN_WAIT1), while the server's child is in CLOSE_WAIT.
     */
    @Test
    void theStudentsFinFromAClientGoesThroughFinWait1ToFinWait2() {
        Lab lab = Lab.linux();
        lab.sim.apply(new SimInput.Connect(40001, dev.handshakelab.core.profile.ClientPreset.LINUX, true));
        TcpConnection client = lab.sim.client().connections().get(0);
        TcpConnection server = lab.sim.server().connections().get(0);
        assertThat(client.state()).isEqualTo(TcpState.ESTABLISHED);
        TcpSegment fin = new TcpSegment(40001, Lab.PORT, client.sndNxt(), client.rcvNxt(), FIN_ACK, 502, 0, List.of(), Bytes.EMPTY);
        lab.sim.apply(new SimInput.InjectSegment(dev.handshakelab.core.wire.IpDatagram.of(Lab.CLIENT, Lab.SERVER, fin), true));
        lab.advance(Lab.SEC);
        assertThat(server.state()).isEqualTo(TcpState.CLOSE_WAIT);
        assertThat(client.state()).isEqualTo(TcpState.FIN_WAIT_2);
        assertThat(client.transitions()).extracting(t -> t.to())
                .containsSubsequence(TcpState.ESTABLISHED, TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2);
    }
}
