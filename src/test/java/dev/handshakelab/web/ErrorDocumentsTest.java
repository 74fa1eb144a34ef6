package dev.handshakelab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.handshakelab.account.Role;
import dev.handshakelab.support.Api;
import dev.handshakelab.support.TestAccounts;
import dev.handshakelab.support.ApiTest;
import dev.handshakelab.support.RawHttp;
import tools.jackson.databind.JsonNode;

/**
 * Hostile requests over real HTTP, sent byte for byte: whatever layer refuses them (Tomcat's
 * parser, Spring MVC, the request checks), the answer is a problem document in the API's
 * words, never a 500, never HTML, never a Java type name.
 */
@ApiTest
class ErrorDocumentsTest {

    private static final String JSON = "application/json";
    /** A Java or library package name: never part of an answer. */
    private static final Pattern JAVA_NAME = Pattern.compile("\\b(java|javax|jakarta|tools\\.jackson|com\\.fasterxml|dev\\.handshakelab|org\\.springframework|org\\.apache)\\.");

    @LocalServerPort
    int port;

    @Autowired
    TestAccounts accounts;

    RawHttp http;
    String id;

    @BeforeEach
    void setUp() throws IOException {
        http = new RawHttp("127.0.0.1", port,
                Map.of("Authorization", "Bearer " + accounts.token(TestAccounts.DEFAULT_USER, Role.STUDENT)));
        RawHttp.Response created = post("/api/v1/sessions", "{\"name\":\"errors\",\"seed\":5}");
        assertThat(created.status()).isEqualTo(201);
        id = Api.json().readTree(created.body()).get("id").asString();
    }

