package dev.handshakelab.flood;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.handshakelab.core.flood.HalfOpenFootprint;
import dev.handshakelab.session.SessionService;
import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import tools.jackson.databind.JsonNode;

/**
 * SYN floods in IPv6 sessions through the HTTP API (issue 18): spoofed sources from an IPv6
 * prefix, legitimate clients at the session's IPv6 client, in each cookie mode; the cookie
 * inspector on an IPv6 cookie; and the problems for prefixes of the wrong family or shape.
 * {@link FloodApiTest}'s flood, so the counts are derived the same way: backlog 128 (a queue of
 * 129), 20,000 attack SYNs at 10,000/s from 500 ms, 20 clients at 10/s from 0 ms (6 of them
 * connect at or before 500 ms, before the queue fills 12.8 ms into the attack).
 */
@ApiTest
class Ipv6FloodApiTest {

    static final long N = 20_000;
    static final int QUEUE = 129;
    static final int CLIENTS = 20;
    static final int EARLY = 6;

    @Autowired
    RestTestClient client;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    /** A session of the template over IPv6 (the flood labs' servers, moved to documentation addresses, RFC 3849). */
    String v6Session(String template, Map<String, Object> overrides) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "v6 " + template, "template", template, "seed", 3,
                "server", Map.of("address", "2001:db8::2"), "client", Map.of("address", "2001:db8::1")));
        if (overrides != null) {
            body.put("overrides", overrides);
        }
        return api.createSession(body);
    }

    static Map<String, Object> flood(String cidr) {
        Map<String, Object> body = FloodApiTest.flood(N);
        body.put("sources", Map.of("cidr", cidr));
        return body;
    }

    JsonNode runFlood(String id, String cidr) {
        return api.post("/api/v1/sessions/" + id + "/flood", flood(cidr), 200).get("totals");
    }

    @Test
    void syncookies0_theBacklogFillsAndTheLaterClientsAreDropped_exactlyAsOverIpv4() {
        String id = v6Session("syn-flood-no-cookies", null);
        JsonNode t = runFlood(id, "2001:db8:5::/64");
        assertThat(t.get("synQueue").asInt()).isEqualTo(QUEUE);
        assertThat(t.get("cookiesSent").asLong()).isZero();
        // every attack SYN past the queue, and every SYN of the 14 late clients (first tries and retries), is dropped
        assertThat(t.get("synsDropped").asLong()).isGreaterThan(N - QUEUE + (CLIENTS - EARLY));
        assertThat(t.get("legitSuccesses").asLong()).isEqualTo(EARLY);
        assertThat(t.get("halfOpenBytes").asLong()).isEqualTo((long) QUEUE * HalfOpenFootprint.BYTES_V6);

        // the same flood (same seed) in an IPv4 session of the same lab counts the same, but for the request size
        String v4 = api.createSession(Map.of("name", "v4 twin", "template", "syn-flood-no-cookies", "seed", 3));
        JsonNode t4 = api.post("/api/v1/sessions/" + v4 + "/flood", FloodApiTest.flood(N), 200).get("totals");
        for (String f : List.of("synQueue", "synsReceived", "synsDropped", "synAcksSent", "synAcksResent", "cookiesSent",
                "cookiesValidated", "legitAttempts", "legitSuccesses", "legitFailures")) {
            assertThat(t.get(f).asLong()).as(f).isEqualTo(t4.get(f).asLong());
        }
        assertThat(t4.get("halfOpenBytes").asLong()).isEqualTo((long) QUEUE * HalfOpenFootprint.BYTES);

        JsonNode series = api.get("/api/v1/sessions/" + id + "/flood/series", 200);
        assertThat(series.get("bytesPerHalfOpenEntry").asInt()).isEqualTo(HalfOpenFootprint.BYTES_V6);
        assertThat(series.get("bytesPerHalfOpenEntryBasis").asString()).contains("Ipv6Address 32 B", "sock_common");
        assertThat(series.get("series").get(5).get("synQueue").asInt()).isEqualTo(QUEUE);
        assertThat(series.get("series").get(4).get("synQueue").asInt()).isZero();
    }

    @Test
    void syncookies1_theOverflowGetsCookies_andEveryIpv6ClientCompletes_replayingTheSame() {
        String id = v6Session("syn-flood-cookies", null);
        JsonNode t = runFlood(id, "2001:db8:5::/112");
        assertThat(t.get("synsReceived").asLong()).isEqualTo(N + CLIENTS);
        assertThat(t.get("synsDropped").asLong()).isZero();
        assertThat(t.get("synQueue").asInt()).isEqualTo(QUEUE);
        assertThat(t.get("cookiesSent").asLong()).isEqualTo(N - QUEUE + (CLIENTS - EARLY));
        assertThat(t.get("cookiesValidated").asLong()).isEqualTo(CLIENTS - EARLY);
        assertThat(t.get("legitSuccesses").asLong()).isEqualTo(CLIENTS);

        JsonNode samples = api.get("/api/v1/sessions/" + id + "/history?kind=flood-sample&size=100", 200);
        // the first 5 attack SYNs, plus the first one answered with a cookie
        assertThat(samples.get("total").asLong()).isEqualTo(6);
        assertThat(samples.get("items").get(0).get("text").asString()).startsWith("attack SYN #1 of 20000 from [2001:db8:5::]:");
        assertThat(samples.get("items").get(1).get("text").asString()).startsWith("attack SYN #2 of 20000 from [2001:db8:5::1]:");
        JsonNode started = api.get("/api/v1/sessions/" + id + "/history?kind=flood-started", 200).get("items").get(0);
        assertThat(started.get("text").asString()).contains("from 2001:db8:5::/112", "clients from 2001:db8::1");

        SessionService.ReplayCheck replay = api.replayCheck(id);
        assertThat(replay.mismatches()).isZero();
        assertThat(replay.steps()).isEqualTo(1);
    }

    @Test
    void syncookies2_everySynGetsACookie_theClientsCompleteThroughThem_andTheInspectorReadsTheIpv6Table() {
        String id = v6Session("syn-flood-cookies", Map.of("syncookies", 2));
        JsonNode t = runFlood(id, "2001:db8:5:7::/64");
        assertThat(t.get("synQueue").asInt()).isZero();
        assertThat(t.get("halfOpenBytes").asLong()).isZero();
        assertThat(t.get("cookiesSent").asLong()).isEqualTo(N + CLIENTS);
        assertThat(t.get("cookiesValidated").asLong()).isEqualTo(CLIENTS);
        assertThat(t.get("legitSuccesses").asLong()).isEqualTo(CLIENTS);

        // a legitimate client's cookie SYN-ACK, from the history
        JsonNode sent = api.get("/api/v1/sessions/" + id + "/history?kind=segment-sent&size=1000", 200).get("items");
        JsonNode synAck = null;
        for (JsonNode e : sent) {
            if (e.get("host").asString().equals("server") && e.get("segment").get("to").asString().startsWith("[2001:db8::1]:")) {
                synAck = e;
                break;
            }
        }
        assertThat(synAck).as("a SYN-ACK to a legitimate client").isNotNull();
        long cookie = synAck.get("segment").get("seq").asLong();
        JsonNode r = api.post("/api/v1/sessions/" + id + "/cookies/inspect", Map.of("eventIndex", synAck.get("index").asLong()), 200);
        assertThat(r.get("synAck").get("client").asString()).startsWith("[2001:db8::1]:");
        assertThat(r.get("synAck").get("server").asString()).isEqualTo("[2001:db8::2]:80");
        JsonNode parts = r.get("cookie");
        assertThat(parts.get("value").asLong()).isEqualTo(cookie);
        assertThat(parts.get("hashCheck").asBoolean()).isTrue();
        // a Linux client over IPv6 offers MSS 1440: index 2 of cookie_v6_init_sequence's table
        assertThat(parts.get("msstab").toString()).isEqualTo("[1220,1420,1440,8940]");
        assertThat(parts.get("mssIndex").asInt()).isEqualTo(2);
        assertThat(parts.get("mss").asInt()).isEqualTo(1440);
    }

    @Test
    void badPrefixes_areA400NamingSourcesCidrAndTheRule_andStoreNothing() {
        String id = v6Session("syn-flood-cookies", null);
        // an IPv4 prefix is taken (embedded under 64:ff9b::/96: Ipv6SessionApiTest), but checked as one
        assertRule(id, "198.51.100.0/33", "ipv6-prefix", "between 0 and 32");
        assertRule(id, "2001:db8::/129", "ipv6-prefix", "between 0 and 128");
        assertRule(id, "2001:db8::g/64", "ipv6-prefix", "not an IPv6 address");
        assertRule(id, "2001:db8:5::", "ipv6-prefix", "address/prefix-length");
        assertRule(id, "2001:db8::/64", "excludes the lab's addresses", "2001:db8::1");
        assertThat(api.get("/api/v1/sessions/" + id, 200).get("steps").asInt()).isZero();
        // and an IPv6 prefix in an IPv4 session
        String v4 = api.createSession(Map.of("name", "v4", "template", "syn-flood-cookies", "seed", 3));
        assertRule(v4, "2001:db8:5::/64", "ipv4-cidr", "'2001:db8:5::/64' is IPv6, and this session's network is IPv4");
    }

    private void assertRule(String id, String cidr, String rule, String message) {
        JsonNode problem = api.post("/api/v1/sessions/" + id + "/flood", flood(cidr), 400);
        assertThat(problem.get("type").asString()).endsWith("/invalid-request");
        JsonNode e = problem.get("errors").get(0);
        assertThat(e.get("field").asString()).as(cidr).isEqualTo("sources.cidr");
        assertThat(e.get("rule").asString()).as(cidr).isEqualTo(rule);
        assertThat(e.get("message").asString()).as(cidr).contains(message);
    }
}
