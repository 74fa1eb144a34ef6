package dev.handshakelab.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.handshakelab.account.Role;
import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import dev.handshakelab.support.TestAccounts;
import dev.handshakelab.support.Visitor;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Authored exercises over real HTTP: an instructor copies a built-in, edits it (version 2),
 * assigns it, and the course keeps the version it assigned: the student's attempt runs it and is
 * graded by it. Definitions are validated as the built-in files are, naming the field and the
 * rule; nobody but the author (and admins) finds an authored exercise.
 */
@ApiTest
class AuthoringApiTest {

    private static final AtomicInteger PEOPLE = new AtomicInteger();

    @Autowired
    RestTestClient client;

    @Autowired
    TestAccounts accounts;

    @LocalServerPort
    int port;

    private Api as(String name, Role role) {
        String token = accounts.token(name + "-" + PEOPLE.incrementAndGet(), role);
        return new Api(client.mutate().defaultHeaders(h -> h.setBearerAuth(token)).build());
    }

    private static String username(Api api) {
        return api.get("/api/v1/auth/me", 200).get("account").get("username").asString();
    }

    private static String newId(String stem) {
        return stem + "-" + PEOPLE.incrementAndGet();
    }

    /** A course taught by {@code teacher}, attended by {@code student}: its id. */
    private static String course(Api teacher, Api student) {
        JsonNode course = teacher.post("/api/v1/courses", Map.of("name", "Networks", "term", "2027"), 201);
        student.post("/api/v1/courses/join", Map.of("joinCode", course.get("joinCode").asString()), 200);
        return course.get("id").asString();
    }

    /** Sends a bare segment from 10.0.0.1:40000 to the server; the first reply's seq, or -1. */
    private static long segment(Api student, String session, String flag, long seq, long ack) {
        Map<String, Object> body = new HashMap<>(Map.of("from", Map.of("port", 40000), "to", Map.of("address", "10.0.0.2", "port", 80),
                "flags", List.of(flag), "seq", seq, "ack", ack, "window", 64240, "options", List.of()));
        JsonNode replies = student.post("/api/v1/sessions/" + session + "/segments", body, 200).get("replies");
        return replies.isEmpty() ? -1 : replies.get(0).get("seq").asLong();
    }

    /** The copied handshake solved right: both predictions, then SYN and the right third ACK. */
    private static void solve(Api student, String session) {
        student.post("/api/v1/sessions/" + session + "/predictions", Map.of("predictionId", "synack-ack", "ack", 5001), 201);
        long isn = segment(student, session, "SYN", 5000, 0);
        student.post("/api/v1/sessions/" + session + "/predictions",
                Map.of("predictionId", "third-ack-state", "state", "ESTABLISHED", "nothingComesBack", true), 201);
        segment(student, session, "ACK", 5001, (isn + 1) & 0xFFFFFFFFL);
    }

