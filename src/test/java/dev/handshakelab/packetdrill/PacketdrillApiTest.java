package dev.handshakelab.packetdrill;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import tools.jackson.databind.JsonNode;

/**
 * packetdrill over real HTTP: a session exported as a script replays line by line against a
 * fresh server of the same profile; a script that differs is answered with the first
 * mismatching line; text that is not a script is a problem document naming the line and rule.
 */
@ApiTest
class PacketdrillApiTest {

    @Autowired
    RestTestClient client;

    @Test
    void aSessionExportedAsPacketdrill_replaysEveryLineAgainstAFreshServer() {
        Api api = new Api(client);
        String id = api.createSession(Map.of("name", "round trip", "template", "basic-handshake", "seed", 42));
        JsonNode synAck = api.post("/api/v1/sessions/" + id + "/segments", Map.of("from", Map.of("port", 40000),
                "flags", List.of("SYN"), "seq", 1000, "window", 64240, "options", Api.linuxSynOptions(100)), 200).get("replies").get(0);
        long tsVal = 0;
        for (JsonNode o : synAck.get("options")) {
            if (o.has("tsVal") && !o.get("tsVal").isNull()) {
                tsVal = o.get("tsVal").asLong();
            }
        }
        api.post("/api/v1/sessions/" + id + "/segments", Map.of("from", Map.of("port", 40000), "flags", List.of("ACK"),
                "seq", 1001, "ack", (synAck.get("seq").asLong() + 1) & 0xFFFFFFFFL, "window", 502,
                "options", List.of(Map.of("kind", "nop"), Map.of("kind", "nop"), Map.of("kind", "timestamps", "tsVal", 120, "tsEcr", tsVal))), 200);

        String script = export(id, null);
        assertThat(script)
                .contains("< S 1000:1000(0) win 64240 <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7>")
                .contains("> S. 0:0(0) ack 1001 win 65160 <mss 1460,sackOK,TS val " + tsVal + " ecr 100,nop,wscale 7>")
                .contains("< . 1:1(0) ack 1 win 502 <nop,nop,TS val 120 ecr " + tsVal + ">")
                .contains("accept(3, ..., ...) = 4");

        for (long seed : List.of(42L, 7L)) {
            JsonNode run = api.post("/api/v1/packetdrill/runs", Map.of("script", script, "profile", "linux", "seed", seed), 200);
            assertThat(run.get("passed").asBoolean()).as(run.toString()).isTrue();
            assertThat(run.get("lines")).hasSizeGreaterThanOrEqualTo(7)
                    .allMatch(l -> l.get("status").asString().equals("passed"));
        }
    }

    @Test
    void anUnansweredSynAck_exportsItsRetransmissionSchedule_andReplaysIt() {
        Api api = new Api(client);
        String id = api.createSession(Map.of("name", "unanswered", "template", "basic-handshake", "seed", 5));
        api.post("/api/v1/sessions/" + id + "/segments", Map.of("from", Map.of("port", 40000), "flags", List.of("SYN"),
                "seq", 77, "window", 64240, "options", List.of(Map.of("kind", "mss", "mss", 1460))), 200);
        api.post("/api/v1/sessions/" + id + "/clock", Map.of("advanceMillis", 40_000), 200);
        String script = export(id, null);
        assertThat(script).contains("""
                   +0 < S 77:77(0) win 64240 <mss 1460>
                   +0 > S. 0:0(0) ack 78 win 64240 <mss 1460>
                   +1 > S. 0:0(0) ack 78 win 64240 <mss 1460>
                   +2 > S. 0:0(0) ack 78 win 64240 <mss 1460>
                   +4 > S. 0:0(0) ack 78 win 64240 <mss 1460>
                   +8 > S. 0:0(0) ack 78 win 64240 <mss 1460>
                  +16 > S. 0:0(0) ack 78 win 64240 <mss 1460>
                """);
        JsonNode run = api.post("/api/v1/packetdrill/runs", Map.of("script", script, "profile", "linux", "seed", 99), 200);
        assertThat(run.get("passed").asBoolean()).as(run.toString()).isTrue();
        // the same script against the textbook stack: its SYN-ACK has another window, so line by line it differs
        JsonNode textbook = api.post("/api/v1/packetdrill/runs", Map.of("script", script, "profile", "classic"), 200);
        assertThat(textbook.get("passed").asBoolean()).isFalse();
    }

    @Test
    void aScriptThatDiffers_isAnsweredWithItsFirstMismatchingLine() {
        String script = """
                0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
                +0 bind(3, ..., ...) = 0
                +0 listen(3, 8) = 0
                +0 < S 0:0(0) win 65535 <mss 1460,sackOK,nop,nop,nop,wscale 7>
                +0 > S. 0:0(0) ack 1 win 65535 <mss 1460,nop,nop,sackOK,nop,wscale 7>
                +0 < . 1:1(0) ack 1 win 257
                """;
        JsonNode run = new Api(client).post("/api/v1/packetdrill/runs", Map.of("script", script), 200);
        assertThat(run.get("passed").asBoolean()).isFalse();
        assertThat(run.get("failedLine").asInt()).isEqualTo(5);
        JsonNode line5 = run.get("lines").get(4);
        assertThat(line5.get("status").asString()).isEqualTo("mismatch");
        assertThat(line5.get("message").asString()).contains("tcp_window").contains("65535").contains("64240");
        assertThat(line5.get("actual").asString()).startsWith("> S. 0:0(0) ack 1 win 64240 <mss 1460,nop,nop,sackOK,nop,wscale 7>");
        assertThat(run.get("lines").get(5).get("status").asString()).isEqualTo("not-run");
    }

