package dev.handshakelab.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.PostgresTestServer;
import dev.handshakelab.support.RunningApp;
import dev.handshakelab.support.Visitor;
import tools.jackson.databind.JsonNode;

/**
 * Nobody reaches what an account owns. Account A (an instructor, so that she owns a session, a
 * token, a course with a student) is set up; then every operation of the app's own OpenAPI
 * document is called with A's ids in its path, as another student B, as a guest and as a visitor
 * with no credentials at all. Every one must answer 404 (or 401 where an account is needed), and
 * afterwards everything of A's reads exactly as before. The operations come from the document, so
 * an endpoint added later is covered without editing this test; a path variable it does not know
 * fails the test, naming the variable to give a value of A's.
 *
 * <p>Over real HTTP, on H2 and on the PostgreSQL server {@code ./mvnw verify} starts.
 */
class IsolationTest {

    private static final String ADMIN_PASSWORD = "isolation-admin-password";
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void nobodyElseReachesAnythingOfAnAccount(String database) throws Exception {
        String admin = "--handshake-lab.initial-admin.password=" + ADMIN_PASSWORD;
        RunningApp app;
        if (database.equals("H2")) {
            app = RunningApp.onH2("jdbc:h2:mem:isolation-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", admin);
        } else {
            String url = PostgresTestServer.url();
            assumeTrue(url != null, () -> "PostgreSQL tests skipped: " + PostgresTestServer.whyUnavailable());
            app = RunningApp.onPostgres(url, admin);
        }
        try (app) {
            String base = app.base();
            Visitor root = Visitor.browser(base).signIn("admin", ADMIN_PASSWORD);
            Visitor a = Visitor.withToken(base, tokenOf(base, root, "alice-" + database.toLowerCase(), "INSTRUCTOR"));
            Visitor b = Visitor.withToken(base, tokenOf(base, root, "bob-" + database.toLowerCase(), "STUDENT"));

            // A's things: a session with a step, a second token, a course with a student
            String session = a.json(created(a.post("/api/v1/sessions", "{\"name\":\"alice's lab\",\"seed\":7}"))).get("id").asString();
            ok(a.post("/api/v1/sessions/" + session + "/segments",
                    "{\"from\":{\"port\":40000},\"flags\":[\"SYN\"],\"seq\":1000}"));
            String tokenId = a.json(created(a.post("/api/v1/account/tokens", "{\"name\":\"second\"}"))).get("id").asString();
            JsonNode course = a.json(created(a.post("/api/v1/courses", "{\"name\":\"Networks\",\"term\":\"2027\"}")));
            String courseId = course.get("id").asString();
            JsonNode roster = a.json(ok(a.post("/api/v1/courses/" + courseId + "/roster",
                    "{\"csv\":\"carol-" + database.toLowerCase() + ",Carol\"}")));
            String carol = root.json(ok(root.get("/api/v1/admin/users?size=500"))).get("items").valueStream()
                    .filter(u -> u.get("username").asString().equals(roster.get("rows").get(0).get("username").asString()))
                    .findFirst().orElseThrow().get("id").asString();
            String assignmentId = a.json(created(a.post("/api/v1/courses/" + courseId + "/assignments",
                    "{\"exerciseId\":\"handshake-basic\"}"))).get("id").asString();
            // an exercise A wrote (its definition: the documented example of a new one)
            String authoredId = a.json(created(a.post("/api/v1/authored-exercises", example("createAuthoredExercise"))))
                    .get("id").asString();
            // assigned to A's course (version 1), then edited: version 2
            created(a.post("/api/v1/courses/" + courseId + "/assignments", "{\"exerciseId\":\"" + authoredId + "\"}"));
            assertThat(a.json(ok(a.send("PUT", "/api/v1/authored-exercises/" + authoredId, example("editAuthoredExercise"),
                    "application/json"))).get("version").asInt()).isEqualTo(2);
            Map<String, String> ids = Map.of("id", session, "connectionId", "10.0.0.1:40000-10.0.0.2:80", "tokenId", tokenId,
                    "courseId", courseId, "userId", carol, "exerciseId", "handshake-basic", "assignmentId", assignmentId,
                    "authoredId", authoredId, "version", "1");

            Map<String, String> before = snapshot(a, root, session, courseId);
            String authoredBefore = ok(a.get("/api/v1/authored-exercises/" + authoredId + "/versions")).body();

            Visitor guest = Visitor.browser(base);
            created(guest.post("/api/v1/sessions", "{\"name\":\"a guest's own\"}"));
            assertThat(guest.cookie("HL_GUEST")).as("the guest has its cookie").isPresent();
            Map<String, Visitor> others = new LinkedHashMap<>();
            others.put("student B", b);
            others.put("a guest", guest);
            others.put("no credentials", Visitor.browser(base));

            JsonNode doc = Api.json().readTree(ok(a.get("/v3/api-docs")).body());
            List<String> wrong = new ArrayList<>();
            int calls = 0;
            for (var path : (Iterable<Map.Entry<String, JsonNode>>) doc.get("paths").properties()::iterator) {
                for (var operation : (Iterable<Map.Entry<String, JsonNode>>) path.getValue().properties()::iterator) {
                    String method = operation.getKey().toUpperCase();
                    JsonNode op = operation.getValue();
                    String uri = fill(path.getKey(), ids) + query(op);
                    // the exercise catalogue is everyone's: an exercise id names nothing of A's
                    boolean namesSomething = VARIABLE.matcher(path.getKey().replace("{exerciseId}", "")).find();
                    // the documented example for a JSON body; for a file upload (a capture), bytes that are none
                    String type = op.has("requestBody") ? op.get("requestBody").get("content").propertyNames().iterator().next() : null;
                    JsonNode example = type == null ? null : op.get("requestBody").get("content").get(type).get("example");
                    String body = type == null ? null : example != null ? example.toString() : "not a file of this kind";
                    String accept = accept(op);
                    for (var other : others.entrySet()) {
                        HttpResponse<String> r = other.getValue().send(method, uri, body, type, accept);
                        calls++;
                        int status = r.statusCode();
                        // 401 only for those without an account, on operations that need one
                        boolean fine = namesSomething
                                ? status == 404 || status == 401 && !other.getKey().equals("student B")
                                : status < 500;
                        if (!fine) {
                            wrong.add(other.getKey() + ": " + method + " " + uri + " answered " + status + " " + r.body());
                        } else if (status >= 400 && !r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                            wrong.add(other.getKey() + ": " + method + " " + uri + " refused without a problem document");
                        }
                    }
                }
            }
            assertThat(wrong).as("operations that let someone else reach A's things").isEmpty();
            assertThat(calls).as("every operation was called by all three").isGreaterThanOrEqualTo(3 * 30);
            assertThat(snapshot(a, root, session, courseId)).as("everything of A's reads as before").isEqualTo(before);
            assertThat(ok(a.get("/api/v1/authored-exercises/" + authoredId + "/versions")).body()).as("A's exercise has no new version")
                    .isEqualTo(authoredBefore);
        }
    }

