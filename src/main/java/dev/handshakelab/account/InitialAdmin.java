package dev.handshakelab.account;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The first start: the schema holds an admin account without a password (see the V6
 * migration), and this gives it one, once. Either configuration names it
 * ({@code handshake-lab.initial-admin.username} / {@code .password}), or a random password is
 * printed once in the log and written to {@code <data-dir>/initial-admin-password}, readable
 * only by the app's own user, the way Jenkins hands over its first admin. The update claims the
 * account only while it has no password, so two instances starting together cannot both set one.
 */
@Component
class InitialAdmin implements ApplicationRunner {

    static final UUID ID = UUID.fromString("00000000-0000-0000-0000-00000000ad01");
    private static final Logger log = LoggerFactory.getLogger(InitialAdmin.class);

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final String username;
    private final String password;
    private final Path dataDir;

    InitialAdmin(JdbcClient jdbc, PasswordEncoder encoder,
            @Value("${handshake-lab.initial-admin.username:}") String username,
            @Value("${handshake-lab.initial-admin.password:}") String password,
            @Value("${handshake-lab.data-dir:./data}") String dataDir) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.username = username;
        this.password = password;
        this.dataDir = Path.of(dataDir);
    }

    @Override
    public void run(ApplicationArguments args) {
        boolean configured = !password.isBlank();
        String secret = configured ? password : Accounts.randomPassword();
        if (configured) {
            Accounts.checkPassword("handshake-lab.initial-admin.password", secret, username);
        }
        String name = username.isBlank() ? null : Accounts.checkedUsername(username);
        int claimed = jdbc.sql("""
                update app_user set password_hash = ?, password_changed_at = ?, username = coalesce(?, username)
                where id = ? and password_hash is null""")
                .params(encoder.encode(secret), OffsetDateTime.now(ZoneOffset.UTC), name, ID)
                .update();
        if (claimed == 0 || configured) {
            return;
        }
        String admin = jdbc.sql("select username from app_user where id = ?").param(ID).query(String.class).single();
        Path file = dataDir.resolve("initial-admin-password").toAbsolutePath().normalize();
        String where;
        try {
            write(file, secret);
            where = "The password is also in " + file.toAbsolutePath() + " (readable only by this user).";
        } catch (IOException e) {
            // the log still has it: a data directory the app cannot write must not keep it from starting
            where = "It could not be written to " + file.toAbsolutePath() + " (" + e.getMessage() + ").";
        }
        log.warn("""

                *************************************************************
                First start: an admin account was created.
                  username: {}
                  password: {}
                {}
                Sign in and change it; this is the only time it is printed.
                *************************************************************""", admin, secret, where);
    }

    private void write(Path file, String secret) throws IOException {
        Files.createDirectories(dataDir);
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(file, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }
}
