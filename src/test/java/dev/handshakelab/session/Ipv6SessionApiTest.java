package dev.handshakelab.session;

import static dev.handshakelab.session.SessionApiTest.find;
import static dev.handshakelab.session.SessionApiTest.flipByte;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.handshakelab.core.wire.Ipv6HeaderField;
import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import tools.jackson.databind.JsonNode;

/**
 * An IPv6 lab over real HTTP: a session between IPv6 addresses does the handshake as the IPv4
 * one does, its segments travel in 40-byte IPv6 headers with the TCP checksum over the RFC 8200
 * §8.1 pseudo-header, its server offers MSS 1440 (MTU 1500 − 40 − 20), and whatever mixes the
 * two families, or is not an IPv6 datagram where one is due, is a 400 naming the field and the
 * rule, with no step stored.
 */
@ApiTest
class Ipv6SessionApiTest {

    @Autowired
    RestTestClient client;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    private static List<Map<String, Object>> linuxV6SynOptions(long tsVal) {
        return List.of(Map.of("kind", "mss", "mss", 1440), Map.of("kind", "sackOK"),
                Map.of("kind", "timestamps", "tsVal", tsVal, "tsEcr", 0), Map.of("kind", "nop"), Map.of("kind", "wscale", "shift", 7));
    }

    @Test
    void theIpv6Template_handshakeByHand_synAckInAnIpv6HeaderWithMss1440_thenEstablished() {
        JsonNode session = api.post("/api/v1/sessions", Map.of("name", "v6", "template", "ipv6-handshake", "seed", 7), 201);
        assertThat(session.get("server").get("address").asString()).isEqualTo("2001:db8::2");
        assertThat(session.get("client").get("address").asString()).isEqualTo("2001:db8::1");
        String id = session.get("id").asString();

        JsonNode synStep = api.post("/api/v1/sessions/" + id + "/segments", Map.of("flags", List.of("SYN"), "seq", 1000,
                "window", 64800, "options", linuxV6SynOptions(100)), 200);
        JsonNode syn = synStep.get("segments").get(0);
        assertThat(syn.get("from").asString()).isEqualTo("[2001:db8::1]:40000");
        JsonNode synAck = synStep.get("replies").get(0);
        assertThat(synAck.get("letters").asString()).isEqualTo("S.");
        assertThat(synAck.get("from").asString()).isEqualTo("[2001:db8::2]:80");
        assertThat(synAck.get("to").asString()).isEqualTo("[2001:db8::1]:40000");
        assertThat(synAck.get("ack").asLong()).isEqualTo(1001);
        assertThat(synAck.get("options").get(0).get("mss").asInt()).isEqualTo(1440);
        assertThat(synAck.get("summary").asString()).contains("<mss 1440,sackOK,TS val");
        assertThat(synAck.get("checksumValid").asBoolean()).isTrue();

        // the bytes that travelled: a 40-byte IPv6 header in front of the TCP header shown alone
        byte[] ip = HexFormat.of().parseHex(synAck.get("ipHex").asString());
        byte[] tcp = HexFormat.of().parseHex(synAck.get("tcpHex").asString());
        assertThat(ip.length).isEqualTo(40 + tcp.length);
        assertThat(Ipv6HeaderField.VERSION.read(ip, 0)).isEqualTo(6);
        assertThat(Ipv6HeaderField.PAYLOAD_LENGTH.read(ip, 0)).isEqualTo(tcp.length);
        assertThat(Ipv6HeaderField.NEXT_HEADER.read(ip, 0)).isEqualTo(6);
        assertThat(Ipv6HeaderField.HOP_LIMIT.read(ip, 0)).isEqualTo(64);
        assertThat(HexFormat.of().formatHex(ip, 8, 24)).isEqualTo("20010db8000000000000000000000002");
        assertThat(HexFormat.of().formatHex(ip, 24, 40)).isEqualTo("20010db8000000000000000000000001");
        assertThat(pseudoHeaderChecksumHolds(ip)).isTrue();

        long iss = synAck.get("seq").asLong();
        long tsVal = synAck.get("options").get(2).get("tsVal").asLong();
        JsonNode ackStep = api.post("/api/v1/sessions/" + id + "/segments", Map.of("flags", List.of("ACK"), "seq", 1001,
                "ack", (iss + 1) & 0xFFFFFFFFL, "window", 507, "options", List.of(Map.of("kind", "nop"), Map.of("kind", "nop"),
                        Map.of("kind", "timestamps", "tsVal", 110, "tsEcr", tsVal))), 200);
        assertThat(ackStep.get("replies")).isEmpty();
        assertThat(serverState(ackStep)).isEqualTo("ESTABLISHED");
        assertThat(api.replayCheck(id).mismatches()).isZero();

        JsonNode connections = api.get("/api/v1/sessions/" + id + "/connections", 200);
        assertThat(connections.toString()).contains("[2001:db8::1]:40000");
    }

