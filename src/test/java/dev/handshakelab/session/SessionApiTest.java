package dev.handshakelab.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
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
 * The handshake done the way a script does it: real HTTP against the running app, every answer
 * checked against what a Linux 6.x server sends (reference §3.1, §3.5, §3.8).
 */
@ApiTest
class SessionApiTest {

    @Autowired
    RestTestClient client;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    @Test
    void fullHandshakeByHand_linuxAnswersWithItsSynAckLayoutAndReachesEstablished() {
        String id = api.createSession(Map.of("name", "by hand", "seed", 7));

        JsonNode synStep = api.post("/api/v1/sessions/" + id + "/segments", Map.of(
                "from", Map.of("port", 40000), "flags", List.of("SYN"), "seq", 1000, "window", 64240,
                "options", Api.linuxSynOptions(100)), 200);

        assertThat(synStep.get("replies")).hasSize(1);
        JsonNode synAck = synStep.get("replies").get(0);
        assertThat(synAck.get("letters").asString()).isEqualTo("S.");
        assertThat(synAck.get("from").asString()).isEqualTo("10.0.0.2:80");
        assertThat(synAck.get("to").asString()).isEqualTo("10.0.0.1:40000");
        assertThat(synAck.get("ack").asLong()).isEqualTo(1001);
        // §3.5: 45 × 1448 with timestamps on.
        assertThat(synAck.get("window").asInt()).isEqualTo(65160);
        // §3.1 first row: mss 1460, sackOK+TS in one word, nop, wscale 7.
        List<String> kinds = new ArrayList<>();
        synAck.get("options").forEach(o -> kinds.add(o.get("kind").asString()));
        assertThat(kinds).containsExactly("mss", "sackOK", "timestamps", "nop", "wscale");
        assertThat(synAck.get("tcpHex").asString()).contains("020405b4" + "0402080a");
        assertThat(synAck.get("tcpHex").asString()).endsWith("01030307");
        assertThat(synAck.get("options").get(2).get("tsEcr").asLong()).isEqualTo(100);
        assertThat(synAck.get("checksumValid").asBoolean()).isTrue();
        assertThat(serverState(synStep, 40000)).isEqualTo("SYN_RECEIVED");

        long serverIsn = synAck.get("seq").asLong();
        long tsVal = synAck.get("options").get(2).get("tsVal").asLong();
        JsonNode ackStep = api.post("/api/v1/sessions/" + id + "/segments", Map.of(
                "from", Map.of("port", 40000), "flags", List.of("ACK"), "seq", 1001, "ack", (serverIsn + 1) & 0xFFFFFFFFL,
                "window", 502, "options", List.of(Map.of("kind", "nop"), Map.of("kind", "nop"),
                        Map.of("kind", "timestamps", "tsVal", 110, "tsEcr", tsVal))), 200);

        assertThat(ackStep.get("replies")).isEmpty();
        assertThat(serverState(ackStep, 40000)).isEqualTo("ESTABLISHED");

        JsonNode history = api.get("/api/v1/sessions/" + id + "/history?size=1000", 200);
        assertThat(history.get("total").asLong()).isEqualTo(history.get("items").size());
        List<String> transitions = new ArrayList<>();
        history.get("items").forEach(e -> {
            if (e.get("kind").asString().equals("state-changed") && e.get("host").asString().equals("server")) {
                transitions.add(e.get("from").asString() + "->" + e.get("to").asString());
            }
        });
        assertThat(transitions).containsExactly("LISTEN->SYN_RECEIVED", "SYN_RECEIVED->ESTABLISHED");
        JsonNode session = api.get("/api/v1/sessions/" + id, 200);
        assertThat(session.get("steps").asInt()).isEqualTo(2);
    }

