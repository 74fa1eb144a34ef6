package dev.handshakelab.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.handshakelab.account.Role;
import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import dev.handshakelab.support.TestAccounts;
import tools.jackson.databind.JsonNode;

/**
 * Assignments and scores over real HTTP: an instructor assigns, students attempt (wrongly, then
 * rightly, then again), the score is the best attempt's as graded by the server from the stored
 * history, the CSV says the same, and nobody outside the course finds anything.
 */
@ApiTest
class AssignmentApiTest {

    private static final AtomicInteger PEOPLE = new AtomicInteger();

    @Autowired
    RestTestClient client;

    @Autowired
    TestAccounts accounts;

    /** An account of the tests, its token, and an Api that sends it. */
    record User(String username, String token, Api api) {
        JsonNode get(String uri, int status) {
            return api.get(uri, status);
        }

        JsonNode post(String uri, Object body, int status) {
            return api.post(uri, body, status);
        }
    }

    /** A fresh account of the role. */
    private User as(String name, Role role) {
        String username = "asg-" + name + "-" + PEOPLE.incrementAndGet();
        String token = accounts.token(username, role);
        return new User(username, token, new Api(client.mutate().defaultHeaders(h -> h.setBearerAuth(token)).build()));
    }

    /** A course taught by {@code teacher} and attended by each of {@code students}: its id. */
    private static String course(User teacher, User... students) {
        JsonNode course = teacher.post("/api/v1/courses", Map.of("name", "Networks", "term", "2027"), 201);
        for (User s : students) {
            s.post("/api/v1/courses/join", Map.of("joinCode", course.get("joinCode").asString()), 200);
        }
        return course.get("id").asString();
    }

    private static JsonNode assign(User teacher, String course, String exercise, Instant due) {
        Map<String, Object> body = new HashMap<>();
        body.put("exerciseId", exercise);
        if (due != null) {
            body.put("dueAt", due.toString());
        }
        return teacher.post("/api/v1/courses/" + course + "/assignments", body, 201);
    }

    private static JsonNode startAttempt(User student, String course, JsonNode assignment) {
        return student.post("/api/v1/courses/" + course + "/assignments/" + assignment.get("id").asString() + "/attempts", Map.of(), 201);
    }

    private static long send(User api, String session, List<String> flags, long seq, long ack) {
        Map<String, Object> body = new HashMap<>();
        body.put("from", Map.of("port", 40000));
        body.put("to", Map.of("address", "10.0.0.2", "port", 80));
        body.put("flags", flags);
        body.put("seq", seq);
        body.put("ack", ack);
        body.put("window", 64240);
        body.put("options", List.of());
        JsonNode step = api.post("/api/v1/sessions/" + session + "/segments", body, 200);
        return step.get("replies").isEmpty() ? -1 : step.get("replies").get(0).get("seq").asLong();
    }

    /** Solves handshake-basic whole: both predictions made and right, every check passed (8 of 8). */
    private static void solveHandshake(User student, String session) {
        student.post("/api/v1/sessions/" + session + "/predictions", Map.of("predictionId", "synack-ack", "ack", 1001), 201);
        long isn = send(student, session, List.of("SYN"), 1000, 0);
        student.post("/api/v1/sessions/" + session + "/predictions",
                Map.of("predictionId", "third-ack-state", "state", "ESTABLISHED", "nothingComesBack", true), 201);
        send(student, session, List.of("ACK"), 1001, (isn + 1) & 0xFFFFFFFFL);
    }

    private static JsonNode mine(User student, String course, String exercise) {
        for (JsonNode a : student.get("/api/v1/courses/" + course + "/assignments", 200)) {
            if (a.get("exerciseId").asString().equals(exercise)) {
                return a.get("mine");
            }
        }
        throw new AssertionError("no assignment " + exercise);
    }

    private static JsonNode cell(JsonNode table, String username, String exercise) {
        for (JsonNode s : table.get("students")) {
            if (s.get("username").asString().equals(username)) {
                for (JsonNode c : s.get("scores")) {
                    if (c.get("exerciseId").asString().equals(exercise)) {
                        return c;
                    }
                }
            }
        }
        throw new AssertionError("no score of " + username + " for " + exercise + " in " + table);
    }

