package dev.handshakelab.core.flood;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.profile.ClientPreset;
import dev.handshakelab.core.profile.StackProfile;
import dev.handshakelab.core.sim.FloodOutcome;
import dev.handshakelab.core.sim.Simulation;
import dev.handshakelab.core.sim.SimulationConfig;
import dev.handshakelab.core.tcp.TcpEvent;
import dev.handshakelab.core.wire.Ipv4Address;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * One seeded flood against tcp_syncookies = 0, 1 and 2 (reference §3.7, tcp_conn_request and
 * tcp_syn_flood_action), with every expected count derived from the rules rather than taken
 * from a run.
 *
 * <p>The flood: backlog B = 64, so the SYN queue holds B + 1 = 65 requests
 * ({@code inet_csk_reqsk_queue_is_full} is {@code >} since January 2025). N = 20000 attack SYNs
 * at 10000/s from 500 ms (one per 100 µs, the last at 2499.9 ms); 30 Linux clients at 10/s from
 * 0 ms (client j at j × 100 ms; at 500 ms the client goes before the attack SYN). The step covers
 * 3 s. With the direct path every handshake that is answered completes at the same instant.
 * No request can expire inside 3 s: the first SYN-ACK retransmission is at +1 s and the second
 * at +3 s (§3.6), and the requests are created from 500 ms on.
 */
class SynFloodModesTest {

    static final int B = 64;
    static final int QUEUE = B + 1;
    static final long N = 20_000;
    static final int CLIENTS = 30;
    static final long SEC = 1_000_000;

    static FloodPlan plan(long seed, int sampleFirst, int sampleEvery) {
        return new FloodPlan(seed, N, 10_000, AttackSources.Cidr.parse("198.51.100.0/24"), 500_000, 3 * SEC, CLIENTS, 10,
                ClientPreset.LINUX, 100_000, sampleFirst, sampleEvery);
    }

    static FloodOutcome run(int syncookies, FloodPlan plan) {
        Simulation sim = new Simulation(SimulationConfig.defaults()
                .withProfile(StackProfile.linux().withBacklog(B).withSyncookies(syncookies)));
        return sim.flood(plan);
    }

    /** Clients connecting at or before 500 ms find room; the later ones come after the queue filled. */
    static long clientsBefore(long micros) {
        return LongStream.range(0, CLIENTS).filter(j -> j * 100_000 <= micros).count();
    }

    @Test
    void syncookies0_dropsEveryAttackSynBeyondTheQueue_andLateClientsOnlyRetry() {
        FloodSeries.Bucket t = run(0, plan(1, 5, 5000)).series().totals();
        assertSyncookies0Totals(t);
        assertThat(t.halfOpenBytes()).isEqualTo((long) QUEUE * HalfOpenFootprint.BYTES);
    }

    /** The totals of {@link #plan} against syncookies 0 (the same over IPv6, {@link SynFloodIpv6Test}). */
    static void assertSyncookies0Totals(FloodSeries.Bucket t) {
        long early = clientsBefore(500_000); // 6: j = 0..5
        long late = CLIENTS - early;         // 24, each SYN dropped
        // Their own retransmissions come 1 s apart (tcp_syn_linear_timeouts 4: +1 s, +2 s, ...); those
        // inside the 3 s window count: two for clients that started before 1 s, one before 2 s.
        long lateRetries = LongStream.range(early, CLIENTS)
                .map(j -> LongStream.rangeClosed(1, 4).filter(k -> j * 100_000 + k * SEC < 3 * SEC).count()).sum();
        assertThat(t.synsReceived()).isEqualTo(N + early + late + lateRetries);
        assertThat(t.synsDropped()).isEqualTo((N - QUEUE) + late + lateRetries);
        assertThat(t.synAcksSent()).isEqualTo(QUEUE + early);
        assertThat(t.cookiesSent()).isZero();
        assertThat(t.cookiesValidated()).isZero();
        // each of the 65 attack requests is retransmitted once (at +1 s); the next is at +3 s, after the window
        assertThat(t.synAcksResent()).isEqualTo(QUEUE);
        assertThat(t.legitAttempts()).isEqualTo(CLIENTS);
        assertThat(t.legitSuccesses()).isEqualTo(early);
        assertThat(t.synQueue()).isEqualTo(QUEUE);
    }