    @Test
    void rawBytesAreTakenAsTyped_aBadChecksumIsDroppedByTheServer() {
        String id = api.createSession(Map.of("name", "raw", "seed", 3));
        JsonNode built = api.post("/api/v1/sessions/" + id + "/segments", Map.of(
                "flags", List.of("SYN"), "seq", 5, "options", List.of(Map.of("kind", "mss", "mss", 1460))), 200);
        String ipHex = built.get("segments").get(0).get("ipHex").asString();
        // Same SYN from another port, typed as raw bytes with the checksum's last byte flipped.
        String other = api.post("/api/v1/sessions/" + id + "/segments", Map.of(
                "from", Map.of("port", 40001), "flags", List.of("SYN"), "seq", 5,
                "options", List.of(Map.of("kind", "mss", "mss", 1460))), 200).get("segments").get(0).get("ipHex").asString();
        assertThat(other).isNotEqualTo(ipHex);

        String broken = flipByte(other, 20 + 17);
        JsonNode step = api.post("/api/v1/sessions/" + id + "/segments", Map.of("rawHex", broken), 200);
        assertThat(step.get("replies")).isEmpty();
        JsonNode dropped = find(step.get("events"), "segment-dropped");
        assertThat(dropped.get("reason").asString()).isEqualTo("bad-checksum");
        assertThat(dropped.get("segment").get("ipHex").asString()).isEqualTo(broken);
        assertThat(dropped.get("segment").get("checksumValid").asBoolean()).isFalse();
    }

    @Test
    void rawBytesWithGarbageAfterEol_areDecodedShownAndNeverA500() {
        String id = api.createSession(Map.of("name", "padding", "seed", 4));
        String ipHex = api.post("/api/v1/sessions/" + id + "/segments", Map.of("from", Map.of("port", 40002),
                "flags", List.of("SYN"), "seq", 9, "options", List.of(Map.of("kind", "mss", "mss", 1460), Map.of("kind", "eol"))), 200)
                .get("segments").get(0).get("ipHex").asString();
        // Options sit at TCP bytes 20..27: mss (4), eol (1), three bytes of padding; make one non-zero.
        String tampered = flipByte(ipHex, 20 + 26);
        JsonNode step = api.post("/api/v1/sessions/" + id + "/segments", Map.of("rawHex", tampered), 200);
        JsonNode sent = find(step.get("events"), "segment-sent").get("segment");
        List<String> kinds = new ArrayList<>();
        sent.get("options").forEach(o -> kinds.add(o.get("kind").asString()));
        assertThat(kinds).containsExactly("mss", "eol", "padding");
        assertThat(sent.get("checksumValid").asBoolean()).isFalse();
        assertThat(find(step.get("events"), "segment-dropped").get("reason").asString()).isEqualTo("bad-checksum");
    }

    @Test
    void synToAClosedPort_getsRstAckWithSeqZeroAndAckSeqPlusOne() {
        String id = api.createSession(Map.of("name", "closed", "template", "closed-port", "seed", 1));
        JsonNode step = api.post("/api/v1/sessions/" + id + "/segments", Map.of(
                "to", Map.of("port", 81), "flags", List.of("SYN"), "seq", 4242), 200);
        JsonNode rst = step.get("replies").get(0);
        // Reference §3.8 first row, tcp_v4_send_reset.
        assertThat(rst.get("letters").asString()).isEqualTo("R.");
        assertThat(rst.get("seq").asLong()).isZero();
        assertThat(rst.get("ack").asLong()).isEqualTo(4243);
        assertThat(rst.get("window").asInt()).isZero();
        assertThat(rst.get("options")).isEmpty();
    }

    @Test
    void wrongThirdAck_getsRstWithSeqEqualToItsAck_andTheSynAckIsRetransmittedOnSchedule() {
        String id = api.createSession(Map.of("name", "bad ack", "template", "bad-third-ack", "seed", 11));
        JsonNode synAck = api.post("/api/v1/sessions/" + id + "/segments", Map.of(
                "flags", List.of("SYN"), "seq", 0, "options", List.of(Map.of("kind", "mss", "mss", 1460))), 200)
                .get("replies").get(0);
        JsonNode step = api.post("/api/v1/sessions/" + id + "/segments", Map.of(
                "flags", List.of("ACK"), "seq", 1, "ack", 4242), 200);
        JsonNode rst = step.get("replies").get(0);
        assertThat(rst.get("letters").asString()).isEqualTo("R");
        assertThat(rst.get("seq").asLong()).isEqualTo(4242);

        JsonNode tick = api.post("/api/v1/sessions/" + id + "/clock", Map.of("advanceMillis", 1000), 200);
        JsonNode resent = tick.get("replies").get(0);
        assertThat(resent.get("atMicros").asLong()).isEqualTo(1_000_000);
        assertThat(resent.get("seq").asLong()).isEqualTo(synAck.get("seq").asLong());
        assertThat(resent.get("retransmission").asInt()).isEqualTo(1);

        JsonNode next = api.post("/api/v1/sessions/" + id + "/clock", Map.of("toNext", true), 200);
        assertThat(next.get("replies").get(0).get("atMicros").asLong()).isEqualTo(3_000_000);
    }

