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
 * The failure-story templates end to end over real HTTP: each timeline asserted entry by entry
 * against Linux's timers (reference §3.6: SYN-ACK at 1, 3, 7, 15, 31 s, request dropped at 63 s;
 * tcp_syn_retries 6 + tcp_syn_linear_timeouts 4: SYN at 1, 2, 3, 4, 5, 7, 11, 19, 35, 67 s, ETIMEDOUT at 131 s; tcp_check_req: a
 * duplicate SYN gets the SYN-ACK at once), and every session replays to the same history.
 */
@ApiTest
class PathTimelineApiTest {

    static final long S = 1_000_000, MS = 1_000;
    static final String CONN = "10.0.0.1:40001-10.0.0.2:80";

    @Autowired
    RestTestClient client;


    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    @Test
    void lostSynAck_theClientsResentSynWins_andTheServerAnswersItAtOnce() {
        String id = api.createSession(Map.of("name", "lost", "template", "lost-syn-ack", "seed", 1));
        api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", 40001), 200);
        JsonNode mid = api.post("/api/v1/sessions/" + id + "/clock", Map.of("advanceMillis", 500), 200);
        assertThat(states(mid)).containsExactly("client SYN_SENT", "server SYN_RECEIVED");
        api.post("/api/v1/sessions/" + id + "/clock", Map.of("advanceMillis", 2000), 200);

        JsonNode timeline = timeline(id);
        assertThat(lines(timeline)).containsExactly(
                "0 state client CLOSED>SYN_SENT",
                "0 transmission client S",
                "10000 state server LISTEN>SYN_RECEIVED",
                "10000 transmission server S.",
                "10000 drop synack-loss S. loses SYN-ACK number 1 (nth [1])",
                // RFC 6298 §2.1 / TCP_TIMEOUT_INIT: the client's timer fires first, at 1 s
                "1000000 retransmission client S #1 rto=1000000",
                // arrives 10 ms later: tcp_check_req resends the SYN-ACK at once, no RTO involved
                "1010000 retransmission server S. #1",
                "1020000 transmission client .",
                "1020000 state client SYN_SENT>ESTABLISHED",
                "1030000 state server SYN_RECEIVED>ESTABLISHED");
        assertThat(timeline.get("outcome").asString()).isEqualTo("established");
        JsonNode summary = api.get("/api/v1/sessions/" + id + "/connections", 200).get(0);
        assertThat(summary.get("id").asString()).isEqualTo(CONN);
        assertThat(summary.get("synAtMicros").asLong()).isZero();
        assertThat(summary.get("synAckAtMicros").asLong()).isEqualTo(10 * MS);
        assertThat(summary.get("ackAtMicros").asLong()).isEqualTo(1020 * MS);
        assertThat(summary.get("retransmissions").asInt()).isEqualTo(2);
        assertThat(summary.get("clientState").asString()).isEqualTo("ESTABLISHED");
        assertThat(summary.get("serverState").asString()).isEqualTo("ESTABLISHED");
        assertReplays(id);
    }

    @Test
    void lostSynAckTwice_theClientsSecondLinearRetryAt2sGetsTheSynAck() {
        String body = templatePath("lost-syn-ack").toString().replace("\"nth\":[1]", "\"nth\":[1,2]");
        assertThat(body).contains("\"nth\":[1,2]");
        String id = api.createSession(Map.of("name", "lost twice", "template", "lost-syn-ack", "seed", 1,
                "path", Api.json().readTree(body)));
        api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", 40001), 200);
        api.post("/api/v1/sessions/" + id + "/clock", Map.of("advanceMillis", 4000), 200);
        List<String> sends = new ArrayList<>();
        for (String line : lines(timeline(id))) {
            if (!line.contains(" state ")) sends.add(line);
        }
        assertThat(sends).containsExactly(
                "0 transmission client S",
                "10000 transmission server S.",
                "10000 drop synack-loss S. loses SYN-ACK number 1 (nth [1, 2])",
                "1000000 retransmission client S #1 rto=1000000",
                "1010000 retransmission server S. #1",
                "1010000 drop synack-loss S. loses SYN-ACK number 2 (nth [1, 2])",
                // tcp_syn_linear_timeouts: the client's second retransmission comes 1 s after the first,
                // reaches the server at 2.01 s with the request's timer (restarted at 1.01 s) and
                // is answered at once; the timer starts over again
                "2000000 retransmission client S #2 rto=1000000",
                "2010000 retransmission server S. #2",
                "2020000 transmission client .");
        assertReplays(id);
    }

