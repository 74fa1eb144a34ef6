package dev.handshakelab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.handshakelab.account.Role;
import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import dev.handshakelab.support.TestAccounts;
import dev.handshakelab.support.TestClock;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard through real HTTP: who sees it (a course's instructors and admins; everyone else
 * 404), its rows, the live stream (a student's step arrives; a resumed stream gets exactly what
 * it missed), the stuck rules with the clock moved rather than waited for, common mistakes,
 * notes and reset.
 */
@ApiTest
class DashboardApiTest {

    /** How long a test waits for an update the server must push within 1 s. */
    private static final Duration PUSHED = Duration.ofSeconds(5);

    @Autowired
    RestTestClient client;

    @Autowired
    TestAccounts accounts;

    @Autowired
    TestClock clock;

    @Autowired
    DashboardUpdates updates;

    @LocalServerPort
    int port;

    @AfterEach
    void clockBack() {
        clock.reset();
    }

    private JsonNode as(String token, HttpMethod method, String uri, Object body, int status) {
        var request = client.method(method).uri(uri).headers(h -> h.setBearerAuth(token));
        var sent = body == null ? request : request.contentType(MediaType.APPLICATION_JSON).body(Api.json().writeValueAsString(body));
        byte[] answer = sent.exchange().expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody();
        return answer == null || answer.length == 0 ? null : Api.json().readTree(answer);
    }

    /** A course with a teacher and students (names made unique per test), and the students' tokens. */
    private final class Class {
        final String prefix = "d" + UUID.randomUUID().toString().substring(0, 8);
        final String teacher = accounts.token(prefix + "-teacher", Role.INSTRUCTOR);
        final String id;
        final Map<String, String> students = new HashMap<>();

        Class(int size) {
            JsonNode course = as(teacher, HttpMethod.POST, "/api/v1/courses", Map.of("name", "Networks", "term", "2027"), 201);
            id = course.get("id").asString();
            for (int i = 1; i <= size; i++) {
                String name = prefix + "-s" + i;
                String token = accounts.token(name, Role.STUDENT);
                as(token, HttpMethod.POST, "/api/v1/courses/join", Map.of("joinCode", course.get("joinCode").asString()), 200);
                students.put(name, token);
            }
        }

        String student(int i) {
            return prefix + "-s" + i;
        }

        String token(int i) {
            return students.get(student(i));
        }

        JsonNode view() {
            settled();
            return as(teacher, HttpMethod.GET, "/api/v1/courses/" + id + "/dashboard", null, 200);
        }

        JsonNode row(int i) {
            for (JsonNode r : view().get("rows")) {
                if (r.get("username").asString().equals(student(i))) {
                    return r;
                }
            }
            throw new AssertionError("no row for " + student(i));
        }

        String start(int i, String exercise) {
            return as(token(i), HttpMethod.POST, "/api/v1/exercises/" + exercise + "/attempts", Map.of("courseId", id), 201)
                    .get("sessionId").asString();
        }

        EventStream stream(String lastEventId, String query) throws Exception {
            return EventStream.open("http://127.0.0.1:" + port + "/api/v1/courses/" + id + "/dashboard/events" + query, teacher,
                    lastEventId);
        }
    }

