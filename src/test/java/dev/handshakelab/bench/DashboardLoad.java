package dev.handshakelab.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.RunningApp;
import dev.handshakelab.support.Visitor;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard under a class's load (issue 15's figures), not a JMH benchmark: a whole app on a
 * fresh H2 file (or PostgreSQL: {@code -Dpg=<jdbc url>}), {@code students} students each in an
 * attempt at one assignment of one course (the dashboards show that assignment's view), each stepping once every 2 s (a 10 ms clock step, at a random
 * phase), first with no dashboard open, then with {@code dashboards} streams open. Reports the
 * step API's throughput and latency in both phases, and per update on a stream the time from the
 * step's commit to its arrival: the row's {@code lastActivity} is the step's time, taken in its
 * transaction just before the commit, so the figure is an upper bound of commit to arrival
 * (client and server share the machine's clock).
 *
 * <pre>
 * ./mvnw -B -ntp -q -DskipFrontend test-compile
 * java -cp "target/test-classes:target/classes:$(./mvnw -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)" \
 *   dev.handshakelab.bench.DashboardLoad 60 300 5
 * </pre>
 */
public final class DashboardLoad {

    private DashboardLoad() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int students = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int dashboards = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String pg = System.getProperty("pg");
        String h2 = "jdbc:h2:file:" + Files.createTempDirectory("dashboard-load").resolve("db") + ";AUTO_COMPACT_FILL_RATE=20;PAGE_SIZE=4096";
        try (RunningApp app = pg == null ? RunningApp.onH2(h2, "--logging.level.root=WARN")
                : RunningApp.onPostgres(pg, "--logging.level.root=WARN")) {
            String course = app.post("/api/v1/courses", Map.of("name", "Load", "term", "2027")).get("id").asString();
            String assignment = app.post("/api/v1/courses/" + course + "/assignments", Map.of("exerciseId", "handshake-basic")).get("id")
                    .asString();
            StringBuilder csv = new StringBuilder();
            for (int i = 0; i < students; i++) {
                csv.append("load-").append(i).append(",Student ").append(i).append('\n');
            }
            JsonNode roster = app.post("/api/v1/courses/" + course + "/roster", Map.of("csv", csv.toString()));
            List<String[]> people = new ArrayList<>();
            roster.get("rows").forEach(r -> people.add(new String[] {r.get("username").asString(), r.get("initialPassword").asString()}));
            System.out.printf("%s: %d students enrolled; signing in and starting attempts%n", Instant.now(), people.size());
            ExecutorService setup = Executors.newFixedThreadPool(4);
            List<String[]> sessions = Collections.synchronizedList(new ArrayList<>());
            for (String[] p : people) {
                setup.execute(() -> {
                    String token = Visitor.token(app.base(), p[0], p[1]);
                    Visitor v = Visitor.withToken(app.base(), token);
                    String session = v.json(v.post("/api/v1/courses/" + course + "/assignments/" + assignment + "/attempts", "{}"))
                            .get("sessionId").asString();
                    sessions.add(new String[] {token, session});
                });
            }
            setup.shutdown();
            setup.awaitTermination(30, TimeUnit.MINUTES);
            System.out.printf("%s: %d attempts started%n", Instant.now(), sessions.size());

            HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
            Phase warm = run(http, app, sessions, seconds / 2);
            System.out.println("warm-up: " + warm);
            Phase without = run(http, app, sessions, seconds);
            System.out.println("without dashboards: " + without);

            ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
            AtomicLong events = new AtomicLong();
            long from = app.getJson("/api/v1/courses/" + course + "/dashboard?assignmentId=" + assignment).get("lastEventId").asLong();
            for (int d = 0; d < dashboards; d++) {
                HttpResponse<java.util.stream.Stream<String>> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(app.base() + "/api/v1/courses/" + course + "/dashboard/events?after=" + from + "&assignmentId=" + assignment))
                        .header("Authorization", "Bearer " + app.token()).header("Accept", "text/event-stream").build(),
                        HttpResponse.BodyHandlers.ofLines());
                Thread reader = new Thread(() -> r.body().forEach(line -> {
                    if (line.startsWith("data:")) {
                        long now = System.currentTimeMillis();
                        JsonNode row = Api.json().readTree(line.substring(5));
                        if (row.hasNonNull("lastActivity")) {
                            arrivals.add(now - Instant.parse(row.get("lastActivity").asString()).toEpochMilli());
                        }
                        events.incrementAndGet();
                    }
                }), "dashboard-" + d);
                reader.setDaemon(true);
                reader.start();
            }
            arrivals.clear();
            Phase with = run(http, app, sessions, seconds);
            System.out.println("with " + dashboards + " dashboards: " + with);
            List<Long> lat = new ArrayList<>(arrivals);
            Collections.sort(lat);
            System.out.printf("commit -> dashboard: %d updates received on %d streams (%d steps x %d expected); p50 %d ms, p99 %d ms,"
                    + " max %d ms%n", events.get(), dashboards, with.steps, dashboards, pct(lat, 50), pct(lat, 99),
                    lat.isEmpty() ? -1 : lat.get(lat.size() - 1));
            System.out.printf("step throughput %.1f/s -> %.1f/s, step p99 %d -> %d ms%n", without.rate(), with.rate(), without.p99,
                    with.p99);
        }
        System.exit(0);
    }

    record Phase(long steps, long failed, int seconds, long p50, long p99, long max) {
        double rate() {
            return (double) steps / seconds;
        }

        @Override
        public String toString() {
            return String.format("%d steps in %d s (%.1f/s), %d failed; latency p50 %d ms, p99 %d ms, max %d ms", steps, seconds, rate(),
                    failed, p50, p99, max);
        }
    }

    /** Every student steps once every 2 s, at a random phase, for this long. */
    private static Phase run(HttpClient http, RunningApp app, List<String[]> sessions, int seconds) throws InterruptedException {
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong failed = new AtomicLong();
        Map<String, Boolean> busy = new ConcurrentHashMap<>();
        IntStream.range(0, sessions.size()).forEach(i -> {
            String[] s = sessions.get(i);
            clock.scheduleAtFixedRate(() -> {
                if (busy.putIfAbsent(s[1], true) != null) {
                    return; // the previous step of this student has not been answered: a student waits for the answer
                }
                long t0 = System.nanoTime();
                http.sendAsync(HttpRequest.newBuilder(URI.create(app.base() + "/api/v1/sessions/" + s[1] + "/clock"))
                        .header("Authorization", "Bearer " + s[0]).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"advanceMillis\":10}")).build(),
                        HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                            busy.remove(s[1]);
                            if (e != null || r.statusCode() != 200) {
                                failed.incrementAndGet();
                            } else {
                                latencies.add((System.nanoTime() - t0) / 1_000_000);
                            }
                        });
            }, ThreadLocalRandom.current().nextLong(2000), 2000, TimeUnit.MILLISECONDS);
        });
        Thread.sleep(Duration.ofSeconds(seconds).toMillis());
        clock.shutdownNow();
        clock.awaitTermination(5, TimeUnit.SECONDS);
        List<Long> lat = new ArrayList<>(latencies);
        Collections.sort(lat);
        return new Phase(lat.size(), failed.get(), seconds, pct(lat, 50), pct(lat, 99), lat.isEmpty() ? -1 : lat.get(lat.size() - 1));
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
