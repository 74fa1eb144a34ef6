package dev.handshakelab.core.sim;

import static dev.handshakelab.core.sim.Lab.NOP;
import static dev.handshakelab.core.sim.Lab.SACK_OK;
import static dev.handshakelab.core.sim.Lab.layout;
import static dev.handshakelab.core.sim.Lab.mss;
import static dev.handshakelab.core.sim.Lab.onlyReply;
import static dev.handshakelab.core.sim.Lab.syn;
import static dev.handshakelab.core.sim.Lab.ts;
import static dev.handshakelab.core.sim.Lab.ws;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.tcp.Negotiation;
import dev.handshakelab.core.tcp.TcpEvent;
import dev.handshakelab.core.wire.Bytes;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpOption;
import dev.handshakelab.core.wire.TcpSegment;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the SYN-ACK carries: reference §3.1 (layout table), §3.2 (MSS), §3.3 (wscale), §3.4, §3.5, §0. */
class SynAckOptionsTest {

    static Stream<Arguments> referenceLayoutTable() {
        return Stream.of(
                Arguments.of("mss, sackOK, TS, wscale", List.of(mss(1460), SACK_OK, ts(100, 0), NOP, ws(7)),
                        "mss 1460,sackOK,TS val V ecr E,nop,wscale 7", 20, 10),
                Arguments.of("mss, sackOK, wscale (no TS)", List.of(mss(1460), NOP, NOP, SACK_OK, NOP, ws(7)),
                        "mss 1460,nop,nop,sackOK,nop,wscale 7", 12, 8),
                Arguments.of("mss, sackOK, TS (no wscale)", List.of(mss(1460), SACK_OK, ts(100, 0)),
                        "mss 1460,sackOK,TS val V ecr E", 16, 9),
                Arguments.of("mss, TS, wscale (no SACK)", List.of(mss(1460), NOP, NOP, ts(100, 0), NOP, ws(7)),
                        "mss 1460,nop,nop,TS val V ecr E,nop,wscale 7", 20, 10),
                Arguments.of("mss, TS", List.of(mss(1460), NOP, NOP, ts(100, 0)),
                        "mss 1460,nop,nop,TS val V ecr E", 16, 9),
                Arguments.of("mss, wscale", List.of(mss(1460), NOP, ws(7)), "mss 1460,nop,wscale 7", 8, 7),
                Arguments.of("mss, sackOK", List.of(mss(1460), SACK_OK), "mss 1460,nop,nop,sackOK", 8, 7),
                Arguments.of("mss only", List.of(mss(1460)), "mss 1460", 4, 6),
                Arguments.of("nothing at all", List.of(), "mss 1460", 4, 6));
    }

    /** Reference §3.1 table, stock sysctls (wscale 7): exact order incl. NOPs, option length and doff. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceLayoutTable")
    void synAckOptionsFollowLinuxLayoutTable(String offered, List<TcpOption> synOptions, String expected, int optionBytes, int doff) {
        TcpSegment reply = onlyReply(Lab.linux().send(syn(1000, synOptions.toArray(TcpOption[]::new))));
        assertThat(reply.flags()).isEqualTo(TcpFlags.SYN_ACK);
        assertThat(reply.ack().value()).isEqualTo(1001);
        assertThat(layout(reply)).isEqualTo(expected);
        assertThat(reply.optionBytes()).isEqualTo(optionBytes);
        assertThat(reply.dataOffsetWords()).isEqualTo(doff);
    }

    /** Reference §3.5: 64240 = 44 × 1460 without TS, 65160 = 45 × 1448 with TS (tcp_openreq_init_rwin). */
    @Test
    void synAckWindowIs64240WithoutTimestampsAnd65160With() {
        assertThat(onlyReply(Lab.linux().send(syn(1000, mss(1460)))).window()).isEqualTo(64240);
        assertThat(onlyReply(Lab.linux().send(syn(1000, mss(1460), NOP, NOP, ts(1, 0)))).window()).isEqualTo(65160);
    }

