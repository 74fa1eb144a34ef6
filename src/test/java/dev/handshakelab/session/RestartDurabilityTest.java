package dev.handshakelab.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.RunningApp;
import tools.jackson.databind.JsonNode;

/**
 * History survives a restart: the app stores sessions in an H2 file, and a second app started on
 * the same file serves the same history and carries on the session by replaying it.
 */
class RestartDurabilityTest {

    @TempDir
    Path dir;

    @Test
    void historyIsIdenticalAfterARestartOnTheSameH2File_andTheSessionCarriesOn() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("lab").toAbsolutePath();
        String id;
        String historyBefore;
        long serverIsn;
        try (RunningApp app = RunningApp.onH2(url)) {
            id = app.post("/api/v1/sessions", Map.of("name", "durable", "seed", 21)).get("id").asString();
            JsonNode synAck = app.post("/api/v1/sessions/" + id + "/segments", Map.of(
                    "flags", List.of("SYN"), "seq", 77, "options", Api.linuxSynOptions(5))).get("replies").get(0);
            serverIsn = synAck.get("seq").asLong();
            app.post("/api/v1/sessions/" + id + "/clock", Map.of("advanceMillis", 1500));
            historyBefore = app.get("/api/v1/sessions/" + id + "/history?size=1000");
        }
        assertThat(Files.list(dir).toList()).isNotEmpty();

        try (RunningApp app = RunningApp.onH2(url)) {
            assertThat(app.get("/api/v1/sessions/" + id + "/history?size=1000")).isEqualTo(historyBefore);
            // The world is rebuilt by replay: the next SYN-ACK retransmission (t = 3 s) carries the same ISN.
            JsonNode resent = app.post("/api/v1/sessions/" + id + "/clock", Map.of("toNext", true)).get("replies").get(0);
            assertThat(resent.get("seq").asLong()).isEqualTo(serverIsn);
            assertThat(resent.get("atMicros").asLong()).isEqualTo(3_000_000);
            // Another JVM rebuilds exactly what the first one stored, event for event.
            JsonNode check = Api.json().readTree(app.get("/api/v1/sessions/" + id + "/replay-check"));
            assertThat(check.get("steps").asInt()).isEqualTo(3);
            assertThat(check.get("events").asLong()).isPositive();
            assertThat(check.get("mismatches").asInt()).isZero();
        }
    }
}