    @Test
    void aCourseKeepsTheVersionItAssigned_andItsStudentsAreGradedByIt() {
        Api teacher = as("author", Role.INSTRUCTOR);
        Api student = as("learner", Role.STUDENT);
        String id = newId("handshake-tuesday");

        // a copy of a built-in: version 1 of a new exercise, the built-in's definition under the new id and title
        JsonNode v1 = teacher.post("/api/v1/exercises/handshake-basic/copies", Map.of("id", id, "title", "The handshake, Tuesday"), 201);
        assertThat(v1.get("id").asString()).isEqualTo(id);
        assertThat(v1.get("version").asInt()).isEqualTo(1);
        assertThat(v1.get("copiedFrom").asString()).isEqualTo("handshake-basic");
        assertThat(v1.get("owner").asString()).isEqualTo(username(teacher));
        assertThat(v1.get("definition").get("title").asString()).isEqualTo("The handshake, Tuesday");
        assertThat(v1.get("exercise").get("points").asInt()).isEqualTo(8);
        assertThat(v1.get("exercise").get("instructionsHtml").asString()).contains("<strong>by hand</strong>");

        // assigned now: the course pins version 1
        String courseId = course(teacher, student);
        JsonNode assignment = teacher.post("/api/v1/courses/" + courseId + "/assignments", Map.of("exerciseId", id), 201);
        assertThat(assignment.get("exerciseVersion").asInt()).isEqualTo(1);
        assertThat(assignment.get("points").asInt()).isEqualTo(8);

        // an edit: a new title, the first check worth 10, and a check nobody passes here (no RST is ever sent)
        ObjectNode edited = (ObjectNode) v1.get("definition").deepCopy();
        edited.put("title", "The handshake, Tuesday (revised)");
        ((ObjectNode) edited.get("checks").get(0)).put("points", 10);
        ((ArrayNode) edited.get("checks")).add(Api.json().readTree("""
                {"id":"rst","title":"The server resets","steps":[{"where":{"kind":"segment-sent","host":"server","segment.flags":{"has":"RST"}}}]}"""));
        JsonNode v2 = teacher.put("/api/v1/authored-exercises/" + id, edited, 200);
        assertThat(v2.get("version").asInt()).isEqualTo(2);
        assertThat(v2.get("latestVersion").asInt()).isEqualTo(2);
        assertThat(v2.get("exercise").get("points").asInt()).isEqualTo(8 - 2 + 10 + 1);
        assertThat(teacher.get("/api/v1/authored-exercises/" + id, 200).get("definition").get("title").asString())
                .isEqualTo("The handshake, Tuesday (revised)");
        JsonNode history = teacher.get("/api/v1/authored-exercises/" + id + "/versions", 200);
        assertThat(history.valueStream().map(v -> v.get("version").asInt()).toList()).containsExactly(1, 2);
        assertThat(history.valueStream().map(v -> v.get("title").asString()).toList())
                .containsExactly("The handshake, Tuesday", "The handshake, Tuesday (revised)");
        assertThat(history.get(0).get("author").asString()).isEqualTo(username(teacher));
        assertThat(teacher.get("/api/v1/authored-exercises/" + id + "/versions/1", 200).get("definition"))
                .isEqualTo(v1.get("definition"));
        assertThat(teacher.get("/api/v1/authored-exercises", 200).valueStream()
                .filter(s -> s.get("id").asString().equals(id)).findFirst().orElseThrow().get("version").asInt()).isEqualTo(2);

        // the course still gets version 1: the list, the attempt's exercise, its grade and its score
        JsonNode listed = student.get("/api/v1/courses/" + courseId + "/assignments", 200).get(0);
        assertThat(listed.get("exerciseVersion").asInt()).isEqualTo(1);
        assertThat(listed.get("title").asString()).isEqualTo("The handshake, Tuesday");
        String session = student.post("/api/v1/courses/" + courseId + "/assignments/" + assignment.get("id").asString() + "/attempts",
                Map.of(), 201).get("sessionId").asString();
        JsonNode exercise = student.get("/api/v1/sessions/" + session + "/exercise", 200);
        assertThat(exercise.get("version").asInt()).isEqualTo(1);
        assertThat(exercise.get("title").asString()).isEqualTo("The handshake, Tuesday");
        solve(student, session);
        JsonNode grade = student.get("/api/v1/sessions/" + session + "/grade", 200);
        assertThat(grade.get("exerciseId").asString()).isEqualTo(id);
        assertThat(grade.get("exerciseVersion").asInt()).isEqualTo(1);
        assertThat(grade.get("checks").valueStream().map(c -> c.get("id").asString()).toList()).doesNotContain("rst");
        assertThat(grade.get("earned").asInt()).isEqualTo(8);
        assertThat(grade.get("points").asInt()).isEqualTo(8);
        JsonNode cell = teacher.get("/api/v1/courses/" + courseId + "/scores", 200).get("students").get(0).get("scores").get(0);
        assertThat(cell.get("status").asString()).isEqualTo("completed");
        assertThat(cell.get("earned").asInt()).isEqualTo(8);
        assertThat(cell.get("points").asInt()).isEqualTo(8);

        // the instructor moves the assignment to version 2: a new attempt runs it, the first keeps version 1 and its 8 of 8
        String move = "/api/v1/courses/" + courseId + "/assignments/" + assignment.get("id").asString();
        assertThat(firstError(teacher.patch(move, Map.of("exerciseVersion", 3), 400)).get("rule").asString()).isEqualTo("existing version");
        Api co = as("co", Role.INSTRUCTOR);
        teacher.post("/api/v1/courses/" + courseId + "/instructors", Map.of("username", username(co)), 200);
        assertThat(firstError(co.patch(move, Map.of("exerciseVersion", 2), 400)).get("rule").asString()).isEqualTo("your exercise");
        student.patch(move, Map.of("exerciseVersion", 2), 404);
        assertThat(teacher.patch(move, Map.of("exerciseVersion", 2), 200).get("exerciseVersion").asInt()).isEqualTo(2);
        String again = student.post(move + "/attempts", Map.of(), 201).get("sessionId").asString();
        assertThat(student.get("/api/v1/sessions/" + again + "/grade", 200).get("points").asInt()).isEqualTo(17);
        assertThat(student.get("/api/v1/sessions/" + session + "/grade", 200).get("exerciseVersion").asInt()).isEqualTo(1);
        JsonNode mine = student.get("/api/v1/courses/" + courseId + "/assignments", 200).get(0).get("mine");
        assertThat(mine.get("attempts").valueStream().map(t -> t.get("points").asInt()).toList()).containsExactly(8, 17);
        assertThat(mine.get("best").get("earned").asInt()).isEqualTo(8);
        JsonNode builtIn = teacher.post("/api/v1/courses/" + courseId + "/assignments", Map.of("exerciseId", "closed-port"), 201);
        assertThat(firstError(teacher.patch("/api/v1/courses/" + courseId + "/assignments/" + builtIn.get("id").asString(),
                Map.of("exerciseVersion", 1), 400)).get("rule").asString()).isEqualTo("authored exercise");

        // a course that assigns it now gets version 2, graded by version 2's checks
        Api other = as("learner2", Role.STUDENT);
        String later = course(teacher, other);
        JsonNode second = teacher.post("/api/v1/courses/" + later + "/assignments", Map.of("exerciseId", id), 201);
        assertThat(second.get("exerciseVersion").asInt()).isEqualTo(2);
        String secondSession = other.post("/api/v1/courses/" + later + "/assignments/" + second.get("id").asString() + "/attempts",
                Map.of(), 201).get("sessionId").asString();
        solve(other, secondSession);
        JsonNode secondGrade = other.get("/api/v1/sessions/" + secondSession + "/grade", 200);
        assertThat(secondGrade.get("exerciseVersion").asInt()).isEqualTo(2);
        assertThat(secondGrade.get("points").asInt()).isEqualTo(17);
        assertThat(secondGrade.get("earned").asInt()).isEqualTo(16);
        assertThat(secondGrade.get("checks").valueStream().filter(c -> c.get("id").asString().equals("rst")).findFirst().orElseThrow()
                .get("passed").asBoolean()).isFalse();
    }

