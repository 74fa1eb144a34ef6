package dev.handshakelab.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import tools.jackson.databind.JsonNode;

/**
 * Wireshark's own dissectors read what the app exports: for every template, after a simulated
 * client's handshake, a typed SYN with a wrong checksum and the clock running on (a small flood
 * in the flood templates), tshark reads the pcap and the pcapng without a malformed packet or an
 * expert error other than the checksum the student got wrong, finds the TCP conversations, and
 * sees the pcapng's observation points. Needs Debian's tshark (.ci/run installs it).
 */
@ApiTest
class TsharkCaptureTest {

    private static final Path TSHARK = Path.of("/usr/bin/tshark");
    private static final Path OUT = Path.of("target", "captures");

    @Autowired
    RestTestClient client;

    @Test
    void tsharkReadsEveryTemplatesCaptures() throws Exception {
        assumeTrue(Files.isExecutable(TSHARK), "tshark is not installed (apt-get install tshark)");
        Files.createDirectories(OUT);
        Api api = new Api(client);
        for (JsonNode template : api.get("/api/v1/templates", 200)) {
            String name = template.get("id").asString();
            String id = api.createSession(Map.of("name", "tshark " + name, "template", name, "seed", 9));
            String base = "/api/v1/sessions/" + id;
            api.post(base + "/connect", Map.of("clientPort", 45001), 200);
            String clientAddress = template.get("defaults").get("clientAddress").asString();
            boolean v6 = clientAddress.contains(":");
            api.post(base + "/segments", Map.of("rawHex", v6 ? BAD_CHECKSUM_SYN_2001_DB8 : CaptureApiTest.BAD_CHECKSUM_SYN_10_0_0), 200);
            if (name.contains("flood") || name.contains("overflow")) {
                api.post(base + "/flood", Map.of("syns", 300, "ratePerSecond", 1000, "sources", Map.of("cidr", "198.51.100.0/24"),
                        "legitimate", Map.of("clients", 3, "ratePerSecond", 10)), 200);
            }
            for (int i = 0; i < 3; i++) {
                api.post(base + "/clock", Map.of("advanceMillis", 1500), 200);
            }
            for (String format : List.of("pcap", "pcapng")) {
                Path file = OUT.resolve(name + "." + format);
                Files.write(file, client.get().uri(base + "/capture?format=" + format).exchange()
                        .expectStatus().isOk().expectBody().returnResult().getResponseBody());
                String what = name + "." + format;

                // one pass per file: each frame's interface and expert entries (a malformed packet is an
                // expert entry of severity error too), then the TCP conversations table
                Dissection d = dissect(file);
                assertThat(d.errors()).as(what + ": expert errors").isNotEmpty()
                        .allSatisfy(e -> assertThat(e).as(what).containsIgnoringCase("checksum"));
                assertThat(d.conversations()).as(what).contains(clientAddress + ":45001")
                        .contains(template.get("defaults").get("serverAddress").asString() + ":80");
                if (format.equals("pcapng")) {
                    assertThat(d.interfaces()).as(what).contains("client", "server");
                }
            }
        }
    }

    /** A SYN from [2001:db8::1]:40000 to [2001:db8::2]:80 in an IPv6 header, its TCP checksum left at zero: wrong. */
    static final String BAD_CHECKSUM_SYN_2001_DB8 = "6000000000140640" + "20010db8000000000000000000000001"
            + "20010db8000000000000000000000002" + "9c40005000000001000000005002721000000000";

    /** Wireshark's expert severity "error" ({@code PI_ERROR} in epan/proto.h). */
    private static final String PI_ERROR = String.valueOf(0x00800000);

    /** What tshark made of a file: the expert errors' messages, the interfaces frames were on, the conversations table. */
    private record Dissection(List<String> errors, List<String> interfaces, String conversations) {}

    private static Dissection dissect(Path file) throws Exception {
        String out = tshark("-r", file.toString(), "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
                "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|",
                "-e", "frame.interface_name", "-e", "_ws.expert.message", "-e", "_ws.expert.severity", "-z", "conv,tcp");
        int table = out.indexOf("TCP Conversations");
        assertThat(table).as(out).isPositive();
        List<String> errors = new ArrayList<>();
        List<String> interfaces = new ArrayList<>();
        // field lines hold tabs; the table's ===== rule above its title does not
        for (String line : out.substring(0, table).lines().filter(l -> l.contains("\t")).toList()) {
            String[] columns = line.split("\\t", -1);
            interfaces.add(columns[0]);
            String[] messages = columns[1].split("\\|");
            String[] severities = columns[2].split("\\|");
            for (int i = 0; i < severities.length; i++) {
                if (severities[i].equals(PI_ERROR)) {
                    errors.add(messages[i]);
                }
            }
        }
        return new Dissection(errors, interfaces.stream().distinct().toList(), out.substring(table));
    }

    private static String tshark(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(TSHARK.toString()));
        command.addAll(List.of(args));
        // stderr apart: tshark warns there that it runs as root
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(OUT.resolve("tshark.err").toFile());
        // tshark wants a writable home for its profile; keep it in target/
        pb.environment().put("HOME", OUT.toAbsolutePath().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
        return out;
    }
}