    JsonNode templatePath(String template) {
        for (JsonNode t : api.get("/api/v1/templates", 200)) {
            if (t.get("id").asString().equals(template)) {
                return t.get("defaults").get("path");
            }
        }
        throw new AssertionError("no template " + template);
    }

    @Test
    void lostSynAckWithTheClassicProfile_bothTimersStartAt3s() {
        // RFC 1122 §4.2.3.1's 3 s initial RTO (the classic profile), on both sides.
        String id = api.createSession(Map.of("name", "classic", "template", "lost-syn-ack", "profile", "classic", "seed", 1));
        api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", 40001), 200);
        api.post("/api/v1/sessions/" + id + "/clock", Map.of("advanceMillis", 2_000), 200);
        assertThat(lines(timeline(id))).noneMatch(line -> line.contains("retransmission"));
        api.post("/api/v1/sessions/" + id + "/clock", Map.of("advanceMillis", 2_000), 200);
        assertThat(lines(timeline(id))).containsSubsequence(
                "3000000 retransmission client S #1 rto=3000000",
                "3010000 retransmission server S. #1",
                "3020000 transmission client .",
                "3030000 state server SYN_RECEIVED>ESTABLISHED");
        assertReplays(id);
    }

    @Test
    void asymmetricFirewall_dropsEverySynAck_bothSidesRetransmitOnLinuxsSchedule_andGiveUpAt67sAnd131s() {
        String id = api.createSession(Map.of("name", "asym", "template", "asymmetric-firewall", "seed", 3));
        api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", 40001), 200);
        api.post("/api/v1/sessions/" + id + "/clock", Map.of("advanceMillis", 135_000), 200);
        String noEntry = "no conntrack entry for 10.0.0.2:80 → 10.0.0.1:40001, state INVALID";
        String expired = "no ACK after 5 SYN-ACK retransmissions: request dropped silently, no RST";
        List<String> expected = new ArrayList<>(List.of(
                "0 state client CLOSED>SYN_SENT", "0 transmission client S",
                "0 state server LISTEN>SYN_RECEIVED", "0 transmission server S.", "0 drop fw S. " + noEntry));
        // at 1 s the request's timer and the client's first retransmission meet
        expected.addAll(List.of("1000000 retransmission server S. #1 rto=1000000", "1000000 drop fw S. " + noEntry,
                "1000000 retransmission client S #1 rto=1000000", "1000000 retransmission server S. #2", "1000000 drop fw S. " + noEntry));
        // tcp_syn_linear_timeouts = 4: the client resends at 2, 3, 4, 5 s without backing off; each
        // duplicate SYN gets a SYN-ACK at once and restarts the request's timer (tcp_check_req)
        for (int k = 2; k <= 5; k++) {
            expected.add(k * S + " retransmission client S #" + k + " rto=" + S);
            expected.add(k * S + " retransmission server S. #" + (k + 1));
            expected.add(k * S + " drop fw S. " + noEntry);
        }
        long[] at = {7, 11, 19, 35};
        for (int i = 0; i < at.length; i++) {
            long rto = (2L << i) * S;
            // then both back off: reqsk_timer_handler first, then the client's SYN timer
            expected.add(at[i] * S + " retransmission server S. #" + (7 + 2 * i) + " rto=" + rto);
            expected.add(at[i] * S + " drop fw S. " + noEntry);
            expected.add(at[i] * S + " retransmission client S #" + (6 + i) + " rto=" + rto);
            expected.add(at[i] * S + " retransmission server S. #" + (8 + 2 * i));
            expected.add(at[i] * S + " drop fw S. " + noEntry);
        }
        // tcp_synack_retries = 5: at 67 s the request is dropped silently; the client's 10th SYN starts a new one
        expected.addAll(List.of("67000000 state server SYN_RECEIVED>CLOSED", "67000000 give-up server " + expired,
                "67000000 retransmission client S #10 rto=32000000",
                "67000000 state server LISTEN>SYN_RECEIVED", "67000000 transmission server S.", "67000000 drop fw S. " + noEntry));
        long[] again = {68, 70, 74, 82, 98};
        for (int i = 0; i < again.length; i++) {
            expected.add(again[i] * S + " retransmission server S. #" + (i + 1) + " rto=" + (1L << i) * S);
            expected.add(again[i] * S + " drop fw S. " + noEntry);
        }
        expected.addAll(List.of("130000000 state server SYN_RECEIVED>CLOSED", "130000000 give-up server " + expired,
                // tcp_write_timeout: 6 + 4 retransmissions in SYN_SENT, the last timeout (64 s) ends at 131 s
                "131000000 state client SYN_SENT>CLOSED", "131000000 give-up client ETIMEDOUT"));
        JsonNode timeline = timeline(id);
        assertThat(lines(timeline)).containsExactlyElementsOf(expected);
        assertThat(timeline.get("outcome").asString()).isEqualTo("timed-out");
        JsonNode summary = api.get("/api/v1/sessions/" + id + "/connections", 200).get(0);
        assertThat(summary.get("retransmissions").asInt()).isEqualTo(10 + 14 + 5);
        assertThat(summary.get("ackAtMicros").isNull()).isTrue();
        assertReplays(id);
    }