    @Test
    void theScoreIsTheBestAttemptsAndEveryAttemptIsKept() throws IOException {
        User teacher = as("teacher", Role.INSTRUCTOR);
        User co = as("co", Role.INSTRUCTOR);
        User ada = as("ada", Role.STUDENT);
        User bob = as("bob", Role.STUDENT);
        String course = course(teacher, ada, bob);
        teacher.post("/api/v1/courses/" + course + "/instructors", Map.of("username", co.username()), 200);
        JsonNode handshake = assign(teacher, course, "handshake-basic", Instant.now().plus(7, ChronoUnit.DAYS));
        assertThat(handshake.get("points").asInt()).isEqualTo(8); // 5 for the checks, 3 for the predictions
        assertThat(handshake.has("mine")).isFalse();
        assign(co, course, "closed-port", null); // a co-instructor assigns too

        JsonNode before = mine(ada, course, "handshake-basic");
        assertThat(before.get("status").asString()).isEqualTo("not-started");
        assertThat(before.get("attempts")).isEmpty();

        // attempt 1: no predictions, and acks the server's ISN itself, not ISN + 1 (2 of 8 points)
        JsonNode first = startAttempt(ada, course, handshake);
        assertThat(first.get("attemptNo").asInt()).isEqualTo(1);
        assertThat(first.get("late").asBoolean()).isFalse();
        String s1 = first.get("sessionId").asString();
        assertThat(ada.get("/api/v1/sessions/" + s1, 200).get("courseId").asString()).isEqualTo(course);
        long isn = send(ada, s1, List.of("SYN"), 1000, 0);
        send(ada, s1, List.of("ACK"), 1001, isn);
        assertThat(cell(teacher.get("/api/v1/courses/" + course + "/scores", 200), ada.username(), "handshake-basic").get("earned").asInt())
                .isEqualTo(2);

        // attempt 2 (a new attempt is how a student starts over): the SYN alone, then solved
        String s2 = startAttempt(ada, course, handshake).get("sessionId").asString();
        ada.post("/api/v1/sessions/" + s2 + "/predictions", Map.of("predictionId", "synack-ack", "ack", 1001), 201);
        send(ada, s2, List.of("SYN"), 1000, 0);
        JsonNode midway = mine(ada, course, "handshake-basic");
        // already ahead of attempt 1's 2 points: the SYN-ACK prediction (2) and the SYN's checks (2)
        assertThat(midway.get("best").get("attemptNo").asInt()).isEqualTo(2);
        assertThat(midway.get("best").get("earned").asInt()).isEqualTo(4);
        assertThat(midway.get("attempts").get(0).get("earned").asInt()).isEqualTo(2);
        assertThat(midway.get("status").asString()).isEqualTo("started");
        long isn2 = ada.get("/api/v1/sessions/" + s2 + "/history", 200).get("items").valueStream()
                .filter(e -> e.get("kind").asString().equals("segment-sent") && e.get("host").asString().equals("server"))
                .findFirst().orElseThrow().get("segment").get("seq").asLong();
        ada.post("/api/v1/sessions/" + s2 + "/predictions",
                Map.of("predictionId", "third-ack-state", "state", "ESTABLISHED", "nothingComesBack", true), 201);
        send(ada, s2, List.of("ACK"), 1001, (isn2 + 1) & 0xFFFFFFFFL); // graded again: the session has a new step

        // attempt 3: started and left alone; the best stays attempt 2
        assertThat(startAttempt(ada, course, handshake).get("attemptNo").asInt()).isEqualTo(3);

        JsonNode mine = mine(ada, course, "handshake-basic");
        assertThat(mine.get("status").asString()).isEqualTo("completed");
        assertThat(mine.get("attempts")).hasSize(3);
        assertThat(mine.get("attempts").valueStream().map(a -> a.get("earned").asInt()).toList()).containsExactly(2, 8, 0);
        assertThat(mine.get("best").get("sessionId").asString()).isEqualTo(s2);
        assertThat(mine.get("best").get("parts").get("checks").get("earned").asInt()).isEqualTo(5);
        assertThat(mine.get("best").get("parts").get("predictions").get("earned").asInt()).isEqualTo(3);
        assertThat(mine.get("best").get("current").asBoolean()).isTrue();
        // every attempt is kept: the first is still there and still graded 2
        assertThat(ada.get("/api/v1/sessions/" + s1 + "/grade", 200).get("earned").asInt()).isEqualTo(2);

        for (User instructor : List.of(teacher, co)) {
            JsonNode table = instructor.get("/api/v1/courses/" + course + "/scores", 200);
            assertThat(table.get("assignments").valueStream().map(a -> a.get("exerciseId").asString()).toList())
                    .containsExactly("handshake-basic", "closed-port");
            JsonNode adaHandshake = cell(table, ada.username(), "handshake-basic");
            assertThat(adaHandshake.get("earned").asInt()).isEqualTo(8);
            assertThat(adaHandshake.get("attempts").asInt()).isEqualTo(3);
            assertThat(adaHandshake.get("status").asString()).isEqualTo("completed");
            assertThat(adaHandshake.get("bestSessionId").asString()).isEqualTo(s2);
            JsonNode bobHandshake = cell(table, bob.username(), "handshake-basic");
            assertThat(bobHandshake.get("status").asString()).isEqualTo("not-started");
            assertThat(bobHandshake.get("earned").isNull()).isTrue();
            assertThat(bobHandshake.get("points").asInt()).isEqualTo(8);
            JsonNode summary = table.get("exercises").get(0);
            assertThat(summary.get("students").asInt()).isEqualTo(2);
            assertThat(summary.get("attempted").asInt()).isEqualTo(1);
            assertThat(summary.get("completed").asInt()).isEqualTo(1);
            assertThat(summary.get("meanEarned").asDouble()).isEqualTo(8.0);
        }

        // the CSV says the same, one line per student and assignment
        var answer = client.get().uri("/api/v1/courses/" + course + "/scores.csv")
                .headers(h -> h.setBearerAuth(teacher.token())).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("text/csv"))
                .expectHeader().valueMatches("Content-Disposition", "attachment; filename=\"scores-.*\\.csv\"")
                .expectBody(String.class).returnResult().getResponseBody();
        List<CSVRecord> lines = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(answer)).getRecords();
        assertThat(lines).hasSize(4);
        CSVRecord adaLine = lines.stream().filter(r -> r.get("username").equals(ada.username()) && r.get("exercise_id").equals("handshake-basic"))
                .findFirst().orElseThrow();
        assertThat(adaLine.get("earned")).isEqualTo("8");
        assertThat(adaLine.get("points")).isEqualTo("8");
        assertThat(adaLine.get("attempts")).isEqualTo("3");
        assertThat(adaLine.get("status")).isEqualTo("completed");
        assertThat(adaLine.get("late")).isEqualTo("false");
        assertThat(adaLine.get("title")).isEqualTo("The three-way handshake by hand");
        assertThat(adaLine.get("best_session_id")).isEqualTo(s2);
        CSVRecord bobLine = lines.stream().filter(r -> r.get("username").equals(bob.username()) && r.get("exercise_id").equals("closed-port"))
                .findFirst().orElseThrow();
        assertThat(bobLine.get("status")).isEqualTo("not-started");
        assertThat(bobLine.get("earned")).isEmpty();
    }

    @Test
    void pastTheDueDateAnAttemptIsAllowedAndMarkedLate() {
        User teacher = as("teacher", Role.INSTRUCTOR);
        User cy = as("cy", Role.STUDENT);
        String course = course(teacher, cy);
        JsonNode handshake = assign(teacher, course, "handshake-basic", Instant.now().minus(1, ChronoUnit.HOURS));
        JsonNode attempt = startAttempt(cy, course, handshake);
        assertThat(attempt.get("late").asBoolean()).isTrue();
        solveHandshake(cy, attempt.get("sessionId").asString());
        JsonNode mine = mine(cy, course, "handshake-basic");
        assertThat(mine.get("status").asString()).isEqualTo("completed");
        assertThat(mine.get("best").get("late").asBoolean()).isTrue();
        JsonNode score = cell(teacher.get("/api/v1/courses/" + course + "/scores", 200), cy.username(), "handshake-basic");
        assertThat(score.get("earned").asInt()).isEqualTo(8);
        assertThat(score.get("late").asBoolean()).isTrue();
        assertThat(score.get("onTimeEarned").isNull()).isTrue();
    }

    @Test
    void anInstructorsResetIsTheStudentsNextAttempt_gradedLikeTheOthers() {
        User teacher = as("teacher", Role.INSTRUCTOR);
        User dee = as("dee", Role.STUDENT);
        String course = course(teacher, dee);
        JsonNode handshake = assign(teacher, course, "handshake-basic", null);
        String first = startAttempt(dee, course, handshake).get("sessionId").asString();
        send(dee, first, List.of("SYN"), 1000, 0);

        // the student is stuck; the instructor starts the session over for them
        String fresh = teacher.post("/api/v1/sessions/" + first + "/reset", Map.of(), 201).get("id").asString();
        assertThat(dee.get("/api/v1/sessions/" + first, 200).get("replacedBy").asString()).isEqualTo(fresh);
        assertThat(dee.get("/api/v1/sessions/" + fresh + "/exercise", 200).get("id").asString()).isEqualTo("handshake-basic");
        JsonNode midway = mine(dee, course, "handshake-basic");
        assertThat(midway.get("attempts").valueStream().map(a -> a.get("attemptNo").asInt()).toList()).containsExactly(1, 2);
        assertThat(midway.get("attempts").get(1).get("sessionId").asString()).isEqualTo(fresh);
        assertThat(midway.get("attempts").get(1).get("earned").asInt()).isZero();

        solveHandshake(dee, fresh);
        assertThat(dee.get("/api/v1/sessions/" + fresh + "/grade", 200).get("earned").asInt()).isEqualTo(8);
        JsonNode mine = mine(dee, course, "handshake-basic");
        assertThat(mine.get("best").get("sessionId").asString()).isEqualTo(fresh);
        assertThat(mine.get("best").get("attemptNo").asInt()).isEqualTo(2);
        assertThat(cell(teacher.get("/api/v1/courses/" + course + "/scores", 200), dee.username(), "handshake-basic").get("earned").asInt())
                .isEqualTo(8);
        // the next attempt the student starts is numbered after the reset one
        assertThat(startAttempt(dee, course, handshake).get("attemptNo").asInt()).isEqualTo(3);
    }

    @Test
    void aStudentSeesOnlyTheirOwnScores_andOutsidersFindNoCourse() {
        User teacher = as("teacher", Role.INSTRUCTOR);
        User other = as("other-teacher", Role.INSTRUCTOR);
        User ada = as("ada", Role.STUDENT);
        User bob = as("bob", Role.STUDENT);
        User stranger = as("stranger", Role.STUDENT);
        String course = course(teacher, ada, bob);
        String otherCourse = course(other, stranger);
        JsonNode handshake = assign(teacher, course, "handshake-basic", null);
        JsonNode elsewhere = assign(other, otherCourse, "closed-port", null);
        solveHandshake(bob, startAttempt(bob, course, handshake).get("sessionId").asString());

        JsonNode own = ada.get("/api/v1/courses/" + course + "/scores", 200);
        assertThat(own.get("students")).hasSize(1);
        assertThat(own.get("students").get(0).get("username").asString()).isEqualTo(ada.username());
        assertThat(own.has("exercises")).isFalse();
        assertThat(own.toString()).doesNotContain(bob.username());

        String base = "/api/v1/courses/" + course;
        String start = base + "/assignments/" + handshake.get("id").asString() + "/attempts";
        // a student does not assign and does not export
        assertThat(ada.post(base + "/assignments", Map.of("exerciseId", "closed-port"), 404).get("type").asString())
                .endsWith("/course-not-found");
        ada.get(base + "/scores.csv", 404);
        // an instructor of another course, and a student of another course: no such course
        for (User outsider : List.of(other, stranger)) {
            outsider.get(base + "/assignments", 404);
            outsider.get(base + "/scores", 404);
            outsider.get(base + "/scores.csv", 404);
            outsider.post(start, Map.of(), 404);
            outsider.post(base + "/assignments", Map.of("exerciseId", "closed-port"), 404);
        }
        // an assignment of another course is not found through this one
        ada.post(base + "/assignments/" + elsewhere.get("id").asString() + "/attempts", Map.of(), 404);
        ada.post(base + "/assignments/not-a-uuid/attempts", Map.of(), 404);
        // the instructor tries exercises elsewhere: their attempts would not be a student's score
        teacher.post(start, Map.of(), 404);
        // and the student's own best is unchanged by any of it
        assertThat(cell(teacher.get(base + "/scores", 200), bob.username(), "handshake-basic").get("earned").asInt()).isEqualTo(8);
    }

    @Test
    void badAssignmentsAreRefusedNamingTheField() {
        User teacher = as("teacher", Role.INSTRUCTOR);
        String course = course(teacher);
        String uri = "/api/v1/courses/" + course + "/assignments";
        assertThat(teacher.post(uri, Map.of("exerciseId", "no-such"), 400).toString()).contains("exerciseId").contains("known exercise");
        assign(teacher, course, "closed-port", null);
        assertThat(teacher.post(uri, Map.of("exerciseId", "closed-port"), 400).toString()).contains("exerciseId")
                .contains("already assigned");
        assertThat(teacher.post(uri, Map.of("exerciseId", "handshake-basic", "dueAt", "next tuesday"), 400).toString()).contains("dueAt");
        assertThat(teacher.post(uri, Map.of(), 400).toString()).contains("exerciseId");
        assertThat(teacher.post(uri, Map.of("exerciseId", "handshake-basic", "dueAt", "+999999999-12-31T23:59:59Z"), 400).toString())
                .contains("dueAt").contains("between 2000 and 9999");
        assertThat(teacher.get(uri, 200)).hasSize(1);
    }
}
