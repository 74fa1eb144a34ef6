package dev.handshakelab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.PostgresTestServer;
import dev.handshakelab.support.RunningApp;
import dev.handshakelab.support.Visitor;
import tools.jackson.databind.JsonNode;

/**
 * Two app instances on one real PostgreSQL database: a student's step made on instance A reaches
 * a dashboard stream opened on instance B (PostgreSQL's LISTEN/NOTIFY), and a stream that drops
 * resumes on the other instance from its last event id (the replay log is in the database).
 */
class DashboardTwoInstancesTest {

    @Test
    void aStepOnOneInstance_reachesAStreamOnTheOther_andResumesOnEither() throws Exception {
        String url = PostgresTestServer.url();
        assumeTrue(url != null, () -> "PostgreSQL tests skipped: " + PostgresTestServer.whyUnavailable());

        try (RunningApp a = RunningApp.onPostgres(url); RunningApp b = RunningApp.onPostgres(url)) {
            // the instances' account is an admin: it may teach a course, and see any course's dashboard
            String course = a.post("/api/v1/courses", Map.of("name", "Networks", "term", "2027")).get("id").asString();
            String username = "pg-" + UUID.randomUUID().toString().substring(0, 8);
            JsonNode roster = a.post("/api/v1/courses/" + course + "/roster", Map.of("csv", username + ",Student,"));
            String student = Visitor.token(a.base(), username, roster.get("rows").get(0).get("initialPassword").asString());
            Visitor onA = Visitor.withToken(a.base(), student);

            // the exercise is assigned: the view (by default the latest assignment's) and the rows are the assignment's
            String assignment = a.post("/api/v1/courses/" + course + "/assignments", Map.of("exerciseId", "handshake-basic")).get("id")
                    .asString();
            String dashboard = "/api/v1/courses/" + course + "/dashboard";
            long from = b.getJson(dashboard).get("lastEventId").asLong();
            String seen;
            try (EventStream stream = EventStream.open(b.base() + dashboard + "/events?after=" + from, b.token(), null)) {
                String session = onA.json(onA.post("/api/v1/exercises/handshake-basic/attempts",
                        "{\"courseId\":\"" + course + "\"}")).get("sessionId").asString();
                EventStream.Event started = stream.nextFor(username, Duration.ofSeconds(10));
                assertThat(started.json().get("sessionId").asString()).isEqualTo(session);
                assertThat(started.json().get("assignmentId").asString()).isEqualTo(assignment);
                assertThat(onA.post("/api/v1/sessions/" + session + "/segments", Api.json().writeValueAsString(Map.of(
                        "from", Map.of("port", 40000), "flags", List.of("SYN"), "seq", 1000, "options", Api.linuxSynOptions(1))))
                        .statusCode()).isEqualTo(200);
                EventStream.Event stepped = stream.nextFor(username, Duration.ofSeconds(10));
                assertThat(Long.parseLong(stepped.id())).isEqualTo(Long.parseLong(started.id()) + 1);
                assertThat(stepped.json().get("endpoints").asString()).isEqualTo("server SYN_RECEIVED");
                seen = stepped.id();

                // while the stream is gone, another step on A; then resume on A from what B sent last
            }
            String session = b.getJson(dashboard).get("rows").get(0).get("sessionId").asString();
            onA.post("/api/v1/sessions/" + session + "/clock", "{\"advanceMillis\":10}");
            try (EventStream resumed = EventStream.open(a.base() + dashboard + "/events", a.token(), seen)) {
                EventStream.Event missed = resumed.next(Duration.ofSeconds(10));
                assertThat(Long.parseLong(missed.id())).isEqualTo(Long.parseLong(seen) + 1);
                assertThat(missed.json().get("steps").asInt()).isEqualTo(2);
            }
        }
    }
}
