package dev.handshakelab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.ExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.handshakelab.support.Api;
import dev.handshakelab.account.Role;
import dev.handshakelab.support.ApiTest;
import dev.handshakelab.support.TestAccounts;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document tells the truth. Every operation it lists is called over real HTTP and
 * must answer the success status and media type the document gives it, with no field its schema
 * lacks; every problem response it lists is provoked and must come as documented; the examples
 * are requests the app accepts and answers the app gives. The document is written to
 * {@code target/openapi/openapi.json}, where the build's redocly lint (pom.xml) checks it.
 *
 * <p>With {@code -Dopenapi.examples.write=true} the walk writes its answers as the examples
 * under {@code src/main/resources/openapi/examples/} (after a change to what the API answers).
 */
@ApiTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest {

    static final Path WRITTEN = Path.of("target", "openapi", "openapi.json");
    static final Path EXAMPLES = Path.of("src", "main", "resources", "openapi", "examples");
    static final String UNKNOWN_SESSION = "00000000-0000-0000-0000-000000000000";
    static final String CONNECTION = "10.0.0.1:40000-10.0.0.2:80";

    @Autowired
    RestTestClient client;

    @Autowired
    TestAccounts accounts;

    /** operationId → the token its calls carry, where the default account may not call it (admins' operations). */
    final Map<String, String> callers = new LinkedHashMap<>();
    /** Operations whose request body the walk makes itself (ids of this run), not the document's example. */
    static final Set<String> OWN_BODIES = Set.of("inspect", "joinCourse");

    JsonNode doc;
    /** operationId → the operation, with its method and path. */
    final Map<String, Op> ops = new LinkedHashMap<>();
    /** operationId → what the app answered in the walk. */
    final Map<String, Answer> answers = new LinkedHashMap<>();
    /** operationId → the request body the walk sent. */
    final Map<String, String> sent = new LinkedHashMap<>();
    /** A capture the walk exported, uploaded to the operations that take a file. */
    byte[] captureFile;

    record Op(String id, HttpMethod method, String path, JsonNode operation) {}

    record Answer(int status, MediaType contentType, JsonNode body) {}

    @BeforeAll
    void fetchTheDocumentAndWalkEveryOperation() throws IOException {
        ExchangeResult result = client.get().uri("/v3/api-docs").exchange().returnResult();
        assertThat(result.getStatus().value()).isEqualTo(200);
        Files.createDirectories(WRITTEN.getParent());
        Files.write(WRITTEN, result.getResponseBodyContent());
        doc = Api.json().readTree(result.getResponseBodyContent());
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(m -> ops.put(
                m.getValue().get("operationId").asString(),
                new Op(m.getValue().get("operationId").asString(), HttpMethod.valueOf(m.getKey().toUpperCase()), path.getKey(), m.getValue()))));
        walk();
        if (Boolean.getBoolean("openapi.examples.write")) {
            writeExamples();
        }
    }

    /** The README's walkthrough, a flood and a cookie in a second session, and the end of the first: every operation once. */
    void walk() {
        call("templates", Map.of(), "");
        call("profiles", Map.of(), "");
        String id = call("create", Map.of(), "").body().get("id").asString();
        Map<String, String> vars = Map.of("id", id, "connectionId", CONNECTION);
        call("list", vars, "?page=0&size=20");
        call("rename", vars, "");
        call("get", vars, "");
        call("send", vars, "");
        call("connect", vars, "");
        call("clock", vars, "");
        call("snapshot", vars, "");
        call("connections", vars, "");
        call("timeline", vars, "");
        call("history", vars, "?kind=state-changed");
        call("historyAll", vars, "?limit=3");
        call("replayCheck", vars, "");
        call("capture", vars, "?format=pcapng");
        call("packetdrill", vars, "?connection=" + CONNECTION);
        call("runPacketdrill", Map.of(), "");
        // captures in: the session's own pcap, its flows, and one of them replayed
        captureFile = upload(HttpMethod.GET, "/api/v1/sessions/" + id + "/capture?format=pcap", null, null,
                MediaType.parseMediaType("application/vnd.tcpdump.pcap")).getResponseBodyContent();
        String flow = call("flows", Map.of(), "").body().get("flows").get(0).get("id").asString();
        call("replay", Map.of(), "?profile=linux&flow=" + flow);
        // the flood, its series and a cookie on a session whose server answers a full SYN queue with cookies
        String flooded = Api.json().readTree(exchange(HttpMethod.POST, "/api/v1/sessions",
                "{\"name\":\"syn flood with cookies\",\"template\":\"syn-flood-cookies\",\"seed\":3}",
                MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON).getResponseBodyContent()).get("id").asString();
        Map<String, String> floodVars = Map.of("id", flooded);
        call("flood", floodVars, "");
        call("series", floodVars, "");
        JsonNode issued = get("/api/v1/sessions/" + flooded + "/history?kind=cookie-issued&size=1").get("items").get(0);
        JsonNode synAck = get("/api/v1/sessions/" + flooded + "/history?kind=segment-sent&host=server&size=1&connection="
                + issued.get("connection").asString()).get("items").get(0);
        JsonNode segment = synAck.get("segment");
        sent.put("inspect", "{\"eventIndex\":" + synAck.get("index").asLong() + ",\"finalAck\":{\"seq\":" + segment.get("ack").asLong()
                + ",\"ack\":" + ((segment.get("seq").asLong() + 1) & 0xFFFFFFFFL) + "}}");
        call("inspect", floodVars, "");
        call("replayCheck", vars, "");
        // an exercise: the catalogue, an attempt, and its grade
        call("listExercises", Map.of(), "");
        Map<String, String> exercise = Map.of("exerciseId", "handshake-basic");
        call("getExercise", exercise, "");
        String attempt = call("startAttempt", exercise, "").body().get("sessionId").asString();
        // its SYN-ACK's ack predicted before the SYN, then graded
        Map<String, String> attemptVars = Map.of("id", attempt);
        call("predict", attemptVars, "");
        exchange(HttpMethod.POST, "/api/v1/sessions/" + attempt + "/segments", sent.get("send"), MediaType.APPLICATION_JSON,
                MediaType.APPLICATION_JSON);
        call("listPredictions", attemptVars, "");
        call("grade", attemptVars, "");
        call("getAttemptExercise", attemptVars, "");
        call("fork", vars, "");
        call("reset", vars, "");
        call("delete", vars, "");
        walkAccountsAndCourses();
        assertThat(answers.keySet()).as("every operation of the document is walked").containsAll(ops.keySet());
    }

    /** Accounts, tokens, courses and administration: each as the kind of account that may call it. */
    void walkAccountsAndCourses() {
        String teacher = accounts.token("teacher", Role.INSTRUCTOR);
        String admin = accounts.token("admin", Role.ADMIN);
        accounts.account("teacher2", Role.INSTRUCTOR);
        for (String op : List.of("listAccounts", "createAccount", "updateAccount", "resetPassword")) {
            callers.put(op, admin);
        }
        for (String op : List.of("createCourse", "importRoster", "addInstructor", "removeStudent", "listCourseSessions",
                "getDashboard", "getCommonMistakes", "leaveNote", "getStuckRules", "setStuckRules")) {
            callers.put(op, teacher);
        }
        call("me", Map.of(), "");
        call("signUp", Map.of(), "");
        callers.put("changePassword", accounts.token("password-changer", Role.STUDENT));
        call("changePassword", Map.of(), "");
        String tokenId = call("createToken", Map.of(), "").body().get("id").asString();
        call("listTokens", Map.of(), "");
        call("revokeToken", Map.of("tokenId", tokenId), "");
        JsonNode course = call("createCourse", Map.of(), "").body();
        Map<String, String> courseVars = Map.of("courseId", course.get("id").asString());
        sent.put("joinCourse", "{\"joinCode\":\"" + course.get("joinCode").asString() + "\"}");
        call("joinCourse", Map.of(), "");
        String studentsSession = call("create", Map.of(), "").body().get("id").asString();
        call("listCourses", Map.of(), "");
        call("getCourse", courseVars, "");
        JsonNode roster = call("importRoster", courseVars, "").body();
        call("addInstructor", courseVars, "");
        call("listCourseSessions", courseVars, "");
        // an assignment: the instructor assigns, the student (the default account, who joined) attempts, the scores
        for (String op : List.of("assignExercise", "courseScores", "exportScores")) {
            callers.put(op, teacher);
        }
        String assignment = call("assignExercise", courseVars, "").body().get("id").asString();
        call("startAssignmentAttempt", Map.of("courseId", course.get("id").asString(), "assignmentId", assignment), "");
        call("listAssignments", courseVars, "");
        call("courseScores", courseVars, "");
        call("exportScores", courseVars, "");
        call("getDashboard", courseVars, "?assignmentId=" + assignment);
        call("getCommonMistakes", courseVars, "");
        Map<String, String> assignmentVars = Map.of("courseId", course.get("id").asString(), "assignmentId", assignment);
        call("getStuckRules", assignmentVars, "");
        call("setStuckRules", assignmentVars, "");
        call("leaveNote", Map.of("id", studentsSession), "");
        call("listNotes", Map.of("id", studentsSession), "");
        String alan = accounts.account("alan", Role.STUDENT).toString();
        assertThat(roster.get("rows").get(0).get("username").asString()).isEqualTo("alan");
        call("removeStudent", Map.of("courseId", course.get("id").asString(), "userId", alan), "");
        // an authored exercise: written, assigned (version 1), edited (version 2), the assignment moved to it, its versions, a copy
        for (String op : List.of("createAuthoredExercise", "listAuthoredExercises", "getAuthoredExercise", "editAuthoredExercise",
                "listAuthoredExerciseVersions", "getAuthoredExerciseVersion", "copyExercise", "moveAssignmentVersion")) {
            callers.put(op, teacher);
        }
        Map<String, String> authored = Map.of("authoredId", call("createAuthoredExercise", Map.of(), "").body().get("id").asString(),
                "version", "1");
        String pinned = Api.json().readTree(exchange(HttpMethod.POST, "/api/v1/courses/" + course.get("id").asString() + "/assignments",
                "{\"exerciseId\":\"" + authored.get("authoredId") + "\"}", MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON, teacher)
                .getResponseBodyContent()).get("id").asString();
        call("editAuthoredExercise", authored, "");
        call("moveAssignmentVersion", Map.of("courseId", course.get("id").asString(), "assignmentId", pinned), "");
        call("getAuthoredExercise", authored, "");
        call("listAuthoredExerciseVersions", authored, "");
        call("getAuthoredExerciseVersion", authored, "");
        call("copyExercise", Map.of("exerciseId", "handshake-basic"), "");
        call("listAuthoredExercises", Map.of(), "");
        JsonNode grace = call("createAccount", Map.of(), "").body().get("account");
        call("listAccounts", Map.of(), "");
        call("updateAccount", Map.of("userId", grace.get("id").asString()), "");
        call("resetPassword", Map.of("userId", grace.get("id").asString()), "");
    }

    @Test
    void everyDiscriminatorMapsTheValuesTheApiReads_toSchemasOfTheDocument() {
        List<String> polymorphic = new ArrayList<>();
        doc.get("components").get("schemas").properties().forEach(schema -> {
            JsonNode discriminator = schema.getValue().get("discriminator");
            if (discriminator != null) {
                polymorphic.add(schema.getKey());
                assertThat(discriminator.has("mapping")).as(schema.getKey()).isTrue();
                discriminator.get("mapping").properties().forEach(m -> assertThat(doc.get("components").get("schemas")
                        .has(m.getValue().asString().replace("#/components/schemas/", ""))).as(schema.getKey() + " " + m.getKey()).isTrue());
            }
        });
        assertThat(polymorphic).contains("OptionRequest", "MiddleboxRequest");
        JsonNode options = doc.get("components").get("schemas").get("OptionRequest").get("discriminator").get("mapping");
        assertThat(options.get("mss").asString()).isEqualTo("#/components/schemas/Mss");
        assertThat(options.get("sackOK").asString()).isEqualTo("#/components/schemas/SackPermitted");
        assertThat(doc.get("components").get("schemas").get("MiddleboxRequest").get("discriminator").get("mapping")
                .get("conntrack-firewall").asString()).isEqualTo("#/components/schemas/ConntrackFirewall");
    }

    @Test
    void theServerIsRelative_notTheHostOfWhoeverAsked() {
        assertThat(doc.get("servers")).hasSize(1);
        assertThat(doc.get("servers").get(0).get("url").asString()).isEqualTo("/");
    }

    @Test
    void everyOperationAnswersTheOneSuccessStatusItDocuments_asJson() {
        ops.values().forEach(op -> {
            Answer answer = answers.get(op.id());
            List<String> documented = new ArrayList<>();
            op.operation().get("responses").propertyNames().forEach(s -> {
                if (s.startsWith("2")) {
                    documented.add(s);
                }
            });
            assertThat(documented).as(op.id() + " documents the status it answers").containsExactly(String.valueOf(answer.status()));
            JsonNode content = op.operation().get("responses").get(documented.get(0)).get("content");
            if (answer.status() == 204) {
                assertThat(content).as(op.id()).isNull();
                assertThat(answer.body()).as(op.id()).isNull();
            } else if (!binarySuccessTypes(op).isEmpty()) {
                // a file: one of the types documented for it, and only files are documented
                assertThat(binarySuccessTypes(op)).as(op.id()).containsExactlyElementsOf(content.propertyNames())
                        .contains(answer.contentType().getType() + "/" + answer.contentType().getSubtype());
            } else {
                assertThat(content.propertyNames()).as(op.id()).containsExactly(MediaType.APPLICATION_JSON_VALUE);
                assertThat(answer.contentType().isCompatibleWith(MediaType.APPLICATION_JSON)).as(op.id()).isTrue();
            }
        });
    }

    @Test
    void createAnswers201WithLocation_deleteAnswers204() {
        assertThat(answers.get("create").status()).isEqualTo(201);
        assertThat(ops.get("create").operation().get("responses").get("201").get("headers").has("Location")).isTrue();
        assertThat(answers.get("delete").status()).isEqualTo(204);
    }

    @Test
    void everyAnswerHasOnlyFieldsItsSchemaNames_andOfTheTypesItSays() {
        List<String> wrong = new ArrayList<>();
        ops.values().forEach(op -> {
            Answer answer = answers.get(op.id());
            JsonNode content = op.operation().get("responses").get(String.valueOf(answer.status())).get("content");
            if (content != null && content.has(MediaType.APPLICATION_JSON_VALUE)) {
                check(answer.body(), content.get(MediaType.APPLICATION_JSON_VALUE).get("schema"), op.id(), wrong);
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void historyItemsAreEvents_notStrings() {
        JsonNode schema = resolve(ops.get("history").operation().get("responses").get("200").get("content")
                .get(MediaType.APPLICATION_JSON_VALUE).get("schema"));
        assertThat(schema.get("properties").get("items").get("items").get("$ref").asString()).endsWith("/EventView");
        assertThat(answers.get("history").body().get("items").get(0).isObject()).isTrue();
    }

    @Test
    void everyProblemTheDocumentListsIsAnsweredAsDocumented() {
        String id = call("create", Map.of(), "").body().get("id").asString();
        Map<String, String> vars = Map.of("id", id, "connectionId", CONNECTION, "exerciseId", "handshake-basic",
                "authoredId", "closed-port-drill", "version", "1");
        ops.values().forEach(op -> op.operation().get("responses").properties().forEach(r -> {
            if (!r.getKey().startsWith("4")) {
                return;
            }
            int status = Integer.parseInt(r.getKey());
            ExchangeResult result = provoke(op, status, vars);
            if (result == null) {
                return;
            }
            assertThat(result.getStatus().value()).as(op.id() + " " + status + ": " + body(result)).isEqualTo(status);
            assertThat(result.getResponseHeaders().getContentType().equalsTypeAndSubtype(MediaType.APPLICATION_PROBLEM_JSON))
                    .as(op.id() + " " + status + ": " + result.getResponseHeaders().getContentType()).isTrue();
            JsonNode response = resolve(r.getValue());
            JsonNode problem = Api.json().readTree(result.getResponseBodyContent());
            conforms(problem, response.get("content").get(MediaType.APPLICATION_PROBLEM_JSON_VALUE).get("schema"), op.id() + " " + status);
            assertThat(problem.get("status").asInt()).isEqualTo(status);
        }));
    }

    @Test
    void aStepWhoseAnswerTheClientWouldNotAccept_isRefusedBeforeItIsTaken() {
        String id = call("create", Map.of(), "").body().get("id").asString();
        ExchangeResult refused = exchange(HttpMethod.POST, "/api/v1/sessions/" + id + "/segments", sent.get("send"),
                MediaType.APPLICATION_JSON, MediaType.TEXT_HTML);
        assertThat(refused.getStatus().value()).isEqualTo(406);
        ExchangeResult yaml = exchange(HttpMethod.POST, "/api/v1/sessions/" + id + "/clock", sent.get("clock"),
                MediaType.APPLICATION_JSON, MediaType.parseMediaType("application/yaml"));
        assertThat(yaml.getStatus().value()).as("the document promises JSON only").isEqualTo(406);
        assertThat(get("/api/v1/sessions/" + id).get("steps").asInt()).isZero();
    }

    @Test
    void mediaTypesAreJsonOrProblemJson_neverAnything() {
        ops.values().forEach(op -> {
            if (op.operation().has("requestBody") && binaryRequestTypes(op).isEmpty()) {
                assertThat(op.operation().get("requestBody").get("content").propertyNames()).as(op.id())
                        .containsExactly(MediaType.APPLICATION_JSON_VALUE);
            } else if (op.operation().has("requestBody")) {
                // a file upload: only files
                assertThat(op.operation().get("requestBody").get("content").propertyNames()).as(op.id())
                        .containsExactlyElementsOf(binaryRequestTypes(op));
            }
            op.operation().get("responses").properties().forEach(r -> {
                JsonNode content = resolve(r.getValue()).get("content");
                String expected = r.getKey().startsWith("2") ? MediaType.APPLICATION_JSON_VALUE : MediaType.APPLICATION_PROBLEM_JSON_VALUE;
                if (content != null && !(r.getKey().startsWith("2") && !binarySuccessTypes(op).isEmpty())) {
                    assertThat(content.propertyNames()).as(op.id() + " " + r.getKey()).containsExactly(expected);
                }
            });
        });
    }

    @Test
    void everyBodyHasAnExample_thatIsARealRequestOrAnswer() {
        ops.values().forEach(op -> {
            if (op.operation().has("requestBody") && binaryRequestTypes(op).isEmpty()) {
                JsonNode example = op.operation().get("requestBody").get("content").get(MediaType.APPLICATION_JSON_VALUE).get("example");
                assertThat(example).as(op.id() + " request example").isNotNull();
                if (!OWN_BODIES.contains(op.id())) {
                    assertThat(Api.json().readTree(sent.get(op.id()))).as("the walk sent the example of " + op.id()).isEqualTo(example);
                }
            }
            op.operation().get("responses").properties().forEach(r -> {
                JsonNode content = resolve(r.getValue()).get("content");
                // a problem an operation declares itself (a 429, say) may leave its example to the shared ones
                if (content == null || !r.getKey().startsWith("2") && !r.getValue().has("$ref")) {
                    return;
                }
                if (r.getKey().startsWith("2") && !binarySuccessTypes(op).isEmpty()) {
                    return; // a file: a JSON example would not be one
                }
                JsonNode example = content.properties().iterator().next().getValue().get("example");
                assertThat(example).as(op.id() + " " + r.getKey() + " example").isNotNull();
                if (r.getKey().startsWith("2")) {
                    assertThat(fields(answers.get(op.id()).body(), "")).as(op.id() + ": the example's fields are those of a real answer")
                            .containsAll(fields(example, ""));
                }
            });
        });
    }

    // ------------------------------------------------------------------ calling

    Answer call(String operationId, Map<String, String> vars, String query) {
        Op op = ops.get(operationId);
        assertThat(op).as("the document has " + operationId).isNotNull();
        String body = null;
        ExchangeResult result;
        if (!binaryRequestTypes(op).isEmpty()) {
            // a file upload: the capture the walk exported
            result = upload(op.method(), uri(op, vars) + query, captureFile, MediaType.parseMediaType(binaryRequestTypes(op).get(0)),
                    accept(op), callers.get(operationId));
        } else {
            if (op.operation().has("requestBody")) {
                body = sent.computeIfAbsent(operationId, k -> op.operation().get("requestBody").get("content")
                        .get(MediaType.APPLICATION_JSON_VALUE).get("example").toString());
            }
            result = exchange(op.method(), uri(op, vars) + query, body, MediaType.APPLICATION_JSON, accept(op),
                    callers.get(operationId));
        }
        byte[] bytes = result.getResponseBodyContent();
        MediaType type = result.getResponseHeaders().getContentType();
        boolean json = type != null && type.isCompatibleWith(MediaType.APPLICATION_JSON);
        Answer answer = new Answer(result.getStatus().value(), type, bytes == null || bytes.length == 0 || !json ? null : Api.json().readTree(bytes));
        assertThat(answer.status()).as(operationId + ": " + body(result)).isBetween(200, 299);
        answers.putIfAbsent(operationId, answer);
        return answer;
    }

    /**
     * What a client of this operation accepts: JSON, or for an operation that answers files (a
     * capture, documented as a binary string) any of the file types it documents.
     */
    MediaType accept(Op op) {
        List<String> types = binarySuccessTypes(op);
        return types.isEmpty() ? MediaType.APPLICATION_JSON : MediaType.parseMediaType(types.get(0));
    }

    /** The media types of the operation's success answer whose schema is a binary string (a file), if any. */
    static List<String> binarySuccessTypes(Op op) {
        List<String> types = new ArrayList<>();
        op.operation().get("responses").properties().forEach(r -> {
            JsonNode content = r.getValue().get("content");
            if (r.getKey().startsWith("2") && content != null) {
                content.properties().forEach(c -> {
                    JsonNode schema = c.getValue().get("schema");
                    if (schema != null && "binary".equals(schema.path("format").asString(""))) {
                        types.add(c.getKey());
                    }
                });
            }
        });
        return types;
    }

    JsonNode get(String uri) {
        ExchangeResult result = exchange(HttpMethod.GET, uri, null, null, MediaType.APPLICATION_JSON);
        assertThat(result.getStatus().value()).as(uri).isEqualTo(200);
        return Api.json().readTree(result.getResponseBodyContent());
    }

    /** A request this operation must answer with this problem status, or null for a status it does not share with all. */
    ExchangeResult provoke(Op op, int status, Map<String, String> vars) {
        String body = sent.get(op.id());
        Map<String, String> all = new HashMap<>(Map.of("courseId", UNKNOWN_SESSION, "userId", UNKNOWN_SESSION,
                "tokenId", UNKNOWN_SESSION, "assignmentId", UNKNOWN_SESSION));
        all.putAll(vars);
        String uri = uri(op, all);
        String as = callers.get(op.id());
        if (!binaryRequestTypes(op).isEmpty()) {
            MediaType file = MediaType.parseMediaType(binaryRequestTypes(op).get(0));
            byte[] garbage = "not a capture".getBytes(StandardCharsets.UTF_8);
            return switch (status) {
                case 400 -> upload(op.method(), uri, garbage, file, accept(op), as);
                case 406 -> upload(op.method(), uri, captureFile, file, MediaType.TEXT_HTML, as);
                case 413 -> upload(op.method(), uri, new byte[300_000], file, accept(op), as);
                case 415 -> upload(op.method(), uri, captureFile, MediaType.TEXT_PLAIN, accept(op), as);
                default -> null;
            };
        }
        return switch (status) {
            case 400 -> op.operation().has("requestBody")
                    ? exchange(op.method(), uri, withUnknownProperty(body), MediaType.APPLICATION_JSON, accept(op), as)
                    : exchange(op.method(), uri + "?" + brokenQueryParameter(op), null, null, accept(op), as);
            case 404 -> exchange(op.method(), uri(op, Map.of("id", UNKNOWN_SESSION, "connectionId", CONNECTION,
                    "courseId", UNKNOWN_SESSION, "userId", UNKNOWN_SESSION, "tokenId", UNKNOWN_SESSION, "exerciseId", "no-such-exercise", "assignmentId", UNKNOWN_SESSION,
                    "authoredId", "no-such-exercise", "version", "1")), body,
                    MediaType.APPLICATION_JSON, accept(op), as);
            case 406 -> exchange(op.method(), uri, body, body == null ? null : MediaType.APPLICATION_JSON, MediaType.TEXT_HTML, as);
            case 413 -> exchange(op.method(), uri, "{\"name\":\"" + "x".repeat(300_000) + "\"}", MediaType.APPLICATION_JSON,
                    MediaType.APPLICATION_JSON, as);
            case 415 -> exchange(op.method(), uri, body, MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON, as);
            // others (a 429 or 503 an operation declares itself) are provoked by the tests of what they guard
            default -> null;
        };
    }

    ExchangeResult exchange(HttpMethod method, String uri, String body, MediaType contentType, MediaType accept) {
        return exchange(method, uri, body, contentType, accept, null);
    }

    /** An exchange as the account whose token is {@code token}, or as the default test account. */
    ExchangeResult exchange(HttpMethod method, String uri, String body, MediaType contentType, MediaType accept, String token) {
        return upload(method, uri, body == null ? null : body.getBytes(StandardCharsets.UTF_8), contentType, accept, token);
    }

    ExchangeResult upload(HttpMethod method, String uri, byte[] body, MediaType contentType, MediaType accept) {
        return upload(method, uri, body, contentType, accept, null);
    }

    ExchangeResult upload(HttpMethod method, String uri, byte[] body, MediaType contentType, MediaType accept, String token) {
        var request = client.method(method).uri(uri).accept(accept);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.contentType(contentType).body(body);
        }
        return request.exchange().returnResult();
    }

    /** The media types of the operation's request body whose schema is a binary string (a file upload), if any. */
    static List<String> binaryRequestTypes(Op op) {
        List<String> types = new ArrayList<>();
        JsonNode body = op.operation().get("requestBody");
        if (body != null) {
            body.get("content").properties().forEach(c -> {
                if ("binary".equals(c.getValue().path("schema").path("format").asString(""))) {
                    types.add(c.getKey());
                }
            });
        }
        return types;
    }

    static String uri(Op op, Map<String, String> vars) {
        String uri = op.path();
        for (Map.Entry<String, String> v : vars.entrySet()) {
            uri = uri.replace("{" + v.getKey() + "}", v.getValue());
        }
        return uri;
    }

    static String withUnknownProperty(String body) {
        ObjectNode node = (ObjectNode) Api.json().readTree(body);
        node.put("notAField", 1);
        return node.toString();
    }

    /** A query parameter with a value its schema refuses: not a number for an integer, one that misses a pattern. */
    static String brokenQueryParameter(Op op) {
        for (JsonNode p : op.operation().get("parameters")) {
            if (p.get("in").asString().equals("query") && p.get("schema").get("type").asString().equals("integer")) {
                return p.get("name").asString() + "=x";
            }
        }
        for (JsonNode p : op.operation().get("parameters")) {
            if (p.get("in").asString().equals("query") && p.get("schema").has("pattern")) {
                return p.get("name").asString() + "=%21";
            }
        }
        throw new AssertionError(op.id() + " documents 400 but has no integer or patterned query parameter to break");
    }

    static String body(ExchangeResult result) {
        byte[] bytes = result.getResponseBodyContent();
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ the document's schemas

    JsonNode resolve(JsonNode node) {
        while (node != null && node.has("$ref")) {
            JsonNode target = doc;
            for (String part : node.get("$ref").asString().substring(2).split("/")) {
                target = target.get(part);
            }
            node = target;
        }
        return node;
    }

    /** The value has no field its schema does not name, each value is of the schema's type, and null only where the schema allows it. */
    void conforms(JsonNode value, JsonNode schema, String where) {
        List<String> wrong = new ArrayList<>();
        check(value, schema, where, wrong);
        assertThat(wrong).as(where + " conforms to its schema").isEmpty();
    }

    void check(JsonNode value, JsonNode schemaOrRef, String where, List<String> wrong) {
        JsonNode schema = resolve(schemaOrRef);
        if (value == null || schema == null) {
            return;
        }
        for (String combinator : List.of("oneOf", "anyOf")) {
            if (schema.has(combinator)) {
                List<String> failures = new ArrayList<>();
                for (JsonNode alternative : schema.get(combinator)) {
                    List<String> these = new ArrayList<>();
                    check(value, alternative, where, these);
                    if (these.isEmpty()) {
                        return;
                    }
                    failures.addAll(these);
                }
                wrong.add(where + " matches none of " + combinator + ": " + failures);
                return;
            }
        }
        Set<String> types = new TreeSet<>();
        if (schema.has("type")) {
            if (schema.get("type").isArray()) {
                schema.get("type").forEach(t -> types.add(t.asString()));
            } else {
                types.add(schema.get("type").asString());
            }
        } else if (schema.has("properties")) {
            types.add("object");
        }
        if (types.isEmpty() || value.isNull() && types.contains("null")) {
            return;
        }
        if (value.isObject() && types.contains("object")) {
            JsonNode properties = schema.get("properties");
            JsonNode additional = schema.get("additionalProperties");
            value.properties().forEach(field -> {
                if (properties != null && properties.has(field.getKey())) {
                    check(field.getValue(), properties.get(field.getKey()), where + "." + field.getKey(), wrong);
                } else if (additional != null) {
                    check(field.getValue(), additional, where + "." + field.getKey(), wrong);
                } else {
                    wrong.add(where + "." + field.getKey() + " is answered but not in the schema");
                }
            });
        } else if (value.isArray() && types.contains("array")) {
            int i = 0;
            for (JsonNode item : value) {
                check(item, schema.get("items"), where + "[" + i++ + "]", wrong);
            }
        } else if (!(value.isString() && types.contains("string") || value.isIntegralNumber() && types.contains("integer")
                || value.isNumber() && types.contains("number") || value.isBoolean() && types.contains("boolean"))) {
            wrong.add(where + " is " + value + ", not of type " + types);
        }
    }

    /** The paths of every field in a JSON value, arrays as [], e.g. items[].segment.seq. */
    static Set<String> fields(JsonNode value, String prefix) {
        Set<String> fields = new TreeSet<>();
        if (value == null) {
            return fields;
        }
        if (value.isObject()) {
            value.properties().forEach(f -> {
                fields.add(prefix + f.getKey());
                fields.addAll(fields(f.getValue(), prefix + f.getKey() + "."));
            });
        } else if (value.isArray()) {
            for (Iterator<JsonNode> it = value.iterator(); it.hasNext();) {
                fields.addAll(fields(it.next(), prefix.isEmpty() ? "[]." : prefix.substring(0, prefix.length() - 1) + "[]."));
            }
        }
        return fields;
    }

    // ------------------------------------------------------------------ refreshing the examples

    void writeExamples() throws IOException {
        for (Map.Entry<String, Answer> a : answers.entrySet()) {
            if (a.getValue().body() != null) {
                Files.writeString(EXAMPLES.resolve(a.getKey() + "." + a.getValue().status() + ".json"),
                        Api.json().writerWithDefaultPrettyPrinter().writeValueAsString(a.getValue().body()) + "\n");
            }
        }
        Files.writeString(EXAMPLES.resolve("inspect.request.json"), sent.get("inspect") + "\n");
        String id = call("create", Map.of(), "").body().get("id").asString();
        Map<String, String> vars = Map.of("id", id, "connectionId", CONNECTION);
        for (int status : List.of(404, 406, 413, 415)) {
            Files.writeString(EXAMPLES.resolve("problems/" + status + ".json"), body(provoke(ops.get("send"), status, vars)) + "\n");
        }
        Files.writeString(EXAMPLES.resolve("problems/400.json"), body(exchange(HttpMethod.POST, "/api/v1/sessions/" + id + "/segments",
                "{\"flags\":[\"SYN\"],\"options\":[{\"kind\":\"wscale\",\"shift\":256}]}", MediaType.APPLICATION_JSON,
                MediaType.APPLICATION_JSON)) + "\n");
    }
}
