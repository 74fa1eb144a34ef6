package dev.handshakelab.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
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
 * Predictions through real HTTP: stored before the send, graded field by field against the
 * server's real reply from the stored history (right and wrong), refused after the send, and
 * only ever made by the session's owner.
 */
@ApiTest
class PredictionApiTest {

    @Autowired
    RestTestClient client;

    @Autowired
    TestAccounts accounts;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    private String start(String exercise) {
        return api.post("/api/v1/exercises/" + exercise + "/attempts", Map.of(), 201).get("sessionId").asString();
    }

    private JsonNode send(String session, int toPort, List<String> flags, long seq, long ack) {
        Map<String, Object> body = new HashMap<>();
        body.put("from", Map.of("port", 40000));
        body.put("to", Map.of("address", "10.0.0.2", "port", toPort));
        body.put("flags", flags);
        body.put("seq", seq);
        body.put("ack", ack);
        body.put("window", 64240);
        return api.post("/api/v1/sessions/" + session + "/segments", body, 200);
    }

    private JsonNode predict(String session, Map<String, Object> prediction, int status) {
        return api.post("/api/v1/sessions/" + session + "/predictions", prediction, status);
    }

    private static JsonNode prediction(JsonNode gradeOrList, String id) {
        for (JsonNode p : gradeOrList.get("predictions")) {
            if (p.get("id").asString().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no prediction " + id + " in " + gradeOrList);
    }

    private static JsonNode field(JsonNode prediction, String name) {
        for (JsonNode f : prediction.get("results")) {
            if (f.get("field").asString().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no field " + name + " in " + prediction);
    }

    private JsonNode grade(String session) {
        return api.get("/api/v1/sessions/" + session + "/grade", 200);
    }

    @Test
    void aRightAckPredictionIsStoredBeforeTheSynAndGradedAfterIt() {
        String s = start("handshake-basic");
        JsonNode stored = predict(s, Map.of("predictionId", "synack-ack", "ack", 1001), 201);
        assertThat(stored.get("status").asString()).isEqualTo("waiting");
        assertThat(stored.get("step").asInt()).isEqualTo(1);
        assertThat(stored.get("earned").asInt()).isZero();
        assertThat(stored.has("results") && !stored.get("results").isEmpty()).isFalse();

        JsonNode listed = prediction(api.get("/api/v1/sessions/" + s + "/predictions", 200), "synack-ack");
        assertThat(listed.get("status").asString()).isEqualTo("waiting");
        assertThat(listed.get("predicted").get("ack").asLong()).isEqualTo(1001);

        JsonNode step = send(s, 80, List.of("SYN"), 1000, 0);
        JsonNode graded = prediction(grade(s), "synack-ack");
        assertThat(graded.get("status").asString()).isEqualTo("graded");
        assertThat(graded.get("earned").asInt()).isEqualTo(2);
        assertThat(graded.get("send").asLong()).isZero();
        JsonNode ack = field(graded, "ack");
        assertThat(ack.get("correct").asBoolean()).isTrue();
        assertThat(ack.get("actual").asLong()).isEqualTo(step.get("replies").get(0).get("ack").asLong()).isEqualTo(1001);
        assertThat(ack.get("explanation").asString()).startsWith("ack 1001 = your seq 1000 + 1: a SYN takes one sequence number")
                .contains("RFC 9293 §3.4").contains("(event #" + graded.get("reply").asLong() + ")");
        assertThat(graded.get("explanation").asString()).startsWith("1 of 1 right. A SYN occupies one sequence number");
        // the reply it names is the SYN-ACK in the stored history
        JsonNode reply = api.get("/api/v1/sessions/" + s + "/history?size=100", 200).get("items").get(graded.get("reply").asInt());
        assertThat(reply.get("segment").get("letters").asString()).isEqualTo("S.");
    }

    @Test
    void aWrongAckPredictionIsGradedWrongWithTheReason() {
        String s = start("handshake-basic");
        predict(s, Map.of("predictionId", "synack-ack", "ack", 1000), 201);
        send(s, 80, List.of("SYN"), 1000, 0);
        JsonNode grade = grade(s);
        JsonNode graded = prediction(grade, "synack-ack");
        assertThat(graded.get("earned").asInt()).isZero();
        JsonNode ack = field(graded, "ack");
        assertThat(ack.get("correct").asBoolean()).isFalse();
        assertThat(ack.get("predicted").asLong()).isEqualTo(1000);
        assertThat(ack.get("explanation").asString()).startsWith("you predicted 1000, the reply has 1001: ack 1001 = your seq 1000 + 1");
        // the checks are graded as before, beside the predictions
        assertThat(grade.get("checks").get(0).get("passed").asBoolean()).isTrue();
        assertThat(grade.get("earned").asInt()).isEqualTo(2);
    }

    @Test
    void theLatestPredictionBeforeTheSendCounts() {
        String s = start("handshake-basic");
        predict(s, Map.of("predictionId", "synack-ack", "ack", 1000), 201);
        predict(s, Map.of("predictionId", "synack-ack", "ack", 1001), 201);
        send(s, 80, List.of("SYN"), 1000, 0);
        assertThat(prediction(grade(s), "synack-ack").get("earned").asInt()).isEqualTo(2);
    }

    @Test
    void aPredictionAfterTheSendIsRefusedAndNotStored() {
        String s = start("handshake-basic");
        send(s, 80, List.of("SYN"), 1000, 0);
        JsonNode problem = predict(s, Map.of("predictionId", "synack-ack", "ack", 1001), 409);
        assertThat(problem.get("type").asString()).endsWith("/prediction-after-send");
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("predictionId");
        assertThat(problem.get("errors").get(0).get("rule").asString()).isEqualTo("before the send");
        assertThat(problem.get("detail").asString()).contains("must be made before your SYN").contains("event #0");
        JsonNode missed = prediction(api.get("/api/v1/sessions/" + s + "/predictions", 200), "synack-ack");
        assertThat(missed.get("status").asString()).isEqualTo("missed");
        assertThat(missed.has("predicted")).isFalse();
        assertThat(missed.get("earned").asInt()).isZero();
    }

    @Test
    void stateAndNothingComesBackForTheThirdAck() {
        String s = start("handshake-basic");
        predict(s, Map.of("predictionId", "synack-ack", "ack", 1001), 201);
        long isn = send(s, 80, List.of("SYN"), 1000, 0).get("replies").get(0).get("seq").asLong();
        // the state as Linux's ss writes it is understood
        JsonNode stored = predict(s, Map.of("predictionId", "third-ack-state", "state", "syn-recv", "nothingComesBack", true), 201);
        assertThat(stored.get("step").asInt()).isEqualTo(2);
        assertThat(stored.get("predicted").get("state").asString()).isEqualTo("SYN_RECEIVED");
        send(s, 80, List.of("ACK"), 1001, (isn + 1) & 0xFFFFFFFFL);
        JsonNode grade = grade(s);
        JsonNode third = prediction(grade, "third-ack-state");
        assertThat(field(third, "nothing").get("correct").asBoolean()).isTrue();
        JsonNode state = field(third, "state");
        assertThat(state.get("correct").asBoolean()).isFalse();
        assertThat(state.get("actual").asString()).isEqualTo("ESTABLISHED");
        assertThat(state.get("explanation").asString()).contains("moved to ESTABLISHED").contains("SYN_RECEIVED → ESTABLISHED");
        assertThat(third.get("earned").asInt()).isZero(); // 1 point, half right, rounded down
        assertThat(grade.get("earned").asInt()).isEqualTo(5 + 2);
        assertThat(grade.get("points").asInt()).isEqualTo(8);
    }

    @Test
    void nothingComesBackThroughTheAsymmetricFirewall() {
        String s = start("client-gives-up");
        predict(s, Map.of("predictionId", "first-syn", "nothingComesBack", true, "state", "SYN_RECEIVED"), 201);
        api.post("/api/v1/sessions/" + s + "/connect", Map.of("clientPort", 40001, "preset", "linux", "autoAck", true), 200);
        JsonNode graded = prediction(api.get("/api/v1/sessions/" + s + "/predictions", 200), "first-syn");
        assertThat(graded.get("status").asString()).isEqualTo("graded");
        assertThat(graded.get("earned").asInt()).isEqualTo(1);
        assertThat(field(graded, "nothing").get("explanation").asString()).startsWith("the server answered with S. ")
                .contains("but it never reached you: return route: fw drops");
        assertThat(field(graded, "state").get("correct").asBoolean()).isTrue();
    }

    @Test
    void theClosedPortsResetPredictedFieldByField() {
        String s = start("closed-port");
        predict(s, Map.of("predictionId", "rst-for-syn", "flags", List.of("rst", "ACK"), "seq", 0, "ack", 5000), 201);
        send(s, 81, List.of("SYN"), 5000, 0);
        JsonNode graded = prediction(grade(s), "rst-for-syn");
        assertThat(field(graded, "nothing").get("correct").asBoolean()).isTrue();
        assertThat(field(graded, "flags").get("correct").asBoolean()).isTrue();
        assertThat(field(graded, "seq").get("explanation").asString()).contains("without ACK has seq 0");
        JsonNode ack = field(graded, "ack");
        assertThat(ack.get("correct").asBoolean()).isFalse();
        assertThat(ack.get("actual").asLong()).isEqualTo(5001);
        assertThat(graded.get("earned").asInt()).isEqualTo(1); // 3 of 4 fields of 2 points, rounded down
    }

    @Test
    void theResetForABadThirdAckAndTheStateItLeaves() {
        String s = start("bad-third-ack");
        long isn = send(s, 80, List.of("SYN"), 1000, 0).get("replies").get(0).get("seq").asLong();
        long wrong = (isn + 2) & 0xFFFFFFFFL;
        predict(s, Map.of("predictionId", "rst-for-bad-ack", "flags", List.of("RST"), "seq", wrong, "state", "SYN_RECEIVED"), 201);
        send(s, 80, List.of("ACK"), 1001, wrong);
        JsonNode graded = prediction(grade(s), "rst-for-bad-ack");
        assertThat(graded.get("results")).allSatisfy(f -> assertThat(f.get("correct").asBoolean()).as(f.toString()).isTrue());
        assertThat(field(graded, "seq").get("explanation").asString()).contains("takes that ack number (" + wrong + ")");
        assertThat(field(graded, "state").get("explanation").asString()).contains("stayed in SYN_RECEIVED");
        assertThat(graded.get("earned").asInt()).isEqualTo(2);
    }

    @Test
    void theSynAcksOptionsInTheirOrderAndItsWindow() {
        String s = start("options-offered");
        predict(s, Map.of("predictionId", "synack-options", "options", List.of("MSS", "wscale", "sackOK", "TS"), "window", 65160), 201);
        api.post("/api/v1/sessions/" + s + "/segments", Map.of("from", Map.of("port", 40000), "flags", List.of("SYN"), "seq", 1000,
                "window", 64240, "options", Api.linuxSynOptions(4242)), 200);
        JsonNode graded = prediction(grade(s), "synack-options");
        JsonNode options = field(graded, "options");
        assertThat(options.get("correct").asBoolean()).isFalse();
        assertThat(options.get("actual").toString()).isEqualTo("[\"mss\",\"sackOK\",\"timestamps\",\"wscale\"]");
        assertThat(options.get("explanation").asString()).contains("the same options as you said, in another order");
        JsonNode window = field(graded, "window");
        assertThat(window.get("correct").asBoolean()).isTrue();
        assertThat(window.get("explanation").asString()).contains("never scaled in a SYN-ACK (RFC 7323 §2.2)");
        assertThat(graded.get("earned").asInt()).isEqualTo(1);
    }

    @Test
    void predictionsAreCheckedAgainstWhatThePredictionAsks() {
        String s = start("handshake-basic");
        JsonNode missing = predict(s, Map.of("predictionId", "synack-ack"), 400);
        assertThat(missing.get("errors").get(0).get("field").asString()).isEqualTo("ack");
        assertThat(missing.get("errors").get(0).get("rule").asString()).isEqualTo("required");
        JsonNode notAsked = predict(s, Map.of("predictionId", "synack-ack", "ack", 1001, "window", 64240), 400);
        assertThat(notAsked.get("errors").get(0).get("field").asString()).isEqualTo("window");
        assertThat(notAsked.get("errors").get(0).get("rule").asString()).isEqualTo("not asked");
        JsonNode unknown = predict(s, Map.of("predictionId", "no-such", "ack", 1001), 400);
        assertThat(unknown.get("errors").get(0).get("field").asString()).isEqualTo("predictionId");
        JsonNode tooBig = predict(s, Map.of("predictionId", "synack-ack", "ack", 4294967296L), 400);
        assertThat(tooBig.get("detail").asString()).contains("ack");
        JsonNode badState = predict(s, Map.of("predictionId", "third-ack-state", "state", "HALF_OPEN"), 400);
        assertThat(badState.get("errors").get(0).get("field").asString()).isEqualTo("state");
        assertThat(api.get("/api/v1/sessions/" + s + "/predictions", 200).get("predictions").get(0).get("status").asString())
                .isEqualTo("open");
    }

    @Test
    void aSessionNotStartedFromAnExerciseHasNoPredictions() {
        String s = api.createSession(Map.of("name", "free play"));
        JsonNode none = api.get("/api/v1/sessions/" + s + "/predictions", 200);
        assertThat(none.has("exerciseId")).isFalse();
        assertThat(none.get("predictions")).isEmpty();
        assertThat(predict(s, Map.of("predictionId", "synack-ack", "ack", 1001), 404).get("type").asString())
                .endsWith("/attempt-not-found");
    }

    private JsonNode as(String token, HttpMethod method, String uri, String body, int status) {
        var request = client.method(method).uri(uri).headers(h -> h.setBearerAuth(token));
        var sent = body == null ? request : request.contentType(MediaType.APPLICATION_JSON).body(body);
        byte[] answer = sent.exchange().expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody();
        return answer == null || answer.length == 0 ? null : Api.json().readTree(answer);
    }

    @Test
    void onlyTheOwnerPredicts_theInstructorReads_anotherStudentSeesNothing() {
        String teacher = accounts.token("prediction-teacher", Role.INSTRUCTOR);
        String student = accounts.token("prediction-student", Role.STUDENT);
        String other = accounts.token("prediction-other", Role.STUDENT);
        JsonNode course = as(teacher, HttpMethod.POST, "/api/v1/courses", "{\"name\":\"Networks\",\"term\":\"2027\"}", 201);
        as(student, HttpMethod.POST, "/api/v1/courses/join", "{\"joinCode\":\"" + course.get("joinCode").asString() + "\"}", 200);
        String s = as(student, HttpMethod.POST, "/api/v1/exercises/handshake-basic/attempts",
                "{\"courseId\":\"" + course.get("id").asString() + "\"}", 201).get("sessionId").asString();
        String prediction = "{\"predictionId\":\"synack-ack\",\"ack\":1001}";
        String path = "/api/v1/sessions/" + s + "/predictions";

        assertThat(as(other, HttpMethod.POST, path, prediction, 404).get("type").asString()).endsWith("/session-not-found");
        assertThat(as(other, HttpMethod.GET, path, null, 404).get("type").asString()).endsWith("/session-not-found");
        // the instructor reads the session but may not predict in it: a write, refused as if it did not exist
        assertThat(as(teacher, HttpMethod.POST, path, prediction, 404).get("type").asString()).endsWith("/session-not-found");
        assertThat(prediction(as(teacher, HttpMethod.GET, path, null, 200), "synack-ack").get("status").asString()).isEqualTo("open");

        as(student, HttpMethod.POST, path, "{\"predictionId\":\"synack-ack\",\"ack\":999}", 201);
        // nobody else's prediction replaced the owner's
        assertThat(prediction(as(teacher, HttpMethod.GET, path, null, 200), "synack-ack").get("predicted").get("ack").asLong())
                .isEqualTo(999);
        // and the tester's own session of the same exercise is apart from the student's
        String mine = start("handshake-basic");
        assertThat(prediction(api.get("/api/v1/sessions/" + mine + "/predictions", 200), "synack-ack").get("status").asString())
                .isEqualTo("open");
    }
}