    @Test
    void theSameFirewallOnBothRoutesSeesBothDirections_andLetsTheHandshakeThrough() {
        String id = api.createSession(Map.of("name", "sym", "seed", 3, "path", Map.of(
                "middleboxes", List.of(Map.of("id", "fw", "type", "conntrack-firewall")),
                "forward", List.of("fw"), "back", List.of("fw"))));
        api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", 40001), 200);
        JsonNode timeline = timeline(id);
        assertThat(lines(timeline)).containsExactly(
                "0 state client CLOSED>SYN_SENT", "0 transmission client S",
                "0 state server LISTEN>SYN_RECEIVED", "0 transmission server S.",
                "0 transmission client .", "0 state client SYN_SENT>ESTABLISHED",
                "0 state server SYN_RECEIVED>ESTABLISHED");
        assertThat(timeline.get("outcome").asString()).isEqualTo("established");
        assertReplays(id);
    }

    @Test
    void slowLink_rttAboveTheInitialRto_causesSpuriousRetransmissionsOnBothSides() {
        String id = api.createSession(Map.of("name", "slow", "template", "slow-link", "seed", 4));
        api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", 40001), 200);
        api.post("/api/v1/sessions/" + id + "/clock", Map.of("advanceMillis", 3000), 200);
        JsonNode timeline = timeline(id);
        assertThat(lines(timeline)).containsExactly(
                "0 state client CLOSED>SYN_SENT", "0 transmission client S",
                "600000 state server LISTEN>SYN_RECEIVED", "600000 transmission server S.",
                // RTT 1.2 s > initial RTO 1 s (RFC 6298 §2.1): the SYN is resent although nothing was lost
                "1000000 retransmission client S #1 rto=1000000",
                "1200000 transmission client .", "1200000 state client SYN_SENT>ESTABLISHED",
                // the duplicate SYN reaches the server in SYN_RECEIVED: SYN-ACK resent at once (tcp_check_req)
                "1600000 retransmission server S. #1",
                "1800000 state server SYN_RECEIVED>ESTABLISHED",
                // a SYN-ACK on an established socket gets a challenge ACK (RFC 5961 §4, tcp_validate_incoming)
                "2200000 transmission client .");
        assertThat(timeline.get("outcome").asString()).isEqualTo("established");
        assertReplays(id);
    }

