package dev.handshakelab.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.ApiTest;
import tools.jackson.databind.JsonNode;

/**
 * Steps on one session are serialised: 8 threads sending at once lose, duplicate and reorder
 * nothing, and what is stored is what a fresh replay produces.
 */
@ApiTest
class SessionConcurrencyTest {

    @Autowired
    RestTestClient client;


    @Test
    void eightThreadsSendingToOneSession_historyIsCompleteContiguousAndReplaysIdentically() throws Exception {
        Api api = new Api(client);
        String id = api.createSession(Map.of("name", "busy", "seed", 99));
        int threads = 8;
        int perThread = 15;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Integer>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int port = 41000 + t;
            Callable<List<Integer>> sender = () -> {
                List<Integer> stepNumbers = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    // Each thread is its own client port: a SYN, then SYN retransmissions of it.
                    JsonNode step = api.post("/api/v1/sessions/" + id + "/segments", Map.of(
                            "from", Map.of("port", port), "flags", List.of("SYN"), "seq", 1000 * port,
                            "options", List.of(Map.of("kind", "mss", "mss", 1460))), 200);
                    stepNumbers.add(step.get("step").asInt());
                }
                return stepNumbers;
            };
            results.add(pool.submit(sender));
        }
        List<Integer> all = new ArrayList<>();
        for (Future<List<Integer>> f : results) {
            List<Integer> mine = f.get();
            assertThat(mine).isSorted();
            all.addAll(mine);
        }
        pool.shutdown();

        int total = threads * perThread;
        assertThat(all).hasSize(total).doesNotHaveDuplicates();
        assertThat(all).allMatch(n -> n >= 1 && n <= total);
        assertThat(api.get("/api/v1/sessions/" + id, 200).get("steps").asInt()).isEqualTo(total);

        JsonNode history = api.get("/api/v1/sessions/" + id + "/history?size=1000", 200);
        long expectedIndex = 0;
        Map<String, Integer> synsPerPort = new HashMap<>();
        for (JsonNode e : history.get("items")) {
            assertThat(e.get("index").asLong()).isEqualTo(expectedIndex++);
            if (e.get("kind").asString().equals("segment-sent") && e.get("host").asString().equals("client")) {
                synsPerPort.merge(e.get("segment").get("from").asString(), 1, Integer::sum);
            }
        }
        assertThat(expectedIndex).isEqualTo(history.get("total").asLong());
        assertThat(synsPerPort).hasSize(threads).allSatisfy((port, n) -> assertThat(n).isEqualTo(perThread));

        SessionService.ReplayCheck check = new Api(client).replayCheck(id);
        assertThat(check.steps()).isEqualTo(total);
        assertThat(check.events()).isEqualTo(history.get("total").asLong());
        assertThat(check.mismatches()).isZero();
    }
}
