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

    static JsonNode check(JsonNode grade, String id) {
        for (JsonNode c : grade.get("checks")) {
            if (c.get("id").asString().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no check " + id + " in " + grade);
    }

    static void allPassed(JsonNode grade) {
        List<String> failed = new ArrayList<>();
        grade.get("checks").forEach(c -> {
            if (!c.get("passed").asBoolean()) {
                failed.add(c.get("id").asString() + ": " + c.get("explanation").asString());
            }
        });
        assertThat(failed).isEmpty();
        // predictions are not made here (PredictionApiTest makes them): every check's points, none of theirs
        int checkPoints = 0;
        for (JsonNode c : grade.get("checks")) {
            checkPoints += c.get("points").asInt();
        }
        assertThat(grade.get("earned").asInt()).isEqualTo(checkPoints);
    }

    static long seqOf(JsonNode step) {
        return step.get("replies").get(0).get("seq").asLong();
    }

    static long plusOne(long n) {
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
        assertThat(grade.get("points").asInt()).isEqualTo(5 + 3); // checks, and the predictions not made
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

    // ---------------------------------------------------------------- options

    @Test
    void optionsOffered_solvedWithTheLinuxPreset() {
        String s = start("options-offered");
        send(s, 40000, List.of("SYN"), 1000, 0, Api.linuxSynOptions(4242));
        allPassed(grade(s));
    }

    @Test
    void optionsOffered_aSynWithoutSackFailsTheSackCheckOnly() {
        String s = start("options-offered");
        send(s, 40000, List.of("SYN"), 1000, 0, List.of(Map.of("kind", "mss", "mss", 1460),
                Map.of("kind", "timestamps", "tsVal", 7, "tsEcr", 0), Map.of("kind", "nop"), Map.of("kind", "wscale", "shift", 7)));
        JsonNode grade = grade(s);
        JsonNode sack = check(grade, "sack");
        assertThat(sack.get("passed").asBoolean()).isFalse();
        assertThat(sack.get("explanation").asString()).startsWith("missing: your SYN offering SACK-permitted; the closest is event #")
                .contains("whose segment.options.sackOK is absent, not present: true");
        assertThat(List.of("mss", "wscale", "timestamps")).allSatisfy(id -> assertThat(check(grade, id).get("passed").asBoolean()).isTrue());
    }

    @Test
    void optionsOmitted_solvedWithASynWithoutOptions() {
        String s = start("options-omitted");
        send(s, 40000, List.of("SYN"), 1000, 0, List.of());
        allPassed(grade(s));
    }

    @Test
    void optionsOmitted_leavingOutOnlyWscaleLeavesTheOtherChecksOpen() {
        String s = start("options-omitted");
        send(s, 40000, List.of("SYN"), 1000, 0, List.of(Map.of("kind", "mss", "mss", 1460), Map.of("kind", "sackOK"),
                Map.of("kind", "timestamps", "tsVal", 7, "tsEcr", 0)));
        JsonNode grade = grade(s);
        assertThat(check(grade, "no-wscale").get("passed").asBoolean()).isTrue();
        JsonNode noTs = check(grade, "no-timestamps");
        assertThat(noTs.get("passed").asBoolean()).isFalse();
        assertThat(noTs.get("explanation").asString()).startsWith("missing: your SYN without timestamps; the closest is event #")
                .contains("whose segment.options.timestamps is {");
        assertThat(check(grade, "no-sack").get("passed").asBoolean()).isFalse();
        assertThat(check(grade, "no-mss").get("passed").asBoolean()).isFalse();
        assertThat(grade.get("earned").asInt()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- closed port

    @Test
    void closedPort_solved() {
        String s = start("closed-port");
        send(s, 40000, 81, List.of("SYN"), 5000, 0, List.of());
        send(s, 40001, 81, List.of("ACK"), 77, 123456, List.of());
        allPassed(grade(s));
    }

    @Test
    void closedPort_aSynToTheOpenPortGetsNoRst() {
        String s = start("closed-port");
        send(s, 40000, 80, List.of("SYN"), 5000, 0, List.of());
        JsonNode rst = check(grade(s), "rst-for-syn");
        assertThat(rst.get("passed").asBoolean()).isFalse();
        assertThat(rst.get("explanation").asString()).startsWith("missing: your SYN to port 81; the closest is event #")
                .contains("whose segment.to is \"10.0.0.2:80\", not = \"10.0.0.2:81\"");
    }

    // ---------------------------------------------------------------- bad third ACK

    @Test
    void badThirdAck_solved() {
        String s = start("bad-third-ack");
        long isn = seqOf(send(s, 40000, List.of("SYN"), 1000, 0, List.of()));
        JsonNode wrong = send(s, 40000, List.of("ACK"), 1001, plusOne(plusOne(isn)), List.of());
        assertThat(wrong.get("replies").get(0).get("flags").toString()).contains("RST");
        advance(s, 1000);
        send(s, 40000, List.of("ACK"), 1001, plusOne(isn), List.of());
        allPassed(grade(s));
    }

    @Test
    void badThirdAck_theRightAckAtOnceIsNotTheExercise() {
        String s = start("bad-third-ack");
        long isn = seqOf(send(s, 40000, List.of("SYN"), 1000, 0, List.of()));
        send(s, 40000, List.of("ACK"), 1001, plusOne(isn), List.of());
        JsonNode grade = grade(s);
        JsonNode rst = check(grade, "rst-for-bad-ack");
        assertThat(rst.get("passed").asBoolean()).isFalse();
        assertThat(rst.get("explanation").asString())
                .contains("missing: your ACK of something other than the server's ISN + 1 after event #")
                .contains("whose segment.ack is " + plusOne(isn) + ", not ≠ " + plusOne(isn));
        assertThat(grade.get("earned").asInt()).isZero();
    }

    // ---------------------------------------------------------------- lost SYN-ACK

    @Test
    void lostSynAck_solved() {
        String s = start("lost-syn-ack");
        JsonNode syn = send(s, 40000, List.of("SYN"), 1000, 0, List.of());
        long isn = -1;
        for (int i = 0; i < 4; i++) {
            JsonNode step = api.post("/api/v1/sessions/" + s + "/clock", Map.of("toNext", true), 200);
            for (JsonNode seg : step.get("segments")) {
                if ("server".equals(seg.get("sender").asString())) {
                    isn = seg.get("seq").asLong();
                }
            }
        }
        advance(s, 8000);
        assertThat(isn).isNotNegative();
        send(s, 40000, List.of("ACK"), 1001, plusOne(isn), List.of());
        advance(s, 20); // the ACK crosses the 10 ms link
        allPassed(grade(s));
    }

    @Test
    void lostSynAck_notWaitingLongEnoughSeesOneResend() {
        String s = start("lost-syn-ack");
        send(s, 40000, List.of("SYN"), 1000, 0, List.of());
        advance(s, 2000);
        JsonNode grade = grade(s);
        assertThat(check(grade, "first-resend").get("passed").asBoolean()).isTrue();
        JsonNode three = check(grade, "three-resends");
        assertThat(three.get("passed").asBoolean()).isFalse();
        assertThat(three.get("explanation").asString()).startsWith("only 1 of the 3 needed: a resent SYN-ACK (events [#");
    }

    // ---------------------------------------------------------------- the client gives up

    @Test
    void clientGivesUp_solved() {
        String s = start("client-gives-up");
        api.post("/api/v1/sessions/" + s + "/connect", Map.of("clientPort", 40001, "preset", "linux", "autoAck", true), 200);
        advance(s, 135_000);
        allPassed(grade(s));
    }

    @Test
    void clientGivesUp_stoppingAtOneMinuteSeesNoEtimedout() {
        String s = start("client-gives-up");
        api.post("/api/v1/sessions/" + s + "/connect", Map.of("clientPort", 40001, "preset", "linux", "autoAck", true), 200);
        advance(s, 60_000);
        JsonNode grade = grade(s);
        assertThat(check(grade, "syn-resent").get("explanation").asString()).startsWith("only 9 of the 10 needed: a resent SYN from the client");
        JsonNode failed = check(grade, "etimedout");
        assertThat(failed.get("passed").asBoolean()).isFalse();
        assertThat(failed.get("explanation").asString()).startsWith("missing: connect() failing after event #");
    }

    // ---------------------------------------------------------------- the catalogue and who may grade

    @Test
    void theCatalogueListsExercisesInSyllabusOrderWithRenderedInstructions() {
        JsonNode list = api.get("/api/v1/exercises", 200);
        List<String> ids = new ArrayList<>();
        list.forEach(e -> ids.add(e.get("id").asString()));
        assertThat(ids).startsWith("handshake-basic", "options-offered", "options-omitted", "closed-port", "bad-third-ack", "lost-syn-ack");
        JsonNode one = api.get("/api/v1/exercises/closed-port", 200);
        assertThat(one.get("instructionsHtml").asString()).contains("<code>10.0.0.2:81</code>").contains("<li>Send a SYN to port <strong>81</strong>.</li>");
        assertThat(one.get("points").asInt()).isEqualTo(4 + 2); // two checks of 2, a prediction of 2
        assertThat(one.get("checks").get(0).has("steps")).isFalse();
        JsonNode prediction = one.get("predictions").get(0);
        assertThat(prediction.get("before").asString()).isEqualTo("your SYN to port 81");
        assertThat(prediction.get("fields").toString()).isEqualTo("[\"nothing\",\"flags\",\"seq\",\"ack\"]");
        // what the student is asked, not the answer
        assertThat(prediction.has("explain")).isFalse();
        assertThat(prediction.has("where")).isFalse();
        JsonNode missing = api.get("/api/v1/exercises/no-such", 404);
        assertThat(missing.get("type").asString()).endsWith("/exercise-not-found");
        api.post("/api/v1/exercises/no-such/attempts", Map.of(), 404);
    }

    @Test
    void aSessionNotStartedFromAnExerciseHasNoGrade() {
        String s = api.createSession(Map.of("name", "free play"));
        JsonNode problem = api.get("/api/v1/sessions/" + s + "/grade", 404);
        assertThat(problem.get("type").asString()).endsWith("/attempt-not-found");
    }

    @Autowired
    dev.handshakelab.support.TestAccounts accounts;

    private JsonNode as(String token, org.springframework.http.HttpMethod method, String uri, String body, int status) {
        var request = client.method(method).uri(uri).headers(h -> h.setBearerAuth(token));
        var sent = body == null ? request : request.contentType(org.springframework.http.MediaType.APPLICATION_JSON).body(body);
        byte[] answer = sent.exchange().expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody();
        return answer == null || answer.length == 0 ? null : Api.json().readTree(answer);
    }

    @Test
    void theCoursesInstructorSeesAStudentsGrade_anotherStudentGets404() {
        String teacher = accounts.token("exercise-teacher", dev.handshakelab.account.Role.INSTRUCTOR);
        String student = accounts.token("exercise-student", dev.handshakelab.account.Role.STUDENT);
        String other = accounts.token("exercise-other", dev.handshakelab.account.Role.STUDENT);
        var post = org.springframework.http.HttpMethod.POST;
        var get = org.springframework.http.HttpMethod.GET;
        JsonNode course = as(teacher, post, "/api/v1/courses", "{\"name\":\"Networks\",\"term\":\"2027\"}", 201);
        as(student, post, "/api/v1/courses/join", "{\"joinCode\":\"" + course.get("joinCode").asString() + "\"}", 200);
        String s = as(student, post, "/api/v1/exercises/closed-port/attempts",
                "{\"courseId\":\"" + course.get("id").asString() + "\"}", 201).get("sessionId").asString();
        JsonNode owner = as(student, get, "/api/v1/sessions/" + s, null, 200).get("owner");
        assertThat(owner.get("username").asString()).isEqualTo("exercise-student");
        assertThat(as(teacher, get, "/api/v1/sessions/" + s + "/grade", null, 200).get("earned").asInt()).isZero();
        assertThat(as(other, get, "/api/v1/sessions/" + s + "/grade", null, 404).get("type").asString()).endsWith("/session-not-found");
    }
}
