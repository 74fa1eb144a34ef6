package dev.handshakelab.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
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
 * A session's path over HTTP: stored and shown with the session, every bad middlebox
 * configuration answered with an RFC 9457 problem naming the field, and refusals that answer
 * (RST, ICMP) reaching the client as Linux's {@code tcp_v4_err} / RFC 9293 §3.10.7.3 have it.
 */
@ApiTest
class PathConfigApiTest {

    @Autowired
    RestTestClient client;


    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    @Test
    void theSessionShowsItsPath_andTheTemplatesCarryTheirs() {
        Map<String, Object> path = Map.of(
                "middleboxes", List.of(Map.of("id", "late", "type", "delay", "latencyMillis", 50, "jitterMillis", 10),
                        Map.of("id", "synacks", "type", "loss", "match", Map.of("flags", List.of("SYN", "ACK")))),
                "forward", List.of("late"), "back", List.of("synacks", "late"));
        JsonNode created = api.post("/api/v1/sessions", Map.of("name", "path", "seed", 1, "path", path), 201);
        JsonNode shown = api.get("/api/v1/sessions/" + created.get("id").asString(), 200).get("path");
        assertThat(shown.get("middleboxes").get(0).get("type").asString()).isEqualTo("delay");
        assertThat(shown.get("middleboxes").get(0).get("jitterMillis").asInt()).isEqualTo(10);
        assertThat(shown.get("middleboxes").get(1).get("match").get("flags").toString()).isEqualTo("[\"SYN\",\"ACK\"]");
        assertThat(shown.get("back").toString()).isEqualTo("[\"synacks\",\"late\"]");
        // Jitter is drawn from the seed: replay meets the same delays, and so does a twin session.
        String id = created.get("id").asString();
        String twin = api.createSession(Map.of("name", "twin", "seed", 1, "path", path));
        for (String s : List.of(id, twin)) {
            api.post("/api/v1/sessions/" + s + "/connect", Map.of("clientPort", 40001), 200);
            api.post("/api/v1/sessions/" + s + "/clock", Map.of("advanceMillis", 5000), 200);
            assertThat(new Api(client).replayCheck(s).mismatches()).isZero();
        }
        List<String> first = PathTimelineApiTest.lines(api.get("/api/v1/sessions/" + id + "/connections/10.0.0.1:40001-10.0.0.2:80/timeline", 200));
        assertThat(first).isEqualTo(PathTimelineApiTest.lines(api.get("/api/v1/sessions/" + twin + "/connections/10.0.0.1:40001-10.0.0.2:80/timeline", 200)));
        assertThat(first.get(2)).matches("[4-6][0-9]{4} state server LISTEN>SYN_RECEIVED"); // 50 ± 10 ms
        assertThat(api.get("/api/v1/sessions/" + api.createSession(Map.of("name", "direct")), 200).get("path").isNull()).isTrue();

        List<String> withPaths = new ArrayList<>();
        api.get("/api/v1/templates", 200).forEach(t -> {
            if (t.get("defaults").hasNonNull("path")) withPaths.add(t.get("id").asString());
        });
        assertThat(withPaths).containsExactly("simultaneous-open", "lost-syn-ack", "asymmetric-firewall", "lossy-link", "slow-link");
        String docs = api.get("/v3/api-docs", 200).toString();
        assertThat(docs).contains("/api/v1/sessions/{id}/connections/{connectionId}/timeline", "/api/v1/sessions/{id}/connections",
                "conntrack-firewall", "TimelineView");
    }

    @Test
    void badMiddleboxConfigurationsAreProblemsNamingTheFieldAndRule() {
        JsonNode p = create(Map.of(
                "middleboxes", List.of(
                        Map.of("id", "ok", "type", "delay", "latencyMillis", 5),
                        Map.of("id", "lossy", "type", "loss", "probability", 1.5),
                        Map.of("id", "ok", "type", "delay", "latencyMillis", 5),
                        Map.of("id", "late", "type", "delay", "latencyMillis", 10, "jitterMillis", 11),
                        Map.of("id", "fw", "type", "conntrack-firewall", "onMismatch", "reject-icmp", "icmp", "source-quench"),
                        Map.of("id", "acl", "type", "filter", "rules", List.of(Map.of("action", "explode", "flags", List.of("SYN", "PSH")))),
                        Map.of("id", "both", "type", "loss", "nth", List.of(0), "probability", 0.5)),
                "forward", List.of("nowhere"), "back", List.of("ok", "ok")));
        assertRule(p, "path.middleboxes[1].probability", "0..1");
        assertRule(p, "path.middleboxes[2].id", "unique");
        assertRule(p, "path.middleboxes[3].jitterMillis", "0..latencyMillis");
        assertRule(p, "path.middleboxes[4].icmp", "port-unreachable, host-unreachable, net-unreachable, protocol-unreachable, host-prohibited, net-prohibited, admin-prohibited");
        assertRule(p, "path.middleboxes[5].rules[0].action", "accept, drop, reject-rst, reject-icmp");
        assertRule(p, "path.middleboxes[5].rules[0].flags[1]", "SYN|ACK|FIN|RST");
        assertRule(p, "path.middleboxes[6].nth", "nth or probability, not both");
        assertRule(p, "path.middleboxes[6].nth[0]", "1..1000000");
        assertRule(p, "path.forward[0]", "declared middlebox id");
        assertRule(p, "path.back[1]", "once per route");

        assertRule(create(Map.of("middleboxes", List.of(Map.of("id", "x", "type", "teleporter")))), "path.middleboxes[0].type", "known-type");
        assertRule(create(Map.of("middleboxes", List.of(Map.of("id", "Server!", "type", "loss")))), "path.middleboxes[0].id", "[a-z0-9][a-z0-9-]{0,31}");
        assertRule(create(Map.of("middleboxes", List.of(Map.of("id", "client", "type", "loss")))), "path.middleboxes[0].id", "not client or server");
        assertRule(create(Map.of("middleboxes", List.of(Map.of("id", "d", "type", "delay")))), "path.middleboxes[0].latencyMillis", "0..60000");
        assertRule(create(Map.of("middleboxes", List.of(Map.of("id", "acl", "type", "filter",
                "rules", List.of(Map.of("action", "drop", "src", "10.0.0.300", "dstPort", 70000)))))), "path.middleboxes[0].rules[0].src", "ipv4");
        // nothing was created by the rejected requests
        long before = api.get("/api/v1/sessions?size=1", 200).get("total").asLong();
        create(Map.of("middleboxes", List.of(Map.of("id", "x", "type", "loss", "probability", -1))));
        assertThat(api.get("/api/v1/sessions?size=1", 200).get("total").asLong()).isEqualTo(before);
    }

