package dev.handshakelab.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import tools.jackson.databind.JsonNode;

/**
 * Random walks through the API, as a class of students and their scripts would take them: any
 * template, SYNs, ACKs, RSTs and FINs with all sorts of options from a handful of ports, simulated
 * clients, clock steps and snapshots in any order. Every answer is a 200 or a 400 problem (never
 * a 5xx), and every session's stored history is what replaying its steps gives again (the
 * replay check), which is how a rebuilt world on another instance is known to be the same.
 * The walks are seeded, so a failure names a walk that fails again.
 */
@ApiTest
class ReplayWalkTest {

    private static final List<List<Map<String, Object>>> OPTIONS = List.of(
            Api.linuxSynOptions(100),
            List.of(Map.of("kind", "mss", "mss", 536)),
            List.of(),
            List.of(Map.of("kind", "wscale", "shift", 14), Map.of("kind", "nop"), Map.of("kind", "eol")),
            List.of(Map.of("kind", "timestamps", "tsVal", 5, "tsEcr", 9)),
            List.of(Map.of("kind", "mss", "mss", 0), Map.of("kind", "wscale", "shift", 15), Map.of("kind", "sackOK")));

    private static final List<List<String>> FLAGS = List.of(List.of("SYN"), List.of("SYN"), List.of("ACK"), List.of("RST"),
            List.of("SYN", "ACK"), List.of("FIN", "ACK"), List.of("RST", "ACK"), List.of("SYN", "ECE", "CWR"));

    @Autowired
    RestTestClient client;

    @Test
    void randomWalksNeverFailAndAlwaysReplayToTheirStoredHistory() {
        Api api = new Api(client);
        List<String> templates = new ArrayList<>();
        api.get("/api/v1/templates", 200).forEach(t -> {
            if (!t.get("id").asString().contains("flood")) {
                templates.add(t.get("id").asString());
            }
        });
        Map<Integer, Integer> statuses = new HashMap<>();
        for (int walk = 0; walk < 40; walk++) {
            Random random = new Random(walk);
            Map<String, Object> create = new HashMap<>(Map.of("name", "walk " + walk, "seed", random.nextLong()));
            if (random.nextInt(4) > 0) {
                create.put("template", templates.get(random.nextInt(templates.size())));
            }
            String base = "/api/v1/sessions/" + api.createSession(create);
            Map<Integer, Long> serverIsns = new HashMap<>();
            for (int step = 3 + random.nextInt(20); step > 0; step--) {
                int port = 40000 + random.nextInt(6);
                double pick = random.nextDouble();
                EntityExchangeResult<byte[]> answer;
                if (pick < 0.45) {
                    List<String> flags = FLAGS.get(random.nextInt(FLAGS.size()));
                    Map<String, Object> segment = new HashMap<>(Map.of("from", Map.of("port", port), "flags", flags,
                            "seq", random.nextBoolean() ? 1000 : random.nextLong(1L << 32),
                            "options", OPTIONS.get(random.nextInt(OPTIONS.size()))));
                    if (flags.contains("ACK")) {
                        segment.put("ack", (serverIsns.getOrDefault(port, random.nextLong(1L << 32)) + 1) & 0xFFFFFFFFL);
                    }
                    answer = post(base + "/segments", segment);
                    if (answer.getStatus().value() == 200) {
                        for (JsonNode reply : json(answer).get("replies")) {
                            if (reply.get("letters").asString().equals("S.")) {
                                serverIsns.put(port, reply.get("seq").asLong());
                            }
                        }
                    }
                } else if (pick < 0.65) {
                    answer = post(base + "/connect", Map.of("clientPort", 41000 + random.nextInt(4),
                            "preset", List.of("linux", "windows", "macos").get(random.nextInt(3)), "autoAck", random.nextInt(4) > 0));
                } else if (pick < 0.93) {
                    answer = post(base + "/clock", random.nextBoolean() ? Map.of("toNext", true)
                            : Map.of("advanceMillis", List.of(200, 1000, 3000, 20000, 70000).get(random.nextInt(5))));
                } else {
                    answer = client.get().uri(base + "/snapshot").exchange().expectBody().returnResult();
                }
                statuses.merge(answer.getStatus().value(), 1, Integer::sum);
                assertThat(answer.getStatus().value()).as("walk %d: %s", walk, new String(body(answer))).isIn(200, 400);
            }
            JsonNode check = api.get(base + "/replay-check", 200);
            assertThat(check.get("mismatches").asInt()).as("walk %d: %s", walk, check).isZero();
        }
        // the walks did take steps, and some were refused (a busy client port) without harm
        assertThat(statuses.get(200)).isGreaterThan(300);
    }

    private EntityExchangeResult<byte[]> post(String uri, Object body) {
        return client.post().uri(uri).contentType(MediaType.APPLICATION_JSON).body(Api.json().writeValueAsString(body))
                .exchange().expectBody().returnResult();
    }

    private static byte[] body(EntityExchangeResult<byte[]> answer) {
        return answer.getResponseBody() == null ? new byte[0] : answer.getResponseBody();
    }

    private static JsonNode json(EntityExchangeResult<byte[]> answer) {
        return Api.json().readTree(body(answer));
    }
}
