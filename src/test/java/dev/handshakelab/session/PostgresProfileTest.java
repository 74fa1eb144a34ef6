package dev.handshakelab.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.PostgresTestServer;
import dev.handshakelab.support.RunningApp;
import dev.handshakelab.support.Visitor;
import tools.jackson.databind.JsonNode;

/**
 * The {@code postgres} profile against a real PostgreSQL server: Flyway migrates the schema, a
 * handshake is stored, and a second app instance on the same database serves the same history
 * and continues the session (any instance can serve any session).
 */
class PostgresProfileTest {

    @Test
    void handshakeStoredInPostgres_isServedAndContinuedByASecondInstance() throws Exception {
        String url = PostgresTestServer.url();
        assumeTrue(url != null, () -> "PostgreSQL tests skipped: " + PostgresTestServer.whyUnavailable());

        try (RunningApp a = RunningApp.onPostgres(url); RunningApp b = RunningApp.onPostgres(url)) {
            String id = a.post("/api/v1/sessions", Map.of("name", "pg", "seed", 8)).get("id").asString();
            JsonNode synAck = a.post("/api/v1/sessions/" + id + "/segments", Map.of(
                    "flags", List.of("SYN"), "seq", 1, "options", Api.linuxSynOptions(9))).get("replies").get(0);
            assertThat(synAck.get("window").asInt()).isEqualTo(65160);

            // The second instance has never seen this session: it replays it, then completes the handshake.
            JsonNode ack = b.post("/api/v1/sessions/" + id + "/segments", Map.of(
                    "flags", List.of("ACK"), "seq", 2, "ack", (synAck.get("seq").asLong() + 1) & 0xFFFFFFFFL));
            assertThat(SessionApiTest.serverState(ack, 40000)).isEqualTo("ESTABLISHED");
            assertThat(a.get("/api/v1/sessions/" + id + "/history?size=1000"))
                    .isEqualTo(b.get("/api/v1/sessions/" + id + "/history?size=1000"));
        }
    }

    @Test
    void aBrowserSignedInThroughOneInstance_isSignedInOnEveryOther_untilItSignsOut() throws Exception {
        String url = PostgresTestServer.url();
        assumeTrue(url != null, () -> "PostgreSQL tests skipped: " + PostgresTestServer.whyUnavailable());

        try (RunningApp a = RunningApp.onPostgres(url); RunningApp b = RunningApp.onPostgres(url)) {
            String username = "roams-" + java.util.UUID.randomUUID().toString().substring(0, 8);
            Visitor onA = Visitor.browser(a.base());
            assertThat(onA.post("/api/v1/auth/signup", "{\"username\":\"" + username + "\",\"password\":\"correct horse battery\"}")
                    .statusCode()).isEqualTo(201);
            onA.signIn(username, "correct horse battery");
            assertThat(onA.cookie("HL_SESSION")).as("the session cookie Spring Session issues").isPresent();

            // the proxy sends the next requests to the other instance: it knows the browser from the database
            Visitor onB = onA.at(b.base());
            assertThat(onB.json(onB.get("/api/v1/auth/me")).get("account").get("username").asString()).isEqualTo(username);
            HttpResponse<String> created = onB.post("/api/v1/sessions", "{\"name\":\"roaming\",\"template\":\"basic-handshake\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = onB.json(created).get("id").asString();
            assertThat(onA.get("/api/v1/sessions/" + id).statusCode()).isEqualTo(200);

            // signing out on B ends the session on A too
            assertThat(onB.post("/api/v1/auth/logout", "").statusCode()).isBetween(200, 204);
            JsonNode me = onA.json(onA.get("/api/v1/auth/me")).path("account");
            assertThat(me.isNull() || me.isMissingNode()).as("signed out: %s", me).isTrue();
            assertThat(onA.get("/api/v1/sessions/" + id).statusCode()).isEqualTo(404);
        }
    }
}
