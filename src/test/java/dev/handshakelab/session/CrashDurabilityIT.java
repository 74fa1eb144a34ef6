package dev.handshakelab.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.JarProcess;
import dev.handshakelab.support.PostgresTestServer;
import dev.handshakelab.support.Visitor;
import tools.jackson.databind.JsonNode;

/**
 * A step answered 2xx survives a crash. The packaged jar runs under load from 8 threads on 4
 * sessions, is killed with SIGKILL while steps are in flight, and is started again on the same
 * data: every step that was answered 2xx is stored, with exactly the events it was answered with,
 * and each session replays to its stored history and carries on. On the default database (an H2
 * file, with the app's own settings) and on PostgreSQL.
 */
class CrashDurabilityIT {

    private static final int SESSIONS = 4;
    private static final int THREADS = 8;
    /** Answered steps before the kill: enough that many commits are recent when it comes. */
    private static final int ACKED_BEFORE_KILL = 300;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ADMIN_PASSWORD = "crash-test-admin-password";
    /** The token every request carries: the initial admin's, made through sign-in on the first start. */
    private String token;

    @TempDir
    Path dir;

    @Test
    void everyAnsweredStepSurvivesAKillOnTheDefaultH2File() throws Exception {
        crashAndCheck(List.of("--handshake-lab.data-dir=" + dir.toAbsolutePath(),
                "--handshake-lab.initial-admin.password=" + ADMIN_PASSWORD));
    }

    @Test
    void everyAnsweredStepSurvivesAKillOnPostgres() throws Exception {
        String url = PostgresTestServer.url();
        assumeTrue(url != null, () -> "PostgreSQL tests skipped: " + PostgresTestServer.whyUnavailable());
        crashAndCheck(List.of("--spring.profiles.active=postgres", "--spring.datasource.url=" + url,
                "--spring.datasource.username=app", "--spring.datasource.password=",
                "--handshake-lab.initial-admin.password=" + ADMIN_PASSWORD));
    }

    /** A step as it was answered: its session, its number and the events it reported. */
    private record Acked(String session, int step, JsonNode events) {}

    private void crashAndCheck(List<String> args) throws Exception {
        List<String> sessions = new ArrayList<>();
        ConcurrentLinkedQueue<Acked> acked = new ConcurrentLinkedQueue<>();
        try (JarProcess app = JarProcess.start(args)) {
            token = Visitor.token(app.base(), "admin", ADMIN_PASSWORD);
            for (int s = 0; s < SESSIONS; s++) {
                sessions.add(send(app, "/api/v1/sessions", Map.of("name", "crash " + s, "seed", s)).get("id").asString());
            }
            CountDownLatch enough = new CountDownLatch(ACKED_BEFORE_KILL);
            AtomicInteger failedBeforeKill = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            for (int t = 0; t < THREADS; t++) {
                String id = sessions.get(t % SESSIONS);
                int thread = t;
                pool.submit(() -> {
                    for (int i = 0; ; i++) {
                        Map<String, Object> body = i % 5 == 4 ? Map.of("advanceMillis", 300)
                                : Map.of("from", Map.of("port", 41000 + thread * 1000 + i % 1000), "flags", List.of("SYN"),
                                        "seq", i, "options", Api.linuxSynOptions(i + 1));
                        String path = "/api/v1/sessions/" + id + (body.containsKey("advanceMillis") ? "/clock" : "/segments");
                        JsonNode answer;
                        try {
                            answer = send(app, path, body);
                        } catch (IOException | InterruptedException e) {
                            return; // the app is gone: this step was never answered
                        } catch (AssertionError e) {
                            failedBeforeKill.incrementAndGet();
                            return;
                        }
                        acked.add(new Acked(id, answer.get("step").asInt(), answer.get("events")));
                        enough.countDown();
                    }
                });
            }
            assertThat(enough.await(5, TimeUnit.MINUTES)).as("answered steps before the kill").isTrue();
            app.kill();
            pool.shutdown();
            assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
            assertThat(failedBeforeKill).hasValue(0);
        }

        try (JarProcess app = JarProcess.start(args)) {
            Map<String, Integer> highest = new HashMap<>();
            acked.forEach(a -> highest.merge(a.session(), a.step(), Math::max));
            for (String id : sessions) {
                assertThat(get(app, "/api/v1/sessions/" + id).get("steps").asInt())
                        .as("steps stored of session " + id).isGreaterThanOrEqualTo(highest.getOrDefault(id, 0));
                Map<Long, JsonNode> history = history(app, id);
                for (Acked a : acked) {
                    if (a.session().equals(id)) {
                        for (JsonNode event : a.events()) {
                            assertThat(history.get(event.get("index").asLong()))
                                    .as("event " + event.get("index") + " of answered step " + a.step()).isEqualTo(event);
                        }
                    }
                }
                JsonNode check = get(app, "/api/v1/sessions/" + id + "/replay-check");
                assertThat(check.get("mismatches").asInt()).as(check.toString()).isZero();
                int next = send(app, "/api/v1/sessions/" + id + "/clock", Map.of("advanceMillis", 1)).get("step").asInt();
                assertThat(next).isEqualTo(check.get("steps").asInt() + 1);
            }
        }
    }

    private Map<Long, JsonNode> history(JarProcess app, String id) throws Exception {
        Map<Long, JsonNode> events = new HashMap<>();
        for (int page = 0; ; page++) {
            JsonNode items = get(app, "/api/v1/sessions/" + id + "/history?size=500&page=" + page).get("items");
            items.forEach(e -> events.put(e.get("index").asLong(), e));
            if (items.size() < 500) {
                return events;
            }
        }
    }

    private JsonNode send(JarProcess app, String path, Object body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app.base() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(Api.json().writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return Api.json().readTree(r.body());
    }

    private JsonNode get(JarProcess app, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app.base() + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Api.json().readTree(r.body());
    }
}