    /** Reference §3.4: TSecr = the client's TSval; TSval = ms clock + offset, fresh on each retransmission. */
    @Test
    void synAckEchoesClientTsvalAndRetransmissionCarriesFreshTsval() {
        Lab lab = Lab.linux();
        TcpSegment first = onlyReply(lab.send(syn(1000, mss(1460), SACK_OK, ts(4242, 0), NOP, ws(7))));
        TcpSegment again = onlyReply(lab.next());
        TcpOption.Timestamps t1 = first.option(TcpOption.Timestamps.class);
        TcpOption.Timestamps t2 = again.option(TcpOption.Timestamps.class);
        assertThat(t1.tsEcr()).isEqualTo(4242);
        assertThat(t2.tsEcr()).isEqualTo(4242);
        assertThat(t2.tsVal() - t1.tsVal()).isEqualTo(1000); // retransmitted 1 s later on a ms clock
        assertThat(again.options().size()).isEqualTo(first.options().size());
        assertThat(again.seq()).isEqualTo(first.seq());
    }

    private static Lab observedMachine() {
        // §0: tcp_rmem = 4096 131072 33554432 on the 6.18 test machine → wscale log2(32 MiB) − 15 = 10
        return new Lab(StackProfile.linux().withTcpRmem(4096, 131072, 33554432));
    }

    /** Reference §0 row 1: mss 1000,sackOK,TS val 100 ecr 0,nop,wscale 7 → win 65160, 02 04 05 b4 04 02 08 0a V 00 00 00 64 01 03 03 0a. */
    @Test
    void observedKernelAnswersFullSynWithWscale10AndWindow65160() {
        TcpSegment reply = onlyReply(observedMachine().send(syn(1000, mss(1000), SACK_OK, ts(100, 0), NOP, ws(7))));
        assertThat(reply.window()).isEqualTo(65160);
        assertThat(layout(reply)).isEqualTo("mss 1460,sackOK,TS val V ecr E,nop,wscale 10");
        assertThat(reply.option(TcpOption.Timestamps.class).tsEcr()).isEqualTo(100);
    }

    /** Reference §0 rows 2-3: mss 1000 or no options → win 64240, options 02 04 05 b4 only. */
    @Test
    void observedKernelAnswersMssOnlyOrBareSynWithOwnMss1460() {
        assertThat(layout(onlyReply(observedMachine().send(syn(1000, mss(1000)))))).isEqualTo("mss 1460");
        TcpSegment bare = onlyReply(observedMachine().send(syn(1000)));
        assertThat(layout(bare)).isEqualTo("mss 1460");
        assertThat(bare.window()).isEqualTo(64240);
    }

    /** Reference §0 row 4 and §3.3: wscale 15 is treated as 14; the SYN-ACK still offers the server's 10. */
    @Test
    void clientWscale15IsTreatedAs14() {
        Lab lab = observedMachine();
        Reaction r = lab.send(syn(1000, mss(1460), NOP, ws(15)));
        TcpSegment reply = onlyReply(r);
        assertThat(layout(reply)).isEqualTo("mss 1460,nop,wscale 10");
        assertThat(reply.window()).isEqualTo(64240);
        Negotiation n = Lab.only(r, TcpEvent.Negotiated.class).negotiation();
        assertThat(n.sendShift()).isEqualTo(14);
        assertThat(n.receiveShift()).isEqualTo(10);
        assertThat(n.windowScaleReason()).contains("above 14, treated as 14");
    }

    static Stream<Arguments> clientMssRules() {
        return Stream.of(
                // §3.2: absent → TCP_MSS_DEFAULT 536
                Arguments.of("absent", List.of(), 536, 536),
                // §3.2: value 0 is ignored
                Arguments.of("zero", List.of(mss(0)), 536, 536),
                // §3.2: wrong length (kind 2, length 3) is ignored
                Arguments.of("wrong length", List.<TcpOption>of(new TcpOption.Unknown(2, Bytes.of((byte) 5))), 536, 536),
                // §3.2: tiny accepted as the clamp, send MSS raised to tcp_min_snd_mss 48
                Arguments.of("tiny", List.of(mss(20)), 20, 48),
                // §3.2: larger than the MTU allows → capped by MTU − 40
                Arguments.of("huge", List.of(mss(9000)), 9000, 1460),
                // §3.2: 1100 with TS → 1088 (mss-getsockopt-tcp_maxseg-server-ts.pkt)
                Arguments.of("1100 with TS", List.of(mss(1100), NOP, NOP, ts(1, 0)), 1100, 1088));
    }

    /** Reference §3.2 "What Linux does with the client's MSS"; the SYN-ACK always says 1460. */
    @ParameterizedTest(name = "client MSS {0}")
    @MethodSource("clientMssRules")
    void clientMssRulesFollowTcpParseOptions(String what, List<TcpOption> options, int peerMss, int sendMss) {
        Reaction r = Lab.linux().send(syn(1000, options.toArray(TcpOption[]::new)));
        assertThat(onlyReply(r).option(TcpOption.MaxSegmentSize.class).mss()).isEqualTo(1460);
        Negotiation n = Lab.only(r, TcpEvent.Negotiated.class).negotiation();
        assertThat(n.peerMss()).isEqualTo(peerMss);
        assertThat(n.sendMss()).isEqualTo(sendMss);
    }

