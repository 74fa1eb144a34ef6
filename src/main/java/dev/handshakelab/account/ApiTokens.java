package dev.handshakelab.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.handshakelab.web.InvalidRequestException;
import dev.handshakelab.web.ResourceNotFoundException;

/**
 * Personal API tokens for scripts: created by their owner, shown once, stored as a SHA-256
 * hash, named, optionally expiring, revocable. Spring Security's bearer-token support
 * (RFC 6750) hands every {@code Authorization: Bearer} value to {@link #introspect}.
 *
 * <p>What a token resolves to is cached for a short while so that a script's steps do not pay a
 * database read each; revoking invalidates this instance's entry at once, and other instances'
 * within {@code handshake-lab.tokens.cache-seconds}. Expiry is checked on every request.
 */
@Service
public class ApiTokens implements OpaqueTokenIntrospector {

    static final String PREFIX = "hlt_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Accounts accounts;
    private final Clock clock = Clock.systemUTC();
    private final Cache<String, Resolved> resolved;

    public ApiTokens(JdbcClient jdbc, Accounts accounts, @Value("${handshake-lab.tokens.cache-seconds:10}") long cacheSeconds) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.resolved = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(cacheSeconds)).build();
    }

    /** A token as its owner sees it in a list: never the token itself. */
    public record TokenView(UUID id, String name, String prefix, Instant createdAt, Instant expiresAt, Instant revokedAt,
            boolean active) {}

    /** The one answer that carries the token, right after creating it. */
    public record CreatedToken(UUID id, String name, String prefix, Instant createdAt, Instant expiresAt, String token) {}

    private record Resolved(UUID tokenId, LabPrincipal principal, Instant expiresAt) {}

    @Transactional
    public CreatedToken create(UUID userId, String name, Instant expiresAt) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new InvalidRequestException("name", "length", "must be 1-100 characters");
        }
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new InvalidRequestException("expiresAt", "future", "must be in the future");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        UUID id = UUID.randomUUID();
        String prefix = token.substring(0, PREFIX.length() + 6);
        jdbc.sql("""
                insert into api_token (id, user_id, name, prefix, token_hash, created_at, expires_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(id, userId, name.strip(), prefix, hash(token), utc(now), expiresAt == null ? null : utc(expiresAt))
                .update();
        return new CreatedToken(id, name.strip(), prefix, now, expiresAt, token);
    }

    public List<TokenView> list(UUID userId) {
        Instant now = clock.instant();
        return jdbc.sql("select * from api_token where user_id = ? order by created_at desc").param(userId)
                .query((rs, n) -> {
                    Instant expires = instant(rs.getObject("expires_at", OffsetDateTime.class));
                    Instant revoked = instant(rs.getObject("revoked_at", OffsetDateTime.class));
                    return new TokenView(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("prefix"),
                            instant(rs.getObject("created_at", OffsetDateTime.class)), expires, revoked,
                            revoked == null && (expires == null || expires.isAfter(now)));
                })
                .list();
    }

    /** Revokes one of the user's own tokens; another user's token id answers 404 like an unknown one. */
    @Transactional
    public void revoke(UUID userId, UUID tokenId) {
        int n = jdbc.sql("update api_token set revoked_at = coalesce(revoked_at, ?) where id = ? and user_id = ?")
                .params(utc(clock.instant()), tokenId, userId).update();
        if (n == 0) {
            throw new ResourceNotFoundException("token-not-found", "There is no such token.");
        }
        resolved.asMap().values().removeIf(r -> r.tokenId().equals(tokenId));
    }

    @Override
    public OAuth2AuthenticatedPrincipal introspect(String token) {
        String key = hash(token);
        Resolved r = resolved.getIfPresent(key);
        if (r == null) {
            r = lookup(key).orElseThrow(() -> new BadOpaqueTokenException("unknown, revoked or expired token"));
            resolved.put(key, r);
        }
        if (r.expiresAt() != null && !r.expiresAt().isAfter(clock.instant())) {
            resolved.invalidate(key);
            throw new BadOpaqueTokenException("unknown, revoked or expired token");
        }
        return r.principal();
    }

    private Optional<Resolved> lookup(String hash) {
        return jdbc.sql("""
                select t.id as token_id, t.expires_at, u.id, u.username, u.display_name, u.role
                from api_token t join app_user u on u.id = t.user_id
                where t.token_hash = ? and t.revoked_at is null and u.enabled""")
                .param(hash)
                .query((rs, n) -> new Resolved(rs.getObject("token_id", UUID.class),
                        new LabPrincipal(rs.getObject("id", UUID.class), rs.getString("username"), rs.getString("display_name"),
                                Role.valueOf(rs.getString("role")), true, null),
                        instant(rs.getObject("expires_at", OffsetDateTime.class))))
                .optional();
    }

    /** Forgets what every token of an account resolved to (its role changed, or it was disabled). */
    void forgetAccount(UUID userId) {
        resolved.asMap().values().removeIf(r -> r.principal().id().equals(userId));
    }

    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
