package dev.handshakelab.flood;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
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
 * The cookie inspector against cookies the server really sent (tcp_syncookies=2, reference §3.4,
 * §3.7 and the TS-offset subtlety of §0).
 */
@ApiTest
class CookieInspectApiTest {

    @Autowired
    RestTestClient client;

    Api api;
    String id;

    @BeforeEach
    void setUp() {
        api = new Api(client);
        id = api.createSession(Map.of("name", "cookies", "seed", 21, "overrides", Map.of("syncookies", 2)));
    }

    /** Sends a SYN and returns the server's SYN-ACK event from the step. */
    JsonNode synAckEvent(int port, List<Map<String, Object>> options) {
        JsonNode step = api.post("/api/v1/sessions/" + id + "/segments", Map.of("from", Map.of("port", port), "flags", List.of("SYN"),
                "seq", 1000, "window", 64240, "options", options), 200);
        for (JsonNode e : step.get("events")) {
            if (e.get("kind").asString().equals("segment-sent") && e.get("host").asString().equals("server")) {
                return e;
            }
        }
        throw new AssertionError("no SYN-ACK in " + step);
    }

    JsonNode inspect(long eventIndex, Map<String, Object> finalAck) {
        Map<String, Object> body = new HashMap<>();
        body.put("eventIndex", eventIndex);
        if (finalAck != null) {
            body.put("finalAck", finalAck);
        }
        return api.post("/api/v1/sessions/" + id + "/cookies/inspect", body, 200);
    }

    @Test
    void linuxSynWithTimestamps_cookieShowsMss1460AndTheOptionsInTheTsValLowBits() {
        JsonNode event = synAckEvent(40000, Api.linuxSynOptions(100));
        JsonNode seg = event.get("segment");
        long cookie = seg.get("seq").asLong();
        long tsVal = seg.get("options").get(2).get("tsVal").asLong();

        JsonNode r = inspect(event.get("index").asLong(), Map.of("seq", 1001, "ack", (cookie + 1) & 0xFFFFFFFFL, "tsEcr", tsVal));
        JsonNode parts = r.get("cookie");
        assertThat(parts.get("value").asLong()).isEqualTo(cookie);
        assertThat(parts.get("hashCheck").asBoolean()).isTrue();
        assertThat(parts.get("counter").asInt()).isZero();
        assertThat(parts.get("mssIndex").asInt()).isEqualTo(3);
        assertThat(parts.get("mss").asInt()).isEqualTo(1460);
        JsonNode ts = r.get("timestamps");
        assertThat(ts.get("wireTsVal").asLong()).isEqualTo(tsVal);
        // wscale 7 in bits 0-3, SACK in bit 4: 0x17 once the TS offset is taken off
        assertThat(ts.get("decodedLowBits").asString()).isEqualTo("0x17");
        assertThat(ts.get("wireLowBits").asString()).isEqualTo(String.format("0x%02x", tsVal & 0x3f));
        assertThat((ts.get("cookieTsVal").asLong() + ts.get("tsOffset").asLong()) & 0xFFFFFFFFL).isEqualTo(tsVal);
        assertThat(ts.get("wscale").asInt()).isEqualTo(7);
        assertThat(ts.get("sack").asBoolean()).isTrue();
        assertThat(ts.get("ecn").asBoolean()).isFalse();
        JsonNode ack = r.get("finalAck");
        assertThat(ack.get("valid").asBoolean()).isTrue();
        assertThat(ack.get("mss").asInt()).isEqualTo(1460);
        assertThat(ack.get("echoed").get("wscale").asInt()).isEqualTo(7);

        // what the server did with that very ACK agrees with the inspector
        JsonNode step = api.post("/api/v1/sessions/" + id + "/segments", Map.of("from", Map.of("port", 40000), "flags", List.of("ACK"),
                "seq", 1001, "ack", (cookie + 1) & 0xFFFFFFFFL, "window", 502, "options", List.of(Map.of("kind", "nop"),
                        Map.of("kind", "nop"), Map.of("kind", "timestamps", "tsVal", 110, "tsEcr", tsVal))), 200);
        assertThat(step.get("replies")).isEmpty();
        assertThat(step.get("events").toString()).contains("cookie-validated");
    }