    @Test
    void simulatedLinuxClientCompletesTheHandshakeByItself() {
        String id = api.createSession(Map.of("name", "client", "seed", 5));
        JsonNode step = api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", 40001, "preset", "linux"), 200);
        List<String> letters = new ArrayList<>();
        step.get("segments").forEach(s -> letters.add(s.get("sender").asString() + ":" + s.get("letters").asString()));
        assertThat(letters).containsExactly("client:S", "server:S.", "client:.");
        assertThat(serverState(step, 40001)).isEqualTo("ESTABLISHED");
    }

    @Test
    void pausedClientWaitsForTheStudentsAck_thenBothSidesAreEstablished() {
        String id = api.createSession(Map.of("name", "paused", "seed", 6));
        JsonNode step = api.post("/api/v1/sessions/" + id + "/connect",
                Map.of("clientPort", 40003, "preset", "windows", "autoAck", false), 200);
        List<String> letters = new ArrayList<>();
        step.get("segments").forEach(s -> letters.add(s.get("sender").asString() + ":" + s.get("letters").asString()));
        assertThat(letters).containsExactly("client:S", "server:S.");
        JsonNode syn = step.get("segments").get(0);
        // Windows' SYN (p0f: mss,nop,ws,nop,nop,sok), window 64240; no timestamps, so the SYN-ACK has none.
        assertThat(syn.get("summary").asString()).endsWith("win 64240 <mss 1460,nop,wscale 8,nop,nop,sackOK>");
        JsonNode synAck = step.get("replies").get(0);
        assertThat(synAck.get("summary").asString()).endsWith("win 64240 <mss 1460,nop,nop,sackOK,nop,wscale 7>");
        assertThat(serverState(step, 40003)).isEqualTo("SYN_RECEIVED");

        JsonNode ack = api.post("/api/v1/sessions/" + id + "/segments", Map.of("from", Map.of("port", 40003),
                "flags", List.of("ACK"), "seq", syn.get("seq").asLong() + 1, "ack", synAck.get("seq").asLong() + 1), 200);
        assertThat(serverState(ack, 40003)).isEqualTo("ESTABLISHED");
        boolean clientEstablished = false;
        for (JsonNode e : ack.get("endpoints")) {
            clientEstablished |= e.get("host").asString().equals("client") && e.get("state").asString().equals("ESTABLISHED");
        }
        assertThat(clientEstablished).isTrue();
    }

    @Test
    void serverOffersOnlyWhatTheClientOffered_andTreatsWscale15As14() {
        String id = api.createSession(Map.of("name", "offer", "template", "server-offer", "seed", 12));
        JsonNode bare = api.post("/api/v1/sessions/" + id + "/segments", Map.of("from", Map.of("port", 40010),
                "flags", List.of("SYN"), "seq", 1), 200).get("replies").get(0);
        // Reference §0: no options at all → mss 1460 only, window 64240.
        assertThat(bare.get("summary").asString()).endsWith("win 64240 <mss 1460>");
        JsonNode ws15 = api.post("/api/v1/sessions/" + id + "/segments", Map.of("from", Map.of("port", 40011),
                "flags", List.of("SYN"), "seq", 1, "options", List.of(Map.of("kind", "mss", "mss", 1460),
                        Map.of("kind", "nop"), Map.of("kind", "wscale", "shift", 15))), 200);
        assertThat(ws15.get("replies").get(0).get("summary").asString()).endsWith("win 64240 <mss 1460,nop,wscale 7>");
        JsonNode negotiated = find(ws15.get("events"), "negotiated").get("negotiation");
        assertThat(negotiated.get("windowScale").get("send").asInt()).isEqualTo(14);
    }

