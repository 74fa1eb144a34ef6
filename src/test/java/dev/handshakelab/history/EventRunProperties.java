package dev.handshakelab.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Runs keep a step's events exactly, in order, and within their limits. */
class EventRunProperties {

    @Provide
    Arbitrary<List<StoredEvent>> steps() {
        Arbitrary<String> connection = Arbitraries.of("10.0.0.1:40000-10.0.0.2:80", "10.0.0.1:40001-10.0.0.2:80")
                .injectNull(0.3);
        Arbitrary<String> kind = Arbitraries.of("segment-sent", "segment-received", "state-changed", "timer-armed");
        Arbitrary<String> host = Arbitraries.of("client", "server").injectNull(0.1);
        Arbitrary<String> direction = Arbitraries.of("client-to-server", "server-to-client").injectNull(0.5);
        // any text but a raw newline, which JSON written without indentation never holds
        Arbitrary<String> body = Arbitraries.strings().all().excludeChars('\n').ofMaxLength(60);
        Arbitrary<long[]> start = Arbitraries.longs().between(0, 1_000_000).map(i -> new long[] {i});
        Arbitrary<List<Object[]>> parts = Combinators.combine(connection, kind, host, direction, body,
                Arbitraries.longs().between(0, 1L << 40)).as((c, k, h, d, b, at) -> new Object[] {c, k, h, d, b, at})
                .list().ofMaxSize(40);
        return Combinators.combine(start, Arbitraries.integers().between(1, 500), parts).as((first, stepNo, list) -> {
            List<StoredEvent> events = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Object[] p = list.get(i);
                events.add(new StoredEvent(first[0] + i, stepNo, (Long) p[5], (String) p[1], (String) p[2], (String) p[0],
                        (String) p[3], (String) p[4]));
            }
            return events;
        });
    }

    @Property(tries = 300)
    void runsHoldTheStepsEventsInOrder(@ForAll("steps") List<StoredEvent> events, @ForAll @IntRange(min = 1, max = 8) int maxEvents,
            @ForAll @IntRange(min = 60, max = 200) int maxChars) {
        List<EventRun> runs = EventRun.of(events, maxEvents, maxChars);

        List<StoredEvent> back = new ArrayList<>();
        for (EventRun run : runs) {
            List<StoredEvent> inRun = run.events(true);
            assertThat(inRun).hasSize(run.eventCount()).hasSizeLessThanOrEqualTo(maxEvents);
            assertThat(inRun).allMatch(e -> Objects.equals(e.connection(), run.connection()));
            assertThat(run.bodies().length()).isLessThanOrEqualTo(maxChars);
            back.addAll(inRun);
        }
        assertThat(back).isEqualTo(events);
        // a run ends only where it must: at a new connection or a limit
        for (int i = 1; i < runs.size(); i++) {
            EventRun before = runs.get(i - 1);
            EventRun after = runs.get(i);
            String nextBody = events.get((int) (after.firstEvent() - events.get(0).index())).body();
            assertThat(!Objects.equals(before.connection(), after.connection()) || before.eventCount() == maxEvents
                    || before.bodies().length() + 1 + nextBody.length() > maxChars).isTrue();
        }
    }

    @Property(tries = 100)
    void withoutBodiesTheFilterColumnsStillRead(@ForAll("steps") List<StoredEvent> events) {
        List<StoredEvent> back = new ArrayList<>();
        EventRun.of(events, 64, 1_000_000).forEach(run -> back.addAll(run.events(false)));
        assertThat(back).isEqualTo(events.stream().map(e -> new StoredEvent(e.index(), e.stepNo(), e.atMicros(), e.kind(), e.host(),
                e.connection(), e.direction(), null)).toList());
    }

    @Test
    void aBodyWithARawNewlineIsRefused() {
        List<StoredEvent> events = List.of(new StoredEvent(0, 1, 0, "segment-sent", "client", null, null, "{\"text\":\"a\nb\"}"));
        assertThatThrownBy(() -> EventRun.of(events, 64, 1_000_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("newline");
    }
}
