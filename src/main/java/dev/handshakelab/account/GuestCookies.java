package dev.handshakelab.account;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * A guest's identity: a random id in a cookie signed with HMAC-SHA256 under a key only the
 * server holds, so a browser can prove which guest it is but cannot become another. The cookie
 * lives as long as a guest's sessions do ({@code handshake-lab.guests.ttl}); it is HttpOnly
 * (scripts on the page never see it) and SameSite=Lax.
 */
@Component
public class GuestCookies {

    public static final String NAME = "HL_GUEST";
    private static final String KEY_NAME = "guest-cookie-hmac";

    private final AppSecrets secrets;
    private final Duration ttl;
    private final boolean enabled;
    private volatile SecretKeySpec key;

    GuestCookies(AppSecrets secrets, @Value("${handshake-lab.guests.ttl:P7D}") Duration ttl,
            @Value("${handshake-lab.guests.enabled:true}") boolean enabled) {
        this.secrets = secrets;
        this.ttl = ttl;
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    public Duration ttl() {
        return ttl;
    }

    /** The guest this request's cookie proves, if it carries a valid one. */
    public Optional<UUID> read(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (!enabled || cookies == null) {
            return Optional.empty();
        }
        for (Cookie c : cookies) {
            if (NAME.equals(c.getName())) {
                Optional<UUID> id = verify(c.getValue());
                if (id.isPresent()) {
                    return id;
                }
            }
        }
        return Optional.empty();
    }

    public void issue(HttpServletResponse response, UUID guest) {
        response.addHeader("Set-Cookie", cookie(sign(guest), ttl).toString());
    }

    public void clear(HttpServletResponse response) {
        response.addHeader("Set-Cookie", cookie("", Duration.ZERO).toString());
    }

    private static ResponseCookie cookie(String value, Duration maxAge) {
        return ResponseCookie.from(NAME, value).httpOnly(true).sameSite("Lax").path("/").maxAge(maxAge).build();
    }

    String sign(UUID guest) {
        String id = guest.toString();
        return id + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(id));
    }

    Optional<UUID> verify(String value) {
        int dot = value == null ? -1 : value.indexOf('.');
        if (dot != 36) {
            return Optional.empty();
        }
        String id = value.substring(0, dot);
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(value.substring(dot + 1));
            UUID guest = UUID.fromString(id);
            // constant time, so the signature cannot be guessed byte by byte from response times
            return MessageDigest.isEqual(given, mac(id)) ? Optional.of(guest) : Optional.empty();
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private byte[] mac(String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            return mac.doFinal(id.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        }
    }

    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            k = new SecretKeySpec(secrets.get(KEY_NAME), "HmacSHA256");
            key = k;
        }
        return k;
    }
}