    @Test
    void syncookies1_answersTheOverflowWithCookies_andEveryClientGetsThrough() {
        FloodSeries.Bucket t = run(1, plan(1, 5, 5000)).series().totals();
        long early = clientsBefore(500_000);
        long late = CLIENTS - early;
        assertThat(t.synsReceived()).isEqualTo(N + CLIENTS);
        assertThat(t.synsDropped()).isZero();
        assertThat(t.cookiesSent()).isEqualTo((N - QUEUE) + late);
        assertThat(t.synAcksSent()).isEqualTo(QUEUE + early + (N - QUEUE) + late);
        assertThat(t.cookiesValidated()).isEqualTo(late);
        assertThat(t.synAcksResent()).isEqualTo(QUEUE);
        assertThat(t.legitSuccesses()).isEqualTo(CLIENTS);
        assertThat(t.synQueue()).isEqualTo(QUEUE);
    }

    @Test
    void syncookies2_answersEverySynWithACookie_andQueuesNothing() {
        FloodSeries.Bucket t = run(2, plan(1, 5, 5000)).series().totals();
        assertThat(t.synsReceived()).isEqualTo(N + CLIENTS);
        assertThat(t.synsDropped()).isZero();
        assertThat(t.cookiesSent()).isEqualTo(N + CLIENTS);
        assertThat(t.synAcksSent()).isEqualTo(N + CLIENTS);
        assertThat(t.cookiesValidated()).isEqualTo(CLIENTS);
        assertThat(t.synAcksResent()).isZero();
        assertThat(t.legitSuccesses()).isEqualTo(CLIENTS);
        assertThat(t.synQueue()).isZero();
        assertThat(t.halfOpenBytes()).isZero();
    }

    /** The fast path (no events, no objects) and the full path decide alike: same series whether every attack SYN is kept or none. */
    @Test
    void keepingEveryAttackSynInTheHistoryChangesNoNumber() {
        for (int mode = 0; mode <= 2; mode++) {
            FloodSeries none = run(mode, plan(9, 0, 0)).series();
            FloodSeries all = run(mode, plan(9, 0, 1)).series();
            assertThat(all).as("syncookies=%d", mode).isEqualTo(none);
        }
    }

    /** A simulation that records no events (a bulk run with EventSink.NONE) still counts the legitimate clients right. */
    @Test
    void aSimulationWithoutEventsGivesTheSameSeries() {
        FloodSeries recorded = run(1, plan(2, 5, 5000)).series();
        Simulation quiet = new Simulation(SimulationConfig.defaults()
                .withProfile(StackProfile.linux().withBacklog(B).withSyncookies(1)), dev.handshakelab.core.tcp.EventSink.NONE);
        FloodOutcome o = quiet.flood(plan(2, 5, 5000));
        assertThat(o.series()).isEqualTo(recorded);
        assertThat(o.reaction().events()).isEmpty();
        assertThat(o.series().totals().legitSuccesses()).isEqualTo(CLIENTS);
    }