    /** A small exercise written from nothing: one check, no predictions. */
    private static ObjectNode fresh(String id) {
        return (ObjectNode) Api.json().readTree("""
                {"id":"%s","order":50,"title":"Closed port","learningGoal":"A SYN to a closed port is answered with an RST.",
                 "instructions":"Send a SYN to port **81**. <script>alert(1)</script>","template":"basic-handshake",
                 "hints":["Nothing listens on 81."],
                 "checks":[{"id":"rst","title":"The server answers with an RST","points":3,
                   "steps":[{"where":{"kind":"segment-sent","host":"server","segment.flags":{"has":"RST"}}}]}]}""".formatted(id));
    }

    private static JsonNode firstError(JsonNode problem) {
        return problem.get("errors").get(0);
    }

    @Test
    void aDefinitionIsValidatedAsAFileIs_namingTheFieldAndTheRule() {
        Api teacher = as("writer", Role.INSTRUCTOR);
        String id = newId("closed-port-mine");
        JsonNode created = teacher.post("/api/v1/authored-exercises", fresh(id), 201);
        assertThat(created.get("version").asInt()).isEqualTo(1);
        assertThat(created.has("copiedFrom")).isFalse();
        assertThat(created.get("exercise").get("points").asInt()).isEqualTo(3);
        assertThat(created.get("exercise").get("instructionsHtml").asString()).contains("<strong>81</strong>").contains("&lt;script&gt;")
                .doesNotContain("<script>");

        String other = newId("broken");
        ObjectNode brokenCheck = fresh(other);
        ((ObjectNode) brokenCheck.get("checks").get(0).get("steps").get(0).get("where")).set("kind", Api.json().readTree("{\"like\":\"x\"}"));
        JsonNode error = firstError(teacher.post("/api/v1/authored-exercises", brokenCheck, 400));
        assertThat(error.get("field").asString()).isEqualTo("checks[0].steps[0].where.kind.like");
        assertThat(error.get("rule").asString()).isEqualTo("check language");
        assertThat(error.get("message").asString()).contains("unknown operator 'like'");

        error = firstError(teacher.post("/api/v1/authored-exercises", fresh(other).put("template", "no-such-template"), 400));
        assertThat(error.get("field").asString()).isEqualTo("template");
        assertThat(error.get("rule").asString()).isEqualTo("known template");

        error = firstError(teacher.post("/api/v1/authored-exercises", fresh(other).put("order", "first"), 400));
        assertThat(error.get("field").asString()).isEqualTo("order");
        assertThat(error.get("rule").asString()).isEqualTo("type");

        ObjectNode untitled = fresh(other);
        untitled.remove("title");
        error = firstError(teacher.post("/api/v1/authored-exercises", untitled, 400));
        assertThat(error.get("field").asString()).isEqualTo("title");
        assertThat(error.get("rule").asString()).isEqualTo("required");

        error = firstError(teacher.post("/api/v1/authored-exercises", fresh(other).put("colour", "red"), 400));
        assertThat(error.get("rule").asString()).isEqualTo("additionalProperties");
        assertThat(error.get("message").asString()).contains("colour");

        // the id is one namespace with the built-ins and with every authored exercise
        error = firstError(teacher.post("/api/v1/authored-exercises", fresh("handshake-basic"), 400));
        assertThat(error.get("field").asString()).isEqualTo("id");
        assertThat(error.get("rule").asString()).isEqualTo("unique");
        assertThat(firstError(teacher.post("/api/v1/exercises/handshake-basic/copies", Map.of("id", id), 400)).get("rule").asString())
                .isEqualTo("unique");
        assertThat(firstError(teacher.post("/api/v1/exercises/handshake-basic/copies", Map.of("id", "Not An Id"), 400)).get("field")
                .asString()).isEqualTo("id");

        // an edit is validated the same way, keeps the id, and a refused edit stores nothing
        error = firstError(teacher.put("/api/v1/authored-exercises/" + id, fresh(id).put("template", "nope"), 400));
        assertThat(error.get("field").asString()).isEqualTo("template");
        error = firstError(teacher.put("/api/v1/authored-exercises/" + id, fresh(other), 400));
        assertThat(error.get("field").asString()).isEqualTo("id");
        assertThat(error.get("rule").asString()).isEqualTo("unchanged");
        assertThat(teacher.get("/api/v1/authored-exercises/" + id + "/versions", 200)).hasSize(1);
        assertThat(teacher.get("/api/v1/authored-exercises/" + id + "/versions/2", 404).get("type").asString()).endsWith("/version-not-found");
    }

