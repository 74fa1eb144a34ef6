package dev.handshakelab.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import tools.jackson.databind.JsonNode;

/**
 * What a flood session's page reads in few requests. GET /history/all: a flood's whole sampled history in one answer, the same events in the same
 * order as the pages of GET /history, cut at `limit`; bad input is a problem naming the field. The
 * snapshot's per-state counts, over all endpoints where the list is cut.
 */
@ApiTest
class FloodSessionApiTest {

    @Autowired
    RestTestClient client;

    @Test
    void theWholeHistoryInOneAnswer_isThePagedHistoryEventForEvent() {
        Api api = new Api(client);
        String id = api.createSession(Map.of("name", "history in one", "template", "syn-flood-cookies", "seed", 3,
                "overrides", Map.of("backlog", 1024))); // more half-open endpoints than a snapshot lists
        api.post("/api/v1/sessions/" + id + "/flood", Map.of("syns", 3000, "ratePerSecond", 10_000,
                "sources", Map.of("cidr", "198.51.100.0/24"), "durationMillis", 2000,
                "legitimate", Map.of("clients", 20, "ratePerSecond", 10, "preset", "linux"), "seed", 5), 200);

        List<String> paged = new ArrayList<>();
        long total;
        int page = 0;
        do {
            JsonNode p = api.get("/api/v1/sessions/" + id + "/history?size=100&page=" + page++, 200);
            p.get("items").forEach(e -> paged.add(e.toString()));
            total = p.get("total").asLong();
        } while (paged.size() < total);
        assertThat(total).isGreaterThan(100); // more than one page: the point of the endpoint

        JsonNode all = api.get("/api/v1/sessions/" + id + "/history/all", 200);
        List<String> whole = new ArrayList<>();
        all.forEach(e -> whole.add(e.toString()));
        assertThat(whole).containsExactlyElementsOf(paged);

        JsonNode first = api.get("/api/v1/sessions/" + id + "/history/all?limit=7", 200);
        assertThat(first.size()).isEqualTo(7);
        assertThat(first.get(6).get("index").asLong()).isEqualTo(6);

        JsonNode server = api.get("/api/v1/sessions/" + id + "/history/all?host=server", 200);
        assertThat(server.size()).isPositive();
        server.forEach(e -> assertThat(e.get("host").asString()).isEqualTo("server"));

        // The snapshot counts every endpoint per state, though it lists only the first 500 of them.
        JsonNode snapshot = api.get("/api/v1/sessions/" + id + "/snapshot", 200);
        assertThat(snapshot.get("truncated").asBoolean()).isTrue();
        long counted = 0;
        for (var state : snapshot.get("states").properties()) {
            counted += state.getValue().asLong();
        }
        assertThat(counted).isEqualTo(snapshot.get("totals").get("endpoints").asLong()).isGreaterThan(snapshot.get("endpoints").size());
        assertThat(snapshot.get("states").get("SYN_RECEIVED").asLong()).isPositive();
        assertThat(snapshot.get("states").get("LISTEN").asLong()).isEqualTo(1);
    }

    @Test
    void aSmallSessionsSnapshotCountsItsListedEndpointsPerState() {
        Api api = new Api(client);
        String id = api.createSession(Map.of("name", "small", "template", "basic-handshake"));
        api.post("/api/v1/sessions/" + id + "/connect", Map.of(), 200);
        JsonNode snapshot = api.get("/api/v1/sessions/" + id + "/snapshot", 200);
        Map<String, Integer> listed = new java.util.TreeMap<>();
        snapshot.get("endpoints").forEach(e -> listed.merge(e.get("state").asString(), 1, Integer::sum));
        Map<String, Integer> counted = new java.util.TreeMap<>();
        snapshot.get("states").properties().forEach(s -> counted.put(s.getKey(), s.getValue().asInt()));
        assertThat(counted).isEqualTo(listed).isNotEmpty();
    }

    @Test
    void anEmptyHistoryIsAnEmptyArray_andBadInputIsAProblemNamingTheField() {
        Api api = new Api(client);
        String id = api.createSession(Map.of("name", "empty", "template", "basic-handshake"));
        assertThat(api.get("/api/v1/sessions/" + id + "/history/all", 200).isArray()).isTrue();

        JsonNode tooMany = api.get("/api/v1/sessions/" + id + "/history/all?limit=99999999", 400);
        assertThat(tooMany.get("errors").get(0).get("field").asString()).isEqualTo("limit");
        JsonNode zero = api.get("/api/v1/sessions/" + id + "/history/all?limit=0", 400);
        assertThat(zero.get("errors").get(0).get("field").asString()).isEqualTo("limit");
        assertThat(api.get("/api/v1/sessions/00000000-0000-4000-8000-000000000000/history/all", 404).get("status").asInt()).isEqualTo(404);
    }
}
