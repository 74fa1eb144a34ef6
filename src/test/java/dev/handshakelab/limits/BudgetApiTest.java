package dev.handshakelab.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import tools.jackson.databind.JsonNode;

/**
 * Every budget of handshake-lab.limits: a request over it is refused with a problem naming the
 * field, the rule and the limit, and nothing is stored; heavy operations past their concurrency
 * limits and steps behind a held session lock are told to retry later, not answered 500.
 */
@ApiTest
class BudgetApiTest {

    @Autowired
    RestTestClient client;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    HeavyOperations heavy;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    Limits limits;

    Api api;

    /** Released at the end of each test: lets go of whatever a test holds in another thread. */
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    @AfterEach
    void letGo() {
        release.countDown();
    }

    private static Map<String, Object> flood(long syns, int clients, long durationMillis) {
        Map<String, Object> body = new HashMap<>();
        body.put("syns", syns);
        body.put("ratePerSecond", 100_000);
        body.put("sources", Map.of("cidr", "198.51.100.0/24"));
        body.put("durationMillis", durationMillis);
        body.put("bucketMillis", 1000);
        if (clients > 0) {
            body.put("legitimate", Map.of("clients", clients, "ratePerSecond", 100_000));
        }
        body.put("sample", Map.of("first", 1000, "every", 0));
        return body;
    }

    private long steps(String id) {
        return jdbc.queryForObject("select count(*) from session_step where session_id = ?", Long.class, UUID.fromString(id));
    }

    private long storedEvents(String id) {
        return jdbc.queryForObject("select coalesce(sum(event_count), 0) from session_event_run where session_id = ?", Long.class,
                UUID.fromString(id));
    }

    private static void assertNames(JsonNode problem, String field, String rule) {
        assertThat(problem.get("type").asString()).endsWith("/budget-exceeded");
        JsonNode error = problem.get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo(field);
        assertThat(error.get("rule").asString()).isEqualTo(rule);
        assertThat(problem.get("limit").asLong()).isPositive();
    }

    @Test
    void aFloodWhoseClientsWouldRetryPastTheEventBudget_isRefusedBeforeItRuns() {
        // the case that made 770k events: clients whose SYNs are all dropped, retrying 127 times over an hour
        String id = api.createSession(Map.of("name", "retrying clients", "template", "syn-flood-no-cookies",
                "overrides", Map.of("synRetries", 127)));
        long before = steps(id);
        long events = storedEvents(id);

        JsonNode problem = api.post("/api/v1/sessions/" + id + "/flood", flood(0, 1000, 3_600_000), 422);

        assertNames(problem, "legitimate.clients", "estimated events <= 20000");
        assertThat(problem.get("errors").get(0).get("message").asString()).contains("synRetries").contains("max-step-events");
        assertThat(steps(id)).isEqualTo(before);
        assertThat(storedEvents(id)).isEqualTo(events);
    }

    @Test
    void aFloodKeepingTooManyAttackSynsThatRetransmit_isRefusedNamingTheSample() {
        String id = api.createSession(Map.of("name", "kept attack", "overrides", Map.of("synackRetries", 255, "backlog", 4096)));
        JsonNode problem = api.post("/api/v1/sessions/" + id + "/flood", flood(1000, 0, 3_600_000), 422);
        assertNames(problem, "sample", "estimated events <= 20000");
        assertThat(steps(id)).isZero();
    }

    @Test
    void aFloodOverTheVirtualTimeBudget_isRefused_whetherAskedForOrImpliedByTheRate() {
        String id = api.createSession(Map.of("name", "long flood"));
        JsonNode asked = api.post("/api/v1/sessions/" + id + "/flood", flood(10, 0, 3_600_001), 422);
        assertNames(asked, "durationMillis", "virtual time <= 3600000 ms");

        Map<String, Object> slow = flood(10_000_000, 0, 0);
        slow.remove("durationMillis");
        slow.put("ratePerSecond", 1);
        slow.put("sample", Map.of("first", 0, "every", 10_000));
        JsonNode implied = api.post("/api/v1/sessions/" + id + "/flood", slow, 422);
        assertNames(implied, "syns", "virtual time <= 3600000 ms");
        assertThat(steps(id)).isZero();
    }

