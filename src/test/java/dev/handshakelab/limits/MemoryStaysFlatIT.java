package dev.handshakelab.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.JarProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The app keeps within a fixed memory budget whatever its users do. The packaged jar runs with
 * a heap of 256 MB, half of the default, and takes round after round of the heaviest requests
 * there are: a flood of a million SYNs, its series, snapshot, history, connections and pcapng
 * export, a replay check that replays the flood, and a standard lab. No request fails, no
 * {@link OutOfMemoryError} is thrown, and the heap in use after a full GC stops growing once the
 * world cache is full: what the rounds leave behind is bounded by the cache, not by their number.
 */
class MemoryStaysFlatIT {

    private static final int ROUNDS = 8;
    /** The world cache's bound here: a flood world weighs about 12 MB, so it is full after three rounds. */
    private static final long WORLD_CACHE_BYTES = 32L << 20;
    /** The rounds after which the cache is full; from then on the heap must not grow. */
    private static final int SETTLED_AFTER = 4;
    /** What the heap after GC may vary by once settled: H2's page cache and Hibernate's come and go. */
    private static final long SLACK_BYTES = 8L << 20;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void floodsAndHeavyRequestsInALoopLeaveTheHeapFlatUnderASmallHeap() throws Exception {
        List<String> jvm = List.of("-XX:+UseSerialGC", "-Xmx256m", "-XX:+HeapDumpOnOutOfMemoryError",
                "-XX:HeapDumpPath=" + dir.resolve("oom.hprof"));
        try (JarProcess app = JarProcess.start(jvm, List.of("--handshake-lab.data-dir=" + dir.toAbsolutePath(),
                "--handshake-lab.world-cache.max-bytes=" + WORLD_CACHE_BYTES))) {
            long afterStart = heapAfterGc(app);
            List<Long> heap = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                round(app, round);
                heap.add(heapAfterGc(app));
            }
            String figures = "heap after GC: at start " + mb(afterStart) + ", after each round "
                    + heap.stream().map(MemoryStaysFlatIT::mb).toList();
            System.out.println(figures);
            assertThat(app.isAlive()).as(figures).isTrue();
            assertThat(app.log()).as("the app's log").doesNotContain("OutOfMemoryError");
            long settled = heap.get(SETTLED_AFTER - 1);
            for (int round = SETTLED_AFTER + 1; round <= ROUNDS; round++) {
                assertThat(heap.get(round - 1)).as("round %d against round %d; %s", round, SETTLED_AFTER, figures)
                        .isLessThanOrEqualTo(settled + SLACK_BYTES);
            }
            // what is kept at all is the start, the cache's bound and the slack: nothing grows with the rounds
            assertThat(heap.get(ROUNDS - 1)).as(figures).isLessThanOrEqualTo(afterStart + WORLD_CACHE_BYTES + 2 * SLACK_BYTES);
        }
    }

    /** The heaviest requests a user can make, each of them answered 2xx. */
    private void round(JarProcess app, int round) throws Exception {
        String flood = post(app, "/api/v1/sessions",
                Map.of("name", "flood " + round, "template", "syn-flood-cookies", "seed", round)).get("id").asString();
        String base = "/api/v1/sessions/" + flood;
        post(app, base + "/flood", Map.of("syns", 1_000_000, "ratePerSecond", 100_000, "sources", Map.of("random", true),
                "durationMillis", 10_000, "legitimate", Map.of("clients", 500, "ratePerSecond", 50, "preset", "linux"),
                "seed", round));
        for (String path : List.of("/flood/series", "/snapshot", "/history?size=500", "/connections?size=500",
                "/capture?format=pcapng", "/replay-check")) {
            get(app, base + path);
        }
        String lab = post(app, "/api/v1/sessions", Map.of("name", "lab " + round, "template", "basic-handshake", "seed", round))
                .get("id").asString();
        post(app, "/api/v1/sessions/" + lab + "/segments", Map.of("from", Map.of("port", 40000), "flags", List.of("SYN"),
                "seq", 1000, "window", 64240, "options", Api.linuxSynOptions(100)));
        post(app, "/api/v1/sessions/" + lab + "/connect", Map.of("clientPort", 40001, "preset", "linux"));
        post(app, "/api/v1/sessions/" + lab + "/clock", Map.of("advanceMillis", 60_000));
        get(app, "/api/v1/sessions/" + lab + "/history");
    }

    /** Heap in use after a full collection: jcmd's GC.run, then the app's own jvm.memory.used gauge. */
    private long heapAfterGc(JarProcess app) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(app.pid()), "GC.run").redirectErrorStream(true).start();
        jcmd.getInputStream().readAllBytes();
        assertThat(jcmd.waitFor(60, TimeUnit.SECONDS)).isTrue();
        JsonNode used = Api.json().readTree(body(app, "/actuator/metrics/jvm.memory.used?tag=area:heap"));
        return (long) used.get("measurements").get(0).get("value").asDouble();
    }

    private static String mb(long bytes) {
        return (bytes >> 20) + " MB";
    }

    private JsonNode post(JarProcess app, String path, Object body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app.base() + path))
                .timeout(Duration.ofMinutes(2)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Api.json().writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isBetween(200, 201);
        return Api.json().readTree(r.body());
    }

    private void get(JarProcess app, String path) throws IOException, InterruptedException {
        body(app, path);
    }

    private String body(JarProcess app, String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(app.base() + path))
                .timeout(Duration.ofMinutes(2)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
