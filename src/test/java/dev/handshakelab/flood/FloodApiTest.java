package dev.handshakelab.flood;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.handshakelab.session.SessionService;
import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import tools.jackson.databind.JsonNode;

/** SYN floods through the HTTP API: the step, its series, what is stored, and the problems for bad input. */
@ApiTest
public class FloodApiTest {

    @Autowired
    RestTestClient client;

    @Autowired
    JdbcTemplate jdbc;


    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    public static Map<String, Object> flood(long syns) {
        Map<String, Object> body = new HashMap<>();
        body.put("syns", syns);
        body.put("ratePerSecond", 10_000);
        body.put("sources", Map.of("cidr", "198.51.100.0/24"));
        body.put("startMillis", 500);
        body.put("durationMillis", 3000);
        body.put("legitimate", Map.of("clients", 20, "ratePerSecond", 10, "preset", "linux"));
        body.put("seed", 11);
        body.put("sample", Map.of("first", 5, "every", 0));
        return body;
    }

    @Test
    void floodWithCookies_everyClientGetsIn_andTheSeriesHasOneEntryPerBucket() {
        String id = api.createSession(Map.of("name", "flood", "template", "syn-flood-cookies", "seed", 3));
        JsonNode step = api.post("/api/v1/sessions/" + id + "/flood", flood(20_000), 200);

        assertThat(step.get("kind").asString()).isEqualTo("flood");
        assertThat(step.get("endedAtMicros").asLong() - step.get("startedAtMicros").asLong()).isEqualTo(3_000_000);
        JsonNode totals = step.get("totals");
        // backlog 128: 129 attack requests are queued, the other attack SYNs and the clients after 500 ms get cookies
        assertThat(totals.get("synsReceived").asLong()).isEqualTo(20_000 + 20);
        assertThat(totals.get("synsDropped").asLong()).isZero();
        assertThat(totals.get("cookiesSent").asLong()).isEqualTo(20_000 - 129 + (20 - 6));
        assertThat(totals.get("legitSuccesses").asLong()).isEqualTo(20);
        assertThat(totals.get("synQueue").asInt()).isEqualTo(129);

        JsonNode series = api.get("/api/v1/sessions/" + id + "/flood/series", 200);
        assertThat(series.get("bucketMicros").asLong()).isEqualTo(100_000);
        assertThat(series.get("bytesPerHalfOpenEntry").asInt()).isPositive();
        assertThat(series.get("series")).hasSize(30);
        JsonNode b = series.get("series").get(5);
        assertThat(b.get("atMicros").asLong()).isEqualTo(500_000);
        assertThat(b.get("synQueue").asInt()).isEqualTo(129);
        assertThat(b.get("halfOpenBytes").asLong()).isEqualTo(129L * series.get("bytesPerHalfOpenEntry").asInt());
        assertThat(b.get("legitConnectLatencyMicrosP50").asLong()).isZero();
        assertThat(series.get("series").get(4).get("cookiesSent").asLong()).isZero();
        assertThat(List.of("synQueue", "acceptQueue", "synsReceived", "synsDropped", "synAcksSent", "synAcksResent", "cookiesSent",
                "cookiesValidated", "legitAttempts", "legitSuccesses", "legitConnectLatencyMicrosP50", "halfOpenBytes"))
                .allSatisfy(f -> assertThat(b.has(f)).as(f).isTrue());

        JsonNode samples = api.get("/api/v1/sessions/" + id + "/history?kind=flood-sample&size=100", 200);
        // the first 5 attack SYNs, plus the first one answered with a cookie (its warning is an event)
        assertThat(samples.get("total").asLong()).isEqualTo(6);
        assertThat(samples.get("items").get(0).get("text").asString()).startsWith("attack SYN #1 of 20000 from 198.51.100.0:");

        SessionService.ReplayCheck replay = new Api(client).replayCheck(id);
        assertThat(replay.mismatches()).isZero();
        assertThat(replay.steps()).isEqualTo(1);
    }

    @Test
    void storedSizeDoesNotGrowWithTheNumberOfAttackSyns() {
        Map<Long, Long> eventRows = new HashMap<>();
        for (long syns : List.of(2_000L, 20_000L)) {
            String id = api.createSession(Map.of("name", "size " + syns, "template", "syn-flood-cookies", "seed", 3));
            api.post("/api/v1/sessions/" + id + "/flood", flood(syns), 200);
            UUID uuid = UUID.fromString(id);
            eventRows.put(syns, jdbc.queryForObject("select sum(event_count) from session_event_run where session_id = ?", Long.class, uuid));
            assertThat(jdbc.queryForObject("select count(*) from session_step where session_id = ?", Long.class, uuid)).isEqualTo(1);
            assertThat(jdbc.queryForObject("select count(*) from flood_series where session_id = ?", Long.class, uuid)).isEqualTo(1);
            assertThat(jdbc.queryForObject("select length(input) from session_step where session_id = ?", Long.class, uuid)).isLessThan(400);
        }
        assertThat(eventRows.get(20_000L)).isEqualTo(eventRows.get(2_000L));
        // 20 legitimate handshakes plus 6 kept attack SYNs
        assertThat(eventRows.get(20_000L)).isLessThan(20 * 30 + 6 * 15 + 10);
    }

