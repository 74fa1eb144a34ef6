package dev.handshakelab.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import tools.jackson.databind.JsonNode;

/**
 * Every kind of bad input gets an RFC 9457 problem naming the field and the rule, never a 500,
 * and changes nothing.
 */
@ApiTest
class ProblemApiTest {

    @Autowired
    RestTestClient client;

    Api api;
    String id;

    @BeforeEach
    void setUp() {
        api = new Api(client);
        id = api.createSession(Map.of("name", "errors", "seed", 9));
    }

    @Test
    void unknownSessionIs404() {
        JsonNode p = api.get("/api/v1/sessions/00000000-0000-0000-0000-000000000000", 404);
        assertThat(p.get("type").asString()).endsWith("/session-not-found");
        api.post("/api/v1/sessions/not-a-uuid/segments", Map.of("flags", List.of("SYN")), 404);
        api.post("/api/v1/sessions/00000000-0000-0000-0000-000000000000/clock", Map.of("advanceMillis", 1), 404);
    }

    @Test
    void seqOutside32Bits() {
        assertField(send(Map.of("flags", List.of("SYN"), "seq", 4294967296L)), "seq");
        assertField(send(Map.of("flags", List.of("SYN"), "seq", -1)), "seq");
    }

    @Test
    void portOutside1To65535() {
        assertField(send(Map.of("from", Map.of("port", 0), "flags", List.of("SYN"))), "from.port");
        assertField(send(Map.of("to", Map.of("port", 65536), "flags", List.of("SYN"))), "to.port");
    }