    @Test
    void forgedFinalAck_failsTheHashCheck_andThreeMinutesLate_failsTheAgeCheck() {
        JsonNode event = synAckEvent(40001, List.of(Map.of("kind", "mss", "mss", 1400)));
        long cookie = event.get("segment").get("seq").asLong();

        JsonNode forged = inspect(event.get("index").asLong(), Map.of("seq", 1001, "ack", (cookie + 1 + (1 << 20)) & 0xFFFFFFFFL))
                .get("finalAck");
        assertThat(forged.get("valid").asBoolean()).isFalse();
        assertThat(forged.get("reason").asString()).contains("hash check", "RST");
        // A neighbour of a valid cookie still passes, with the next MSS: after hash2 only the low value
        // has to be an index 0..3, so 4 in 2^24 values pass and cookie + 1 is one of them (index 1 -> 2).
        JsonNode neighbour = inspect(event.get("index").asLong(), Map.of("seq", 1001, "ack", (cookie + 2) & 0xFFFFFFFFL)).get("finalAck");
        assertThat(neighbour.get("valid").asBoolean()).isTrue();
        assertThat(neighbour.get("mss").asInt()).isEqualTo(1440);
        // the client ISN (SEQ - 1) enters the sum too: a different one breaks the hash the same way
        JsonNode wrongSeq = inspect(event.get("index").asLong(), Map.of("seq", 1001 + (1 << 20), "ack", (cookie + 1) & 0xFFFFFFFFL))
                .get("finalAck");
        assertThat(wrongSeq.get("valid").asBoolean()).isFalse();
        assertThat(wrongSeq.get("mssIndex")).isNull();

        JsonNode late = inspect(event.get("index").asLong(), Map.of("seq", 1001, "ack", (cookie + 1) & 0xFFFFFFFFL,
                "atMicros", 180_000_000)).get("finalAck");
        assertThat(late.get("valid").asBoolean()).isFalse();
        assertThat(late.get("ageMinutes").asInt()).isEqualTo(3);
        assertThat(late.get("reason").asString()).contains("age check");

        JsonNode onTime = inspect(event.get("index").asLong(), Map.of("seq", 1001, "ack", (cookie + 1) & 0xFFFFFFFFL,
                "atMicros", 60_000_000)).get("finalAck");
        assertThat(onTime.get("valid").asBoolean()).isTrue();
        // 1400 rounds down to 1300 in msstab
        assertThat(onTime.get("mss").asInt()).isEqualTo(1300);
    }

    @Test
    void withoutTimestamps_theInspectorSaysWhatTheConnectionLost() {
        JsonNode event = synAckEvent(40002, List.of(Map.of("kind", "mss", "mss", 1460), Map.of("kind", "sackOK"),
                Map.of("kind", "nop"), Map.of("kind", "wscale", "shift", 7)));
        JsonNode r = inspect(event.get("index").asLong(), null);
        assertThat(r.get("timestamps").get("present").asBoolean()).isFalse();
        assertThat(r.get("timestamps").get("text").asString()).contains("window scal", "SACK");
        assertThat(r.has("finalAck")).isFalse();
    }

    @Test
    void byNumbers_aQueuedRequestsIsnIsNoCookie_andNonSynAckEventsAreRefused() {
        JsonNode event = synAckEvent(40003, List.of(Map.of("kind", "mss", "mss", 1460)));
        JsonNode seg = event.get("segment");
        JsonNode r = api.post("/api/v1/sessions/" + id + "/cookies/inspect", Map.of("seq", (seg.get("seq").asLong() + 12345) & 0xFFFFFFFFL,
                "ack", seg.get("ack").asLong(), "client", Map.of("address", "10.0.0.1", "port", 40003), "atMicros", 0), 200);
        assertThat(r.get("cookie").get("hashCheck").asBoolean()).isFalse();

        JsonNode problem = api.post("/api/v1/sessions/" + id + "/cookies/inspect", Map.of("eventIndex", 0), 400);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("eventIndex");
        JsonNode missing = api.post("/api/v1/sessions/" + id + "/cookies/inspect", Map.of("seq", 5), 400);
        assertThat(missing.get("errors").get(0).get("rule").asString()).isEqualTo("eventIndex, or seq + ack + client");
    }
}
