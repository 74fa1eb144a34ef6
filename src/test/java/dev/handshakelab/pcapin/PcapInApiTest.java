package dev.handshakelab.pcapin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import tools.jackson.databind.JsonNode;

/**
 * Captures in, over real HTTP: the lab's own exports replayed against the same profile agree with
 * themselves, field by field, for every template where a flow has a listener behind it; and
 * damaged files are refused with a problem naming the record and the byte.
 */
@ApiTest
class PcapInApiTest {

    /**
     * Templates whose captures do not replay against a plain listener: a flood is one bulk step
     * with spoofed sources, and in simultaneous open port 80 is the student's socket, not a listener.
     */
    static final Set<String> NOT_APPLICABLE = Set.of("syn-flood-no-cookies", "syn-flood-cookies", "simultaneous-open");

    @Autowired
    RestTestClient client;

    @Test
    void everyTemplatesExport_replayedAgainstItsOwnProfile_answersExactlyAsCaptured() {
        Api api = new Api(client);
        List<String> checked = new ArrayList<>();
        for (JsonNode template : api.get("/api/v1/templates", 200)) {
            String id = template.get("id").asString();
            if (NOT_APPLICABLE.contains(id)) {
                continue;
            }
            String session = api.createSession(Map.of("name", "round trip " + id, "template", id, "seed", 9));
            api.post("/api/v1/sessions/" + session + "/connect", Map.of("clientPort", 40001), 200);
            api.post("/api/v1/sessions/" + session + "/clock", Map.of("advanceMillis", 4000), 200);
            // pcapng: the server's own interface, a capture taken on the server host. pcap records each
            // datagram when its sender sent it, which is one observation point only on a path that
            // neither delays nor loses on the way to the server.
            for (String format : pcapIsOneObservationPoint(template) ? List.of("pcap", "pcapng") : List.of("pcapng")) {
                byte[] file = download(session, format);
                JsonNode listing = post("/api/v1/captures/flows", file, 200);
                String iface = format.equals("pcap") ? "" : "&interface=" + interfaceNamed(listing, "server");
                // the flow's id is the connection's: "10.0.0.1:40001-10.0.0.2:80", or for the IPv6 lab
                // "[2001:db8::1]:40001-[2001:db8::2]:80", given as a URI variable so its brackets are encoded
                String flow = hostPort(template, "clientAddress", 40001) + "-" + hostPort(template, "serverAddress", 80);
                byte[] response = client.post().uri("/api/v1/captures/replay?flow={flow}&profile="
                        + template.get("defaults").get("profile").asString() + iface, flow)
                        .contentType(MediaType.APPLICATION_OCTET_STREAM).body(file).exchange()
                        .expectStatus().isOk().expectBody().returnResult().getResponseBody();
                JsonNode report = Api.json().readTree(response);
                assertThat(report.get("compared").asInt()).as(id + " " + format).isGreaterThan(0);
                assertThat(report.get("differences")).as(id + " " + format + ": " + report.get("differences")).isEmpty();
                checked.add(id + " " + format);
            }
        }
        assertThat(checked).contains("basic-handshake pcap", "lost-syn-ack pcapng", "asymmetric-firewall pcap", "slow-link pcapng",
                "lossy-link pcapng", "accept-queue-overflow pcap", "ipv6-handshake pcap", "ipv6-handshake pcapng");
    }

    /** A template's host as HostPort writes it: an IPv6 address in brackets (RFC 5952 §6). */
    private static String hostPort(JsonNode template, String which, int port) {
        String address = template.get("defaults").get(which).asString();
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }

    private static boolean pcapIsOneObservationPoint(JsonNode template) {
        JsonNode path = template.get("defaults").get("path");
        if (path == null || path.isNull()) {
            return true;
        }
        for (JsonNode box : path.get("middleboxes")) {
            if (box.get("type").asString().equals("delay")) {
                return false;
            }
        }
        return path.get("forward").isEmpty();
    }