    @AfterEach
    void tearDown() {
        http.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"flags\":[\"SYN\"],\"payloadHex\":\"٣٣\"}                                      | payloadHex",
            "{\"rawHex\":\"٤٥٠٠\"}                                                            | rawHex",
            "{\"flags\":[\"SYN\"],\"options\":[{\"kind\":\"fastOpen\",\"cookieHex\":\"ab٣٣\"}]}  | options[0].cookieHex",
            "{\"flags\":[\"SYN\"],\"options\":[{\"kind\":\"unknown\",\"code\":30,\"dataHex\":\"１２\"}]} | options[0].dataHex"})
    void hexFieldsTakeOnlyAsciiHexDigits(String body, String field) throws IOException {
        JsonNode problem = problem(post(segments(), body), 400);
        assertThat(error(problem, field).get("rule").asString()).isEqualTo("hex digits 0-9a-f");
        assertThat(stepsOfTheSession()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"kind\":\"unknown\",\"code\":1,\"dataHex\":\"\"}",
            "{\"kind\":\"unknown\",\"code\":0,\"dataHex\":\"0102\"}",
            "{\"kind\":\"unknown\",\"code\":1}"})
    void anOptionThatDoesNotEncodeIsRefusedBeforeAnyStep(String option) throws IOException {
        JsonNode problem = problem(post(segments(), "{\"flags\":[\"SYN\"],\"options\":[{\"kind\":\"nop\"}," + option + "]}"), 400);
        assertThat(error(problem, "options[1].code").get("rule").asString()).isEqualTo("min 2");
        assertThat(stepsOfTheSession()).isZero();
        // the session goes on: the refused option left nothing behind
        assertThat(post(segments(), "{\"flags\":[\"SYN\"],\"options\":[{\"kind\":\"unknown\",\"code\":254}]}").status()).isEqualTo(200);
        assertThat(stepsOfTheSession()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"size=%zz | size", "kind=%ff | kind", "page=%4 | page", "%zz=1 | query"})
    void aBadPercentEscapeInTheQueryIs400NamingTheParameter(String query, String field) throws IOException {
        JsonNode problem = problem(http.send("GET", "/api/v1/sessions/" + id + "/history?" + query, Map.of(), null), 400);
        assertThat(error(problem, field).get("rule").asString()).isEqualTo("percent-encoded UTF-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/*", "application/*", "*/json", "application/json/x", ";"})
    void aContentTypeThatIsARangeOrDoesNotParseIs415(String contentType) throws IOException {
        RawHttp.Response r = http.send("POST", "/api/v1/sessions/" + id + "/clock", Map.of("Content-Type", contentType),
                "{\"advanceMillis\":1}".getBytes(StandardCharsets.UTF_8));
        JsonNode problem = problem(r, 415);
        assertThat(error(problem, "Content-Type").get("message").asString()).doesNotContain("null");
        assertThat(stepsOfTheSession()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/{", "/api/v1/sessions/}", "/api/v1/sessions/%00", "/api/v1/sessions/a|b",
            "/api/v1/sessions/%2Fx", "/api/v1/../../etc/passwd", "/api/v1/sessions/%5c", "/%", "/api/v1/sessions/\"x\""})
    void tomcatsOwnRefusalsAreProblemDocuments(String target) throws IOException {
        RawHttp.Response r = http.send("GET", target, Map.of(), null);
        assertThat(r.status()).as(r.text()).isBetween(400, 499);
        problem(r, r.status());
    }

    @Test
    void aRequestLineOrHeaderTomcatCannotParseIsAProblemDocument() throws IOException {
        problem(http.send("GET", "/api/v1/sessions", Map.of("X-Big", "a".repeat(20_000)), null), 400);
        problem(http.send("GET", "/api/v1/sessions", Map.of("Bad Header", "x"), null), 400);
        problem(http.send("G{T", "/api/v1/sessions", Map.of(), null), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TRACE", "FOO", "CONNECT", "PROPFIND"})
    void unusualMethodsAreProblemDocuments(String method) throws IOException {
        RawHttp.Response r = http.send(method, "/api/v1/sessions", Map.of(), null);
        assertThat(r.status()).as(r.text()).isIn(400, 405, 501);
        problem(r, r.status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "application/xml", "text/csv"})
    void anAcceptHeaderThatRulesOutJsonStillGetsAProblemDocument(String accept) throws IOException {
        problem(http.send("GET", "/api/v1/profiles", Map.of("Accept", accept), null), 406);
        // the operations produce JSON only, so an Accept that rules it out is refused before the session is looked up
        problem(http.send("GET", "/api/v1/sessions/nope", Map.of("Accept", accept), null), 406);
    }

    @Test
    void theErrorPageItselfIsAProblemDocument() throws IOException {
        problem(http.send("GET", "/error", Map.of(), null), 404);
        problem(http.send("GET", "/error", Map.of("Accept", "text/html"), null), 404);
        problem(http.send("GET", "/nothing.html", Map.of("Accept", "text/html"), null), 404);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "{\"window\":\"x\"}                        | window               | integer",
            "{\"window\":99999999999}                  | window               | integer",
            "{\"seq\":99999999999999999999999}         | seq                  | integer",
            "{\"seq\":true}                            | seq                  | integer",
            "{\"seq\":{}}                              | seq                  | integer",
            "{\"flags\":\"SYN\"}                       | flags                | array",
            "{\"flags\":[{}]}                          | flags[0]             | string",
            "{\"from\":5}                              | from                 | object",
            "{\"from\":{\"port\":\"x\"}}               | from.port            | integer",
            "{\"options\":{\"kind\":\"nop\"}}          | options              | array",
            "{\"options\":[{\"kind\":\"bogus\"}]}      | options[0].kind      | known-kind",
            "{\"options\":[[]]}                        | options[0]           | object",
            "{\"options\":[{\"kind\":\"mss\",\"mss\":\"big\"}]} | options[0].mss | integer",
            "{\"options\":[{\"kind\":\"sack\",\"blocks\":{}}]}  | options[0].blocks | array",
            "{\"options\":[{\"kind\":\"timestamps\",\"tsVal\":1e400,\"tsEcr\":0}]} | options[0].tsVal | integer",
            "[1]                                       | $                    | object",
            "5                                         | $                    | object",
            "'\"str\"'                                 | $                    | object",
            "{\"flags\":[\"SYN\"]                      | $                    | json",
            "{\"flags\":[\"SYN\"]}}                    | $                    | json",
            "{flags:1}                                 | $                    | json",
            "{\"sequence\":1}                          | sequence             | known-property"})
    void malformedBodiesAreNamedInTheApisWords(String body, String field, String rule) throws IOException {
        JsonNode problem = problem(post(segments(), body), 400);
        assertThat(error(problem, field).get("rule").asString()).isEqualTo(rule);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147483647", "10000001"})
    void aPageFarBeyondTheSessionsIs400NotAnOverflow(String page) throws IOException {
        JsonNode problem = problem(http.send("GET", "/api/v1/sessions?page=" + page + "&size=200", Map.of(), null), 400);
        assertThat(error(problem, "page").get("rule").asString()).isEqualTo("max 10000000");
        assertThat(http.send("GET", "/api/v1/sessions?page=10000000&size=200", Map.of(), null).status()).isEqualTo(200);
    }

    @Test
    void aWrongTypeSaysWhatWasGivenAndWhatIsWanted() throws IOException {
        JsonNode window = error(problem(post(segments(), "{\"window\":\"x\"}"), 400), "window");
        assertThat(window.get("message").asString()).isEqualTo("must be an integer, not 'x'");
        JsonNode from = error(problem(post(segments(), "{\"from\":5}"), 400), "from");
        assertThat(from.get("message").asString()).isEqualTo("must be an object, not an integer");
        JsonNode page = error(problem(http.send("GET", "/api/v1/sessions?page=abc", Map.of(), null), 400), "page");
        assertThat(page.get("message").asString()).isEqualTo("must be an integer, not 'abc'");
        JsonNode overrides = error(problem(post("/api/v1/sessions", "{\"name\":\"x\",\"overrides\":[]}"), 400), "overrides");
        assertThat(overrides.get("message").asString()).isEqualTo("must be an object, not an array");
    }

    private String segments() {
        return "/api/v1/sessions/" + id + "/segments";
    }

    private RawHttp.Response post(String path, String body) throws IOException {
        return http.send("POST", path, Map.of("Content-Type", JSON), body.getBytes(StandardCharsets.UTF_8));
    }

    private long stepsOfTheSession() throws IOException {
        RawHttp.Response r = http.send("GET", "/api/v1/sessions/" + id, Map.of(), null);
        assertThat(r.status()).isEqualTo(200);
        return Api.json().readTree(r.body()).get("steps").asLong();
    }

    /** The answer as a problem document: the status, the media type, the four members, and no Java name. */
    static JsonNode problem(RawHttp.Response r, int status) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.contentType()).as(r.text()).startsWith("application/problem+json");
        assertThat(r.text()).doesNotContainPattern(JAVA_NAME).doesNotContain("Exception").doesNotContain("`");
        JsonNode problem = Api.json().readTree(r.body());
        assertThat(problem.get("type").asString()).startsWith(ApiProblems.BASE);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asString()).isNotBlank();
        return problem;
    }

    private static JsonNode error(JsonNode problem, String field) {
        List<String> fields = new ArrayList<>();
        for (JsonNode e : problem.get("errors")) {
            fields.add(e.get("field").asString());
            if (field.equals(e.get("field").asString())) {
                return e;
            }
        }
        throw new AssertionError("no error for " + field + " in " + fields + ": " + problem);
    }
}
