package dev.handshakelab.core.sim;

import static dev.handshakelab.core.sim.Lab.SEC;
import static dev.handshakelab.core.sim.Lab.mss;
import static dev.handshakelab.core.sim.Lab.onlyReply;
import static dev.handshakelab.core.sim.Lab.syn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.profile.ClientPreset;
import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.tcp.Host;
import dev.handshakelab.core.tcp.TcpEvent;
import dev.handshakelab.core.tcp.TcpState;
import dev.handshakelab.core.wire.TcpFlags;
import dev.handshakelab.core.wire.TcpSegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Timers on the virtual clock: reference §3.6 (SYN-ACK), tcp_retransmit_timer in SYN_SENT (client SYN). */
class RetransmissionTest {

    /** Virtual times (µs) at which the server sent SYN-ACKs, until nothing is left to fire. */
    private static List<Long> synAckTimes(Lab lab, List<Reaction> out) {
        List<Long> times = new ArrayList<>();
        Reaction r;
        while (lab.sim.nextDeadline().isPresent()) {
            r = lab.next();
            out.add(r);
            for (TcpEvent.SegmentSent s : r.serverReplies()) {
                times.add(s.atMicros());
            }
        }
        return times;
    }

    /**
     * §3.6 (ip-sysctl tcp_synack_retries, reqsk_timer_handler): retransmissions at 1, 3, 7, 15, 31 s,
     * same ISN and options, then at 63 s the request is dropped silently (no RST).
     */
    @Test
    void lostSynAckIsRetransmittedAt1_3_7_15_31sAndRequestDroppedSilentlyAt63s() {
        Lab lab = Lab.linux();
        TcpSegment first = onlyReply(lab.send(syn(1000, mss(1460), Lab.NOP, Lab.NOP, Lab.SACK_OK, Lab.NOP, Lab.ws(7))));
        List<Reaction> reactions = new ArrayList<>();
        List<Long> times = synAckTimes(lab, reactions);
        assertThat(times).containsExactly(1 * SEC, 3 * SEC, 7 * SEC, 15 * SEC, 31 * SEC);
        for (Reaction r : reactions.subList(0, 5)) {
            TcpSegment again = onlyReply(r);
            assertThat(again.seq()).isEqualTo(first.seq());
            assertThat(again.options()).isEqualTo(first.options()); // §5 trap 3: same options
        }
        Reaction last = reactions.get(reactions.size() - 1);
        assertThat(last.endedAt()).isEqualTo(63 * SEC);
        Lab.noReply(last);
        TcpEvent.StateChanged expired = Lab.only(last, TcpEvent.StateChanged.class);
        assertThat(expired.to()).isEqualTo(TcpState.CLOSED);
        assertThat(expired.cause()).contains("dropped silently");
        assertThat(lab.sim.snapshot().listener().synQueue()).isEmpty();
    }

    /** The event text names the retransmission and its RTO, as the HTTP contract shows it. */
    @Test
    void retransmissionEventSaysWhichRetransmissionAndRto() {
        Lab lab = Lab.linux();
        lab.send(syn(1000, mss(1460)));
        lab.next();
        TcpEvent.SegmentSent second = lab.next().serverReplies().get(0);
        assertThat(second.text()).startsWith("server retransmits SYN-ACK (2nd retransmission, RTO 2 s): S. ");
    }

    /** classic profile: RFC 1122 §4.2.3.1's 3 s initial RTO → 3, 9, 21 … s. */
    @Test
    void classicProfileStartsRetransmittingAfter3s() {
        Lab lab = new Lab(StackProfile.classic());
        lab.send(syn(1000, mss(1460)));
        assertThat(lab.next().serverReplies().get(0).atMicros()).isEqualTo(3 * SEC);
        assertThat(lab.next().serverReplies().get(0).atMicros()).isEqualTo(9 * SEC);
    }

    /** A lab can override synack_retries: with 2 the request goes at 1 + 2 + 4 = 7 s. */
    @Test
    void synackRetriesKnobShortensTheSchedule() {
        Lab lab = new Lab(StackProfile.linux().withSynackRetries(2));
        lab.send(syn(1000, mss(1460)));
        List<Long> times = synAckTimes(lab, new ArrayList<>());
        assertThat(times).containsExactly(1 * SEC, 3 * SEC);
        assertThat(lab.sim.now()).isEqualTo(7 * SEC);
    }