    /**
     * A wrong third ACK, SYN-ACK retransmissions at 1 s and 3 s, then the right ACK: the wrong ACK
     * number is carried over relative to the ISN, so the RST's seq matches, and the virtual clock
     * follows the capture's timestamps, so the retransmissions come at the captured times.
     */
    @Test
    void badThirdAckAndRetransmissions_replayedAtTheCapturedTimes_matchRelativeToTheIsns() {
        Api api = new Api(client);
        String session = api.createSession(Map.of("name", "bad third ack", "template", "bad-third-ack", "seed", 4));
        JsonNode synAck = api.post("/api/v1/sessions/" + session + "/segments", Map.of("from", Map.of("port", 40000),
                "flags", List.of("SYN"), "seq", 1000, "window", 64240, "options", Api.linuxSynOptions(100)), 200)
                .get("replies").get(0);
        long iss = synAck.get("seq").asLong();
        api.post("/api/v1/sessions/" + session + "/segments", Map.of("from", Map.of("port", 40000), "flags", List.of("ACK"),
                "seq", 1001, "ack", (iss + 77) & 0xFFFFFFFFL, "window", 502), 200);
        api.post("/api/v1/sessions/" + session + "/clock", Map.of("advanceMillis", 3500), 200);
        api.post("/api/v1/sessions/" + session + "/segments", Map.of("from", Map.of("port", 40000), "flags", List.of("ACK"),
                "seq", 1001, "ack", (iss + 1) & 0xFFFFFFFFL, "window", 502), 200);

        JsonNode report = post("/api/v1/captures/replay", download(session, "pcap"), 200);
        assertThat(report.get("differences")).as(report.toString()).isEmpty();
        JsonNode exchanges = report.get("exchanges");
        JsonNode rst = exchanges.get(1).get("answers").get(0);
        assertThat(rst.get("captured").get("summary").asString())
                .isEqualTo("R " + ((iss + 77) & 0xFFFFFFFFL) + ":" + ((iss + 77) & 0xFFFFFFFFL) + "(0) win 0");
        assertThat(rst.get("simulated").get("flags").asString()).isEqualTo("R");
        assertThat(rst.get("simulated").get("relSeq").asLong()).isEqualTo(rst.get("captured").get("relSeq").asLong()).isEqualTo(77);
        List<Double> retransmitted = new ArrayList<>();
        for (JsonNode answer : exchanges.get(1).get("answers")) {
            if (answer.get("simulated").get("flags").asString().equals("S.")) {
                retransmitted.add(answer.get("simulated").get("atMillis").asDouble());
                assertThat(answer.get("captured").get("atMillis").asDouble()).isEqualTo(answer.get("simulated").get("atMillis").asDouble());
            }
        }
        assertThat(retransmitted).containsExactly(1000.0, 3000.0);
    }

    @Test
    void theOtherProfile_answersDifferently_andEachDifferenceIsExplained() {
        Api api = new Api(client);
        String session = api.createSession(Map.of("name", "vs rfc9293", "template", "basic-handshake", "seed", 5));
        api.post("/api/v1/sessions/" + session + "/connect", Map.of("clientPort", 40002), 200);
        JsonNode report = post("/api/v1/captures/replay?profile=rfc9293", download(session, "pcap"), 200);
        assertThat(report.get("profile").asString()).isEqualTo("rfc9293");
        assertThat(report.get("differing").asInt()).isGreaterThan(0);
        List<String> differences = new ArrayList<>();
        report.get("differences").forEach(d -> differences.add(d.asString()));
        assertThat(differences).anyMatch(d -> d.contains("captured server offered wscale 7, the simulated rfc9293 server offers 5"));
        assertThat(differences).anyMatch(d -> d.contains("the options differ in kind or order")
                && d.contains("simulated <mss 1460,nop,wscale 5,nop,nop,sackOK,nop,nop,TS val +0 ecr +0>"));
    }

