package dev.handshakelab.account;

import java.security.SecureRandom;
import java.util.HexFormat;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keys the app keeps in its database, so that every instance signs and verifies with the same
 * key and a restart keeps what was signed valid. Made at random the first time one is asked for.
 */
@Component
class AppSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    AppSecrets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    byte[] get(String name) {
        return jdbc.sql("select secret from app_secret where name = ?").param(name).query(String.class).optional()
                .map(HexFormat.of()::parseHex)
                .orElseGet(() -> create(name));
    }

    private byte[] create(String name) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        try {
            jdbc.sql("insert into app_secret (name, secret) values (?, ?)").params(name, HexFormat.of().formatHex(secret)).update();
            return secret;
        } catch (DuplicateKeyException anotherInstanceWasFirst) {
            return get(name);
        }
    }
}
