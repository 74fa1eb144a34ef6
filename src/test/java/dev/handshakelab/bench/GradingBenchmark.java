package dev.handshakelab.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.handshakelab.exercise.Check;
import dev.handshakelab.exercise.CheckEvaluator;
import dev.handshakelab.exercise.CheckResult;
import dev.handshakelab.exercise.Exercise;
import dev.handshakelab.exercise.ExerciseFiles;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What evaluating an exercise's checks costs over a long history, the events already read
 * (reading and the replay check are measured by the replay benchmarks): the {@code handshake-basic}
 * checks over {@code handshakes} hand-made handshakes of 6 events each (SYN in, two state changes,
 * SYN-ACK out, ACK in, ESTABLISHED), every third ACK wrong so the near-miss search runs too; and
 * the {@code lost-syn-ack} checks over a flood-like history of SYNs that never complete, where
 * every check fails and reads the whole history.
 *
 * <p>Run: {@code java -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.handshakelab.bench.Benchmarks GradingBenchmark -f 1 -wi 1 -i 3 -w 1s -r 2s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GradingBenchmark {

    @Param({"1000", "20000"})
    int handshakes;

    private List<JsonNode> history;
    private List<JsonNode> flood;
    private Exercise basic;
    private Exercise lost;

    @Setup
    public void setUp() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        ExerciseFiles files = new ExerciseFiles(json);
        basic = read(files, "handshake-basic");
        lost = read(files, "lost-syn-ack");
        history = new ArrayList<>();
        flood = new ArrayList<>();
        for (int i = 0; i < handshakes; i++) {
            String conn = "10.0." + (i >> 8 & 255) + "." + (i & 255) + ":40000-10.0.0.2:80";
            long at = i * 1000L;
            long isn = 1000L * i + 7;
            add(json, history, at, "segment-received", conn, "{\"flags\":[\"SYN\"],\"seq\":" + i + ",\"ack\":0}", null);
            add(json, history, at, "state-changed", conn, null, "SYN_RECEIVED");
            add(json, history, at, "segment-sent", conn, "{\"flags\":[\"SYN\",\"ACK\"],\"seq\":" + isn + ",\"ack\":" + (i + 1)
                    + ",\"retransmission\":0}", null);
            long ack = i % 3 == 0 ? isn : isn + 1;
            add(json, history, at, "segment-received", conn, "{\"flags\":[\"ACK\"],\"seq\":" + (i + 1) + ",\"ack\":" + ack + "}", null);
            if (ack == isn + 1) {
                add(json, history, at, "state-changed", conn, null, "ESTABLISHED");
            }
            add(json, flood, at, "segment-received", conn, "{\"flags\":[\"SYN\"],\"seq\":" + i + ",\"ack\":0}", null);
            add(json, flood, at, "segment-dropped", conn, "{\"flags\":[\"SYN\"],\"seq\":" + i + ",\"ack\":0}", null);
        }
    }

    private static Exercise read(ExerciseFiles files, String id) throws IOException {
        try (InputStream in = GradingBenchmark.class.getResourceAsStream("/exercises/" + id + ".json")) {
            return files.read("exercises/" + id + ".json", in.readAllBytes(), t -> true);
        }
    }

    private static void add(JsonMapper json, List<JsonNode> to, long atMillis, String kind, String connection, String segment, String state) {
        to.add(json.readTree("{\"index\":" + to.size() + ",\"atMicros\":" + atMillis * 1000 + ",\"kind\":\"" + kind
                + "\",\"host\":\"server\",\"connection\":\"" + connection + "\",\"text\":\"" + kind + "\""
                + (segment == null ? "" : ",\"segment\":" + segment) + (state == null ? "" : ",\"to\":\"" + state + "\"") + "}"));
    }

    private static int grade(Exercise e, List<JsonNode> events) {
        int earned = 0;
        for (Check c : e.checks()) {
            CheckResult r = CheckEvaluator.evaluate(c, events);
            earned += r.earned();
        }
        return earned;
    }

    @Benchmark
    public int handshakeHistory() {
        return grade(basic, history);
    }

    @Benchmark
    public int floodHistoryEveryCheckFails() {
        return grade(lost, flood);
    }
}