    @Test
    void aScriptRunsWithTheProfileAsked() {
        String script = "0 < S 0:0(0) win 1000\n+0 > R. 0:0(0) ack 1 win 0\n";
        JsonNode run = new Api(client).post("/api/v1/packetdrill/runs", Map.of("script", script, "profile", "rfc9293"), 200);
        assertThat(run.get("passed").asBoolean()).as(run.toString()).isTrue();
        assertThat(run.get("profile").asString()).isEqualTo("rfc9293");
    }

    @Test
    void badScripts_areProblemsNamingTheLineAndTheRule() {
        Api api = new Api(client);
        JsonNode syntax = api.post("/api/v1/packetdrill/runs", Map.of("script", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 < S 0:5(0) win 100\n"), 400);
        assertThat(syntax.get("line").asInt()).isEqualTo(2);
        assertThat(syntax.get("type").asString()).endsWith("/packetdrill-syntax");
        assertThat(syntax.get("errors").get(0).get("field").asString()).isEqualTo("script");
        assertThat(syntax.get("errors").get(0).get("rule").asString()).isEqualTo("sequence");
        assertThat(syntax.get("detail").asString()).contains("line 2").contains("end - start must equal length");

        JsonNode unsupported = api.post("/api/v1/packetdrill/runs",
                Map.of("script", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n\n+0 sendmsg(3, {msg_name(...)=...}, 0) = 0\n"), 400);
        assertThat(unsupported.get("line").asInt()).isEqualTo(3);
        assertThat(unsupported.get("type").asString()).endsWith("/packetdrill-unsupported");
        assertThat(unsupported.get("detail").asString()).contains("sendmsg");

        JsonNode binary = api.post("/api/v1/packetdrill/runs", Map.of("script", "0 <\n\u0000\u00ff\u0013\u0007"), 400);
        assertThat(binary.get("line").asInt()).isEqualTo(2);
        assertThat(binary.get("errors").get(0).get("rule").asString()).isEqualTo("text");
        assertThat(binary.get("detail").asString()).contains("0x00");
        // bytes that are not UTF-8 inside the JSON itself are refused before the script is looked at
        byte[] raw = {'{', '"', 's', 'c', 'r', 'i', 'p', 't', '"', ':', '"', (byte) 0xff, (byte) 0xfe, 0x00, '"', '}'};
        client.post().uri("/api/v1/packetdrill/runs").contentType(MediaType.APPLICATION_JSON).body(raw)
                .exchange().expectStatus().isEqualTo(400).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        JsonNode empty = new Api(client).post("/api/v1/packetdrill/runs", Map.of("script", "  "), 400);
        assertThat(empty.get("errors").get(0).get("field").asString()).isEqualTo("script");

        JsonNode oversize = new Api(client).post("/api/v1/packetdrill/runs",
                Map.of("script", "// padding\n".repeat(PacketdrillService.MAX_SCRIPT_CHARS / 11 + 1)), 413);
        assertThat(oversize.get("detail").asString()).contains("script");

        JsonNode profile = new Api(client).post("/api/v1/packetdrill/runs", Map.of("script", "0 < S 0:0(0) win 1\n", "profile", "bsd"), 400);
        assertThat(profile.get("errors").get(0).get("field").asString()).isEqualTo("profile");
    }

    @Test
    void aSessionWithTwoConnections_needsTheConnectionNamed() {
        Api api = new Api(client);
        String id = api.createSession(Map.of("name", "two", "template", "basic-handshake", "seed", 1));
        api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", 40001), 200);
        api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", 40002), 200);
        JsonNode problem = api.get("/api/v1/sessions/" + id + "/packetdrill", 400);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("connection");
        String connection = api.get("/api/v1/sessions/" + id + "/connections", 200).get(1).get("id").asString();
        String script = export(id, connection);
        assertThat(script).contains("connection " + connection);
        assertThat(api.post("/api/v1/packetdrill/runs", Map.of("script", script), 200).get("passed").asBoolean()).isTrue();
        api.get("/api/v1/sessions/00000000-0000-0000-0000-000000000000/packetdrill", 404);
    }

    private String export(String id, String connection) {
        byte[] body = client.get().uri("/api/v1/sessions/" + id + "/packetdrill" + (connection == null ? "" : "?connection=" + connection))
                .exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                .expectBody().returnResult().getResponseBody();
        return new String(body, StandardCharsets.UTF_8);
    }
}
