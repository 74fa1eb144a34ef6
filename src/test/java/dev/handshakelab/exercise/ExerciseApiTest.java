package dev.handshakelab.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import tools.jackson.databind.JsonNode;

/**
 * Every built-in exercise solved through the HTTP API (all checks pass), and done plausibly but
 * wrongly (the check that should fail does, explaining why), graded by the server from history.
 */
@ApiTest
class ExerciseApiTest {

    @Autowired
    RestTestClient client;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    private String start(String exercise) {
        JsonNode attempt = api.post("/api/v1/exercises/" + exercise + "/attempts", Map.of(), 201);
        assertThat(attempt.get("exerciseId").asString()).isEqualTo(exercise);
        return attempt.get("sessionId").asString();
    }

    private JsonNode send(String session, int port, List<String> flags, long seq, long ack, List<Map<String, Object>> options) {
        return send(session, port, 80, flags, seq, ack, options);
    }

    private JsonNode send(String session, int port, int toPort, List<String> flags, long seq, long ack, List<Map<String, Object>> options) {
        Map<String, Object> body = new HashMap<>();
        body.put("from", Map.of("port", port));
        body.put("to", Map.of("address", "10.0.0.2", "port", toPort));
        body.put("flags", flags);
        body.put("seq", seq);
        body.put("ack", ack);
        body.put("window", 64240);
        body.put("options", options);
        return api.post("/api/v1/sessions/" + session + "/segments", body, 200);
    }

    private JsonNode advance(String session, long millis) {
        return api.post("/api/v1/sessions/" + session + "/clock", Map.of("advanceMillis", millis), 200);
    }

    private JsonNode grade(String session) {
        JsonNode grade = api.get("/api/v1/sessions/" + session + "/grade", 200);
        assertThat(grade.get("replay").get("mismatches").asInt()).isZero();
        return grade;
    }

    private static JsonNode check(JsonNode grade, String id) {
        for (JsonNode c : grade.get("checks")) {
            if (c.get("id").asString().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no check " + id + " in " + grade);
    }

    private static void allPassed(JsonNode grade) {
        List<String> failed = new ArrayList<>();
        grade.get("checks").forEach(c -> {
            if (!c.get("passed").asBoolean()) {
                failed.add(c.get("id").asString() + ": " + c.get("explanation").asString());
            }
        });
        assertThat(failed).isEmpty();
        assertThat(grade.get("earned").asInt()).isEqualTo(grade.get("points").asInt());
    }

    private static long seqOf(JsonNode step) {
        return step.get("replies").get(0).get("seq").asLong();
    }

    private static long plusOne(long n) {
        return (n + 1) & 0xFFFFFFFFL;
    }

    // ---------------------------------------------------------------- handshake-basic

    @Test
    void handshakeBasic_solved() {
        String s = start("handshake-basic");
        long isn = seqOf(send(s, 40000, List.of("SYN"), 1000, 0, List.of()));
        send(s, 40000, List.of("ACK"), 1001, plusOne(isn), List.of());
        JsonNode grade = grade(s);
        allPassed(grade);
        assertThat(grade.get("points").asInt()).isEqualTo(5);
        assertThat(check(grade, "synack-acks-isn").get("explanation").asString()).startsWith("your SYN reaching the server: event #");
    }

    @Test
    void handshakeBasic_ackingTheServersIsnItselfFails() {
        String s = start("handshake-basic");
        long isn = seqOf(send(s, 40000, List.of("SYN"), 1000, 0, List.of()));
        send(s, 40000, List.of("ACK"), 1001, isn, List.of());
        JsonNode grade = grade(s);
        assertThat(check(grade, "synack-acks-isn").get("passed").asBoolean()).isTrue();
        JsonNode third = check(grade, "third-ack");
        assertThat(third.get("passed").asBoolean()).isFalse();
        assertThat(third.get("explanation").asString()).contains("whose segment.ack is " + isn + ", not = " + plusOne(isn) + " (synack.segment.seq + 1)");
        assertThat(third.get("hint").asString()).contains("SYN-ACK's seq + 1");
        assertThat(check(grade, "established").get("passed").asBoolean()).isFalse();
        assertThat(grade.get("earned").asInt()).isEqualTo(2);
    }
}