    /** The documented request example of an operation (openapi/examples/). */
    static String example(String operationId) throws java.io.IOException {
        try (var in = IsolationTest.class.getResourceAsStream("/openapi/examples/" + operationId + ".request.json")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Creates an account as the admin and returns a token its owner made after signing in. */
    static String tokenOf(String base, Visitor admin, String username, String role) {
        JsonNode issued = admin.json(created(admin.post("/api/v1/admin/users",
                "{\"username\":\"" + username + "\",\"role\":\"" + role + "\"}")));
        return Visitor.token(base, username, issued.get("password").asString());
    }

    /** What A (and the admin, for accounts) can read of A's things: compared before and after. */
    static Map<String, String> snapshot(Visitor a, Visitor admin, String session, String course) {
        Map<String, String> state = new LinkedHashMap<>();
        for (String path : List.of("/api/v1/sessions/" + session, "/api/v1/sessions/" + session + "/history?size=500",
                "/api/v1/sessions/" + session + "/snapshot", "/api/v1/account/tokens", "/api/v1/courses/" + course,
                "/api/v1/courses/" + course + "/assignments", "/api/v1/courses/" + course + "/scores", "/api/v1/courses", "/api/v1/auth/me", "/api/v1/sessions?size=200")) {
            state.put(path, ok(a.get(path)).body());
        }
        // A's account and her student's, as the admin sees them (others may sign up meanwhile)
        String me = a.json(ok(a.get("/api/v1/auth/me"))).get("account").get("id").asString();
        JsonNode students = a.json(ok(a.get("/api/v1/courses/" + course))).get("students");
        admin.json(ok(admin.get("/api/v1/admin/users?size=500"))).get("items").valueStream()
                .filter(u -> u.get("id").asString().equals(me)
                        || students.valueStream().anyMatch(st -> st.get("id").asString().equals(u.get("id").asString())))
                .forEach(u -> state.put("account " + u.get("username").asString(), u.toString()));
        return state;
    }

    static String fill(String path, Map<String, String> ids) {
        Matcher m = VARIABLE.matcher(path);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = ids.get(m.group(1));
            assertThat(value).as("a value of A's for the path variable {" + m.group(1) + "} of " + path
                    + ": add one to this test's fixture").isNotNull();
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    /** What a client of the operation accepts: the media types of its success answer (JSON, or a capture's file types). */
    static String accept(JsonNode op) {
        List<String> types = new ArrayList<>();
        op.get("responses").properties().forEach(r -> {
            if (r.getKey().startsWith("2") && r.getValue().has("content")) {
                r.getValue().get("content").propertyNames().forEach(types::add);
            }
        });
        return types.isEmpty() ? "application/json" : String.join(", ", types);
    }

    /** The operation's required query parameters, at their default (or first allowed) value. */
    static String query(JsonNode op) {
        List<String> params = new ArrayList<>();
        if (op.has("parameters")) {
            for (JsonNode p : op.get("parameters")) {
                if (p.get("in").asString().equals("query") && p.path("required").asBoolean(false)) {
                    JsonNode schema = p.get("schema");
                    String value = schema.has("default") ? schema.get("default").asString()
                            : schema.has("enum") ? schema.get("enum").get(0).asString() : "1";
                    params.add(p.get("name").asString() + "=" + value);
                }
            }
        }
        return params.isEmpty() ? "" : "?" + String.join("&", params);
    }

    static HttpResponse<String> ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.uri() + ": " + r.body()).isEqualTo(200);
        return r;
    }

    static HttpResponse<String> created(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.uri() + ": " + r.body()).isEqualTo(201);
        return r;
    }
}
