package dev.handshakelab.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.handshakelab.support.RunningApp;

import tools.jackson.databind.JsonNode;

/**
 * What grading a real stored session costs, end to end: {@code GET /sessions/{id}/grade} on a
 * running app (in-memory H2), which replays the stored steps in a fresh world, compares every
 * event, reads the stored history back and evaluates every check. Two sessions:
 * <ul>
 * <li>a {@code handshake-basic} attempt of 2,000 steps (1,000 handshakes by hand, SYN and ACK
 * from a new port each, 12,000 events);
 * <li>a {@code syn-cookies} attempt holding the flood its instructions suggest (100,000 spoofed
 * SYNs over 30 s, 300 legitimate clients), then the student's own SYN without timestamps and its ACK.
 * </ul>
 * {@code GET .../replay-check} alone is measured beside each, to show how much of a grade is the
 * replay. Grading never runs inside a step (only on {@code GET /grade} and when scores are read),
 * so it adds nothing to a step's own time.
 *
 * <p>Run: {@code java -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.handshakelab.bench.Benchmarks SessionGradingBenchmark -f 1 -wi 3 -i 5 -w 2s -r 2s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SessionGradingBenchmark {

    static final int HANDSHAKES = 1000;

    private RunningApp app;
    private String steps;
    private String flood;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        app = RunningApp.onH2("jdbc:h2:mem:grading-bench-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "--logging.level.root=WARN", "--handshake-lab.initial-admin.password=benchmark-admin-password");
        steps = app.post("/api/v1/exercises/handshake-basic/attempts", Map.of(), 201).get("sessionId").asString();
        for (int i = 0; i < HANDSHAKES; i++) {
            int port = 20000 + i;
            JsonNode synAck = send(steps, port, List.of("SYN"), 1000, 0, List.of()).get("replies").get(0);
            send(steps, port, List.of("ACK"), 1001, (synAck.get("seq").asLong() + 1) & 0xFFFFFFFFL, List.of());
        }
        flood = app.post("/api/v1/exercises/syn-cookies/attempts", Map.of(), 201).get("sessionId").asString();
        app.post("/api/v1/sessions/" + flood + "/flood", Map.of("syns", 100_000, "ratePerSecond", 10_000,
                "sources", Map.of("cidr", "198.51.100.0/24"), "startMillis", 1000, "durationMillis", 30_000,
                "legitimate", Map.of("clients", 300, "ratePerSecond", 10, "preset", "linux"), "seed", 1), 200);
        JsonNode cookie = send(flood, 40000, List.of("SYN"), 1000, 0, List.of(Map.of("kind", "mss", "mss", 1460),
                Map.of("kind", "sackOK"), Map.of("kind", "nop"), Map.of("kind", "wscale", "shift", 7))).get("replies").get(0);
        send(flood, 40000, List.of("ACK"), 1001, (cookie.get("seq").asLong() + 1) & 0xFFFFFFFFL, List.of());
        JsonNode solved = app.getJson("/api/v1/sessions/" + steps + "/grade");
        // every check passes (the predictions, made by nobody here, earn nothing but are graded too)
        if (!solved.get("checks").valueStream().allMatch(c -> c.get("passed").asBoolean())) {
            throw new IllegalStateException("the 2,000-step session does not pass its checks: " + solved);
        }
        // After this 30 s flood the SYN queue has drained below full, so the student's own SYN gets an
        // ordinary SYN-ACK and two of the four checks fail: they still read the whole history, which is
        // what is measured here.
        JsonNode flooded = app.getJson("/api/v1/sessions/" + flood + "/grade");
        if (flooded.get("replay").get("mismatches").asInt() != 0 || flooded.get("earned").asInt() < 3) {
            throw new IllegalStateException("the flood session is not graded as expected: " + flooded);
        }
        JsonNode history = app.getJson("/api/v1/sessions/" + flood + "/history?size=1");
        System.out.println("sessions: " + app.getJson("/api/v1/sessions/" + steps).get("steps").asInt() + " steps, "
                + app.getJson("/api/v1/sessions/" + steps + "/history?size=1").get("total").asLong() + " events; flood "
                + history.get("total").asLong() + " events");
    }

    private JsonNode send(String session, int port, List<String> flags, long seq, long ack, List<Map<String, Object>> options)
            throws Exception {
        return app.post("/api/v1/sessions/" + session + "/segments", Map.of("from", Map.of("port", port),
                "to", Map.of("address", "10.0.0.2", "port", 80), "flags", flags, "seq", seq, "ack", ack, "options", options), 200);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        app.close();
    }

    @Benchmark
    public JsonNode gradeTwoThousandSteps() throws Exception {
        return app.getJson("/api/v1/sessions/" + steps + "/grade");
    }

    @Benchmark
    public JsonNode replayCheckTwoThousandSteps() throws Exception {
        return app.getJson("/api/v1/sessions/" + steps + "/replay-check");
    }

    @Benchmark
    public JsonNode gradeFloodSession() throws Exception {
        return app.getJson("/api/v1/sessions/" + flood + "/grade");
    }

    @Benchmark
    public JsonNode replayCheckFloodSession() throws Exception {
        return app.getJson("/api/v1/sessions/" + flood + "/replay-check");
    }
}