    /**
     * tcp_synack_retries 255, the most the sysctl takes: one request whose SYN-ACK nobody answers
     * is retransmitted exactly 255 times, and then dropped (reqsk_timer_handler in
     * net/ipv4/inet_connection_sock.c: syn_ack_recalc expires it once num_timeout reaches
     * max_syn_ack_retries, and inet_csk_reqsk_queue_drop_and_put drops it). Each timeout is
     * reqsk_timeout(req, TCP_RTO_MAX): 1 s doubling, capped at 120 s, never less: 1, 2, ... 64 s,
     * then 249 timeouts of 120 s, so the request goes at 127 + 249 x 120 = 30,007 s. Counting
     * retransmissions in a signed byte wrapped at 127, so the request never expired, and shifting
     * the RTO by 44 and more overflowed it into timers due at once (about 1,000 a simulated day).
     */
    @Test
    void withSynackRetries255_oneRequestIsRetransmitted255Times_withTheRtoCappedAt120s_andThenDropped() {
        Lab lab = new Lab(StackProfile.linux().withSynackRetries(255));
        lab.send(syn(1000, mss(1460)));
        List<Long> rtos = new ArrayList<>();
        Reaction last = null;
        // bounded: with the request never dropped the loop would never end
        for (int fired = 0; fired < 1000 && lab.sim.nextDeadline().isPresent(); fired++) {
            last = lab.next();
            for (TcpEvent.SegmentSent s : last.serverReplies()) {
                assertThat(s.retransmission()).isEqualTo(rtos.size() + 1);
                rtos.add(s.rtoMicros());
            }
        }
        assertThat(lab.sim.nextDeadline()).as("no timer left once the request is dropped").isEmpty();
        assertThat(rtos).hasSize(255);
        assertThat(rtos.subList(0, 8)).containsExactly(1 * SEC, 2 * SEC, 4 * SEC, 8 * SEC, 16 * SEC, 32 * SEC, 64 * SEC, 120 * SEC);
        assertThat(rtos.subList(7, 255)).allMatch(rto -> rto == 120 * SEC);
        TcpEvent.StateChanged expired = Lab.only(last, TcpEvent.StateChanged.class);
        assertThat(expired.to()).isEqualTo(TcpState.CLOSED);
        assertThat(expired.cause()).contains("no ACK after 255 SYN-ACK retransmissions");
        assertThat(last.endedAt()).isEqualTo((127 + 249 * 120) * SEC);
        assertThat(lab.sim.snapshot().listener().synQueue()).isEmpty();
    }

    /**
     * The active opener on Linux 6.x (tcp_syn_retries 6, tcp_syn_linear_timeouts 4):
     * tcp_retransmit_timer keeps the 1 s RTO while total_rto is at most 4, and tcp_write_timeout
     * gives SYN_SENT 6 + 4 retransmissions: SYNs at 1, 2, 3, 4, 5 s, then 7, 11, 19, 35, 67 s;
     * connect() fails with ETIMEDOUT at 131 s. Measured on Linux 6.x against a black hole:
     * intervals 1, 1, 1, 1, 1, 2, 4, 8, 16, 32 s, 11 SYNs. (This replaced the pre-6.5 schedule
     * 1, 3, 7, 15, 31, 63 → 127 s that the test asserted before: the kernel changed.)
     */
    @Test
    void clientSynIsRetransmittedLinearlyFourTimesThenBacksOffAndConnectFailsAt131s() {
        TcpEvent.ConnectFailed failed = blackHoledConnect(StackProfile.linux(), List.of(1L, 2L, 3L, 4L, 5L, 7L, 11L, 19L, 35L, 67L));
        assertThat(failed.atMicros()).isEqualTo(131 * SEC);
        assertThat(failed.detail()).contains("10 SYN retransmissions");
    }

    /**
     * tcp_syn_linear_timeouts 0 gives the classic schedule (ip-sysctl tcp_syn_retries: "127
     * seconds"): 1, 3, 7, 15, 31, 63 s, ETIMEDOUT at 127 s.
     */
    @Test
    void withoutLinearTimeoutsTheSynBacksOffAtOnceAndConnectFailsAt127s() {
        TcpEvent.ConnectFailed failed = blackHoledConnect(StackProfile.linux().withSynLinearTimeouts(0),
                List.of(1L, 3L, 7L, 15L, 31L, 63L));
        assertThat(failed.atMicros()).isEqualTo(127 * SEC);
    }

    private static TcpEvent.ConnectFailed blackHoledConnect(StackProfile profile, List<Long> expectedSeconds) {
        // The client's SYNs are swallowed by a middlebox so nothing answers.
        Lab lab = new Lab(SimulationConfig.defaults().withProfile(profile).withPath(new dev.handshakelab.core.net.NetworkPath(
                new dev.handshakelab.core.net.Route(List.of(DropEverything.INSTANCE), 0), dev.handshakelab.core.net.Route.DIRECT)));
        Reaction connect = lab.sim.apply(new SimInput.Connect(40001, ClientPreset.LINUX, true));
        assertThat(connect.segmentsSent()).hasSize(1);
        List<Long> synTimes = new ArrayList<>();
        TcpEvent.ConnectFailed failed = null;
        while (lab.sim.nextDeadline().isPresent()) {
            Reaction r = lab.next();
            for (TcpEvent.SegmentSent s : r.segmentsSent()) {
                assertThat(s.host()).isEqualTo(Host.CLIENT);
                assertThat(s.datagram().segment().flags()).isEqualTo(TcpFlags.SYN_ONLY);
                synTimes.add(s.atMicros());
            }
            if (!r.ofType(TcpEvent.ConnectFailed.class).isEmpty()) {
                failed = r.ofType(TcpEvent.ConnectFailed.class).get(0);
            }
        }
        assertThat(synTimes).containsExactlyElementsOf(expectedSeconds.stream().map(s -> s * SEC).toList());
        assertThat(failed).isNotNull();
        assertThat(failed.reason()).isEqualTo("ETIMEDOUT");
        assertThat(lab.sim.client().connections()).isEmpty();
        return failed;
    }
}