    // ---------------------------------------------------------------- bad input

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/captures/flows", "/api/v1/captures/replay"})
    void wrongMagic_isRefusedNamingTheFileHeader(String uri) {
        JsonNode problem = post(uri, "GET / HTTP/1.1\r\n\r\n".getBytes(), 400);
        assertThat(problem.get("type").asString()).endsWith("/invalid-capture");
        assertThat(problem.get("record").asInt()).isZero();
        assertThat(problem.get("offset").asLong()).isZero();
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("file header");
        assertThat(problem.get("errors").get(0).get("rule").asString()).isEqualTo("magic");
    }

    @Test
    void truncatedPcap_namesTheRecordAndTheByteWhereItEnds() {
        byte[] whole = RealLinuxCaptureTest.resource("linux-veth.pcap");
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 10);
        JsonNode problem = post("/api/v1/captures/flows", cut, 400);
        assertThat(problem.get("record").asInt()).isEqualTo(9);
        assertThat(problem.get("detail").asString()).startsWith("record 9 at byte ").contains("the file ends at byte " + cut.length);
    }

    @Test
    void recordLengthBeyondTheFile_isNamed() {
        byte[] file = RealLinuxCaptureTest.resource("linux-veth.pcap").clone();
        // the first record's captured length (little-endian file written on x86) at 24 + 8
        file[24 + 8] = (byte) 0xF0;
        file[24 + 9] = (byte) 0x0F;
        JsonNode problem = post("/api/v1/captures/flows", file, 400);
        assertThat(problem.get("record").asInt()).isEqualTo(1);
        assertThat(problem.get("offset").asLong()).isEqualTo(32);
        assertThat(problem.get("errors").get(0).get("rule").asString()).isEqualTo("captured-length <= original-length");
    }

    @Test
    void pcapngBlockLengthNotAMultipleOfFour_isNamed() {
        byte[] file = RealLinuxCaptureTest.resource("linux-loopback-any.pcapng").clone();
        file[4] = (byte) 0xA5; // the section header's total length, little-endian: 0xa4 → 0xa5
        JsonNode problem = post("/api/v1/captures/flows", file, 400);
        assertThat(problem.get("record").asInt()).isEqualTo(1);
        assertThat(problem.get("offset").asLong()).isEqualTo(4);
        assertThat(problem.get("errors").get(0).get("rule").asString()).isEqualTo("block-length multiple-of-4 >= 12");
    }

    @Test
    void oversizeFile_is413() {
        JsonNode problem = post("/api/v1/captures/flows", new byte[300_000], 413);
        assertThat(problem.get("type").asString()).endsWith("/request-too-large");
    }

    @Test
    void unknownFlowAndBadParameters_areNamed() {
        byte[] file = RealLinuxCaptureTest.resource("linux-veth.pcap");
        JsonNode missing = post("/api/v1/captures/replay", file, 400);
        assertThat(missing.get("errors").get(0).get("field").asString()).isEqualTo("flow");
        assertThat(missing.get("detail").asString()).contains("2 replayable flows");
        JsonNode unknown = post("/api/v1/captures/replay?flow=1.2.3.4:5-6.7.8.9:10", file, 400);
        assertThat(unknown.get("errors").get(0).get("rule").asString()).isEqualTo("one of the capture's flows");
        JsonNode profile = post("/api/v1/captures/replay?profile=windows", file, 400);
        assertThat(profile.toString()).contains("profile");
        JsonNode iface = post("/api/v1/captures/flows?interface=3", file, 400);
        assertThat(iface.get("errors").get(0).get("field").asString()).isEqualTo("interface");
    }

    // ---------------------------------------------------------------- helpers

    private byte[] download(String session, String format) {
        return client.get().uri("/api/v1/sessions/" + session + "/capture?format=" + format).exchange()
                .expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
    }

    private JsonNode post(String uri, byte[] body, int status) {
        byte[] response = client.post().uri(uri).contentType(MediaType.APPLICATION_OCTET_STREAM).body(body).exchange()
                .expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody();
        return Api.json().readTree(response);
    }

    private static int interfaceNamed(JsonNode listing, String name) {
        for (JsonNode i : listing.get("interfaces")) {
            if (name.equals(i.get("name").asString(null))) {
                return i.get("id").asInt();
            }
        }
        throw new AssertionError("no interface " + name + " in " + listing);
    }
}
