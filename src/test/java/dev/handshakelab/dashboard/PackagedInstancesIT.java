package dev.handshakelab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.handshakelab.support.Api;
import dev.handshakelab.support.JarProcess;
import dev.handshakelab.support.PostgresTestServer;
import dev.handshakelab.support.Visitor;
import tools.jackson.databind.JsonNode;

/**
 * The jar as the README runs it (extracted under {@code target/app}, with the class data sharing
 * archive the package wrote, JVM options as given) starts from the bean definitions Spring AOT
 * worked out at build time and from the archive, and works as the app run any other way does.
 * AOT fixes at build time which auto-configurations apply, so the PostgreSQL profile is run here
 * too, by two such instances: the dashboard's LISTEN/NOTIFY carries a step made on one to a
 * stream opened on the other.
 */
class PackagedInstancesIT {

    private static final String ADMIN_PASSWORD = "packaged-admin-password";

    @TempDir
    Path dir;

    @Test
    void theReadmesJar_startsFromItsAotDefinitionsAndItsClassDataSharingArchive_andServesALab() throws Exception {
        Path classLog = dir.resolve("class-load.log");
        List<String> jvm = new ArrayList<>(JarProcess.DEFAULT_JVM_OPTIONS);
        jvm.add("-Xlog:class+load=info:file=" + classLog);
        // a data directory given relative to the working directory, without "./", as an operator may type it
        Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("data"));
        try (JarProcess app = JarProcess.start(jvm, List.of("--handshake-lab.data-dir=" + relative,
                "--handshake-lab.initial-admin.password=" + ADMIN_PASSWORD))) {
            assertThat(app.log()).contains("Starting AOT-processed HandshakeLabApplication");

            List<String> loads;
            try (Stream<String> lines = Files.lines(classLog)) {
                loads = lines.filter(l -> l.contains(" source: ")).toList();
            }
            long shared = loads.stream().filter(l -> l.contains("source: shared objects file")).count();
            assertThat(loads).anyMatch(l -> l.contains("dev.handshakelab.HandshakeLabApplication source: shared objects file"));
            // the training run loads what a start loads: nearly every class comes out of the archives
            assertThat((double) shared / loads.size()).as("%d of %d classes from the CDS archives", shared, loads.size())
                    .isGreaterThan(0.9);

            Visitor admin = Visitor.withToken(app.base(), Visitor.token(app.base(), "admin", ADMIN_PASSWORD));
            String session = admin.json(admin.post("/api/v1/sessions", "{\"name\":\"packaged\",\"seed\":7}")).get("id").asString();
            JsonNode synAck = admin.json(admin.post("/api/v1/sessions/" + session + "/segments", Api.json().writeValueAsString(
                    Map.of("from", Map.of("port", 40000), "flags", List.of("SYN"), "seq", 1000, "options", Api.linuxSynOptions(1)))));
            assertThat(synAck.toString()).contains("SYN_RECEIVED");
        }
        assertThat(dir.resolve("data").resolve("handshake-lab.mv.db")).isRegularFile();
    }

    @Test
    void twoPackagedInstancesOnPostgres_carryAStepOnOneToADashboardStreamOnTheOther() throws Exception {
        // its own database: the first start makes the initial admin, with this test's password
        String url = PostgresTestServer.freshDatabase("packaged_instances");
        assumeTrue(url != null, () -> "PostgreSQL tests skipped: " + PostgresTestServer.whyUnavailable());
        List<String> args = List.of("--spring.profiles.active=postgres", "--spring.datasource.url=" + url,
                "--spring.datasource.username=app", "--spring.datasource.password=",
                "--handshake-lab.data-dir=" + dir.resolve("data"), "--handshake-lab.initial-admin.password=" + ADMIN_PASSWORD);
        try (JarProcess a = JarProcess.start(args); JarProcess b = JarProcess.start(args)) {
            assertThat(a.log()).contains("Starting AOT-processed HandshakeLabApplication");
            String adminToken = Visitor.token(a.base(), "admin", ADMIN_PASSWORD);
            Visitor adminOnA = Visitor.withToken(a.base(), adminToken);
            String course = adminOnA.json(adminOnA.post("/api/v1/courses", "{\"name\":\"Networks\",\"term\":\"2027\"}")).get("id").asString();
            String username = "packaged-" + Long.toHexString(System.nanoTime());
            JsonNode roster = adminOnA.json(adminOnA.post("/api/v1/courses/" + course + "/roster",
                    Api.json().writeValueAsString(Map.of("csv", username + ",Student,"))));
            String student = Visitor.token(a.base(), username, roster.get("rows").get(0).get("initialPassword").asString());
            Visitor studentOnA = Visitor.withToken(a.base(), student);
            adminOnA.post("/api/v1/courses/" + course + "/assignments", "{\"exerciseId\":\"handshake-basic\"}");

            String dashboard = "/api/v1/courses/" + course + "/dashboard";
            Visitor adminOnB = Visitor.withToken(b.base(), adminToken);
            long from = adminOnB.json(adminOnB.get(dashboard)).get("lastEventId").asLong();
            try (EventStream stream = EventStream.open(b.base() + dashboard + "/events?after=" + from, adminToken, null)) {
                String session = studentOnA.json(studentOnA.post("/api/v1/exercises/handshake-basic/attempts",
                        "{\"courseId\":\"" + course + "\"}")).get("sessionId").asString();
                assertThat(stream.nextFor(username, Duration.ofSeconds(20)).json().get("sessionId").asString()).isEqualTo(session);
                assertThat(studentOnA.post("/api/v1/sessions/" + session + "/segments", Api.json().writeValueAsString(Map.of(
                        "from", Map.of("port", 40000), "flags", List.of("SYN"), "seq", 1000, "options", Api.linuxSynOptions(1))))
                        .statusCode()).isEqualTo(200);
                assertThat(stream.nextFor(username, Duration.ofSeconds(20)).json().get("endpoints").asString())
                        .isEqualTo("server SYN_RECEIVED");
            }
        }
    }
}