    /**
     * durationMillis times 1000 passes a long for values beyond about 292,000 years: 18446744073709552 ms
     * came out as 384 µs and ran, Long.MAX_VALUE as a negative duration "shorter than needed".
     */
    @Test
    void aFloodOfAgesIsRefusedForItsVirtualTime_evenWhereItsMicrosecondsWouldOverflow() {
        String id = api.createSession(Map.of("name", "ages"));
        for (long millis : new long[] {18_446_744_073_709_552L, Long.MAX_VALUE}) {
            JsonNode problem = api.post("/api/v1/sessions/" + id + "/flood", flood(10, 0, millis), 422);
            assertNames(problem, "durationMillis", "virtual time <= 3600000 ms");
            assertThat(problem.get("detail").asString()).contains("asks for " + millis + " ms");
        }
        assertThat(steps(id)).isZero();
    }

    @Test
    void moreClientsThanTheLimit_isABadRequestNamingTheLimit() {
        String id = api.createSession(Map.of("name", "many clients"));
        JsonNode problem = api.post("/api/v1/sessions/" + id + "/flood", flood(0, limits.maxFloodClients() + 1, 1000), 400);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("legitimate.clients");
        assertThat(problem.get("errors").get(0).get("rule").asString()).isEqualTo("0.." + limits.maxFloodClients());
    }

    @Test
    void aClockStepOverThousandsOfTimers_isStoppedAtTheEventBudget_andStoresNothing() {
        // 1000 kept half-open requests, each to retransmit its SYN-ACK 255 times: far over 20,000 events in a day
        String id = api.createSession(Map.of("name", "timers", "overrides", Map.of("synackRetries", 255, "backlog", 4096)));
        api.post("/api/v1/sessions/" + id + "/flood", flood(1000, 0, 100), 200);
        long events = storedEvents(id);
        assertThat(steps(id)).isEqualTo(1);

        JsonNode problem = api.post("/api/v1/sessions/" + id + "/clock", Map.of("advanceMillis", 86_400_000), 422);

        assertNames(problem, "advanceMillis", "step events <= 20000");
        assertThat(steps(id)).isEqualTo(1);
        assertThat(storedEvents(id)).isEqualTo(events);
        // a smaller step still runs: the session is not harmed by the refusal
        api.post("/api/v1/sessions/" + id + "/clock", Map.of("advanceMillis", 1000), 200);
        assertThat(steps(id)).isEqualTo(2);
        assertThat(api.get("/api/v1/sessions/" + id + "/replay-check", 200).get("mismatches").asInt()).isZero();
    }

    @Test
    void aSnapshotOfThousandsOfEndpoints_listsAtMostTheLimit_andSaysHowManyThereAre() {
        String id = api.createSession(Map.of("name", "big world", "overrides", Map.of("backlog", 4096)));
        api.post("/api/v1/sessions/" + id + "/flood", flood(2000, 0, 100), 200);

        JsonNode snapshot = api.get("/api/v1/sessions/" + id + "/snapshot", 200);

        int limit = limits.maxSnapshotItems();
        assertThat(snapshot.get("truncated").asBoolean()).isTrue();
        assertThat(snapshot.get("endpoints")).hasSize(limit);
        assertThat(snapshot.get("listener").get("synQueue")).hasSize(limit);
        assertThat(snapshot.get("timers")).hasSize(limit);
        assertThat(snapshot.get("totals").get("endpoints").asInt()).isGreaterThan(2000);
        assertThat(snapshot.get("totals").get("synQueue").asInt()).isEqualTo(2000);
        assertThat(snapshot.get("totals").get("limit").asInt()).isEqualTo(limit);
        // a small world's snapshot is whole
        String small = api.createSession(Map.of("name", "small world"));
        JsonNode whole = api.get("/api/v1/sessions/" + small + "/snapshot", 200);
        assertThat(whole.get("truncated").asBoolean()).isFalse();
        assertThat(whole.get("endpoints")).hasSize(1);
    }