    /** RFC 1071 over the RFC 8200 §8.1 pseudo-header (addresses, 32-bit length, zeros, next header 6) and the segment. */
    private static boolean pseudoHeaderChecksumHolds(byte[] ip) {
        long sum = 0;
        for (int i = 8; i < 40; i += 2) {
            sum += ((ip[i] & 0xFF) << 8) | (ip[i + 1] & 0xFF);
        }
        int tcpLength = ip.length - 40;
        sum += (tcpLength >>> 16) + (tcpLength & 0xFFFF) + 6;
        for (int i = 40; i < ip.length; i += 2) {
            sum += ((ip[i] & 0xFF) << 8) | (i + 1 < ip.length ? ip[i + 1] & 0xFF : 0);
        }
        while (sum >>> 16 != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return sum == 0xFFFF;
    }

    @Test
    void aSimulatedLinuxClientOverIpv6_getsMss1440AndCompletesByItself() {
        String id = api.createSession(Map.of("name", "v6 client", "seed", 5, "server", Map.of("address", "2001:db8:0:0::2")));
        JsonNode session = api.get("/api/v1/sessions/" + id, 200);
        // written back as RFC 5952 text, and the client defaulted into the server's family
        assertThat(session.get("server").get("address").asString()).isEqualTo("2001:db8::2");
        assertThat(session.get("client").get("address").asString()).isEqualTo("2001:db8::1");
        JsonNode step = api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", 40001, "preset", "linux"), 200);
        List<String> letters = new ArrayList<>();
        step.get("segments").forEach(s -> letters.add(s.get("sender").asString() + ":" + s.get("letters").asString()));
        assertThat(letters).containsExactly("client:S", "server:S.", "client:.");
        // the server's own MSS: its MTU less the 40-byte IPv6 and 20-byte TCP headers
        assertThat(step.get("segments").get(1).get("summary").asString()).contains("<mss 1440,");
        assertThat(api.replayCheck(id).mismatches()).isZero();
    }

    @Test
    void rawIpv6Bytes_areTakenAsTyped_andABadChecksumIsDroppedByTheServer() {
        String id = api.createSession(Map.of("name", "v6 raw", "template", "ipv6-handshake", "seed", 3));
        String built = api.post("/api/v1/sessions/" + id + "/segments", Map.of("from", Map.of("port", 40001), "flags", List.of("SYN"),
                "seq", 5, "options", List.of(Map.of("kind", "mss", "mss", 1440))), 200).get("segments").get(0).get("ipHex").asString();
        assertThat(built).startsWith("6");
        // the same SYN from port 40002, typed as raw bytes: the server answers it
        String again = built.substring(0, 80) + "9c42" + built.substring(84);
        String repaired = rechecksummed(again);
        JsonNode ok = api.post("/api/v1/sessions/" + id + "/segments", Map.of("rawHex", repaired), 200);
        assertThat(ok.get("replies").get(0).get("letters").asString()).isEqualTo("S.");
        assertThat(find(ok.get("events"), "segment-sent").get("segment").get("ipHex").asString()).isEqualTo(repaired);
        // and with the TCP checksum's last byte flipped, it is dropped as a bad checksum, shown as typed
        String broken = flipByte(rechecksummed(built.substring(0, 80) + "9c43" + built.substring(84)), 40 + 17);
        JsonNode step = api.post("/api/v1/sessions/" + id + "/segments", Map.of("rawHex", broken), 200);
        assertThat(step.get("replies")).isEmpty();
        JsonNode dropped = find(step.get("events"), "segment-dropped");
        assertThat(dropped.get("reason").asString()).isEqualTo("bad-checksum");
        assertThat(dropped.get("segment").get("ipHex").asString()).isEqualTo(broken);
        assertThat(api.replayCheck(id).mismatches()).isZero();
    }

    /** The datagram with its TCP checksum made right again, by the codec the server uses. */
    private static String rechecksummed(String ipHex) {
        return HexFormat.of().formatHex(dev.handshakelab.core.wire.SegmentCodec.encodeIp(
                dev.handshakelab.core.wire.SegmentCodec.decodeIp(HexFormat.of().parseHex(ipHex))));
    }

    @Test
    void badInput_isA400NamingTheFieldAndTheRule_andStoresNoStep() {
        // a v6 server with a v4 client
        JsonNode mixed = api.post("/api/v1/sessions", Map.of("name", "mixed", "server", Map.of("address", "2001:db8::2"),
                "client", Map.of("address", "10.0.0.1")), 400);
        assertRule(mixed, "client.address", "same-ip-version");
        assertRule(api.post("/api/v1/sessions", Map.of("name", "bad", "server", Map.of("address", "2001:db8::g")), 400),
                "server.address", "ip-address");

        String id = api.createSession(Map.of("name", "v6 refusals", "template", "ipv6-handshake", "seed", 2));
        String v4 = api.post("/api/v1/sessions", Map.of("name", "v4", "seed", 2), 201).get("id").asString();
        String v4Syn = api.post("/api/v1/sessions/" + v4 + "/segments", Map.of("flags", List.of("SYN"), "seq", 1), 200)
                .get("segments").get(0).get("ipHex").asString();
        String v6Syn = api.post("/api/v1/sessions/" + id + "/segments", Map.of("flags", List.of("SYN"), "seq", 1), 200)
                .get("segments").get(0).get("ipHex").asString();

        // a v4 datagram sent into a v6 session, and the other way round
        assertRule(api.post("/api/v1/sessions/" + id + "/segments", Map.of("rawHex", v4Syn), 400), "rawHex", "ipv6");
        assertRule(api.post("/api/v1/sessions/" + v4 + "/segments", Map.of("rawHex", v6Syn), 400), "rawHex", "ipv4");
        // an IPv6 datagram whose payload length says 4 bytes more than there are
        int payload = Integer.parseInt(v6Syn.substring(8, 12), 16);
        String longer = v6Syn.substring(0, 8) + String.format("%04x", payload + 4) + v6Syn.substring(12);
        JsonNode wrongLength = api.post("/api/v1/sessions/" + id + "/segments", Map.of("rawHex", longer), 400);
        assertRule(wrongLength, "rawHex", "IPV6_PAYLOAD_LENGTH_MISMATCH");
        // a crafted segment from a v4 address, and one to a v4 address
        assertRule(api.post("/api/v1/sessions/" + id + "/segments", Map.of("from", Map.of("address", "10.0.0.1"),
                "flags", List.of("SYN")), 400), "from.address", "ipv6");
        assertRule(api.post("/api/v1/sessions/" + id + "/segments", Map.of("to", Map.of("address", "10.0.0.2"),
                "flags", List.of("SYN")), 400), "to.address", "ipv6");
        // a middlebox matching a v4 address in a v6 session, which would never match anything
        assertRule(api.post("/api/v1/sessions", Map.of("name", "v6 path", "template", "ipv6-handshake", "path", Map.of(
                "middleboxes", List.of(Map.of("type", "filter", "id", "f", "defaultAction", "accept",
                        "rules", List.of(Map.of("action", "drop", "src", "10.0.0.1")))), "forward", List.of("f"), "back", List.of())), 400),
                "path.middleboxes[0].rules[0].src", "ipv6");
        // a SYN flood from IPv4 sources (an IPv6 session floods from an IPv6 prefix: Ipv6FloodApiTest)
        assertRule(api.post("/api/v1/sessions/" + id + "/flood", Map.of("syns", 10, "ratePerSecond", 10,
                "sources", Map.of("cidr", "198.51.100.0/24")), 400), "sources.cidr", "ipv6-prefix");

        // nothing of it was stored: only the one SYN
        assertThat(api.get("/api/v1/sessions/" + id, 200).get("steps").asInt()).isEqualTo(1);
    }

    @Test
    void middleboxesOverIpv6_aFirewallOnTheReturnPathAndAnIpv6Filter_workAsOverIpv4() {
        // the asymmetric-firewall lab, moved to IPv6: the conntrack firewall drops the SYN-ACKs it never saw a SYN for
        String id = api.createSession(Map.of("name", "v6 fw", "template", "asymmetric-firewall", "seed", 9,
                "server", Map.of("address", "2001:db8::2"), "client", Map.of("address", "2001:db8::1")));
        JsonNode step = api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", 40001), 200);
        JsonNode dropped = find(step.get("events"), "segment-dropped");
        assertThat(dropped.get("where").asString()).contains("fw");
        assertThat(dropped.get("segment").get("letters").asString()).isEqualTo("S.");

        // a stateless filter matching an IPv6 source drops that client's SYN on the way in
        String filtered = api.createSession(Map.of("name", "v6 filter", "template", "ipv6-handshake", "seed", 9, "path", Map.of(
                "middleboxes", List.of(Map.of("type", "filter", "id", "f", "defaultAction", "accept",
                        "rules", List.of(Map.of("action", "drop", "src", "2001:db8::1")))), "forward", List.of("f"), "back", List.of())));
        JsonNode syn = api.post("/api/v1/sessions/" + filtered + "/segments", Map.of("flags", List.of("SYN"), "seq", 1), 200);
        assertThat(syn.get("replies")).isEmpty();
        assertThat(find(syn.get("events"), "segment-dropped").get("where").asString()).contains("f");
        assertThat(api.replayCheck(filtered).mismatches()).isZero();

        // a firewall answering with ICMP, and a connection's timeline read by its bracketed id
        String icmp = api.createSession(Map.of("name", "v6 icmp", "template", "ipv6-handshake", "seed", 9, "path", Map.of(
                "middleboxes", List.of(Map.of("type", "conntrack-firewall", "id", "fw", "onMismatch", "reject-icmp", "icmp", "admin-prohibited")),
                "forward", List.of(), "back", List.of("fw"))));
        JsonNode refused = api.post("/api/v1/sessions/" + icmp + "/connect", Map.of("clientPort", 40001), 200);
        assertThat(find(refused.get("events"), "segment-dropped").get("where").asString()).contains("fw");
        byte[] timeline = client.get().uri("/api/v1/sessions/" + icmp + "/connections/{c}/timeline", "[2001:db8::1]:40001-[2001:db8::2]:80")
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        assertThat(new String(timeline, java.nio.charset.StandardCharsets.UTF_8)).contains("S.");
        assertThat(api.replayCheck(icmp).mismatches()).isZero();
    }

    @Test
    void theIpv6Exercise_predictedAndSolved_isGradedFromTheStoredHistory() {
        String s = api.post("/api/v1/exercises/handshake-ipv6/attempts", Map.of(), 201).get("sessionId").asString();
        api.post("/api/v1/sessions/" + s + "/predictions", Map.of("predictionId", "synack-window", "window", 64260), 201);
        JsonNode synAck = api.post("/api/v1/sessions/" + s + "/segments", Map.of("flags", List.of("SYN"), "seq", 7000,
                "window", 64800, "options", linuxV6SynOptions(9)), 200).get("replies").get(0);
        // tcp_select_initial_window: whole segments of 1440 − 12 (timestamps), as Linux 6.x sends over IPv6
        assertThat(synAck.get("window").asInt()).isEqualTo(64260);
        long iss = synAck.get("seq").asLong();
        // first a wrong third ACK (answered with RST), then the right one
        api.post("/api/v1/sessions/" + s + "/segments", Map.of("flags", List.of("ACK"), "seq", 7001, "ack", (iss + 5) & 0xFFFFFFFFL), 200);
        api.post("/api/v1/sessions/" + s + "/segments", Map.of("flags", List.of("ACK"), "seq", 7001, "ack", (iss + 1) & 0xFFFFFFFFL), 200);

        JsonNode grade = api.get("/api/v1/sessions/" + s + "/grade", 200);
        assertThat(grade.get("replay").get("mismatches").asInt()).isZero();
        List<String> passed = new ArrayList<>();
        grade.get("checks").forEach(c -> passed.add(c.get("id").asString() + "=" + c.get("passed").asBoolean()));
        assertThat(passed).containsExactly("mss-1440=true", "third-ack=true", "established=true");
        assertThat(grade.get("predictions").get(0).get("earned").asInt()).isEqualTo(2);
    }

    @Test
    void anIpv6Session_exportsAsAPacketdrillScriptForIpv6_oneConnectionByItsBracketedId() {
        String id = api.createSession(Map.of("name", "v6 packetdrill", "template", "ipv6-handshake", "seed", 42));
        JsonNode synAck = api.post("/api/v1/sessions/" + id + "/segments", Map.of("flags", List.of("SYN"), "seq", 1000,
                "window", 64800, "options", linuxV6SynOptions(100)), 200).get("replies").get(0);
        long tsVal = synAck.get("options").get(2).get("tsVal").asLong();
        api.post("/api/v1/sessions/" + id + "/segments", Map.of("flags", List.of("ACK"), "seq", 1001,
                "ack", (synAck.get("seq").asLong() + 1) & 0xFFFFFFFFL, "window", 507, "options", List.of(Map.of("kind", "nop"),
                        Map.of("kind", "nop"), Map.of("kind", "timestamps", "tsVal", 120, "tsEcr", tsVal))), 200);
        api.post("/api/v1/sessions/" + id + "/segments", Map.of("from", Map.of("port", 40009), "flags", List.of("SYN"), "seq", 5), 200);

        byte[] body = client.get().uri("/api/v1/sessions/" + id + "/packetdrill?connection={c}", "[2001:db8::1]:40000-[2001:db8::2]:80")
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        String script = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(script)
                .contains("\n--ip_version=ipv6\n")
                .contains("< S 1000:1000(0) win 64800 <mss 1440,sackOK,TS val 100 ecr 0,nop,wscale 7>")
                .contains("> S. 0:0(0) ack 1001 win 64260 <mss 1440,sackOK,TS val " + tsVal + " ecr 100,nop,wscale 7>")
                .contains("< . 1:1(0) ack 1 win 507 <nop,nop,TS val 120 ecr " + tsVal + ">")
                .doesNotContain("< S 5:5(0)");
        // the option comes before the first event, where packetdrill takes command-line options
        assertThat(script.indexOf("--ip_version=ipv6")).isLessThan(script.indexOf("socket("));
    }

    private static String serverState(JsonNode step) {
        for (JsonNode e : step.get("endpoints")) {
            if (e.get("host").asString().equals("server") && e.get("remote") != null && !e.get("remote").isNull()) {
                return e.get("state").asString();
            }
        }
        return null;
    }

    private static void assertRule(JsonNode problem, String field, String rule) {
        assertThat(problem.get("type").asString()).isEqualTo("https://handshakelab.dev/problems/invalid-request");
        List<String> found = new ArrayList<>();
        problem.get("errors").forEach(e -> found.add(e.get("field").asString() + " " + e.get("rule").asString()));
        assertThat(found).as(problem.toString()).contains(field + " " + rule);
    }
}
