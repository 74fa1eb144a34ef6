package dev.handshakelab.session;

import static dev.handshakelab.session.SessionApiTest.find;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handshakelab.core.wire.SegmentCodec;
import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Raw bytes that are malformed at the TCP level are a lesson, not a bad request: the step runs
 * and the server does what Linux does (tcp_parse_options stops at a malformed option and keeps
 * what came before; tcp_v4_rcv drops a segment with an impossible data offset silently). Input
 * that is not an IPv4 datagram carrying a TCP header at all stays a 400.
 */
@ApiTest
class MalformedRawBytesApiTest {

    @Autowired
    RestTestClient client;

    Api api;
    String id;

    @BeforeEach
    void setUp() {
        api = new Api(client);
        id = api.createSession(Map.of("name", "malformed", "seed", 5));
    }

    /** A SYN built from fields, as the datagram's hex. */
    private String synHex(int port, List<Map<String, Object>> options) {
        return api.post("/api/v1/sessions/" + id + "/segments", Map.of("from", Map.of("port", port), "flags", List.of("SYN"),
                "seq", 9, "options", options), 200).get("segments").get(0).get("ipHex").asString();
    }

    /** Sets TCP byte {@code index} of the datagram's hex (20-byte IPv4 header) to {@code value}. */
    private static String withTcpByte(String ipHex, int index, int value) {
        int at = (20 + index) * 2;
        return ipHex.substring(0, at) + String.format("%02x", value) + ipHex.substring(at + 2);
    }

    @Test
    void aTruncatedWindowScaleAfterMssAndSack_stillGetsASynAckWithMssAndSack() {
        // mss 1460, sackOK, then wscale 7: bytes 20..28 of the TCP header, padded to 32 (doff 8)
        String ipHex = synHex(40001, List.of(Map.of("kind", "mss", "mss", 1460), Map.of("kind", "sackOK"),
                Map.of("kind", "wscale", "shift", 7)));
        // wscale's length byte (TCP byte 27) claims 9 bytes where 5 remain: tcp_parse_options stops there
        // (from another source port, 40089, so that it is a new SYN rather than a retransmission of
        // the one that made the bytes; the checksum made right again by re-encoding the decoded bytes)
        String broken = HexFormat.of().formatHex(SegmentCodec.encodeIpv4(SegmentCodec.decodeIpv4(
                HexFormat.of().parseHex(withTcpByte(withTcpByte(ipHex, 27, 9), 1, 0x99)))));
        JsonNode step = api.post("/api/v1/sessions/" + id + "/segments", Map.of("rawHex", broken), 200);
        JsonNode sent = find(step.get("events"), "segment-sent").get("segment");
        assertThat(kinds(sent)).containsExactly("mss", "sackOK", "unparsed");
        assertThat(sent.get("ipHex").asString()).isEqualTo(broken);
        assertThat(sent.get("checksumValid").asBoolean()).isTrue();
        JsonNode synAck = step.get("replies").get(0);
        assertThat(synAck.get("letters").asString()).isEqualTo("S.");
        assertThat(kinds(synAck)).containsExactly("mss", "nop", "nop", "sackOK");
    }

    private static List<String> kinds(JsonNode segment) {
        List<String> kinds = new ArrayList<>();
        segment.get("options").forEach(o -> kinds.add(o.get("kind").asString()));
        return kinds;
    }

    @Test
    void aDataOffsetBelowFiveWords_isDroppedSilentlyWithItsReason() {
        String ipHex = synHex(40002, List.of(Map.of("kind", "mss", "mss", 1460)));
        String broken = withTcpByte(ipHex, 12, 0x40);
        JsonNode step = api.post("/api/v1/sessions/" + id + "/segments", Map.of("rawHex", broken), 200);
        assertThat(step.get("replies")).isEmpty();
        JsonNode dropped = find(step.get("events"), "segment-dropped");
        assertThat(dropped.get("reason").asString()).isEqualTo("bad-data-offset");
        assertThat(dropped.get("segment").get("ipHex").asString()).isEqualTo(broken);
    }

    @Test
    void aDataOffsetPastTheEnd_isDroppedSilentlyWithItsReason() {
        String ipHex = synHex(40003, List.of(Map.of("kind", "mss", "mss", 1460)));
        JsonNode step = api.post("/api/v1/sessions/" + id + "/segments", Map.of("rawHex", withTcpByte(ipHex, 12, 0xf0)), 200);
        assertThat(step.get("replies")).isEmpty();
        assertThat(find(step.get("events"), "segment-dropped").get("reason").asString()).isEqualTo("bad-data-offset");
    }

    @Test
    void bytesThatAreNoTcpHeaderAtAll_remainA400() {
        String ipHex = synHex(40004, List.of());
        // cut the TCP header to 12 bytes and say so in the IPv4 total length: nothing to read ports from
        String cut = "0020" + ipHex.substring(8, 20 * 2 + 12 * 2);
        cut = ipHex.substring(0, 4) + cut;
        JsonNode problem = api.post("/api/v1/sessions/" + id + "/segments", Map.of("rawHex", cut), 400);
        assertThat(problem.toString()).contains("rawHex").contains("TRUNCATED_HEADER");
    }
}
