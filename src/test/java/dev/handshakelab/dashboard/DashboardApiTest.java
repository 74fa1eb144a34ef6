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

        /** Assigns the exercise to the course; returns the assignment's id. */
        String assign(String exercise) {
            return as(teacher, HttpMethod.POST, "/api/v1/courses/" + id + "/assignments", Map.of("exerciseId", exercise), 201)
                    .get("id").asString();
        }

        /** Student i starts an attempt at the assignment; returns the session. */
        String attempt(int i, String assignment) {
            return as(token(i), HttpMethod.POST, "/api/v1/courses/" + id + "/assignments/" + assignment + "/attempts", null, 201)
                    .get("sessionId").asString();
        }

        JsonNode view(String assignment) {
            settled();
            return as(teacher, HttpMethod.GET, "/api/v1/courses/" + id + "/dashboard?assignmentId=" + assignment, null, 200);
        }

        JsonNode row(int i, String assignment) {
            for (JsonNode r : view(assignment).get("rows")) {
                if (r.get("username").asString().equals(student(i))) {
                    return r;
                }
            }
            throw new AssertionError("no row for " + student(i));
        }

        String rules(String assignment) {
            return "/api/v1/courses/" + id + "/assignments/" + assignment + "/stuck-rules";
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
        assertThat(view.get("rules")).hasSize(4);
        // a course without assignments: the students' current sessions, whatever they are
        assertThat(view.get("assignmentId").isNull()).isTrue();
        assertThat(view.get("assignments")).isEmpty();
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
    void anIpv6Assignment_aStudentWorkingThenPassed_andItsMistakesGrouped() {
        Class c = new Class(2);
        String assignment = c.assign("handshake-ipv6");
        String s = c.attempt(1, assignment);
        String wrong = c.attempt(2, assignment);
        // the segments go where the IPv6 session's defaults send them: [2001:db8::1]:40000 → [2001:db8::2]:80
        String segments = "/api/v1/sessions/" + s + "/segments";
        JsonNode synAck = as(c.token(1), HttpMethod.POST, segments, Map.of("flags", List.of("SYN"), "seq", 1000), 200)
                .get("replies").get(0);
        assertThat(synAck.get("from").asString()).isEqualTo("[2001:db8::2]:80");
        JsonNode working = c.row(1, assignment);
        assertThat(working.get("status").asString()).isEqualTo("working");
        assertThat(working.get("endpoints").asString()).isEqualTo("server SYN_RECEIVED");
        as(c.token(1), HttpMethod.POST, segments, Map.of("flags", List.of("ACK"), "seq", 1001,
                "ack", (synAck.get("seq").asLong() + 1) & 0xFFFFFFFFL), 200);
        JsonNode passed = c.row(1, assignment);
        assertThat(passed.get("status").asString()).isEqualTo("passed");
        assertThat(passed.get("checksPassed").asInt()).isEqualTo(passed.get("checksTotal").asInt()).isEqualTo(3);
        assertThat(passed.get("endpoints").asString()).isEqualTo("server ESTABLISHED");

        // the other student acknowledges the wrong number: the third-ack check is the common mistake
        JsonNode other = as(c.token(2), HttpMethod.POST, "/api/v1/sessions/" + wrong + "/segments",
                Map.of("flags", List.of("SYN"), "seq", 5), 200).get("replies").get(0);
        as(c.token(2), HttpMethod.POST, "/api/v1/sessions/" + wrong + "/segments", Map.of("flags", List.of("ACK"), "seq", 6,
                "ack", (other.get("seq").asLong() + 9) & 0xFFFFFFFFL), 200);
        assertThat(c.row(2, assignment).get("status").asString()).isEqualTo("working");
        settled();
        JsonNode mistakes = as(c.teacher, HttpMethod.GET, "/api/v1/courses/" + c.id + "/dashboard/mistakes?assignmentId=" + assignment,
                null, 200);
        assertThat(mistakes.get("graded").asInt()).isEqualTo(2);
        List<String> failing = new ArrayList<>();
        mistakes.get("checks").forEach(k -> failing.add(k.get("checkId").asString() + " " + k.get("failing").asInt()));
        assertThat(failing).contains("third-ack 1", "established 1").doesNotContain("mss-1440 1");
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

    // ------------------------------------------------------------------ per assignment

    /** Passes the basic handshake in the session: both predictions right, every check. */
    private void passBasic(String token, String session) {
        String predictions = "/api/v1/sessions/" + session + "/predictions";
        as(token, HttpMethod.POST, predictions, Map.of("predictionId", "synack-ack", "ack", 1001), 201);
        long isn = serverIsn(send(token, session, List.of("SYN"), 1000, 0));
        as(token, HttpMethod.POST, predictions, Map.of("predictionId", "third-ack-state", "state", "ESTABLISHED", "nothingComesBack", true),
                201);
        send(token, session, List.of("ACK"), 1001, (isn + 1) & 0xFFFFFFFFL);
    }

    @Test
    void anAssignmentsView_scoreOfTheBestAttempt_statusAndSessionOfTheCurrent_defaultTheMostRecent() {
        Class c = new Class(2);
        String basic = c.assign("handshake-basic");
        String closed = c.assign("closed-port");
        String first = c.attempt(1, basic);
        passBasic(c.token(1), first);
        String second = c.attempt(1, basic);
        send(c.token(1), second, List.of("SYN"), 1000, 0);
        // a session that is not an attempt at the assignment's exercise does not count for it
        c.attempt(2, closed);

        JsonNode view = c.view(basic);
        assertThat(view.get("assignmentId").asString()).isEqualTo(basic);
        assertThat(view.get("exerciseId").asString()).isEqualTo("handshake-basic");
        assertThat(view.get("assignments").valueStream().map(a -> a.get("id").asString()).toList()).containsExactly(closed, basic);
        JsonNode row = c.row(1, basic);
        assertThat(row.get("status").asString()).isEqualTo("passed");
        assertThat(row.get("reason").asString()).isEqualTo("all 3 checks pass (best of 2 attempts)");
        assertThat(row.get("score").asInt()).isEqualTo(row.get("points").asInt()).isEqualTo(8);
        assertThat(row.get("bestSessionId").asString()).isEqualTo(first);
        assertThat(row.get("sessionId").asString()).isEqualTo(second);
        assertThat(row.get("endpoints").asString()).isEqualTo("server SYN_RECEIVED");
        assertThat(row.get("attempts").asInt()).isEqualTo(2);
        assertThat(c.row(2, basic).get("status").asString()).isEqualTo("not started");

        // no assignmentId: the most recently assigned, here closed-port
        settled();
        JsonNode latest = as(c.teacher, HttpMethod.GET, "/api/v1/courses/" + c.id + "/dashboard", null, 200);
        assertThat(latest.get("assignmentId").asString()).isEqualTo(closed);
        JsonNode other = latest.get("rows").valueStream().filter(r -> r.get("username").asString().equals(c.student(2))).findFirst()
                .orElseThrow();
        assertThat(other.get("status").asString()).isEqualTo("working");
        assertThat(latest.get("rows").valueStream().filter(r -> r.get("username").asString().equals(c.student(1))).findFirst()
                .orElseThrow().get("status").asString()).isEqualTo("not started");

        // an assignment of another course, or none at all, is not found; nor by a student or another instructor
        Class elsewhere = new Class(0);
        String foreign = elsewhere.assign("handshake-basic");
        for (String a : List.of(foreign, UUID.randomUUID().toString())) {
            assertThat(as(c.teacher, HttpMethod.GET, "/api/v1/courses/" + c.id + "/dashboard?assignmentId=" + a, null, 404).get("type")
                    .asString()).endsWith("/assignment-not-found");
            as(c.teacher, HttpMethod.GET, "/api/v1/courses/" + c.id + "/dashboard/mistakes?assignmentId=" + a, null, 404);
        }
        // not an id at all: bad input, named
        assertThat(as(c.teacher, HttpMethod.GET, "/api/v1/courses/" + c.id + "/dashboard?assignmentId=not-an-id", null, 400).toString())
                .contains("assignmentId");
        as(c.token(1), HttpMethod.GET, "/api/v1/courses/" + c.id + "/dashboard?assignmentId=" + basic, null, 404);
        as(elsewhere.teacher, HttpMethod.GET, "/api/v1/courses/" + c.id + "/dashboard?assignmentId=" + basic, null, 404);
    }

    @Test
    void aStreamForOneAssignment_sendsOnlyItsRows_labelled() throws Exception {
        Class c = new Class(1);
        String basic = c.assign("handshake-basic");
        String closed = c.assign("closed-port");
        String b = c.attempt(1, basic);
        String k = c.attempt(1, closed);
        long from = c.view(closed).get("lastEventId").asLong();
        try (EventStream stream = c.stream(null, "?after=" + from + "&assignmentId=" + closed);
                EventStream all = c.stream(null, "?after=" + from)) {
            send(c.token(1), b, List.of("SYN"), 1000, 0);
            send(c.token(1), k, List.of("SYN"), 5, 0);
            // a stream without an assignment gets both, each labelled with its own (two sessions: in either order)
            Map<String, String> ids = new HashMap<>();
            for (int i = 0; i < 2; i++) {
                EventStream.Event e = all.nextFor(c.student(1), PUSHED);
                ids.put(e.json().get("assignmentId").asString(), e.id());
            }
            assertThat(ids).containsOnlyKeys(basic, closed);
            // the assignment's stream: only closed-port's row; the basic handshake's number was passed over
            EventStream.Event e = stream.nextFor(c.student(1), PUSHED);
            assertThat(e.id()).isEqualTo(ids.get(closed));
            assertThat(e.json().get("assignmentId").asString()).isEqualTo(closed);
            assertThat(e.json().get("sessionId").asString()).isEqualTo(k);
            // and the next it sends is closed-port's next, not the basic handshake's
            send(c.token(1), b, List.of("ACK"), 1001, 0);
            as(c.token(1), HttpMethod.POST, "/api/v1/sessions/" + k + "/clock", Map.of("advanceMillis", 10), 200);
            assertThat(stream.nextFor(c.student(1), PUSHED).json().get("steps").asInt()).isEqualTo(2);
        }
        assertThat(as(c.teacher, HttpMethod.GET, "/api/v1/courses/" + c.id + "/dashboard/events?assignmentId=" + UUID.randomUUID(), null,
                404).get("type").asString()).endsWith("/assignment-not-found");
    }

    @Test
    void stuckRules_perAssignment_readSetValidated_onlyByItsInstructors() {
        Class c = new Class(1);
        String basic = c.assign("handshake-basic");
        JsonNode defaults = as(c.teacher, HttpMethod.GET, c.rules(basic), null, 200);
        assertThat(defaults.get("own").asBoolean()).isFalse();
        assertThat(defaults.get("rules").get("repeatedRst").asInt()).isEqualTo(3);
        assertThat(defaults.get("rules").get("repeatedPrediction").asInt()).isEqualTo(2);

        // out of range, missing: 400 naming each field
        Map<String, Object> bad = new HashMap<>(Map.of("noProgressMinutes", 10, "repeatedRst", 1, "repeatedPrediction", 11,
                "idleMinutes", -1));
        var problem = client.put().uri(c.rules(basic)).headers(h -> h.setBearerAuth(c.teacher)).contentType(MediaType.APPLICATION_JSON)
                .body(Api.json().writeValueAsString(bad)).exchange().expectStatus().isBadRequest().expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).expectBody().returnResult().getResponseBody();
        String said = new String(problem, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(said).contains("repeatedRst", "repeatedPrediction", "idleMinutes", "noProgressSteps", "0 (off) or 2 to 20 ACKs");
        assertThat(as(c.teacher, HttpMethod.GET, c.rules(basic), null, 200).get("own").asBoolean()).isFalse();

        // the student and another course's instructor find no such thing
        Map<String, Object> good = Map.of("noProgressMinutes", 0, "noProgressSteps", 5, "repeatedRst", 0, "repeatedPrediction", 2,
                "idleMinutes", 2);
        Class other = new Class(0);
        for (String who : List.of(c.token(1), other.teacher)) {
            as(who, HttpMethod.GET, c.rules(basic), null, 404);
            as(who, HttpMethod.PUT, c.rules(basic), good, 404);
        }
        as(c.teacher, HttpMethod.GET, "/api/v1/courses/" + c.id + "/assignments/" + UUID.randomUUID() + "/stuck-rules", null, 404);

        JsonNode set = as(c.teacher, HttpMethod.PUT, c.rules(basic), good, 200);
        assertThat(set.get("own").asBoolean()).isTrue();
        assertThat(set.get("rules").get("idleMinutes").asInt()).isEqualTo(2);
        assertThat(c.view(basic).get("rules").valueStream().map(JsonNode::asString).toList()).containsExactly(
                "stuck: the same wrong prediction in 2 attempts", "stuck: no step for 2 min after starting a session");

        // the assignment's rules judge its rows: idle for 2 min is stuck, and three RSTs no longer are (that rule is off)
        String s = c.attempt(1, basic);
        clock.advance(Duration.ofMinutes(3));
        JsonNode idle = c.row(1, basic);
        assertThat(idle.get("status").asString()).isEqualTo("stuck");
        assertThat(idle.get("reason").asString()).isEqualTo("no step for 3 min after starting");
        long isn = serverIsn(send(c.token(1), s, List.of("SYN"), 1000, 0));
        for (int i = 0; i < 3; i++) {
            send(c.token(1), s, List.of("ACK"), 1001, isn);
        }
        assertThat(c.row(1, basic).get("status").asString()).isEqualTo("working");
    }

    @Test
    void theSameWrongPredictionInTwoAttempts_marksTheStudentStuck_withTheMistakeAsReason() {
        Class c = new Class(1);
        String basic = c.assign("handshake-basic");
        // in two attempts, with two ISNs: the SYN-ACK's ack predicted as the ISN itself (forgetting that a SYN takes a number)
        String second = null;
        for (long isn : new long[] {1000, 7000}) {
            if (second != null) {
                assertThat(c.row(1, basic).get("status").asString()).isEqualTo("working");
            }
            second = c.attempt(1, basic);
            as(c.token(1), HttpMethod.POST, "/api/v1/sessions/" + second + "/predictions", Map.of("predictionId", "synack-ack", "ack", isn),
                    201);
            send(c.token(1), second, List.of("SYN"), isn, 0);
        }
        JsonNode row = c.row(1, basic);
        assertThat(row.get("status").asString()).isEqualTo("stuck");
        assertThat(row.get("reason").asString())
                .isEqualTo("the same wrong prediction in 2 attempts: ack = your ISN instead of your ISN + 1 (synack-ack)");
        assertThat(row.get("sessionId").asString()).isEqualTo(second);
    }

    @Test
    void commonMistakes_perPrediction_countTheWrongAnswersByWhatTheyWere() {
        Class c = new Class(3);
        String basic = c.assign("handshake-basic");
        long[] said = {2000, 3000, 4001};
        for (int i = 1; i <= 3; i++) {
            String s = c.attempt(i, basic);
            // students 1 and 2 predict the ISN itself; student 3 the ISN + 1, right
            as(c.token(i), HttpMethod.POST, "/api/v1/sessions/" + s + "/predictions",
                    Map.of("predictionId", "synack-ack", "ack", said[i - 1]), 201);
            send(c.token(i), s, List.of("SYN"), i * 1000L + 1000, 0);
        }
        settled();
        JsonNode panel = as(c.teacher, HttpMethod.GET, "/api/v1/courses/" + c.id + "/dashboard/mistakes?assignmentId=" + basic, null,
                200);
        assertThat(panel.get("assignmentId").asString()).isEqualTo(basic);
        JsonNode p = panel.get("predictions").get(0);
        assertThat(p.get("predictionId").asString()).isEqualTo("synack-ack");
        assertThat(p.get("graded").asInt()).isEqualTo(3);
        assertThat(p.get("wrong").asInt()).isEqualTo(2);
        assertThat(p.get("percent").asInt()).isEqualTo(67);
        JsonNode typical = p.get("typical").get(0);
        assertThat(typical.get("field").asString()).isEqualTo("ack");
        assertThat(typical.get("label").asString()).isEqualTo("ack = your ISN instead of your ISN + 1");
        assertThat(typical.get("students").asInt()).isEqualTo(2);
        assertThat(typical.get("percent").asInt()).isEqualTo(67);
        assertThat(panel.get("predictions")).hasSize(1);
    }
}
