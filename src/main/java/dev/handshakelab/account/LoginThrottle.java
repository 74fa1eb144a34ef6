package dev.handshakelab.account;

import java.time.Duration;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

/**
 * Slows password guessing: an account name, and an address, may fail to sign in only so many
 * times per window (resilience4j rate limiters, one per key, kept while in use). A throttled
 * attempt is refused before its password is even checked, and whether the account exists does
 * not change the answer. Successful sign-ins cost nothing.
 */
class LoginThrottle implements AuthenticationProvider {

    /** Refused because of earlier failures; answered 429 with Retry-After. */
    static final class ThrottledException extends AuthenticationException {
        private final transient Duration retryAfter;

        ThrottledException(Duration retryAfter) {
            super("too many failed sign-ins");
            this.retryAfter = retryAfter;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }

    private final AuthenticationProvider passwords;
    private final RateLimiterConfig perAccount;
    private final RateLimiterConfig perAddress;
    private final Cache<String, RateLimiter> limiters =
            Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofHours(1)).build();

    /** Set up by {@link SecurityConfig} from {@code handshake-lab.sign-in.*}. */
    LoginThrottle(AuthenticationProvider passwords, int accountFailures, int addressFailures, Duration window) {
        this.passwords = passwords;
        this.perAccount = config(accountFailures, window);
        this.perAddress = config(addressFailures, window);
    }

    private static RateLimiterConfig config(int failures, Duration window) {
        return RateLimiterConfig.custom().limitForPeriod(failures).limitRefreshPeriod(window).timeoutDuration(Duration.ZERO)
                .build();
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        RateLimiter account = limiter("account:" + Accounts.normalise(attempt.getName()), perAccount);
        RateLimiter address = attempt.getDetails() instanceof WebAuthenticationDetails d && d.getRemoteAddress() != null
                ? limiter("address:" + d.getRemoteAddress(), perAddress)
                : null;
        if (exhausted(account) || exhausted(address)) {
            throw new ThrottledException(perAccount.getLimitRefreshPeriod());
        }
        try {
            return passwords.authenticate(attempt);
        } catch (AuthenticationException failed) {
            account.acquirePermission();
            if (address != null) {
                address.acquirePermission();
            }
            // one answer for every failure: a wrong password, an unknown or a disabled account
            throw new BadCredentialsException("bad credentials");
        }
    }

    private RateLimiter limiter(String key, RateLimiterConfig config) {
        return limiters.get(key, k -> RateLimiter.of(k, config));
    }

    private static boolean exhausted(RateLimiter limiter) {
        return limiter != null && limiter.getMetrics().getAvailablePermissions() <= 0;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