    @Test
    void optionsOver40Bytes() {
        List<Map<String, Object>> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(Map.of("kind", "timestamps", "tsVal", 1, "tsEcr", 0));
        }
        JsonNode p = send(Map.of("flags", List.of("SYN"), "options", five));
        assertField(p, "options");
        assertThat(p.get("errors").get(0).get("rule").asString()).isEqualTo("max 40 bytes");
    }

    @Test
    void optionValuesOutOfRangeAndUnknownKinds() {
        assertField(send(Map.of("flags", List.of("SYN"), "options", List.of(Map.of("kind", "wscale", "shift", 256)))), "options[0].shift");
        assertField(send(Map.of("flags", List.of("SYN"), "options", List.of(Map.of("kind", "mss", "mss", 70000)))), "options[0].mss");
        assertField(send(Map.of("flags", List.of("SYN"), "options", List.of(Map.of("kind", "nop"), Map.of("kind", "bogus")))), "options[1].kind");
        assertField(send(Map.of("flags", List.of("SYN", "XYZ"))), "flags[1]");
    }

    @Test
    void hexThatIsNotHex() {
        assertField(send(Map.of("flags", List.of("SYN"), "payloadHex", "zz")), "payloadHex");
        assertField(send(Map.of("rawHex", "4500 0g")), "rawHex");
        assertField(send(Map.of("rawHex", "450000")), "rawHex");
    }

    @Test
    void payloadOver64KiB() {
        String hex = "ab".repeat(65537);
        assertField(send(Map.of("flags", List.of("ACK"), "payloadHex", hex)), "payloadHex");
    }

    @Test
    void profileThatDoesNotExist() {
        JsonNode p = api.post("/api/v1/sessions", Map.of("name", "x", "profile", "windows95"), 400);
        assertField(p, "profile");
        JsonNode q = api.post("/api/v1/sessions", Map.of("name", "x", "overrides", Map.of("syncookies", 3)), 400);
        assertField(q, "overrides.syncookies");
    }

    @Test
    void clockStepNegativeOrOverADay() {
        assertField(api.post("/api/v1/sessions/" + id + "/clock", Map.of("advanceMillis", -1), 400), "advanceMillis");
        assertField(api.post("/api/v1/sessions/" + id + "/clock", Map.of("advanceMillis", 86_400_001L), 400), "advanceMillis");
    }

    @Test
    void malformedJsonAndWrongTypes() {
        JsonNode p = api.post("/api/v1/sessions/" + id + "/segments", "{\"flags\": [\"SYN\"", 400);
        assertThat(p.get("errors").get(0).get("rule").asString()).isEqualTo("json");
        assertField(api.post("/api/v1/sessions/" + id + "/segments", "{\"seq\": \"abc\"}", 400), "seq");
    }

    @Test
    void oversizeBodyIs413() {
        String body = "{\"payloadHex\":\"" + "a".repeat(300_000) + "\"}";
        byte[] response = client.post().uri("/api/v1/sessions/" + id + "/segments").contentType(MediaType.APPLICATION_JSON)
                .body(body).exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().returnResult().getResponseBody();
        assertThat(new String(response)).contains("request-too-large");
    }

    @Test
    void wrongMediaTypeMethodAndPathAreProblemsNamingWhatIsWrong() {
        byte[] unsupported = client.post().uri("/api/v1/sessions").contentType(MediaType.TEXT_PLAIN).body("hello")
                .exchange().expectStatus().isEqualTo(415)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().returnResult().getResponseBody();
        JsonNode p = Api.json().readTree(unsupported);
        assertThat(p.get("type").asString()).endsWith("/unsupported-media-type");
        assertThat(p.get("errors").get(0).get("field").asString()).isEqualTo("Content-Type");

        byte[] notAllowed = client.delete().uri("/api/v1/sessions").exchange().expectStatus().isEqualTo(405)
                .expectBody().returnResult().getResponseBody();
        assertThat(Api.json().readTree(notAllowed).get("errors").get(0).get("field").asString()).isEqualTo("method");

        JsonNode missing = api.get("/api/v1/nothing-here", 404);
        assertThat(missing.get("type").asString()).endsWith("/not-found");
    }

    @Test
    void queryParametersOutOfRangeAndABusyClientPort() {
        assertField(api.get("/api/v1/sessions/" + id + "/history?page=-1", 400), "page");
        assertField(api.get("/api/v1/sessions/" + id + "/history?size=5000", 400), "size");
        assertField(api.get("/api/v1/sessions?size=0", 400), "size");
        api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", 40001), 200);
        JsonNode busy = api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", 40001), 400);
        assertField(busy, "clientPort");
        assertThat(busy.get("detail").asString())
                .isEqualTo("clientPort must be free: port 40001 already has a connection to 10.0.0.2:80");
        assertField(api.post("/api/v1/sessions/" + id + "/connect", Map.of("preset", "beos"), 400), "preset");
        // The refused connect left nothing behind: the session has exactly the one step.
        assertThat(api.get("/api/v1/sessions/" + id, 200).get("steps").asInt()).isEqualTo(1);
        api.post("/api/v1/sessions/" + id + "/clock", Map.of("advanceMillis", 1), 200);
    }

    @Test
    void misspeltFieldsAreNamedNotIgnored() {
        JsonNode p = send(Map.of("flags", List.of("SYN"), "sequence", 5));
        assertField(p, "sequence");
        assertThat(p.get("errors").get(0).get("rule").asString()).isEqualTo("known-property");
        assertField(send(Map.of("flags", List.of("SYN"), "options", List.of(Map.of("kind", "mss", "value", 1460)))), "options[0].value");
    }

    @Test
    void ruleNamesTheConstraintAndItsBounds() {
        JsonNode p = send(Map.of("flags", List.of("SYN"), "window", 70000));
        assertThat(p.get("errors").get(0).get("field").asString()).isEqualTo("window");
        assertThat(p.get("errors").get(0).get("rule").asString()).isEqualTo("max 65535");
        JsonNode q = api.post("/api/v1/sessions", Map.of("name", "x".repeat(101)), 400);
        assertThat(q.get("errors").get(0).get("rule").asString()).isEqualTo("size 0..100");
    }

    @Test
    void rejectedRequestsChangeNothing() {
        send(Map.of("flags", List.of("SYN"), "seq", -5));
        send(Map.of("rawHex", "nothex"));
        JsonNode session = api.get("/api/v1/sessions/" + id, 200);
        assertThat(session.get("steps").asInt()).isZero();
        assertThat(api.get("/api/v1/sessions/" + id + "/history", 200).get("total").asLong()).isZero();
    }

    private JsonNode send(Object body) {
        JsonNode p = api.post("/api/v1/sessions/" + id + "/segments", body, 400);
        assertThat(p.get("status").asInt()).isEqualTo(400);
        return p;
    }

    private static void assertField(JsonNode problem, String field) {
        assertThat(problem.get("type").asString()).startsWith("https://handshakelab.dev/problems/");
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).as(problem.toString()).contains(field);
        problem.get("errors").forEach(e -> assertThat(e.get("rule").asString()).isNotBlank());
    }
}
