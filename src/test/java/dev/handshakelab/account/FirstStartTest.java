package dev.handshakelab.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.handshakelab.support.RunningApp;
import dev.handshakelab.support.Visitor;

/** What a deployment does the first time it starts, and what it does with guests turned off. */
@ExtendWith(OutputCaptureExtension.class)
class FirstStartTest {

    @TempDir
    Path data;

    @Test
    void anEmptyDatabaseGetsAnAdminWhosePasswordIsPrintedOnceAndWrittenToAnOwnerOnlyFile(CapturedOutput output) throws Exception {
        String url = "jdbc:h2:file:" + data.resolve("db").toAbsolutePath() + ";AUTO_SERVER=FALSE";
        String password;
        try (RunningApp app = RunningApp.onH2(url, "--handshake-lab.data-dir=" + data.toAbsolutePath())) {
            Path file = data.resolve("initial-admin-password");
            assertThat(file).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            password = Files.readString(file).strip();
            assertThat(password).hasSize(16);
            assertThat(output.getAll()).contains("password: " + password);
            Visitor admin = Visitor.browser(app.base()).signIn("admin", password);
            assertThat(admin.json(admin.get("/api/v1/auth/me")).get("account").get("role").asString()).isEqualTo("ADMIN");
        }
        // the second start leaves the admin alone and prints nothing
        int printed = output.getAll().split("password: ", -1).length - 1;
        try (RunningApp app = RunningApp.onH2(url, "--handshake-lab.data-dir=" + data.toAbsolutePath())) {
            Visitor.browser(app.base()).signIn("admin", password);
        }
        assertThat(output.getAll().split("password: ", -1).length - 1).isEqualTo(printed);
    }

    @Test
    void withGuestsOffAVisitorWithoutAnAccountGets401_butTheTemplatesAndSignInStayOpen() {
        try (RunningApp app = RunningApp.onH2("jdbc:h2:mem:noguests-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "--handshake-lab.guests.enabled=false", "--handshake-lab.initial-admin.password=no-guests-admin-pw")) {
            Visitor visitor = Visitor.browser(app.base());
            assertThat(visitor.json(visitor.get("/api/v1/auth/me")).get("guestsEnabled").asBoolean()).isFalse();
            assertThat(visitor.post("/api/v1/sessions", "{\"name\":\"x\"}").statusCode()).isEqualTo(401);
            assertThat(visitor.get("/api/v1/sessions").statusCode()).isEqualTo(401);
            assertThat(visitor.get("/api/v1/templates").statusCode()).isEqualTo(200);
            assertThat(visitor.send("GET", "/", null, null, "text/html").statusCode()).isEqualTo(200);
            visitor.signIn("admin", "no-guests-admin-pw");
            assertThat(visitor.post("/api/v1/sessions", "{\"name\":\"x\"}").statusCode()).isEqualTo(201);
        }
    }

    @Test
    void sessionsStoredBeforeAccountsExistedBelongToTheInitialAdmin() {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:migrate-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(db).target("5").load().migrate();
        JdbcClient sql = JdbcClient.create(db);
        UUID old = UUID.randomUUID();
        sql.sql("""
                insert into lab_session (id, name, seed, profile, knobs, server_address, server_port, client_address, start_micros,
                                         step_count, event_count, now_micros, created_at, updated_at, version)
                values (?, 'from before', 1, 'linux', '{}', '10.0.0.2', 80, '10.0.0.1', 0, 0, 0, 0,
                        current_timestamp, current_timestamp, 0)""").param(old).update();
        Flyway.configure().dataSource(db).load().migrate();
        assertThat(sql.sql("select owner_user_id from lab_session where id = ?").param(old).query(UUID.class).single())
                .isEqualTo(InitialAdmin.ID);
        assertThat(sql.sql("select username from app_user where id = ?").param(InitialAdmin.ID).query(String.class).single())
                .isEqualTo("admin");
    }
}
