package dev.handshakelab.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The second wave's knobs as session overrides over real HTTP: net.core.rmem_max,
 * tcp_max_syn_backlog, tcp_min_snd_mss, tcp_invalid_ratelimit, tcp_syn_linear_timeouts and
 * tcp_ecn, and the listener's TCP_MAXSEG and TCP_DEFER_ACCEPT, are taken, shown in the session's
 * knobs and in the profile list, in force on the wire, and refused with a 400 naming the field
 * when out of range.
 */
@ApiTest
class KnobOverridesApiTest {

    @Autowired
    RestTestClient client;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    @Test
    void theNewKnobsAreSessionOverridesShownInTheKnobs() {
        String id = api.createSession(Map.of("name", "knobs", "overrides", Map.of("rmemMax", 67108864, "maxSynBacklog", 256,
                "minSndMss", 536, "invalidRatelimitMillis", 0, "synLinearTimeouts", 0, "ecn", 1)));
        JsonNode knobs = api.get("/api/v1/sessions/" + id, 200).get("knobs");
        assertThat(knobs.get("rmemMax").asInt()).isEqualTo(67108864);
        assertThat(knobs.get("maxSynBacklog").asInt()).isEqualTo(256);
        assertThat(knobs.get("minSndMss").asInt()).isEqualTo(536);
        assertThat(knobs.get("invalidRatelimitMillis").asInt()).isZero();
        assertThat(knobs.get("synLinearTimeouts").asInt()).isZero();
        assertThat(knobs.get("ecn").asInt()).isEqualTo(1);
        // rmem_max above tcp_rmem[2] raises the offered window scale (tcp_select_initial_window)
        JsonNode synAck = api.post("/api/v1/sessions/" + id + "/segments", Map.of("flags", List.of("SYN"), "seq", 1,
                "options", Api.linuxSynOptions(100)), 200).get("replies").get(0);
        assertThat(synAck.get("options").get(4).get("shift").asInt()).isEqualTo(11);
    }

    @Test
    void theProfileListShowsTheNewKnobs() {
        JsonNode linux = api.get("/api/v1/profiles", 200).get(0);
        assertThat(linux.toString()).contains("\"synLinearTimeouts\":4").contains("\"invalidRatelimitMillis\":500").contains("\"ecn\":2");
    }

    @Test
    void outOfRangeValuesAreRefusedNamingTheField() {
        JsonNode p = api.post("/api/v1/sessions", Map.of("name", "x", "overrides", Map.of("ecn", 3)), 400);
        assertThat(p.toString()).contains("overrides.ecn");
        JsonNode q = api.post("/api/v1/sessions", Map.of("name", "x", "overrides", Map.of("synLinearTimeouts", 128)), 400);
        assertThat(q.toString()).contains("overrides.synLinearTimeouts");
    }

    /** A session with these overrides, checked to show them in its knobs; returns its id. */
    private String sessionShowing(Map<String, Integer> overrides) {
        String id = api.createSession(Map.of("name", "knobs " + overrides.keySet(), "overrides", overrides));
        JsonNode knobs = api.get("/api/v1/sessions/" + id, 200).get("knobs");
        overrides.forEach((k, v) -> assertThat(knobs.get(k).asInt()).as(k).isEqualTo(v));
        return id;
    }

    private JsonNode synAck(String id, List<Map<String, Object>> options) {
        return api.post("/api/v1/sessions/" + id + "/segments", Map.of("flags", List.of("SYN"), "seq", 1, "options", options), 200)
                .get("replies").get(0);
    }

    @Test
    void tcpMaxsegAndDeferAcceptAreInForce() {
        String id = sessionShowing(Map.of("tcpMaxseg", 1000, "deferAcceptSeconds", 1));
        JsonNode synAck = synAck(id, List.of(Map.of("kind", "mss", "mss", 1460)));
        assertThat(synAck.get("options").get(0).get("mss").asInt()).isEqualTo(1000);
        assertThat(synAck.get("window").asInt()).isEqualTo(65000);
        long iss = synAck.get("seq").asLong();
        // the bare third ACK is dropped while the deferral lasts: no reply
        JsonNode bare = api.post("/api/v1/sessions/" + id + "/segments", Map.of("flags", List.of("ACK"), "seq", 2, "ack", iss + 1), 200);
        assertThat(bare.get("replies")).isEmpty();
        assertThat(bare.toString()).contains("defer-accept-bare-ack");
    }

    @Test
    void theProfileListShowsTheListenerOptions() {
        JsonNode linux = api.get("/api/v1/profiles", 200).get(0);
        assertThat(linux.toString()).contains("\"tcpMaxseg\":0").contains("\"deferAcceptSeconds\":0");
    }

    @Test
    void outOfRangeListenerOptionsAreRefusedNamingTheField() {
        assertThat(api.post("/api/v1/sessions", Map.of("name", "x", "overrides", Map.of("tcpMaxseg", 50)), 400).toString())
                .contains("overrides.tcpMaxseg");
        assertThat(api.post("/api/v1/sessions", Map.of("name", "x", "overrides", Map.of("deferAcceptSeconds", 3601)), 400).toString())
                .contains("overrides.deferAcceptSeconds");
    }

    @Test
    void everyBadKnobOfARequestIsNamed_notOnlyTheFirst() {
        JsonNode problem = api.post("/api/v1/sessions", Map.of("name", "x",
                "overrides", Map.of("tcpMaxseg", 10, "deferAcceptSeconds", -1)), 400);
        assertThat(problem.get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("overrides.tcpMaxseg", "overrides.deferAcceptSeconds");
        assertThat(problem.get("errors").findValuesAsString("rule")).containsExactlyInAnyOrder("0 or 88..65535", "min 0");
        // 0 is TCP_MAXSEG's "not set", and 88 its smallest value (TCP_MIN_MSS)
        api.post("/api/v1/sessions", Map.of("name", "x", "overrides", Map.of("tcpMaxseg", 0)), 201);
        api.post("/api/v1/sessions", Map.of("name", "x", "overrides", Map.of("tcpMaxseg", 88)), 201);
    }

    /** tcp_fastopen and TCP_FASTOPEN's qlen: a SYN with a cookie request gets an 8-byte cookie. */
    @Test
    void fastOpenKnobsAnswerACookieRequest() {
        String id = sessionShowing(Map.of("tcpFastopen", 3, "fastOpenQlen", 8));
        JsonNode synAck = synAck(id, List.of(Map.of("kind", "mss", "mss", 1460), Map.of("kind", "fastOpen", "cookieHex", "")));
        assertThat(synAck.get("options").toString()).contains("\"kind\":\"fastOpen\"");
        assertThat(synAck.get("options").get(1).get("cookieHex").asText()).hasSize(16);
        assertThat(api.post("/api/v1/sessions", Map.of("name", "x", "overrides", Map.of("tcpFastopen", 4096)), 400).toString())
                .contains("overrides.tcpFastopen");
    }
}