    @Test
    void nobodyButTheAuthorAndAdminsFindsIt_andAStudentOnlyThroughTheirCourse() {
        Api author = as("owner", Role.INSTRUCTOR);
        Api colleague = as("colleague", Role.INSTRUCTOR);
        Api student = as("pupil", Role.STUDENT);
        Api admin = as("root", Role.ADMIN);
        String id = newId("private");
        author.post("/api/v1/authored-exercises", fresh(id), 201);
        String base = "/api/v1/authored-exercises/" + id;

        for (Api someone : List.of(colleague, student)) {
            assertThat(someone.get(base, 404).get("type").asString()).endsWith("/exercise-not-found");
            someone.put(base, fresh(id).put("title", "mine now"), 404);
            someone.get(base + "/versions", 404);
            someone.get(base + "/versions/1", 404);
            someone.get("/api/v1/exercises/" + id, 404);
            someone.post("/api/v1/exercises/" + id + "/attempts", Map.of(), 404);
            assertThat(someone.get("/api/v1/authored-exercises", 200).valueStream().map(e -> e.get("id").asString())).doesNotContain(id);
        }
        colleague.post("/api/v1/exercises/" + id + "/copies", Map.of("id", newId("stolen")), 404);
        // a student writes no exercises, and copies none
        student.post("/api/v1/authored-exercises", fresh(newId("students")), 404);
        student.post("/api/v1/exercises/handshake-basic/copies", Map.of("id", newId("students-copy")), 404);
        // nor does someone without an account
        var anonymous = new Visitor("http://127.0.0.1:" + port).get("/api/v1/authored-exercises");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type").orElse("")).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);

        // a colleague teaching a course cannot assign it: to them it is no exercise
        String colleaguesCourse = colleague.post("/api/v1/courses", Map.of("name", "Other", "term", "2027"), 201).get("id").asString();
        assertThat(firstError(colleague.post("/api/v1/courses/" + colleaguesCourse + "/assignments", Map.of("exerciseId", id), 400))
                .get("field").asString()).isEqualTo("exerciseId");

        // the author tries it, and copies it; an admin reads and edits it
        author.get("/api/v1/exercises/" + id, 200);
        author.post("/api/v1/exercises/" + id + "/attempts", Map.of(), 201);
        assertThat(author.post("/api/v1/exercises/" + id + "/copies", Map.of("id", newId("private-copy")), 201).get("copiedFrom").asString())
                .isEqualTo(id + "@1");
        admin.get(base, 200);
        JsonNode byAdmin = admin.put(base, fresh(id).put("title", "Closed port (fixed by an admin)"), 200);
        assertThat(byAdmin.get("author").asString()).isEqualTo(username(admin));
        assertThat(byAdmin.get("owner").asString()).isEqualTo(username(author));

        // the student meets it through an assignment, and solves it through the API
        String courseId = course(author, student);
        JsonNode assignment = author.post("/api/v1/courses/" + courseId + "/assignments", Map.of("exerciseId", id), 201);
        assertThat(assignment.get("exerciseVersion").asInt()).isEqualTo(2);
        String session = student.post("/api/v1/courses/" + courseId + "/assignments/" + assignment.get("id").asString() + "/attempts",
                Map.of(), 201).get("sessionId").asString();
        assertThat(student.get("/api/v1/sessions/" + session + "/exercise", 200).get("title").asString())
                .isEqualTo("Closed port (fixed by an admin)");
        student.get("/api/v1/exercises/" + id, 404);
        colleague.get("/api/v1/sessions/" + session + "/exercise", 404);
        assertThat(student.get("/api/v1/sessions/" + session + "/grade", 200).get("earned").asInt()).isZero();
        Map<String, Object> syn = Map.of("from", Map.of("port", 40000), "to", Map.of("address", "10.0.0.2", "port", 81),
                "flags", List.of("SYN"), "seq", 1, "options", List.of());
        student.post("/api/v1/sessions/" + session + "/segments", syn, 200);
        JsonNode grade = student.get("/api/v1/sessions/" + session + "/grade", 200);
        assertThat(grade.get("checks").get(0).get("passed").asBoolean()).isTrue();
        assertThat(grade.get("earned").asInt()).isEqualTo(3);
    }
}