    @Test
    void aHistoryPageBeyondAnySessionsSize_isRefused_andOnePastTheEndIsEmptyAtOnce() {
        String id = api.createSession(Map.of("name", "paging", "template", "basic-handshake"));
        api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", 40001), 200);

        JsonNode far = api.get("/api/v1/sessions/" + id + "/history?kind=segment-sent&page=2147483647&size=1000", 400);
        assertThat(far.get("errors").get(0).get("field").asString()).isEqualTo("page");
        assertThat(far.get("errors").get(0).get("rule").asString()).isEqualTo("page x size <= " + limits.maxSessionEvents());

        for (String filter : List.of("", "kind=segment-sent&")) {
            JsonNode past = api.get("/api/v1/sessions/" + id + "/history?" + filter + "page=199&size=1000", 200);
            assertThat(past.get("items")).isEmpty();
            assertThat(past.get("total").asLong()).isPositive();
        }
        // a filtered page is the same events as the unfiltered history shows, in order
        JsonNode all = api.get("/api/v1/sessions/" + id + "/history?size=1000", 200).get("items");
        List<String> sent = new java.util.ArrayList<>();
        all.forEach(e -> {
            if (e.get("kind").asString().equals("segment-sent")) {
                sent.add(e.toString());
            }
        });
        assertThat(sent).hasSizeGreaterThan(2);
        for (int page = 0; page < sent.size(); page++) {
            JsonNode one = api.get("/api/v1/sessions/" + id + "/history?kind=segment-sent&page=" + page + "&size=1", 200).get("items");
            assertThat(one).hasSize(1);
            assertThat(one.get(0).toString()).isEqualTo(sent.get(page));
        }
    }

    @Test
    void connectionsArePaged_withTheirTotalInAHeader() {
        String id = api.createSession(Map.of("name", "connections"));
        for (int port = 40001; port <= 40003; port++) {
            api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", port), 200);
        }
        EntityExchangeResult<byte[]> page = client.get().uri("/api/v1/sessions/" + id + "/connections?page=1&size=2").exchange()
                .expectStatus().isOk().expectBody().returnResult();
        JsonNode items = Api.json().readTree(page.getResponseBody());
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("client").asString()).endsWith(":40003");
        assertThat(page.getResponseHeaders().getFirst("X-Total-Count")).isEqualTo("3");

        EntityExchangeResult<byte[]> first = client.get().uri("/api/v1/sessions/" + id + "/connections?size=2").exchange()
                .expectStatus().isOk().expectBody().returnResult();
        assertThat(first.getResponseHeaders().getFirst(HttpHeaders.LINK)).contains("page=1&size=2").contains("rel=\"next\"");

