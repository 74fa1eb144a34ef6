package dev.handshakelab.support;

import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Small helpers over RestTestClient for the API tests: send JSON, get a JsonNode back, check the status. */
public final class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestTestClient client;

    public Api(RestTestClient client) {
        this.client = client;
    }

    public JsonNode post(String uri, Object body, int expectedStatus) {
        return send(client.post(), uri, body, expectedStatus);
    }

    public JsonNode put(String uri, Object body, int expectedStatus) {
        return send(client.put(), uri, body, expectedStatus);
    }

    private static JsonNode send(RestTestClient.RequestBodyUriSpec method, String uri, Object body, int expectedStatus) {
        byte[] response = method.uri(uri).contentType(MediaType.APPLICATION_JSON)
                .body(body instanceof String s ? s : JSON.writeValueAsString(body))
                .exchange()
                .expectStatus().isEqualTo(expectedStatus)
                .expectBody().returnResult().getResponseBody();
        return response == null || response.length == 0 ? null : JSON.readTree(response);
    }

    public JsonNode get(String uri, int expectedStatus) {
        byte[] response = client.get().uri(uri).exchange()
                .expectStatus().isEqualTo(expectedStatus)
                .expectBody().returnResult().getResponseBody();
        return response == null || response.length == 0 ? null : JSON.readTree(response);
    }

    public JsonNode patch(String uri, Object body, int expectedStatus) {
        byte[] response = client.patch().uri(uri).contentType(MediaType.APPLICATION_JSON)
                .body(JSON.writeValueAsString(body))
                .exchange()
                .expectStatus().isEqualTo(expectedStatus)
                .expectBody().returnResult().getResponseBody();
        return response == null || response.length == 0 ? null : JSON.readTree(response);
    }

    public void delete(String uri, int expectedStatus) {
        client.delete().uri(uri).exchange().expectStatus().isEqualTo(expectedStatus);
    }

    /** Replays the session's stored steps on the server and compares every event (GET .../replay-check). */
    public dev.handshakelab.session.SessionService.ReplayCheck replayCheck(String id) {
        JsonNode check = get("/api/v1/sessions/" + id + "/replay-check", 200);
        return new dev.handshakelab.session.SessionService.ReplayCheck(check.get("steps").asInt(), check.get("events").asLong(),
                check.get("mismatches").asInt());
    }

    /** Creates a session and returns its id. */
    public String createSession(Map<String, Object> body) {
        return post("/api/v1/sessions", body, 201).get("id").asString();
    }

    /** A SYN as stock Linux sends it: mss 1460, sackOK, TS val tsVal ecr 0, nop, wscale 7. */
    public static List<Map<String, Object>> linuxSynOptions(long tsVal) {
        return List.of(Map.of("kind", "mss", "mss", 1460), Map.of("kind", "sackOK"),
                Map.of("kind", "timestamps", "tsVal", tsVal, "tsEcr", 0), Map.of("kind", "nop"),
                Map.of("kind", "wscale", "shift", 7));
    }

    public static JsonMapper json() {
        return JSON;
    }
}
