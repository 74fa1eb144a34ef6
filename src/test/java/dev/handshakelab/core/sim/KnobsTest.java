package dev.handshakelab.core.sim;

import static dev.handshakelab.core.sim.Lab.mss;
import static dev.handshakelab.core.sim.Lab.onlyReply;
import static dev.handshakelab.core.sim.Lab.syn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.profile.ClientPreset;
import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.tcp.DropReason;
import dev.handshakelab.core.tcp.TcpEvent;
import dev.handshakelab.core.wire.Bytes;
import dev.handshakelab.core.wire.SeqNum;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The knobs of the second wave, each as the kernel function that reads it. */
class KnobsTest {

    private static Reaction retransmittedSynAt(Lab lab, long micros) {
        lab.advance(micros);
        return lab.send(syn(1000, mss(1460)));
    }

    /**
     * __tcp_oow_rate_limited with tcp_invalid_ratelimit: a SYN retransmitted 100 ms after the
     * first SYN-ACK gets none at the default 500 ms, gets one at 50 ms, and with 0 every time.
     */
    @Test
    void tcpInvalidRatelimitDecidesWhetherARetransmittedSynGetsItsSynAckAtOnce() {
        Lab stock = Lab.linux();
        stock.send(syn(1000, mss(1460)));
        stock.send(syn(1000, mss(1460))); // sets last_oow_ack_time
        Reaction limited = retransmittedSynAt(stock, 100_000);
        assertThat(limited.serverReplies()).isEmpty();
        assertThat(Lab.only(limited, TcpEvent.SegmentDropped.class).reason()).isEqualTo(DropReason.SYN_RETRANSMIT_RATE_LIMITED);

        Lab fast = new Lab(StackProfile.linux().withInvalidRatelimitMillis(50));
        fast.send(syn(1000, mss(1460)));
        fast.send(syn(1000, mss(1460)));
        assertThat(onlyReply(retransmittedSynAt(fast, 100_000)).flags()).isEqualTo(TcpFlags.SYN_ACK);

        Lab never = new Lab(StackProfile.linux().withInvalidRatelimitMillis(0));
        never.send(syn(1000, mss(1460)));
        never.send(syn(1000, mss(1460)));
        assertThat(onlyReply(never.send(syn(1000, mss(1460)))).flags()).isEqualTo(TcpFlags.SYN_ACK);
    }

    private static TcpSegment ecnSyn() {
        return new TcpSegment(Lab.CPORT, Lab.PORT, SeqNum.of(1000), SeqNum.ZERO,
                TcpFlags.SYN_ONLY.with(TcpFlags.ECE).with(TcpFlags.CWR), 64240, 0, List.of(mss(1460)), Bytes.EMPTY);
    }

    /** tcp_ecn_create_request: an ECN-setup SYN gets ECE on the SYN-ACK unless tcp_ecn is 0. */
    @Test
    void tcpEcnZeroRefusesEcnOnTheSynAck() {
        assertThat(onlyReply(Lab.linux().send(ecnSyn())).flags().has(TcpFlags.ECE)).isTrue();
        assertThat(onlyReply(new Lab(StackProfile.linux().withEcn(0)).send(ecnSyn())).flags().has(TcpFlags.ECE)).isFalse();
    }

    /**
     * tcp_ecn_send_syn: with tcp_ecn=1 a Linux client's SYN carries ECE and CWR; tcp_ecn_clear_syn
     * takes them off the retransmission (tcp_ecn_fallback 1).
     */
    @Test
    void tcpEcnOneMakesTheLinuxClientAskForEcnOnItsFirstSynOnly() {
        Lab lab = new Lab(SimulationConfig.defaults().withProfile(StackProfile.linux().withEcn(1)).withPath(
                new dev.handshakelab.core.net.NetworkPath(new dev.handshakelab.core.net.Route(List.of(DropEverything.INSTANCE), 0),
                        dev.handshakelab.core.net.Route.DIRECT)));
        TcpSegment first = lab.sim.apply(new SimInput.Connect(40001, ClientPreset.LINUX, true)).segmentsSent().get(0).datagram().segment();
        assertThat(first.flags()).isEqualTo(TcpFlags.SYN_ONLY.with(TcpFlags.ECE).with(TcpFlags.CWR));
        TcpSegment again = lab.next().segmentsSent().get(0).datagram().segment();
        assertThat(again.flags()).isEqualTo(TcpFlags.SYN_ONLY);
        assertThat(Lab.linux().sim.apply(new SimInput.Connect(40001, ClientPreset.LINUX, true)).segmentsSent().get(0)
                .datagram().segment().flags()).isEqualTo(TcpFlags.SYN_ONLY);
    }

    /** The profile view lists the new knobs with Linux's defaults. */
    @Test
    void theProfileViewListsTheNewKnobs() {
        assertThat(StackProfile.linux().knobs()).containsEntry("synLinearTimeouts", 4).containsEntry("invalidRatelimitMillis", 500)
                .containsEntry("ecn", 2).containsEntry("rmemMax", 212992).containsEntry("maxSynBacklog", 1024).containsEntry("minSndMss", 48);
    }

    /** net.core.rmem_max takes part in the offered window scale: the larger of it and tcp_rmem[2] decides. */
    @Test
    void rmemMaxAboveTcpRmemMaxRaisesTheOfferedWindowScale() {
        Lab lab = new Lab(StackProfile.linux().withRmemMax(64 * 1024 * 1024));
        TcpSegment synAck = onlyReply(lab.send(syn(1000, mss(1460), Lab.SACK_OK, Lab.NOP, Lab.ws(7))));
        assertThat(synAck.option(dev.handshakelab.core.wire.TcpOption.WindowScale.class).shift()).isEqualTo(11);
    }
}