        JsonNode tooMany = api.get("/api/v1/sessions/" + id + "/connections?size=" + (limits.maxConnectionsPage() + 1), 400);
        assertThat(tooMany.get("errors").get(0).get("field").asString()).isEqualTo("size");
    }

    @Test
    void aSessionWhoseHistoryIsFull_refusesTheNextStep_andAReplayCheckOverItsBudgetIsRefused() {
        String id = api.createSession(Map.of("name", "full"));
        // the counter the budgets read, as a session that has run that many events would have it
        jdbc.update("update lab_session set event_count = ? where id = ?", limits.maxSessionEvents(), UUID.fromString(id));

        JsonNode full = api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", 40001), 422);
        assertNames(full, "$", "session events <= " + limits.maxSessionEvents());
        assertThat(steps(id)).isZero();

        JsonNode replay = api.get("/api/v1/sessions/" + id + "/replay-check", 422);
        assertNames(replay, "id", "stored events <= " + limits.maxReplayEvents());
    }

    @Test
    void aSecondHeavyOperationOnTheSameSession_is429_andOneBeyondTheInstancesLimitIs503_bothWithRetryAfter() throws Exception {
        String a = api.createSession(Map.of("name", "a"));
        String b = api.createSession(Map.of("name", "b"));
        String c = api.createSession(Map.of("name", "c"));
        // a flood on session a holds its permit (and one of the instance's two) until the test lets go
        CountDownLatch holding = new CountDownLatch(1);
        CompletableFuture<Object> held = CompletableFuture.supplyAsync(() -> heavy.run(a, "flood", () -> {
            holding.countDown();
            return await(release);
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

        EntityExchangeResult<byte[]> sameSession = client.get().uri("/api/v1/sessions/" + a + "/replay-check").exchange()
                .expectStatus().isEqualTo(429).expectBody().returnResult();
        assertThat(sameSession.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(sameSession.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        api.post("/api/v1/sessions/" + a + "/flood", flood(10, 0, 100), 429);
        assertThat(steps(a)).isZero();

        // the instance's second permit, on session b
        CountDownLatch holdingB = new CountDownLatch(1);
        CompletableFuture<Object> heldB = CompletableFuture.supplyAsync(() -> heavy.run(b, "flood", () -> {
            holdingB.countDown();
            return await(release);
        }));
        assertThat(holdingB.await(10, TimeUnit.SECONDS)).isTrue();
        EntityExchangeResult<byte[]> instance = client.get().uri("/api/v1/sessions/" + c + "/replay-check").exchange()
                .expectStatus().isEqualTo(503).expectBody().returnResult();
        assertThat(instance.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(Api.json().readTree(instance.getResponseBody()).get("type").asString()).endsWith("/server-busy");

        release.countDown();
        held.get(10, TimeUnit.SECONDS);
        heldB.get(10, TimeUnit.SECONDS);
        // with the permits back, the same requests run
        api.get("/api/v1/sessions/" + c + "/replay-check", 200);
        api.get("/api/v1/sessions/" + a + "/replay-check", 200);
    }

    @Test
    void aStepWaitingBehindAHeldSessionLock_is503WithRetryAfter_not500() throws Exception {
        String id = api.createSession(Map.of("name", "locked"));
        // another transaction holds the session's row lock, as a long step would
        CountDownLatch locked = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> new TransactionTemplate(transactions).executeWithoutResult(t -> {
            jdbc.update("update lab_session set version = version where id = ?", UUID.fromString(id));
            locked.countDown();
            await(release);
        }));
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

        EntityExchangeResult<byte[]> waited = client.post().uri("/api/v1/sessions/" + id + "/clock")
                .contentType(MediaType.APPLICATION_JSON).body("{\"advanceMillis\":1000}").exchange()
                .expectStatus().isEqualTo(503).expectBody().returnResult();

        assertThat(waited.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
        assertThat(waited.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(Api.json().readTree(waited.getResponseBody()).get("type").asString()).endsWith("/session-busy");
        release.countDown();
        holder.get(10, TimeUnit.SECONDS);
        assertThat(steps(id)).isZero();
        api.post("/api/v1/sessions/" + id + "/clock", Map.of("advanceMillis", 1000), 200);
    }

    @Test
    void theOpenApiDocumentStatesTheBudgetsAndTheRefusals() {
        JsonNode doc = api.get("/v3/api-docs", 200);
        JsonNode flood = doc.get("paths").get("/api/v1/sessions/{id}/flood").get("post");
        assertThat(flood.get("responses").has("422")).isTrue();
        assertThat(flood.get("responses").has("429")).isTrue();
        assertThat(flood.get("responses").has("503")).isTrue();
        assertThat(flood.get("description").asString()).contains("max-step-events").contains("max-flood-millis");
        JsonNode replay = doc.get("paths").get("/api/v1/sessions/{id}/replay-check").get("get");
        assertThat(replay.get("responses").has("429")).isTrue();
        assertThat(replay.get("responses").get("503").get("headers").has("Retry-After")).isTrue();
        JsonNode history = doc.get("paths").get("/api/v1/sessions/{id}/history").get("get");
        assertThat(history.get("description").asString()).contains("max-session-events");
    }

    private static Object await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