    @Test
    void sameSeedGivesTheSameSeriesAndEvents_anotherSeedOtherSources() {
        FloodOutcome a = run(1, plan(3, 5, 5000));
        FloodOutcome b = run(1, plan(3, 5, 5000));
        assertThat(b.series()).isEqualTo(a.series());
        assertThat(b.reaction().events()).isEqualTo(a.reaction().events());
        FloodPlan random = new FloodPlan(4, 1000, 10_000, new AttackSources.RandomAddresses(), 0, SEC, 0, 1,
                ClientPreset.LINUX, 100_000, 3, 0);
        List<String> first = samples(run(1, random));
        List<String> again = samples(run(1, random));
        List<String> other = samples(run(1, new FloodPlan(5, 1000, 10_000, new AttackSources.RandomAddresses(), 0, SEC, 0, 1,
                ClientPreset.LINUX, 100_000, 3, 0)));
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    /** The history keeps the first K attack SYNs and every Nth, announced by a note, plus all legitimate traffic. */
    @Test
    void historyKeepsASampleOfTheAttackAndAllOfTheLegitimateClients() {
        FloodOutcome o = run(2, plan(1, 5, 5000));
        List<TcpEvent.FloodNote> samples = o.reaction().ofType(TcpEvent.FloodNote.class).stream()
                .filter(n -> n.kind().equals("flood-sample")).toList();
        // #1..#5, then #5000, #10000, #15000, #20000
        assertThat(samples).extracting(n -> n.text().substring(0, n.text().indexOf(" of ")))
                .containsExactly("attack SYN #1", "attack SYN #2", "attack SYN #3", "attack SYN #4", "attack SYN #5",
                        "attack SYN #5000", "attack SYN #10000", "attack SYN #15000", "attack SYN #20000");
        assertThat(samples.get(0).text()).contains("198.51.100.0:", "first 5 attack SYNs and every 5000th");
        long attackReceived = o.reaction().ofType(TcpEvent.SegmentReceived.class).stream()
                .filter(r -> r.host() == dev.handshakelab.core.tcp.Host.SERVER)
                .filter(r -> ((Ipv4Address) r.datagram().src()).bits() != Ipv4Address.parse("10.0.0.1").bits()).count();
        assertThat(attackReceived).isEqualTo(samples.size());
        long legitSyns = o.reaction().ofType(TcpEvent.SegmentSent.class).stream()
                .filter(s -> s.host() == dev.handshakelab.core.tcp.Host.CLIENT && s.datagram().segment().flags().syn()).count();
        assertThat(legitSyns).isEqualTo(CLIENTS);
        assertThat(o.reaction().events().size()).isLessThan(60 * CLIENTS + 20 * samples.size());
    }

    /** Requests created at 500.0-506.4 ms are retransmitted at 1500.0-1506.4 ms, all in the 1.5 s bucket. */
    /** tcp_syn_flood_action warns once per listener: the first SYN a full queue turns away is kept in the history, in both modes. */
    @Test
    void theFirstSynTheFullQueueTurnsAwayIsKept_droppedWithSyncookies0_cookieWith1() {
        for (int mode = 0; mode <= 1; mode++) {
            FloodOutcome o = run(mode, plan(1, 5, 0));
            List<String> notes = o.reaction().ofType(TcpEvent.FloodNote.class).stream().filter(n -> n.kind().equals("flood-sample"))
                    .map(TcpEvent.FloodNote::text).toList();
            // attack SYNs #1..#65 fill the queue; #66 is the first one it turns away
            assertThat(notes).hasSize(6);
            assertThat(notes.get(5)).startsWith("attack SYN #" + (QUEUE + 1) + " of ").contains("turned away");
            assertThat(o.reaction().ofType(TcpEvent.QueueOverflow.class)).isNotEmpty();
        }
    }

    @Test
    void seriesHasOneBucketPer100msAndTheQueueFillsInTheFirstAttackBucket() {
        FloodSeries s = run(0, plan(1, 0, 0)).series();
        assertThat(s.buckets()).hasSize(30);
        assertThat(s.buckets().get(4).synQueue()).isZero();
        assertThat(s.buckets().get(5).atMicros()).isEqualTo(500_000);
        assertThat(s.buckets().get(5).synQueue()).isEqualTo(QUEUE);
        // 1.0-1.1 s: 1000 attack SYNs (one per 100 µs) and client j = 10's first SYN; no client retries fall here
        assertThat(s.buckets().get(10).synsReceived()).isEqualTo(1000 + 1);
        assertThat(s.buckets().get(10).legitAttempts()).isEqualTo(1);
        assertThat(s.buckets().get(15).synAcksResent()).isEqualTo(QUEUE);
    }

    private static List<String> samples(FloodOutcome o) {
        return o.reaction().ofType(TcpEvent.FloodNote.class).stream().map(TcpEvent.FloodNote::text).toList();
    }
}
