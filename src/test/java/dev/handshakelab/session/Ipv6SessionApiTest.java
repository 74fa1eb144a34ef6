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
    void aSimulatedLinuxClientOverIpv6_offersMss1440AndCompletesByItself() {
        String id = api.createSession(Map.of("name", "v6 client", "seed", 5, "server", Map.of("address", "2001:db8:0:0::2")));
        JsonNode session = api.get("/api/v1/sessions/" + id, 200);
        // written back as RFC 5952 text, and the client defaulted into the server's family
        assertThat(session.get("server").get("address").asString()).isEqualTo("2001:db8::2");
        assertThat(session.get("client").get("address").asString()).isEqualTo("2001:db8::1");
        // and the other way round: an IPv6 client alone brings the IPv6 server with it, an IPv4 client into an IPv6 template the IPv4 one
        JsonNode clientOnly = api.post("/api/v1/sessions", Map.of("name", "v6 client only", "client", Map.of("address", "2001:db8::99")), 201);
        assertThat(clientOnly.get("server").get("address").asString()).isEqualTo("2001:db8::2");
        JsonNode back = api.post("/api/v1/sessions", Map.of("name", "v4 in v6", "template", "ipv6-handshake",
                "client", Map.of("address", "192.0.2.7")), 201);
        assertThat(back.get("server").get("address").asString()).isEqualTo("10.0.0.2");
        JsonNode step = api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", 40001, "preset", "linux"), 200);
        List<String> letters = new ArrayList<>();
        step.get("segments").forEach(s -> letters.add(s.get("sender").asString() + ":" + s.get("letters").asString()));
        assertThat(letters).containsExactly("client:S", "server:S.", "client:.");
        // each host's own MSS: its MTU less the 40-byte IPv6 and 20-byte TCP headers
        assertThat(step.get("segments").get(0).get("summary").asString()).contains("<mss 1440,");
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
        // an ICMP code neither family has: the rule lists ip6tables' names first
        JsonNode badCode = api.post("/api/v1/sessions", Map.of("name", "v6 icmp", "template", "ipv6-handshake", "path", Map.of(
                "middleboxes", List.of(Map.of("type", "conntrack-firewall", "id", "fw", "onMismatch", "reject-icmp", "icmp", "bogus")),
                "forward", List.of(), "back", List.of("fw"))), 400);
        assertThat(badCode.get("errors").get(0).get("field").asString()).isEqualTo("path.middleboxes[0].icmp");
        assertThat(badCode.get("errors").get(0).get("rule").asString()).startsWith("icmp6-port-unreachable, icmp6-adm-prohibited");

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
        // over IPv6 the firewall's answer is ICMPv6: admin-prohibited is its code 1 (RFC 4443 §3.1)
        assertThat(find(refused.get("events"), "icmp-received").get("reason").asString()).isEqualTo("icmp icmp6-adm-prohibited");
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

        // and the script runs back, line by line, against a fresh IPv6 server of another seed
        JsonNode run = api.post("/api/v1/packetdrill/runs", Map.of("script", script, "profile", "linux", "seed", 7), 200);
        assertThat(run.get("passed").asBoolean()).as(run.toString()).isTrue();
        assertThat(run.get("lines")).allMatch(l -> l.get("status").asString().equals("passed"));
        // without the option the same lines are an IPv4 run: the SYN-ACK's MSS 1440 is then wrong
        JsonNode asIpv4 = api.post("/api/v1/packetdrill/runs", Map.of("script", script.replace("--ip_version=ipv6\n", ""),
                "profile", "linux", "seed", 7), 200);
        assertThat(asIpv4.get("passed").asBoolean()).isFalse();
    }

    @Test
    void everyKindOfMiddleboxAndAction_runsInAnIpv6Session_andReplaysToItsHistory() {
        Map<String, Object> synAcks = Map.of("flags", List.of("SYN", "ACK"), "direction", "server-to-client", "srcPort", 80);
        List<Map<String, Object>> boxes = List.of(
                Map.of("type", "loss", "id", "b", "match", synAcks, "nth", List.of(1)),
                Map.of("type", "loss", "id", "b", "probability", 0.5),
                Map.of("type", "delay", "id", "b", "latencyMillis", 10, "jitterMillis", 5),
                Map.of("type", "conntrack-firewall", "id", "b", "onMismatch", "drop"),
                Map.of("type", "conntrack-firewall", "id", "b", "onMismatch", "reject-rst"),
                Map.of("type", "conntrack-firewall", "id", "b", "onMismatch", "reject-icmp", "icmp", "port-unreachable"),
                Map.of("type", "filter", "id", "b", "defaultAction", "reject-rst"),
                Map.of("type", "filter", "id", "b", "defaultAction", "accept", "rules", List.of(
                        Map.of("action", "reject-icmp", "icmp", "host-unreachable", "dst", "2001:db8::2", "flags", List.of("SYN")))));
        for (Map<String, Object> box : boxes) {
            for (List<String> forward : List.of(List.of("b"), List.<String>of())) {
                String id = api.createSession(Map.of("name", "v6 " + box.get("type"), "template", "ipv6-handshake", "seed", 21,
                        "path", Map.of("middleboxes", List.of(box), "forward", forward, "back", List.of("b"))));
                api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", 40001), 200);
                api.post("/api/v1/sessions/" + id + "/segments", Map.of("flags", List.of("SYN"), "seq", 1, "options", linuxV6SynOptions(5)), 200);
                api.post("/api/v1/sessions/" + id + "/clock", Map.of("advanceMillis", 4000), 200);
                assertThat(api.replayCheck(id).mismatches()).as(box + " forward " + forward).isZero();
            }
        }
    }

    @Test
    void anIpv6Session_forkedResetAndExportedForOneConnection_staysIpv6() {
        String id = api.createSession(Map.of("name", "v6 undo", "template", "ipv6-handshake", "seed", 13));
        api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", 40001), 200);
        api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", 40002), 200);

        JsonNode fork = api.post("/api/v1/sessions/" + id + "/fork", Map.of("uptoStep", 1), 201);
        assertThat(fork.get("server").get("address").asString()).isEqualTo("2001:db8::2");
        assertThat(fork.get("steps").asInt()).isEqualTo(1);
        assertThat(api.replayCheck(fork.get("id").asString()).mismatches()).isZero();
        JsonNode fresh = api.post("/api/v1/sessions/" + id + "/reset", Map.of(), 201);
        assertThat(fresh.get("client").get("address").asString()).isEqualTo("2001:db8::1");

        // one connection's datagrams as pcap: 24-byte file header, then each record's 16 bytes and an IPv6 datagram
        byte[] pcap = client.get().uri("/api/v1/sessions/" + id + "/capture?format=pcap&connection={c}", "[2001:db8::1]:40002-[2001:db8::2]:80")
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        // PcapWriter writes big-endian (its magic number tells a reader so)
        java.nio.ByteBuffer file = java.nio.ByteBuffer.wrap(pcap);
        assertThat(file.getInt(20)).as("LINKTYPE_RAW").isEqualTo(101);
        int records = 0;
        for (int at = 24; at < pcap.length; records++) {
            int length = file.getInt(at + 8);
            assertThat(pcap[at + 16] >>> 4 & 0xF).as("version nibble of record " + records).isEqualTo(6);
            // the client's address (bytes 8..23 or 24..39 of the datagram) and its port 40002 (0x9c42) in the TCP header
            String datagram = HexFormat.of().formatHex(pcap, at + 16, at + 16 + length);
            assertThat(datagram).contains("20010db8000000000000000000000001").contains("9c42");
            at += 16 + length;
        }
        assertThat(records).as("SYN, SYN-ACK, ACK").isEqualTo(3);
    }

    @Test
    void theLongestIpv6Addresses_fitEveryStoredColumn() {
        // eight full groups each: a connection id of 95 characters, the longest there is
        String server = "2001:db8:1234:5678:9abc:def0:1234:5678";
        String client6 = "2001:db8:1234:5678:9abc:def0:1234:5679";
        String id = api.createSession(Map.of("name", "long", "seed", 3, "server", Map.of("address", server, "port", 65535),
                "client", Map.of("address", client6)));
        api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", 65000), 200);
        String connection = "[" + client6 + "]:65000-[" + server + "]:65535";
        assertThat(api.get("/api/v1/sessions/" + id + "/connections", 200).get(0).get("id").asString()).isEqualTo(connection);
        assertThat(api.replayCheck(id).mismatches()).isZero();
    }

    @Test
    void aSynFloodAndItsCookies_inAnIpv6Session_countAsInTheIpv4Lab_andTheCookieInspectorReadsBracketedAddresses() {
        Map<String, Object> flood = dev.handshakelab.flood.FloodApiTest.flood(20_000);
        String v4 = api.createSession(Map.of("name", "flood v4", "template", "syn-flood-cookies", "seed", 3));
        String v6 = api.createSession(Map.of("name", "flood v6", "template", "syn-flood-cookies", "seed", 3,
                "server", Map.of("address", "2001:db8::2"), "client", Map.of("address", "2001:db8::1")));
        JsonNode totals4 = api.post("/api/v1/sessions/" + v4 + "/flood", flood, 200).get("totals");
        JsonNode totals6 = api.post("/api/v1/sessions/" + v6 + "/flood", flood, 200).get("totals");
        for (String counter : List.of("synsReceived", "synsDropped", "cookiesSent", "legitSuccesses", "synQueue")) {
            assertThat(totals6.get(counter).asLong()).as(counter).isEqualTo(totals4.get(counter).asLong());
        }
        assertThat(totals6.get("legitSuccesses").asLong()).isEqualTo(20);
        assertThat(api.replayCheck(v6).mismatches()).isZero();
        // a prefix that holds the lab's own server, as the IPv6 lab sees IPv4 sources: embedded under 64:ff9b::/96 (RFC 6052)
        String embedded = api.createSession(Map.of("name", "embedded", "template", "syn-flood-cookies",
                "server", Map.of("address", "64:ff9b::c633:6407"), "client", Map.of("address", "2001:db8::1")));
        Map<String, Object> clash = new java.util.HashMap<>(flood);
        clash.put("sources", Map.of("cidr", "198.51.100.0/24"));
        assertRule(api.post("/api/v1/sessions/" + embedded + "/flood", clash, 400), "sources.cidr", "excludes the lab's addresses");

        // a cookie SYN-ACK to the student's own IPv6 SYN, inspected by its event index: "[2001:db8::1]:40000" read back
        String cookies = api.createSession(Map.of("name", "v6 cookies", "template", "ipv6-handshake", "seed", 21,
                "overrides", Map.of("syncookies", 2)));
        JsonNode step = api.post("/api/v1/sessions/" + cookies + "/segments", Map.of("flags", List.of("SYN"), "seq", 1000,
                "window", 64800, "options", linuxV6SynOptions(100)), 200);
        JsonNode synAck = find(step.get("events"), "segment-sent");
        for (JsonNode e : step.get("events")) {
            if (e.get("kind").asString().equals("segment-sent") && e.get("host").asString().equals("server")) {
                synAck = e;
            }
        }
        long cookie = synAck.get("segment").get("seq").asLong();
        long tsVal = synAck.get("segment").get("options").get(2).get("tsVal").asLong();
        JsonNode inspected = api.post("/api/v1/sessions/" + cookies + "/cookies/inspect", Map.of("eventIndex", synAck.get("index").asLong(),
                "finalAck", Map.of("seq", 1001, "ack", (cookie + 1) & 0xFFFFFFFFL, "tsEcr", tsVal)), 200);
        assertThat(inspected.get("cookie").get("hashCheck").asBoolean()).isTrue();
        // cookie_v6_init_sequence's table: 1220, 1420, 1440, 8940
        assertThat(inspected.get("cookie").get("mss").asInt()).isEqualTo(1440);
        assertThat(inspected.get("finalAck").get("valid").asBoolean()).isTrue();
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