    @Test
    void seriesOfASessionWithoutFlood_is404ProblemJson() {
        String id = api.createSession(Map.of("name", "calm"));
        JsonNode problem = api.get("/api/v1/sessions/" + id + "/flood/series", 404);
        assertThat(problem.get("type").asString()).endsWith("/flood-not-found");
    }

    @Test
    void badFloodParameters_areProblemJsonNamingEachFieldAndRule() {
        String id = api.createSession(Map.of("name", "bad"));
        Map<String, Object> body = new HashMap<>();
        body.put("syns", 20_000_000);
        body.put("ratePerSecond", 0);
        body.put("sources", Map.of("cidr", "198.51.100.0/33"));
        body.put("legitimate", Map.of("clients", -1, "ratePerSecond", -5, "preset", "amiga"));
        JsonNode problem = api.post("/api/v1/sessions/" + id + "/flood", body, 400);
        assertThat(problem.get("type").asString()).endsWith("/invalid-request");
        Map<String, String> rules = new HashMap<>();
        problem.get("errors").forEach(e -> rules.put(e.get("field").asString(), e.get("rule").asString()));
        assertThat(rules).containsEntry("syns", "0..10000000").containsEntry("ratePerSecond", "1..100000000")
                .containsEntry("sources.cidr", "ipv4-cidr").containsEntry("legitimate.clients", "0..2000")
                .containsEntry("legitimate.preset", "one of linux, windows, macos");

        JsonNode lab = api.post("/api/v1/sessions/" + id + "/flood",
                Map.of("syns", 10, "ratePerSecond", 10, "sources", Map.of("cidr", "10.0.0.0/8")), 400);
        assertThat(lab.get("errors").get(0).get("field").asString()).isEqualTo("sources.cidr");
        assertThat(lab.get("errors").get(0).get("message").asString()).contains("10.0.0.1");

        JsonNode both = api.post("/api/v1/sessions/" + id + "/flood",
                Map.of("syns", 10, "ratePerSecond", 10, "sources", Map.of("cidr", "192.0.2.0/24", "random", true)), 400);
        assertThat(both.get("errors").get(0).get("rule").asString()).isEqualTo("exactly one of cidr, random");

        JsonNode tooShort = api.post("/api/v1/sessions/" + id + "/flood",
                Map.of("syns", 1000, "ratePerSecond", 100, "sources", Map.of("random", true), "durationMillis", 5000), 400);
        assertThat(tooShort.get("errors").get(0).get("field").asString()).isEqualTo("durationMillis");
        assertThat(api.get("/api/v1/sessions/" + id, 200).get("steps").asInt()).isZero();
    }

    @Test
    void slowAccept_fillsTheAcceptQueueToBacklogPlusOne_andLaterSynsAreDropped() {
        String id = api.createSession(Map.of("name", "slow app", "template", "accept-queue-overflow", "seed", 2));
        JsonNode step = api.post("/api/v1/sessions/" + id + "/flood", Map.of("syns", 0, "durationMillis", 10_000,
                "legitimate", Map.of("clients", 100, "ratePerSecond", 20, "preset", "linux")), 200);
        JsonNode totals = step.get("totals");
        // sk_acceptq_is_full is '>': backlog 8 holds 9
        assertThat(totals.get("acceptQueue").asInt()).isEqualTo(9);
        assertThat(totals.get("synsDropped").asLong()).isPositive();
        assertThat(totals.get("legitAttempts").asLong()).isEqualTo(100);
        assertThat(totals.get("legitSuccesses").asLong()).isLessThan(100);
    }

    @Test
    void templatesListTheThreeFloodLabs() {
        JsonNode templates = api.get("/api/v1/templates", 200);
        Map<String, JsonNode> byId = new HashMap<>();
        templates.forEach(t -> byId.put(t.get("id").asString(), t));
        assertThat(byId).containsKeys("syn-flood-no-cookies", "syn-flood-cookies", "accept-queue-overflow");
        assertThat(byId.get("syn-flood-no-cookies").get("defaults").get("overrides").get("syncookies").asInt()).isZero();
        assertThat(byId.get("syn-flood-cookies").get("defaults").get("overrides").get("syncookies").asInt()).isEqualTo(1);
        assertThat(byId.get("accept-queue-overflow").get("defaults").get("overrides").get("acceptRate").asInt()).isEqualTo(5);
    }
}