    @Test
    void simultaneousOpen_clientGoesSynSentSynReceivedEstablished_andAnswersWithItsOwnSynPlusAck() {
        // Reference §3.9: the crossing SYN moves SYN_SENT to SYN_RECEIVED; the "SYN-ACK" is the socket's
        // own SYN with ACK set, same ISN, same options; the peer's SYN-ACK then completes it.
        JsonNode session = api.post("/api/v1/sessions", Map.of("name", "crossing", "template", "simultaneous-open", "seed", 13), 201);
        String id = session.get("id").asString();
        assertThat(session.get("steps").asInt()).isEqualTo(1);
        JsonNode clientSyn = null;
        for (JsonNode e : api.get("/api/v1/sessions/" + id + "/history?kind=segment-sent&host=client", 200).get("items")) {
            clientSyn = e.get("segment");
        }
        assertThat(clientSyn.get("letters").asString()).isEqualTo("S");

        JsonNode crossing = api.post("/api/v1/sessions/" + id + "/segments", Map.of(
                "from", Map.of("address", "10.0.0.2", "port", 80), "to", Map.of("address", "10.0.0.1", "port", 40000),
                "flags", List.of("SYN"), "seq", 5000, "options", List.of(Map.of("kind", "mss", "mss", 1400))), 200);
        JsonNode answer = crossing.get("segments").get(1);
        assertThat(crossing.get("segments").get(0).get("sender").asString()).isEqualTo("server");
        assertThat(answer.get("sender").asString()).isEqualTo("client");
        assertThat(answer.get("letters").asString()).isEqualTo("S.");
        assertThat(answer.get("seq").asLong()).isEqualTo(clientSyn.get("seq").asLong());
        assertThat(answer.get("ack").asLong()).isEqualTo(5001);
        assertThat(optionKinds(answer)).isEqualTo(optionKinds(clientSyn));

        JsonNode done = api.post("/api/v1/sessions/" + id + "/segments", Map.of(
                "from", Map.of("address", "10.0.0.2", "port", 80), "to", Map.of("address", "10.0.0.1", "port", 40000),
                "flags", List.of("SYN", "ACK"), "seq", 5000, "ack", (clientSyn.get("seq").asLong() + 1) & 0xFFFFFFFFL,
                "options", List.of(Map.of("kind", "mss", "mss", 1400))), 200);
        List<String> clientStates = new ArrayList<>();
        for (JsonNode e : done.get("endpoints")) {
            if (e.get("host").asString().equals("client")) {
                e.get("transitions").forEach(t -> clientStates.add(t.get("to").asString()));
            }
        }
        assertThat(clientStates).containsExactly("SYN_SENT", "SYN_RECEIVED", "ESTABLISHED");
    }

    static List<String> optionKinds(JsonNode segment) {
        List<String> kinds = new ArrayList<>();
        segment.get("options").forEach(o -> kinds.add(o.get("kind").asString()));
        return kinds;
    }

    @Test
    void everyTemplateCreatesASession() {
        JsonNode templates = api.get("/api/v1/templates", 200);
        List<String> ids = new ArrayList<>();
        templates.forEach(t -> ids.add(t.get("id").asString()));
        assertThat(ids).contains("basic-handshake", "server-offer", "closed-port", "bad-third-ack", "simultaneous-open");
        for (String template : ids) {
            JsonNode s = api.post("/api/v1/sessions", Map.of("name", template, "template", template), 201);
            assertThat(s.get("template").asString()).isEqualTo(template);
        }
    }

    @Test
    void sessionsCanBeListedRenamedAndDeleted() {
        String id = api.createSession(Map.of("name", "to rename"));
        assertThat(api.patch("/api/v1/sessions/" + id, Map.of("name", "renamed"), 200).get("name").asString()).isEqualTo("renamed");
        JsonNode list = api.get("/api/v1/sessions?size=200", 200);
        List<String> ids = new ArrayList<>();
        list.get("items").forEach(s -> ids.add(s.get("id").asString()));
        assertThat(ids).contains(id);
        api.delete("/api/v1/sessions/" + id, 204);
        api.get("/api/v1/sessions/" + id, 404);
    }

    @Test
    void aStepAnswersWithTheEndpointsItTouched_andLeavesOutOneThatEnded() {
        String id = api.createSession(Map.of("name", "touched", "seed", 11));
        String path = "/api/v1/sessions/" + id + "/segments";
        api.post(path, Map.of("from", Map.of("port", 40010), "flags", List.of("SYN"), "seq", 500), 200);
        JsonNode second = api.post(path, Map.of("from", Map.of("port", 40011), "flags", List.of("SYN"), "seq", 900), 200);
        // only the new request: the one from port 40010 and the listener are untouched
        assertThat(remotes(second)).containsExactly("server 10.0.0.1:40011 SYN_RECEIVED");

        // RFC 9293 §3.10.7.4: a RST with seq = RCV.NXT deletes the half-open request
        JsonNode reset = api.post(path, Map.of("from", Map.of("port", 40010), "flags", List.of("RST"), "seq", 501), 200);
        List<String> named = new ArrayList<>();
        reset.get("events").forEach(e -> named.add(e.path("connection").asString("")));
        assertThat(named).contains("10.0.0.1:40010-10.0.0.2:80");
        assertThat(reset.get("endpoints")).isEmpty();

        JsonNode snapshot = api.get("/api/v1/sessions/" + id + "/snapshot", 200);
        assertThat(remotes(snapshot)).containsExactly("server null LISTEN", "server 10.0.0.1:40011 SYN_RECEIVED");
    }

