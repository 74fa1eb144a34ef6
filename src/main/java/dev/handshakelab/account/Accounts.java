package dev.handshakelab.account;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.handshakelab.web.InvalidRequestException;
import dev.handshakelab.web.ResourceNotFoundException;

/**
 * The accounts: who exists, with which role, and their password hashes. Spring Security reads
 * them through {@link UserDetailsService} for the password sign-in; everything else in the app
 * reads an account only through here.
 */
@Service
public class Accounts implements UserDetailsService {

    /** Lower-case letters, digits and {@code . _ -}: usable in URLs, rosters and logs as they are. */
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");
    static final int MIN_PASSWORD = 10;
    private static final char[] PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final Clock clock = Clock.systemUTC();

    public Accounts(JdbcClient jdbc, PasswordEncoder encoder) {
        this.jdbc = jdbc;
        this.encoder = encoder;
    }

    /** An account as others may see it: never its password. */
    public record Account(UUID id, String username, String displayName, String email, Role role, boolean enabled,
            boolean hasPassword) {}

    @Override
    public LabPrincipal loadUserByUsername(String username) {
        return jdbc.sql("select id, username, display_name, role, enabled, password_hash from app_user where username = ?")
                .param(normalise(username))
                .query((rs, n) -> new LabPrincipal(rs.getObject("id", UUID.class), rs.getString("username"),
                        rs.getString("display_name"), Role.valueOf(rs.getString("role")),
                        // an account without a password (the initial admin before its first start) cannot sign in
                        rs.getBoolean("enabled") && rs.getString("password_hash") != null, rs.getString("password_hash")))
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("no such account"));
    }

    public Optional<Account> find(UUID id) {
        return jdbc.sql("select * from app_user where id = ?").param(id).query(Accounts::account).optional();
    }

    public Optional<Account> findByUsername(String username) {
        return jdbc.sql("select * from app_user where username = ?").param(normalise(username)).query(Accounts::account)
                .optional();
    }

    public Account get(UUID id) {
        return find(id).orElseThrow(() -> new ResourceNotFoundException("account-not-found", "There is no such account."));
    }

    public List<Account> page(int page, int size) {
        return jdbc.sql("select * from app_user order by username limit ? offset ?").params(size, (long) page * size)
                .query(Accounts::account).list();
    }

    public long count() {
        return jdbc.sql("select count(*) from app_user").query(Long.class).single();
    }

    /** Creates an account; the password is hashed here and never kept. */
    @Transactional
    public Account create(String username, String displayName, String email, Role role, String password) {
        String name = checkedUsername(username);
        checkPassword("password", password, name);
        if (findByUsername(name).isPresent()) {
            throw new InvalidRequestException("username", "unique", "'" + name + "' is taken; choose another username");
        }
        UUID id = UUID.randomUUID();
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        jdbc.sql("""
                insert into app_user (id, username, display_name, email, role, password_hash, enabled, created_at,
                                      password_changed_at)
                values (?, ?, ?, ?, ?, ?, true, ?, ?)""")
                .params(id, name, displayName(displayName, name), blankToNull(email), role.name(), encoder.encode(password),
                        now, now)
                .update();
        return get(id);
    }

    /** Sets a password after checking the current one (the account's owner changing it). */
    @Transactional
    public void changePassword(UUID id, String current, String next) {
        String hash = jdbc.sql("select password_hash from app_user where id = ?").param(id).query(String.class).optional()
                .orElse(null);
        if (hash == null || current == null || !encoder.matches(current, hash)) {
            throw new InvalidRequestException("currentPassword", "matches", "is not your current password");
        }
        setPassword(id, next);
    }

    /** Sets a password without the old one: an admin's reset, or the initial admin's first start. */
    @Transactional
    public void setPassword(UUID id, String password) {
        Account a = get(id);
        checkPassword("newPassword", password, a.username());
        jdbc.sql("update app_user set password_hash = ?, password_changed_at = ? where id = ?")
                .params(encoder.encode(password), clock.instant().atOffset(ZoneOffset.UTC), id)
                .update();
    }

    @Transactional
    public Account update(UUID id, String displayName, Role role, Boolean enabled) {
        Account a = get(id);
        jdbc.sql("update app_user set display_name = ?, role = ?, enabled = ? where id = ?")
                .params(displayName == null ? a.displayName() : displayName(displayName, a.username()),
                        (role == null ? a.role() : role).name(), enabled == null ? a.enabled() : enabled, id)
                .update();
        return get(id);
    }

    @Transactional
    public void rename(UUID id, String username) {
        String name = checkedUsername(username);
        jdbc.sql("update app_user set username = ? where id = ?").params(name, id).update();
    }

    /** A random password for a reset or a roster import: 16 characters that are easy to read aloud. */
    public static String randomPassword() {
        StringBuilder b = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            b.append(PASSWORD_ALPHABET[RANDOM.nextInt(PASSWORD_ALPHABET.length)]);
        }
        return b.toString();
    }

    static String normalise(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }

    static String checkedUsername(String username) {
        String name = normalise(username);
        if (!USERNAME.matcher(name).matches()) {
            throw new InvalidRequestException("username", "pattern",
                    "must be 2-64 characters: letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    /** NIST SP 800-63B: a minimum length and no other composition rules; not the username itself. */
    static void checkPassword(String field, String password, String username) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new InvalidRequestException(field, "min-length", "must be at least " + MIN_PASSWORD + " characters");
        }
        if (password.length() > 128) {
            throw new InvalidRequestException(field, "max-length", "must be at most 128 characters");
        }
        if (password.equalsIgnoreCase(username)) {
            throw new InvalidRequestException(field, "not-username", "must not be the username");
        }
    }

    private static String displayName(String given, String username) {
        String name = given == null || given.isBlank() ? username : given.strip();
        if (name.length() > 100) {
            throw new InvalidRequestException("displayName", "max-length", "must be at most 100 characters");
        }
        return name;
    }

    private static String blankToNull(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        if (s.length() > 254 || !s.contains("@")) {
            throw new InvalidRequestException("email", "email", "must be an e-mail address");
        }
        return s.strip();
    }

    private static Account account(ResultSet rs, int row) throws SQLException {
        return new Account(rs.getObject("id", UUID.class), rs.getString("username"), rs.getString("display_name"),
                rs.getString("email"), Role.valueOf(rs.getString("role")), rs.getBoolean("enabled"),
                rs.getString("password_hash") != null);
    }
}