    /** Rows are updated on the dashboard's workers after the commit: wait for what was handed to them (no sleep). */
    private void settled() {
        try {
            updates.settled();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private JsonNode send(String token, String session, List<String> flags, long seq, long ack) {
        Map<String, Object> body = new HashMap<>();
        body.put("from", Map.of("port", 40000));
        body.put("to", Map.of("address", "10.0.0.2", "port", 80));
        body.put("flags", flags);
        body.put("seq", seq);
        body.put("ack", ack);
        body.put("window", 64240);
        body.put("options", flags.contains("SYN") ? Api.linuxSynOptions(1) : List.of());
        return as(token, HttpMethod.POST, "/api/v1/sessions/" + session + "/segments", body, 200);
    }

    private static long serverIsn(JsonNode synAckStep) {
        return synAckStep.get("replies").get(0).get("seq").asLong();
    }

    @Test
    void oneRowPerStudent_withStatusChecksAndEndpointStates() {
        Class c = new Class(2);
        String s = c.start(1, "handshake-basic");
        send(c.token(1), s, List.of("SYN"), 1000, 0);

        JsonNode view = c.view();
        assertThat(view.get("rows")).hasSize(2);
        assertThat(view.get("rules")).hasSize(3);
        JsonNode working = c.row(1);
        assertThat(working.get("sessionId").asString()).isEqualTo(s);
        assertThat(working.get("status").asString()).isEqualTo("working");
        assertThat(working.get("reason").asString()).isEqualTo("1 of 3 checks pass");
        assertThat(working.get("checksPassed").asInt()).isEqualTo(1);
        assertThat(working.get("checksTotal").asInt()).isEqualTo(3);
        assertThat(working.get("steps").asInt()).isEqualTo(1);
        assertThat(working.get("endpoints").asString()).isEqualTo("server SYN_RECEIVED");
        assertThat(working.get("lastActivity").isNull()).isFalse();
        JsonNode idle = c.row(2);
        assertThat(idle.get("status").asString()).isEqualTo("not started");
        assertThat(idle.get("sessionId").isNull()).isTrue();
    }

    @Test
    void aPassedStudent_isPassedWithFullScore() {
        Class c = new Class(1);
        String s = c.start(1, "handshake-basic");
        String predictions = "/api/v1/sessions/" + s + "/predictions";
        as(c.token(1), HttpMethod.POST, predictions, Map.of("predictionId", "synack-ack", "ack", 1001), 201);
        long isn = serverIsn(send(c.token(1), s, List.of("SYN"), 1000, 0));
        as(c.token(1), HttpMethod.POST, predictions,
                Map.of("predictionId", "third-ack-state", "state", "ESTABLISHED", "nothingComesBack", true), 201);
        send(c.token(1), s, List.of("ACK"), 1001, (isn + 1) & 0xFFFFFFFFL);
        JsonNode row = c.row(1);
        assertThat(row.get("status").asString()).isEqualTo("passed");
        // the whole exercise's points: 5 for the checks, 3 for the two predictions, both right
        assertThat(row.get("score").asInt()).isEqualTo(row.get("points").asInt()).isEqualTo(8);
        assertThat(row.get("endpoints").asString()).isEqualTo("server ESTABLISHED");
    }

    @Test
    void studentsAndOtherInstructorsGet404_adminsSeeIt() throws Exception {
        Class c = new Class(1);
        Class other = new Class(0);
        String path = "/api/v1/courses/" + c.id + "/dashboard";
        for (String suffix : List.of("", "/mistakes", "/events")) {
            assertThat(as(c.token(1), HttpMethod.GET, path + suffix, null, 404).get("type").asString()).endsWith("/course-not-found");
            as(other.teacher, HttpMethod.GET, path + suffix, null, 404);
        }
        // as a browser's EventSource asks (Accept: text/event-stream): still the 404, not a stream
        try (EventStream refused = EventStream.open("http://127.0.0.1:" + port + path + "/events", c.token(1), null)) {
            assertThat(refused.status).isEqualTo(404);
        }
        as(c.teacher, HttpMethod.GET, "/api/v1/courses/" + UUID.randomUUID() + "/dashboard", null, 404);
        as(c.teacher, HttpMethod.GET, "/api/v1/courses/not-a-uuid/dashboard", null, 404);
        String admin = accounts.token("dashboard-admin", Role.ADMIN);
        assertThat(as(admin, HttpMethod.GET, path, null, 200).get("rows")).hasSize(1);
    }

    @Test
    void aStepAppearsOnTheStream() throws Exception {
        Class c = new Class(1);
        String s = c.start(1, "handshake-basic");
        long from = c.view().get("lastEventId").asLong();
        try (EventStream stream = c.stream(null, "?after=" + from)) {
            assertThat(stream.status).isEqualTo(200);
            send(c.token(1), s, List.of("SYN"), 1000, 0);
            EventStream.Event e = stream.nextFor(c.student(1), PUSHED);
            assertThat(Long.parseLong(e.id())).isEqualTo(from + 1);
            assertThat(e.json().get("endpoints").asString()).isEqualTo("server SYN_RECEIVED");
            assertThat(e.json().get("checksPassed").asInt()).isEqualTo(1);
        }
    }

    @Test
    void resumingWithLastEventId_givesExactlyTheMissedUpdates() throws Exception {
        Class c = new Class(2);
        String s1 = c.start(1, "handshake-basic");
        long from = c.view().get("lastEventId").asLong();
        String seen;
        try (EventStream stream = c.stream(null, "?after=" + from)) {
            send(c.token(1), s1, List.of("SYN"), 1000, 0);
            seen = stream.nextFor(c.student(1), PUSHED).id();
        }
        // while disconnected: a second student starts, the first steps twice
        String s2 = c.start(2, "closed-port");
        as(c.token(1), HttpMethod.POST, "/api/v1/sessions/" + s1 + "/clock", Map.of("advanceMillis", 10), 200);
        send(c.token(2), s2, List.of("SYN"), 5, 0);
        settled();
        try (EventStream resumed = c.stream(seen, "")) {
            List<String> ids = new ArrayList<>();
            List<String> who = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                EventStream.Event e = resumed.next(PUSHED);
                ids.add(e.id());
                who.add(e.json().get("username").asString());
            }
            long n = Long.parseLong(seen);
            assertThat(ids).containsExactly(String.valueOf(n + 1), String.valueOf(n + 2), String.valueOf(n + 3));
            // two students' sessions are announced by their own workers: in order per student, not across them
            assertThat(who).containsExactlyInAnyOrder(c.student(2), c.student(1), c.student(2));
            // nothing else was queued: the next event is the next step's, numbered right after
            as(c.token(1), HttpMethod.POST, "/api/v1/sessions/" + s1 + "/clock", Map.of("advanceMillis", 10), 200);
            EventStream.Event next = resumed.next(PUSHED);
            assertThat(next.id()).isEqualTo(String.valueOf(n + 4));
        }
    }

    @Test
    void resumingFromBeforeTheKeptLog_asksForAReload() throws Exception {
        Class c = new Class(1);
        c.start(1, "handshake-basic");
        long last = c.view().get("lastEventId").asLong();
        // the log keeps every update so far; from before number 0 there is nothing to resume but a reload
        try (EventStream s = c.stream("0", "")) {
            if (last == 0) {
                return;
            }
            EventStream.Event e = s.next(PUSHED);
            assertThat(e.id()).isEqualTo("1");
        }
        assertThat(as(c.teacher, HttpMethod.GET, "/api/v1/courses/" + c.id + "/dashboard/events?after=-1", null, 400)
                .toString()).contains("after");
    }

    @Test
    void threeAcksAnsweredWithRst_markTheStudentStuck() throws Exception {
        Class c = new Class(1);
        String s = c.start(1, "handshake-basic");
        long isn = serverIsn(send(c.token(1), s, List.of("SYN"), 1000, 0));
        for (int i = 0; i < 3; i++) {
            // acknowledges the server's ISN, not ISN + 1: unacceptable in SYN-RECEIVED, answered with RST
            JsonNode step = send(c.token(1), s, List.of("ACK"), 1001, isn);
            assertThat(step.get("replies").get(0).get("flags").toString()).contains("RST");
        }
        JsonNode row = c.row(1);
        assertThat(row.get("status").asString()).isEqualTo("stuck");
        assertThat(row.get("reason").asString()).contains("answered the last 3 ACKs with RST");
        // a right ACK ends the run: no longer stuck
        send(c.token(1), s, List.of("ACK"), 1001, (isn + 1) & 0xFFFFFFFFL);
        assertThat(c.row(1).get("status").asString()).isEqualTo("passed");
    }

    @Test
    void noStepAfterStarting_marksTheStudentStuck_andTheStreamSaysSoWhenTheSweepSeesIt() throws Exception {
        Class c = new Class(1);
        c.start(1, "handshake-basic");
        long from = c.view().get("lastEventId").asLong();
        clock.advance(Duration.ofMinutes(4));
        assertThat(c.row(1).get("status").asString()).isEqualTo("working");
        clock.advance(Duration.ofMinutes(2));
        JsonNode row = c.row(1);
        assertThat(row.get("status").asString()).isEqualTo("stuck");
        assertThat(row.get("reason").asString()).isEqualTo("no step for 6 min after starting");
        try (EventStream stream = c.stream(null, "?after=" + from)) {
            updates.sweep(UUID.fromString(c.id));
            EventStream.Event e = stream.nextFor(c.student(1), PUSHED);
            assertThat(e.json().get("status").asString()).isEqualTo("stuck");
            // announced once: a second sweep finds nothing new
            updates.sweep(UUID.fromString(c.id));
            assertThat(c.view().get("lastEventId").asLong()).isEqualTo(Long.parseLong(e.id()));
        }
    }

    @Test
    void noNewCheckForTenMinutesWhileSending_marksTheStudentStuck() {
        Class c = new Class(1);
        String s = c.start(1, "handshake-basic");
        send(c.token(1), s, List.of("SYN"), 1000, 0);
        for (int i = 0; i < 5; i++) {
            as(c.token(1), HttpMethod.POST, "/api/v1/sessions/" + s + "/clock", Map.of("advanceMillis", 10), 200);
        }
        assertThat(c.row(1).get("status").asString()).isEqualTo("working");
        clock.advance(Duration.ofMinutes(11));
        JsonNode row = c.row(1);
        assertThat(row.get("status").asString()).isEqualTo("stuck");
        assertThat(row.get("reason").asString()).isEqualTo("no new check passed for 11 min while sending (5 steps)");
    }

    @Test
    void commonMistakes_countPerCheckTheStudentsFailingIt() {
        Class c = new Class(3);
        for (int i = 1; i <= 3; i++) {
            String s = c.start(i, "handshake-basic");
            long isn = serverIsn(send(c.token(i), s, List.of("SYN"), 1000, 0));
            // students 1 and 2 acknowledge the ISN itself; student 3 gets it right
            send(c.token(i), s, List.of("ACK"), 1001, i < 3 ? isn : (isn + 1) & 0xFFFFFFFFL);
        }
        settled();
        JsonNode panel = as(c.teacher, HttpMethod.GET, "/api/v1/courses/" + c.id + "/dashboard/mistakes", null, 200);
        assertThat(panel.get("graded").asInt()).isEqualTo(3);
        JsonNode first = panel.get("checks").get(0);
        assertThat(first.get("checkId").asString()).isIn("third-ack", "established");
        assertThat(first.get("failing").asInt()).isEqualTo(2);
        assertThat(first.get("percent").asInt()).isEqualTo(67);
        assertThat(first.get("typical").get(0).get("students").asInt()).isEqualTo(2);
    }

    @Test
    void notes_instructorLeavesOne_theStudentReadsIt_nobodyElse() {
        Class c = new Class(2);
        String s = c.start(1, "handshake-basic");
        String notes = "/api/v1/sessions/" + s + "/notes";
        JsonNode note = as(c.teacher, HttpMethod.POST, notes, Map.of("body", "Look at the SYN-ACK's seq."), 201);
        assertThat(note.get("author").asString()).isEqualTo(c.prefix + "-teacher");
        JsonNode read = as(c.token(1), HttpMethod.GET, notes, null, 200);
        assertThat(read).hasSize(1);
        assertThat(read.get(0).get("body").asString()).isEqualTo("Look at the SYN-ACK's seq.");
        as(c.token(1), HttpMethod.POST, notes, Map.of("body", "me"), 403);
        as(c.token(2), HttpMethod.GET, notes, null, 404);
        as(c.token(2), HttpMethod.POST, notes, Map.of("body", "x"), 404);
        assertThat(as(c.teacher, HttpMethod.POST, notes, Map.of("body", " "), 400).toString()).contains("body");
        assertThat(as(c.teacher, HttpMethod.POST, notes, Map.of("body", "x".repeat(501)), 400).toString()).contains("body");
    }

    @Test
    void anInstructorsReset_startsTheRowOver() throws Exception {
        Class c = new Class(1);
        String s = c.start(1, "handshake-basic");
        send(c.token(1), s, List.of("SYN"), 1000, 0);
        long from = c.view().get("lastEventId").asLong();
        try (EventStream stream = c.stream(null, "?after=" + from)) {
            String fresh = as(c.teacher, HttpMethod.POST, "/api/v1/sessions/" + s + "/reset", null, 201).get("id").asString();
            JsonNode row = stream.nextFor(c.student(1), PUSHED).json();
            assertThat(row.get("sessionId").asString()).isEqualTo(fresh);
            assertThat(row.get("steps").asInt()).isZero();
        }
    }
}
