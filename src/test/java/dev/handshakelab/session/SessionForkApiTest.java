package dev.handshakelab.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.handshakelab.account.Role;
import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import dev.handshakelab.support.TestAccounts;
import tools.jackson.databind.JsonNode;

/**
 * POST /sessions/{id}/fork: a new session of the caller's replaying the source's first steps,
 * with the same events as the source had up to there; undo is a fork at the last step but one.
 */
@ApiTest
class SessionForkApiTest {

    @Autowired
    RestTestClient client;

    @Autowired
    TestAccounts accounts;

    @Test
    void aForkReplaysTheFirstStepsWithTheSameEvents_andLeavesTheSourceAlone() {
        Api api = new Api(client);
        String id = api.createSession(Map.of("name", "fork me", "template", "lost-syn-ack", "seed", 9));
        api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", 40001, "preset", "linux"), 200);
        api.post("/api/v1/sessions/" + id + "/clock", Map.of("advanceMillis", 1015), 200);
        api.post("/api/v1/sessions/" + id + "/clock", Map.of("advanceMillis", 3000), 200);
        JsonNode source = api.get("/api/v1/sessions/" + id, 200);
        int steps = source.get("steps").asInt();
        List<String> all = texts(api.get("/api/v1/sessions/" + id + "/history/all", 200));

        // Undo the last step: fork at steps - 1.
        JsonNode undo = api.post("/api/v1/sessions/" + id + "/fork", Map.of("uptoStep", steps - 1), 201);
        assertThat(undo.get("id").asString()).isNotEqualTo(id);
        assertThat(undo.get("steps").asInt()).isEqualTo(steps - 1);
        assertThat(undo.get("access").asString()).isEqualTo("owner");
        assertThat(undo.get("seed").asLong()).isEqualTo(9);
        List<String> undone = texts(api.get("/api/v1/sessions/" + undo.get("id").asString() + "/history/all", 200));
        assertThat(undone).isNotEmpty().hasSizeLessThan(all.size());
        assertThat(all.subList(0, undone.size())).isEqualTo(undone);
        // The fork at the last step is the whole session again, and replays exactly.
        String whole = api.post("/api/v1/sessions/" + id + "/fork", Map.of("uptoStep", steps), 201).get("id").asString();
        assertThat(texts(api.get("/api/v1/sessions/" + whole + "/history/all", 200))).isEqualTo(all);
        assertThat(api.get("/api/v1/sessions/" + whole + "/replay-check", 200).get("mismatches").asInt()).isZero();
        assertThat(api.get("/api/v1/sessions/" + id, 200).get("steps").asInt()).isEqualTo(steps);

        JsonNode tooFar = api.post("/api/v1/sessions/" + id + "/fork", Map.of("uptoStep", steps + 1), 400);
        assertThat(tooFar.get("errors").get(0).get("field").asString()).isEqualTo("uptoStep");
        JsonNode negative = api.post("/api/v1/sessions/" + id + "/fork", Map.of("uptoStep", -1), 400);
        assertThat(negative.get("errors").get(0).get("field").asString()).isEqualTo("uptoStep");
    }

    @Test
    void someoneWhoMayNotReadTheSessionCannotForkIt() {
        Api api = new Api(client);
        String id = api.createSession(Map.of("name", "mine", "template", "basic-handshake"));
        String other = accounts.token("fork-other", Role.STUDENT);
        byte[] answer = client.method(HttpMethod.POST).uri("/api/v1/sessions/" + id + "/fork").headers(h -> h.setBearerAuth(other))
                .contentType(MediaType.APPLICATION_JSON).body("{\"uptoStep\":0}").exchange()
                .expectStatus().isEqualTo(404).expectBody().returnResult().getResponseBody();
        assertThat(Api.json().readTree(answer).get("type").asString()).endsWith("/session-not-found");
    }

    private static List<String> texts(JsonNode events) {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.get("index").asLong() + " " + e.get("atMicros").asLong() + " " + e.get("text").asString()));
        return out;
    }
}