    @Test
    void lossyLink_seed1_losesTheSynTheThirdAckAndAResentSynAck_andTheHandshakeStillCompletes() {
        List<String> seed1 = lossyTimeline(1);
        assertThat(seed1).containsExactly(
                "0 state client CLOSED>SYN_SENT", "0 transmission client S",
                "0 drop lossy S random loss of any segment number 1",
                "1000000 retransmission client S #1 rto=1000000",
                "1000000 state server LISTEN>SYN_RECEIVED", "1000000 transmission server S.",
                "1000000 transmission client .", "1000000 drop lossy . random loss of any segment number 4",
                // the client believes it is connected; the server still waits for the third ACK
                "1000000 state client SYN_SENT>ESTABLISHED",
                "2000000 retransmission server S. #1 rto=1000000",
                "2000000 drop lossy S. random loss of any segment number 5",
                "4000000 retransmission server S. #2 rto=2000000",
                // the established client answers the resent SYN-ACK with an ACK, which completes it
                "4000000 transmission client .", "4000000 state server SYN_RECEIVED>ESTABLISHED");
    }

    @Test
    void lossyLink_sameSeedSameLosses_otherSeedOtherLosses() {
        List<String> first = lossyTimeline(5);
        assertThat(lossyTimeline(5)).isEqualTo(first);
        assertThat(lossyTimeline(2)).isNotEqualTo(first).noneMatch(line -> line.contains(" drop "));
        assertThat(first).filteredOn(line -> line.contains(" drop ")).hasSize(3);
    }

    List<String> lossyTimeline(long seed) {
        String id = api.createSession(Map.of("name", "lossy", "template", "lossy-link", "seed", seed));
        api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", 40001), 200);
        api.post("/api/v1/sessions/" + id + "/clock", Map.of("advanceMillis", 130_000), 200);
        assertReplays(id);
        List<String> out = new ArrayList<>();
        for (String line : lines(timeline(id))) {
            out.add(line.replaceAll(" \\(draw [0-9.]+ < p 0\\.3\\)", ""));
        }
        return out;
    }

    static List<String> states(JsonNode step) {
        List<String> out = new ArrayList<>();
        step.get("endpoints").forEach(e -> {
            if (e.get("remote") != null && !e.get("remote").isNull()) {
                out.add(e.get("host").asString() + " " + e.get("state").asString());
            }
        });
        out.sort(null);
        return out;
    }

    JsonNode timeline(String id) {
        return api.get("/api/v1/sessions/" + id + "/connections/" + CONN + "/timeline", 200);
    }

    /** Entries as "at kind host letters #retransmission rto=.. reason", or "at state host from>to". */
    static List<String> lines(JsonNode timeline) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : timeline.get("entries")) {
            String kind = e.get("kind").asString();
            StringBuilder sb = new StringBuilder().append(e.get("atMicros").asLong()).append(' ').append(kind).append(' ')
                    .append(e.get("host").asString());
            if (kind.equals("state")) {
                sb.append(' ').append(e.get("from").asString()).append('>').append(e.get("to").asString());
            } else {
                if (e.has("letters")) sb.append(' ').append(e.get("letters").asString());
                if (e.has("retransmission")) sb.append(" #").append(e.get("retransmission").asInt());
                if (e.has("rtoMicros")) sb.append(" rto=").append(e.get("rtoMicros").asLong());
                if (kind.equals("drop") || kind.equals("give-up")) sb.append(' ').append(e.get("reason").asString());
            }
            out.add(sb.toString());
        }
        return out;
    }

    void assertReplays(String id) {
        SessionService.ReplayCheck check = new Api(client).replayCheck(id);
        assertThat(check.events()).isPositive();
        assertThat(check.mismatches()).isZero();
    }
}
