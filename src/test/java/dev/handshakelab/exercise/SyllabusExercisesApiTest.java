package dev.handshakelab.exercise;

import static dev.handshakelab.exercise.ExerciseApiTest.allPassed;
import static dev.handshakelab.exercise.ExerciseApiTest.check;
import static dev.handshakelab.exercise.ExerciseApiTest.plusOne;
import static dev.handshakelab.exercise.ExerciseApiTest.seqOf;
import static org.assertj.core.api.Assertions.assertThat;

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
 * Exercises 8 to 13 of the syllabus (random ISNs, the asymmetric firewall, a SYN flood, SYN
 * cookies, the accept queue, simultaneous open), each solved through the HTTP API and done
 * plausibly but wrongly, graded by the server from the stored history.
 */
@ApiTest
class SyllabusExercisesApiTest {

    /** A flood that fills a 128-backlog SYN queue within 13 ms and keeps it full to its end at 3 s. */
    static final String FLOOD = "{\"syns\":2000,\"ratePerSecond\":10000,\"sources\":{\"cidr\":\"198.51.100.0/24\"},\"startMillis\":1000,"
            + "\"durationMillis\":3000,\"legitimate\":{\"clients\":20,\"ratePerSecond\":10,\"preset\":\"linux\"},\"seed\":1}";

    @Autowired
    RestTestClient client;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    private String start(String exercise) {
        return api.post("/api/v1/exercises/" + exercise + "/attempts", Map.of(), 201).get("sessionId").asString();
    }

    /** A segment from the client's side (10.0.0.1:port → 10.0.0.2:80); the step's answer. */
    private JsonNode send(String session, int port, List<String> flags, long seq, long ack, List<Map<String, Object>> options) {
        Map<String, Object> body = new HashMap<>();
        body.put("from", Map.of("port", port));
        body.put("to", Map.of("address", "10.0.0.2", "port", 80));
        body.put("flags", flags);
        body.put("seq", seq);
        body.put("ack", ack);
        body.put("options", options);
        return api.post("/api/v1/sessions/" + session + "/segments", body, 200);
    }

    private JsonNode grade(String session) {
        JsonNode grade = api.get("/api/v1/sessions/" + session + "/grade", 200);
        assertThat(grade.get("replay").get("mismatches").asInt()).isZero();
        return grade;
    }

    private static String failure(JsonNode grade, String id) {
        JsonNode c = check(grade, id);
        assertThat(c.get("passed").asBoolean()).as(id).isFalse();
        return c.get("explanation").asString();
    }

    // ---------------------------------------------------------------- 8 random ISNs

    @Test
    void randomIsns_solved() {
        String s = start("random-isns");
        long first = seqOf(send(s, 40000, List.of("SYN"), 1000, 0, List.of()));
        JsonNode again = send(s, 40000, List.of("SYN"), 1000, 0, List.of());
        assertThat(seqOf(again)).isEqualTo(first);
        long second = seqOf(send(s, 40001, List.of("SYN"), 1000, 0, List.of()));
        assertThat(second).isNotEqualTo(first);
        allPassed(grade(s));
    }

    @Test
    void randomIsns_oneConnectionOnlyShowsNoSecondIsn() {
        String s = start("random-isns");
        send(s, 40000, List.of("SYN"), 1000, 0, List.of());
        send(s, 40000, List.of("SYN"), 1000, 0, List.of());
        JsonNode grade = grade(s);
        assertThat(check(grade, "same-isn-resent").get("passed").asBoolean()).isTrue();
        assertThat(failure(grade, "two-isns")).startsWith("missing: a SYN-ACK on another connection with another ISN after event #")
                .contains("whose connection is \"10.0.0.1:40000-10.0.0.2:80\", not ≠ \"10.0.0.1:40000-10.0.0.2:80\"");
    }

    // ---------------------------------------------------------------- 9 the asymmetric firewall

    private String firewallAfter(long millis) {
        String s = start("asymmetric-firewall");
        api.post("/api/v1/sessions/" + s + "/connect", Map.of("clientPort", 40001, "preset", "linux", "autoAck", true), 200);
        api.post("/api/v1/sessions/" + s + "/clock", Map.of("advanceMillis", millis), 200);
        return s;
    }

    @Test
    void asymmetricFirewall_solved() {
        allPassed(grade(firewallAfter(70_000)));
    }

    @Test
    void asymmetricFirewall_stoppingAt30sSeesTheRequestStillAlive() {
        JsonNode grade = grade(firewallAfter(30_000));
        assertThat(check(grade, "fw-drops-synack").get("passed").asBoolean()).isTrue();
        assertThat(check(grade, "dup-syn-answered").get("passed").asBoolean()).isTrue();
        assertThat(failure(grade, "request-dropped")).startsWith("missing: the server's request going SYN_RECEIVED → CLOSED after event #");
        assertThat(check(grade, "request-dropped").get("hint").asString()).contains("past 63 s");
    }

    // ---------------------------------------------------------------- 10 a SYN flood fills the SYN queue

    @Test
    void synFloodQueue_solved() {
        String s = start("syn-flood-queue");
        api.post("/api/v1/sessions/" + s + "/flood", FLOOD, 200);
        allPassed(grade(s));
    }