    /** Reference §3.1 selection: an option the client did not offer is never added, and the reason says so. */
    @Test
    void negotiationExplainsWhySackIsOff() {
        Reaction r = Lab.linux().send(syn(1000, mss(1460), NOP, ws(7)));
        Negotiation n = Lab.only(r, TcpEvent.Negotiated.class).negotiation();
        assertThat(n.sack()).isFalse();
        assertThat(n.sackReason()).isEqualTo("SACK off: the client did not offer SACK-permitted");
        assertThat(n.timestamps()).isFalse();
        assertThat(n.windowScaling()).isTrue();
    }

    /** Reference §3.1: "is sent only if ... and tcp_sack is on" — the server's sysctl can veto an option. */
    @Test
    void sackSysctlOffKeepsSackOutOfSynAck() {
        Reaction r = new Lab(StackProfile.linux().withSack(false)).send(syn(1000, mss(1460), SACK_OK, ts(5, 0), NOP, ws(7)));
        assertThat(layout(onlyReply(r))).isEqualTo("mss 1460,nop,nop,TS val V ecr E,nop,wscale 7");
        assertThat(Lab.only(r, TcpEvent.Negotiated.class).negotiation().sackReason()).contains("tcp_sack is 0");
    }

    /** rfc9293 profile: RFC 7323 Appendix A alignment, each option padded on its own; wscale from its 1 MiB buffer. */
    @Test
    void textbookProfilePadsEachOptionOnItsOwn() {
        TcpSegment reply = onlyReply(new Lab(StackProfile.rfc9293()).send(syn(1000, mss(1460), SACK_OK, ts(7, 0), NOP, ws(7))));
        assertThat(layout(reply)).isEqualTo("mss 1460,nop,wscale 5,nop,nop,sackOK,nop,nop,TS val V ecr E");
    }

    /** Reference §3.2: the advertised MSS follows the MTU (MTU − 40 for IPv4). */
    @Test
    void advertisedMssFollowsMtu() {
        TcpSegment reply = onlyReply(new Lab(StackProfile.linux().withMtu(9000)).send(syn(1000, mss(1460))));
        assertThat(reply.option(TcpOption.MaxSegmentSize.class).mss()).isEqualTo(8960);
    }

    /** Reference §3.1 ECN: a SYN with ECE+CWR (SEW) gets an SE. SYN-ACK with tcp_ecn=2 (tcp_ecn_make_synack). */
    @Test
    void ecnSetupSynGetsEceInSynAck() {
        TcpSegment s = Lab.seg(Lab.CPORT, TcpFlags.of(TcpFlags.SYN, TcpFlags.ECE, TcpFlags.CWR), 1000, 0, mss(1460));
        assertThat(onlyReply(Lab.linux().send(s)).flags().letters()).isEqualTo("SE.");
    }

    /**
     * A loopback client offers MSS 65495 (MTU 65536 − 40). The half-open request keeps it in 16
     * bits; read back it must still be 65495, not a negative number taken for "no MSS option".
     */
    @Test
    void loopbackMss65495SurvivesTheHalfOpenRequest_intoTheEstablishedConnection() {
        Lab lab = new Lab(StackProfile.linux().withMtu(65535));
        TcpSegment synAck = onlyReply(lab.send(syn(1000, mss(65495), SACK_OK, ts(100, 0), NOP, ws(7))));
        lab.send(Lab.ack(1001, synAck.seq().value() + 1, ts(101, only(synAck))));
        Negotiation n = lab.sim.snapshot().endpoints().stream()
                .filter(e -> e.host() == dev.handshakelab.core.tcp.Host.SERVER && e.state() == dev.handshakelab.core.tcp.TcpState.ESTABLISHED)
                .findFirst().orElseThrow().negotiation();
        assertThat(n.peerMss()).isEqualTo(65495);
        assertThat(n.sendMss()).isEqualTo(65495 - 12);
        assertThat(n.mssReason()).contains("the client offered MSS 65495");
    }

    private static long only(TcpSegment synAck) {
        return synAck.option(TcpOption.Timestamps.class).tsVal();
    }
}
