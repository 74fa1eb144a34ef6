package dev.handshakelab.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import tools.jackson.databind.JsonNode;

/**
 * A session's capture files hold exactly the datagrams its history holds: pcap each datagram as
 * its sender sent it, pcapng each sighting at the point that saw it, with the history's sentence
 * as its comment; and the same seed and steps give the same file, byte for byte.
 */
@ApiTest
class CaptureApiTest {

    @Autowired
    RestTestClient client;

    @Test
    void pcapHoldsEverySentDatagramAsItTravelled_aBadChecksumIncluded() {
        Api api = new Api(client);
        String id = handshakeWithATypedBadChecksum(api, 7);
        JsonNode history = api.get("/api/v1/sessions/" + id + "/history?size=1000&kind=segment-sent", 200).get("items");

        ByteBuffer pcap = ByteBuffer.wrap(download(id, "pcap", "application/vnd.tcpdump.pcap"));
        assertThat(pcap.getInt()).isEqualTo(0xa1b2c3d4);
        assertThat(pcap.getShort()).isEqualTo((short) 2);
        assertThat(pcap.getShort()).isEqualTo((short) 4);
        pcap.position(20);
        assertThat(pcap.getInt()).as("LINKTYPE_RAW").isEqualTo(101);
        List<String> records = new ArrayList<>();
        for (JsonNode sent : history) {
            long at = sent.get("atMicros").asLong();
            assertThat(pcap.getInt()).isEqualTo((int) (at / 1_000_000));
            assertThat(pcap.getInt()).isEqualTo((int) (at % 1_000_000));
            int length = pcap.getInt();
            assertThat(pcap.getInt()).isEqualTo(length);
            byte[] ip = new byte[length];
            pcap.get(ip);
            records.add(HexFormat.of().formatHex(ip));
            assertThat(records.get(records.size() - 1)).isEqualTo(sent.get("segment").get("ipHex").asString());
        }
        assertThat(pcap.hasRemaining()).isFalse();
        assertThat(records).hasSizeGreaterThanOrEqualTo(4).contains(BAD_CHECKSUM_SYN);
    }

    @Test
    void pcapngPutsEachSightingOnItsObservationPointWithTheHistorysSentence() {
        Api api = new Api(client);
        String id = api.createSession(Map.of("name", "firewall", "template", "asymmetric-firewall", "seed", 3));
        api.post("/api/v1/sessions/" + id + "/connect", Map.of("clientPort", 40001), 200);
        api.post("/api/v1/sessions/" + id + "/clock", Map.of("advanceMillis", 2000), 200);

        Pcapng file = Pcapng.read(download(id, "pcapng", "application/x-pcapng"));
        assertThat(file.interfaces()).contains("client", "server").anyMatch(name -> name.startsWith("return route: "));
        List<String> expected = new ArrayList<>();
        for (JsonNode e : api.get("/api/v1/sessions/" + id + "/history?size=1000", 200).get("items")) {
            if (e.has("segment") && !e.get("kind").asString().equals("icmp-received")) {
                expected.add(e.get("text").asString());
            }
        }
        assertThat(file.packets()).extracting(Pcapng.Packet::comment).containsExactlyElementsOf(expected);
        assertThat(file.packets()).anyMatch(p -> p.comment().contains("drops") && file.interfaces().get(p.interfaceId()).startsWith("return route: "));
    }

    @Test
    void sameSeedAndSteps_sameFilesByteForByte_andAConnectionFilterKeepsOnlyItsDatagrams() {
        Api api = new Api(client);
        String a = handshakeWithATypedBadChecksum(api, 11);
        String b = handshakeWithATypedBadChecksum(api, 11);
        for (String format : List.of("pcap", "pcapng")) {
            String type = format.equals("pcap") ? "application/vnd.tcpdump.pcap" : "application/x-pcapng";
            assertThat(download(a, format, type)).isEqualTo(download(b, format, type));
        }
        api.post("/api/v1/sessions/" + a + "/connect", Map.of("clientPort", 40009), 200);
        byte[] one = client.get().uri("/api/v1/sessions/" + a + "/capture?format=pcapng&connection=192.168.0.1:40009-192.168.0.2:80")
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        assertThat(Pcapng.read(one).packets()).isNotEmpty().allMatch(p -> clientPort(p.ip()) == 40009);
    }

    @Test
    void anUnknownFormatIsAProblemNamingTheParameter() {
        JsonNode problem = new Api(client).get("/api/v1/sessions/" + new Api(client).createSession(Map.of("name", "x"))
                + "/capture?format=erf", 400);
        assertThat(problem.toString()).contains("format").contains("pcap or pcapng");
    }

    /** A SYN with a checksum the student got wrong, typed as raw bytes (TCP checksum 0x0000 instead of 0x1fed). */
    static final String BAD_CHECKSUM_SYN = "45000028000140004006b97bc0a80001c0a800029c40005000000001000000005002721000000000";

    /** The same SYN between the templates' addresses, 10.0.0.1 and 10.0.0.2 (the right TCP checksum is 0x8d3e). */
    static final String BAD_CHECKSUM_SYN_10_0_0 = "4500002800014000400626cd0a0000010a0000029c40005000000001000000005002721000000000";

    private static String handshakeWithATypedBadChecksum(Api api, long seed) {
        String id = api.createSession(Map.of("name", "capture", "seed", seed, "client", Map.of("address", "192.168.0.1"),
                "server", Map.of("address", "192.168.0.2", "port", 80)));
        api.post("/api/v1/sessions/" + id + "/segments", Map.of("rawHex", BAD_CHECKSUM_SYN), 200);
        JsonNode synAck = api.post("/api/v1/sessions/" + id + "/segments", Map.of("from", Map.of("port", 40000),
                "flags", List.of("SYN"), "seq", 1000, "options", Api.linuxSynOptions(100)), 200).get("replies").get(0);
        api.post("/api/v1/sessions/" + id + "/segments", Map.of("from", Map.of("port", 40000), "flags", List.of("ACK"),
                "seq", 1001, "ack", (synAck.get("seq").asLong() + 1) & 0xFFFFFFFFL), 200);
        return id;
    }

    /** The client's port of a TCP datagram between the lab's client and its server on port 80. */
    private static int clientPort(byte[] ip) {
        ByteBuffer b = ByteBuffer.wrap(ip);
        int tcp = (ip[0] & 0x0F) * 4;
        int source = b.getShort(tcp) & 0xFFFF;
        return source == 80 ? b.getShort(tcp + 2) & 0xFFFF : source;
    }

    private byte[] download(String id, String format, String mediaType) {
        return client.get().uri("/api/v1/sessions/" + id + "/capture?format=" + format).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(mediaType)
                .expectHeader().valueMatches("Content-Disposition", "attachment; filename=\"handshake-lab-" + id + "\\." + format + "\"")
                .expectBody().returnResult().getResponseBody();
    }
}