    @Test
    void icmpAdminProhibitedFromAFilter_failsConnectAtOnceWithEhostunreach() {
        String id = api.createSession(Map.of("name", "icmp", "seed", 2, "path", Map.of(
                "middleboxes", List.of(Map.of("id", "acl", "type", "filter", "rules", List.of(
                        Map.of("action", "reject-icmp", "icmp", "admin-prohibited", "flags", List.of("SYN"), "dstPort", 80)))),
                "forward", List.of("acl"))));
        JsonNode step = api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", 40001), 200);
        List<String> kinds = new ArrayList<>();
        step.get("events").forEach(e -> kinds.add(e.get("kind").asString()));
        assertThat(kinds).containsSubsequence("segment-sent", "segment-dropped", "icmp-received", "state-changed", "connect-failed");
        JsonNode icmp = SessionApiTest.find(step.get("events"), "icmp-received");
        assertThat(icmp.get("where").asString()).isEqualTo("acl");
        assertThat(icmp.get("reason").asString()).isEqualTo("icmp admin-prohibited");
        assertThat(icmp.get("segment").get("letters").asString()).isEqualTo("S");
        assertThat(SessionApiTest.find(step.get("events"), "connect-failed").get("reason").asString()).isEqualTo("EHOSTUNREACH");
        JsonNode timeline = api.get("/api/v1/sessions/" + id + "/connections/10.0.0.1:40001-10.0.0.2:80/timeline", 200);
        assertThat(timeline.get("outcome").asString()).isEqualTo("unreachable");
        assertThat(PathTimelineApiTest.lines(timeline)).containsExactly(
                "0 state client CLOSED>SYN_SENT", "0 transmission client S",
                "0 drop acl S rule 1 (reject-icmp admin-prohibited SYN to port 80) matched; answered with ICMP admin-prohibited",
                "0 transmission acl", "0 state client SYN_SENT>CLOSED", "0 give-up client EHOSTUNREACH");
        assertThat(new Api(client).replayCheck(id).mismatches()).isZero();
    }

    @Test
    void conntrackFirewallRejectingWithRst_refusesTheConnectionInTheServersName() {
        String id = api.createSession(Map.of("name", "rst", "seed", 2, "path", Map.of(
                "middleboxes", List.of(Map.of("id", "fw", "type", "conntrack-firewall", "onMismatch", "reject-rst")),
                "back", List.of("fw"))));
        api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", 40001), 200);
        JsonNode timeline = api.get("/api/v1/sessions/" + id + "/connections/10.0.0.1:40001-10.0.0.2:80/timeline", 200);
        // The SYN-ACK is INVALID at fw, which answers the *server* with RST in the client's name;
        // the server drops its request (RST at RCV.NXT in SYN-RECV); the client keeps waiting.
        List<String> lines = PathTimelineApiTest.lines(timeline);
        assertThat(lines).contains("0 transmission fw R", "0 state server SYN_RECEIVED>CLOSED");
        assertThat(timeline.get("outcome").asString()).isEqualTo("pending");
        api.get("/api/v1/sessions/" + id + "/connections/10.0.0.9:1-10.0.0.2:80/timeline", 404);
        assertThat(new Api(client).replayCheck(id).mismatches()).isZero();
    }

    private JsonNode create(Map<String, Object> path) {
        return api.post("/api/v1/sessions", Map.of("name", "bad", "path", path), 400);
    }

    private static void assertRule(JsonNode problem, String field, String rule) {
        assertThat(problem.get("type").asString()).isEqualTo("https://handshakelab.dev/problems/invalid-request");
        List<String> found = new ArrayList<>();
        problem.get("errors").forEach(e -> found.add(e.get("field").asString() + " " + e.get("rule").asString()));
        assertThat(found).as(problem.toString()).contains(field + " " + rule);
    }
}