    @Test
    void historyPagesAndFiltersAgreeWithTheWholeHistory() {
        String id = api.createSession(Map.of("name", "pages", "seed", 12));
        String base = "/api/v1/sessions/" + id;
        api.post(base + "/segments", Map.of("from", Map.of("port", 40020), "flags", List.of("SYN"), "seq", 100), 200);
        api.post(base + "/segments", Map.of("from", Map.of("port", 40021), "flags", List.of("SYN"), "seq", 200), 200);
        // one clock step fires the SYN-ACK timers of both requests: events of two connections in one step
        api.post(base + "/clock", Map.of("advanceMillis", 3000), 200);
        api.post(base + "/segments", Map.of("from", Map.of("port", 40020), "flags", List.of("RST"), "seq", 101), 200);

        List<JsonNode> all = new ArrayList<>();
        api.get(base + "/history?size=1000", 200).get("items").forEach(all::add);
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).get("index").asLong()).isEqualTo(i);
        }
        String first = "10.0.0.1:40020-10.0.0.2:80";
        String second = "10.0.0.1:40021-10.0.0.2:80";
        assertThat(all.stream().filter(e -> second.equals(e.path("connection").asString(null)))
                .filter(e -> e.get("kind").asString().equals("segment-sent")).count()).isGreaterThan(1);

        assertThat(paged(base + "/history?size=3", all.size())).isEqualTo(indices(all));
        assertThat(paged(base + "/history?size=4&connection=" + first, -1))
                .isEqualTo(indices(all.stream().filter(e -> first.equals(e.path("connection").asString(null))).toList()));
        assertThat(paged(base + "/history?size=2&kind=segment-sent&direction=server-to-client&connection=" + second, -1))
                .isEqualTo(indices(all.stream().filter(e -> second.equals(e.path("connection").asString(null)))
                        .filter(e -> e.get("kind").asString().equals("segment-sent"))
                        .filter(e -> e.get("segment").get("sender").asString().equals("server")).toList()));
        assertThat(paged(base + "/history?size=5&host=client", -1))
                .isEqualTo(indices(all.stream().filter(e -> e.get("host").asString().equals("client")).toList()));
    }

    @Test
    void aStepsSegmentsAreThoseOfItsSentEvents_andTheApiDocsCallThemSegmentViews() {
        String id = api.createSession(Map.of("name", "segments", "seed", 13));
        JsonNode step = api.post("/api/v1/sessions/" + id + "/segments", Map.of("from", Map.of("port", 40030), "flags", List.of("SYN"),
                "seq", 7, "options", List.of(Map.of("kind", "mss", "mss", 1400))), 200);
        List<JsonNode> sent = new ArrayList<>();
        step.get("events").forEach(e -> {
            if (e.get("kind").asString().equals("segment-sent")) {
                sent.add(e.get("segment"));
            }
        });
        List<JsonNode> segments = new ArrayList<>();
        step.get("segments").forEach(segments::add);
        assertThat(segments).hasSize(2).isEqualTo(sent);
        assertThat(step.get("replies")).hasSize(1);
        assertThat(step.get("replies").get(0)).isEqualTo(sent.get(1));
        assertThat(sent.get(1).get("letters").asString()).isEqualTo("S.");
        assertThat(sent.get(1).get("retransmission").asInt()).isZero();

        JsonNode schemas = api.get("/v3/api-docs", 200).get("components").get("schemas");
        assertThat(schemas.get("StepView").get("properties").get("segments").get("items").get("$ref").asString())
                .endsWith("/SegmentView");
        assertThat(schemas.get("StepView").get("properties").get("replies").get("items").get("$ref").asString())
                .endsWith("/SegmentView");
        assertThat(schemas.get("EventView").get("properties").get("segment").get("$ref").asString()).endsWith("/SegmentView");
    }

    /**
     * History keeps a segment as the bytes that travelled and derives its view when read; what it
     * shows must still be what each step answered with, field for field: segments the server
     * built, a datagram typed with a wrong checksum, retransmissions, a simulated client's. And
     * replaying the steps must give the same events, timers that fall due together included.
     */
    @Test
    void historyShowsEveryEventAsItsStepAnsweredWithIt() {
        String id = api.createSession(Map.of("name", "history as answered", "seed", 14));
        String base = "/api/v1/sessions/" + id;
        List<JsonNode> answered = new ArrayList<>();
        JsonNode syn = api.post(base + "/segments", Map.of("from", Map.of("port", 40040), "flags", List.of("SYN"), "seq", 7,
                "options", Api.linuxSynOptions(100)), 200);
        syn.get("events").forEach(answered::add);
        String typed = flipByte(syn.get("segments").get(0).get("ipHex").asString(), 20 + 17); // a wrong TCP checksum
        api.post(base + "/segments", Map.of("rawHex", typed), 200).get("events").forEach(answered::add);
        for (int port : new int[] {40042, 40043}) {
            api.post(base + "/segments", Map.of("from", Map.of("port", port), "flags", List.of("SYN"), "seq", 9), 200)
                    .get("events").forEach(answered::add);
        }
        api.post(base + "/clock", Map.of("advanceMillis", 4000), 200).get("events").forEach(answered::add);
        for (Map.Entry<String, Integer> client : Map.of("linux", 40050, "windows", 40051, "macos", 40052).entrySet()) {
            api.post(base + "/connect", Map.of("clientPort", client.getValue(), "preset", client.getKey()), 200)
                    .get("events").forEach(answered::add);
        }
        // both SYN-ACK timers fall due together; a rebuilt world must fire them in the order stored
        api.post(base + "/clock", Map.of("toNext", true), 200).get("events").forEach(answered::add);
        api.post(base + "/clock", Map.of("advanceMillis", 70000), 200).get("events").forEach(answered::add);

        List<JsonNode> history = new ArrayList<>();
        api.get(base + "/history?size=1000", 200).get("items").forEach(history::add);

        assertThat(answered.stream().filter(e -> e.has("segment")).count()).isGreaterThan(8);
        assertThat(answered).anyMatch(e -> e.has("segment") && !e.get("segment").get("checksumValid").asBoolean());
        assertThat(answered).anyMatch(e -> e.has("segment") && e.get("segment").path("retransmission").asInt() > 0);
        assertThat(history).isEqualTo(answered);
        assertThat(api.get(base + "/replay-check", 200).get("mismatches").asInt()).isZero();
    }

    /** Every page of a history query, joined: the events' indices; checks each page's total. */
    private List<Long> paged(String query, long expectedTotal) {
        List<Long> seen = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode answer = api.get(query + "&page=" + page, 200);
            if (expectedTotal >= 0) {
                assertThat(answer.get("total").asLong()).isEqualTo(expectedTotal);
            }
            if (answer.get("items").isEmpty()) {
                assertThat(answer.get("total").asLong()).isEqualTo(seen.size());
                return seen;
            }
            answer.get("items").forEach(e -> seen.add(e.get("index").asLong()));
        }
    }

    private static List<Long> indices(List<JsonNode> events) {
        return events.stream().map(e -> e.get("index").asLong()).toList();
    }

    private static List<String> remotes(JsonNode stepOrSnapshot) {
        List<String> out = new ArrayList<>();
        stepOrSnapshot.get("endpoints").forEach(e -> out.add(e.get("host").asString() + " "
                + (e.get("remote") == null || e.get("remote").isNull() ? "null" : e.get("remote").asString()) + " "
                + e.get("state").asString()));
        return out;
    }

    static String serverState(JsonNode step, int clientPort) {
        for (JsonNode e : step.get("endpoints")) {
            if (e.get("host").asString().equals("server") && e.get("remote") != null && !e.get("remote").isNull()
                    && e.get("remote").asString().endsWith(":" + clientPort)) {
                return e.get("state").asString();
            }
        }
        return null;
    }

    static JsonNode find(JsonNode events, String kind) {
        for (JsonNode e : events) {
            if (e.get("kind").asString().equals(kind)) {
                return e;
            }
        }
        throw new AssertionError("no " + kind + " event in " + events);
    }

    static String flipByte(String hex, int index) {
        int value = Integer.parseInt(hex.substring(index * 2, index * 2 + 2), 16) ^ 0xFF;
        return hex.substring(0, index * 2) + String.format("%02x", value) + hex.substring(index * 2 + 2);
    }

    static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> m = new HashMap<>(base);
        m.put(key, value);
        return m;
    }
}
