package dev.handshakelab.core.sim;

import static dev.handshakelab.core.sim.Lab.SEC;
import static dev.handshakelab.core.sim.Lab.mss;
import static dev.handshakelab.core.sim.Lab.noReply;
import static dev.handshakelab.core.sim.Lab.onlyReply;
import static dev.handshakelab.core.sim.Lab.seg;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.profile.ClientPreset;
import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.tcp.DropReason;
import dev.handshakelab.core.tcp.Host;
import dev.handshakelab.core.tcp.TcpEvent;
import dev.handshakelab.core.tcp.TcpState;
import dev.handshakelab.core.wire.TcpFlags;
import org.junit.jupiter.api.Test;

/** Accept-queue overflow: reference §3.7 (sk_acceptq_is_full, tcp_check_req → listen_overflow). */
class AcceptQueueTest {

    private static long synAndGetIss(Lab lab, int port) {
        return onlyReply(lab.send(seg(port, TcpFlags.SYN_ONLY, 1000, 0, mss(1460)))).seq().value();
    }

    private static Reaction thirdAck(Lab lab, int port, long iss) {
        return lab.send(seg(port, TcpFlags.ACK_ONLY, 1001, iss + 1));
    }

    private static DropReason serverDrop(Reaction r) {
        return r.ofType(TcpEvent.SegmentDropped.class).stream().filter(d -> d.host() == Host.SERVER)
                .findFirst().orElseThrow().reason();
    }

    private static final int EXTRA = 42000;

    /**
     * Fills the accept queue of listen(fd, n) (it holds n + 1) while one more request is still
     * half-open: n + 1 SYNs (the SYN queue holds n + 1 too), the first ACK, one extra SYN, the
     * remaining ACKs. Returns the extra request's ISN.
     */
    private static long fillAcceptQueueLeavingOneRequest(Lab lab, int n) {
        long[] iss = new long[n + 1];
        for (int i = 0; i <= n; i++) {
            iss[i] = synAndGetIss(lab, 41000 + i);
        }
        noReply(thirdAck(lab, 41000, iss[0]));
        long extra = synAndGetIss(lab, EXTRA);
        for (int i = 1; i <= n; i++) {
            noReply(thirdAck(lab, 41000 + i, iss[i]));
        }
        assertThat(lab.sim.snapshot().listener().acceptQueue()).hasSize(n + 1);
        assertThat(lab.sim.snapshot().listener().synQueue()).hasSize(1);
        return extra;
    }

    /**
     * backlog 2 holds 3 (the test is `>`); the next 3rd ACK is dropped with the request kept and
     * marked acked (tcp_abort_on_overflow=0), SYN-ACK retransmissions continue, and a new SYN is
     * dropped silently even with syncookies on (ListenOverflows).
     */
    @Test
    void backlogNHoldsNPlusOne_thenThirdAckDroppedAndRequestKept() {
        Lab lab = new Lab(StackProfile.linux().withBacklog(2).withAcceptRate(0));
        long extra = fillAcceptQueueLeavingOneRequest(lab, 2);
        Reaction overflow = thirdAck(lab, EXTRA, extra);
        noReply(overflow);
        assertThat(serverDrop(overflow)).isEqualTo(DropReason.ACCEPT_QUEUE_FULL_ACK);
        assertThat(Lab.only(overflow, TcpEvent.QueueOverflow.class).queue()).isEqualTo("accept");
        assertThat(lab.sim.snapshot().listener().synQueue().get(0).acked()).isTrue();
        assertThat(onlyReply(lab.next()).seq().value()).isEqualTo(extra);

        Reaction newSyn = lab.send(seg(43000, TcpFlags.SYN_ONLY, 5, 0, mss(1460)));
        noReply(newSyn);
        assertThat(serverDrop(newSyn)).isEqualTo(DropReason.ACCEPT_QUEUE_FULL_SYN);
    }

    /** tcp_abort_on_overflow=1: the 3rd ACK that finds the accept queue full gets RST seq = SEG.ACK; request deleted. */
    @Test
    void abortOnOverflowAnswersThirdAckWithRst() {
        Lab lab = new Lab(StackProfile.linux().withBacklog(1).withAcceptRate(0).withAbortOnOverflow(true));
        long extra = fillAcceptQueueLeavingOneRequest(lab, 1);
        var rst = onlyReply(thirdAck(lab, EXTRA, extra));
        assertThat(rst.flags()).isEqualTo(TcpFlags.RST_ONLY);
        assertThat(rst.seq().value()).isEqualTo(extra + 1);
        assertThat(lab.sim.snapshot().listener().synQueue()).isEmpty();
    }

    /**
     * §3.7: "the handshake completes once the server's accept queue drains and the client re-ACKs
     * a retransmitted SYN-ACK". The application accept()s once a second.
     */
    @Test
    void droppedThirdAckCompletesAfterAcceptQueueDrainsAndClientReAcks() {
        Lab lab = new Lab(StackProfile.linux().withBacklog(2).withAcceptRate(1));
        long extra = fillAcceptQueueLeavingOneRequest(lab, 2);
        noReply(thirdAck(lab, EXTRA, extra));
        Reaction oneSecond = lab.advance(SEC);
        assertThat(onlyReply(oneSecond).seq().value()).isEqualTo(extra); // SYN-ACK retransmission
        assertThat(oneSecond.ofType(TcpEvent.Accepted.class)).hasSize(1);
        Reaction reAck = thirdAck(lab, EXTRA, extra);
        assertThat(Lab.only(reAck, TcpEvent.StateChanged.class).to()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(lab.sim.snapshot().listener().acceptQueue()).hasSize(3);
    }

    /** A simulated client whose SYN met a full accept queue succeeds with its retransmitted SYN after accept(). */
    @Test
    void synDroppedOnFullAcceptQueueSucceedsOnRetransmissionAfterAccept() {
        Lab lab = new Lab(StackProfile.linux().withBacklog(0).withAcceptRate(1));
        thirdAck(lab, 41000, synAndGetIss(lab, 41000)); // backlog 0 holds 1
        Reaction connect = lab.sim.apply(new SimInput.Connect(40001, ClientPreset.LINUX, true));
        assertThat(connect.serverReplies()).isEmpty();
        // at 1 s the server's accept() runs before the client's SYN timer (server timers fire first)
        Reaction oneSecond = lab.advance(SEC);
        assertThat(oneSecond.ofType(TcpEvent.Accepted.class)).hasSize(1);
        assertThat(oneSecond.serverReplies()).hasSize(1);
        assertThat(lab.sim.client().connections().get(0).state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(lab.sim.server().connections()).hasSize(2);
    }
}