    @Test
    void synFloodQueue_aFloodSmallerThanTheBacklogFillsNothing() {
        String s = start("syn-flood-queue");
        api.post("/api/v1/sessions/" + s + "/flood", FLOOD.replace("\"syns\":2000", "\"syns\":100"), 200);
        JsonNode grade = grade(s);
        assertThat(failure(grade, "queue-full")).startsWith("missing: the SYN queue overflowing, a SYN dropped silently");
        assertThat(failure(grade, "legit-resends")).startsWith("missing: a legitimate client's SYN dropped on the full SYN queue");
        assertThat(grade.get("earned").asInt()).isZero();
    }

    // ---------------------------------------------------------------- 11 SYN cookies

    private static final List<Map<String, Object>> NO_TIMESTAMPS = List.of(Map.of("kind", "mss", "mss", 1460), Map.of("kind", "sackOK"),
            Map.of("kind", "nop"), Map.of("kind", "wscale", "shift", 7));

    @Test
    void synCookies_solved() {
        String s = start("syn-cookies");
        api.post("/api/v1/sessions/" + s + "/flood", FLOOD, 200);
        JsonNode synAck = send(s, 40000, List.of("SYN"), 1000, 0, NO_TIMESTAMPS).get("replies").get(0);
        assertThat(synAck.get("summary").asString()).endsWith("<mss 1460>");
        send(s, 40000, List.of("ACK"), 1001, plusOne(synAck.get("seq").asLong()), List.of());
        allPassed(grade(s));
    }

    @Test
    void synCookies_aSynBeforeTheFloodGetsNoCookie() {
        String s = start("syn-cookies");
        long isn = seqOf(send(s, 40000, List.of("SYN"), 1000, 0, NO_TIMESTAMPS));
        send(s, 40000, List.of("ACK"), 1001, plusOne(isn), List.of());
        api.post("/api/v1/sessions/" + s + "/flood", FLOOD, 200);
        JsonNode grade = grade(s);
        assertThat(check(grade, "legit-through-cookie").get("passed").asBoolean()).isTrue();
        assertThat(failure(grade, "cookie-loses-options")).startsWith("missing: a cookie for it after event #");
        assertThat(failure(grade, "your-cookie-validated")).startsWith("missing: the server validating your cookie after event #");
    }

    // ---------------------------------------------------------------- 12 the accept queue

    @Test
    void acceptQueueOverflow_solved() {
        String s = start("accept-queue-overflow");
        api.post("/api/v1/sessions/" + s + "/flood",
                "{\"syns\":0,\"durationMillis\":10000,\"legitimate\":{\"clients\":100,\"ratePerSecond\":20,\"preset\":\"linux\"}}", 200);
        allPassed(grade(s));
    }

    @Test
    void acceptQueueOverflow_clientsSlowerThanTheApplicationNeverFillIt() {
        String s = start("accept-queue-overflow");
        api.post("/api/v1/sessions/" + s + "/flood",
                "{\"syns\":0,\"durationMillis\":10000,\"legitimate\":{\"clients\":20,\"ratePerSecond\":2,\"preset\":\"linux\"}}", 200);
        JsonNode grade = grade(s);
        assertThat(failure(grade, "accept-full")).startsWith("missing: the accept queue overflowing");
        assertThat(check(grade, "accept-full").get("hint").asString()).contains("faster than 5 a second");
        assertThat(grade.get("earned").asInt()).isZero();
    }

    // ---------------------------------------------------------------- 13 simultaneous open

    private JsonNode fromYou(String session, List<String> flags, long seq, long ack) {
        Map<String, Object> body = new HashMap<>();
        body.put("from", Map.of("address", "10.0.0.2", "port", 80));
        body.put("to", Map.of("address", "10.0.0.1", "port", 40000));
        body.put("flags", flags);
        body.put("seq", seq);
        body.put("ack", ack);
        body.put("options", List.of(Map.of("kind", "mss", "mss", 1400)));
        return api.post("/api/v1/sessions/" + session + "/segments", body, 200);
    }

    private long clientIsn(String session) {
        return api.get("/api/v1/sessions/" + session + "/history?kind=segment-sent&host=client", 200).get("items").get(0)
                .get("segment").get("seq").asLong();
    }

    @Test
    void simultaneousOpen_solved() {
        String s = start("simultaneous-open");
        long isn = clientIsn(s);
        fromYou(s, List.of("SYN"), 5000, 0);
        fromYou(s, List.of("SYN", "ACK"), 5000, plusOne(isn));
        allPassed(grade(s));
    }

    @Test
    void simultaneousOpen_aSynAckInsteadOfASynIsNoCrossing() {
        String s = start("simultaneous-open");
        long isn = clientIsn(s);
        fromYou(s, List.of("SYN", "ACK"), 5000, plusOne(isn));
        JsonNode grade = grade(s);
        assertThat(failure(grade, "syn-received")).startsWith("missing: the client going SYN_SENT → SYN_RECEIVED");
        assertThat(failure(grade, "established")).startsWith("missing: the client in SYN_RECEIVED");
    }
}
