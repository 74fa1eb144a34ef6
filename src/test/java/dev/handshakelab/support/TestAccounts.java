package dev.handshakelab.support;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.springframework.boot.resttestclient.autoconfigure.RestTestClientBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import dev.handshakelab.account.Accounts;
import dev.handshakelab.account.ApiTokens;
import dev.handshakelab.account.Role;

/**
 * Accounts for tests, made through the app's own services: {@link #token(String, Role)} gives
 * an API token for a named account (created the first time it is asked for). The injected
 * {@code RestTestClient} of every {@code @ApiTest} sends the token of the account
 * {@value #DEFAULT_USER} by default, as a script would; tests of who may see what make other
 * clients with other credentials.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestAccounts {

    public static final String DEFAULT_USER = "tester";
    /** The password every test account gets (long enough for the app's rule). */
    public static final String PASSWORD = "correct-horse-battery";
    /** The initial admin's, set through configuration in {@link ApiTest}. */
    public static final String ADMIN_PASSWORD = "admin-password-for-tests";

    private final Accounts accounts;
    private final ApiTokens tokens;
    private final ConcurrentMap<String, String> issued = new ConcurrentHashMap<>();

    public TestAccounts(Accounts accounts, ApiTokens tokens) {
        this.accounts = accounts;
        this.tokens = tokens;
    }

    /** The account's id, creating it with {@link #PASSWORD} if it does not exist yet. */
    public synchronized UUID account(String username, Role role) {
        return accounts.findByUsername(username).map(Accounts.Account::id)
                .orElseGet(() -> accounts.create(username, username, null, role, PASSWORD).id());
    }

    /** An API token of the account (one per account and test context). */
    public String token(String username, Role role) {
        return issued.computeIfAbsent(username, u -> tokens.create(account(u, role), "tests", null).token());
    }

    @Bean
    RestTestClientBuilderCustomizer defaultTestCredentials() {
        return builder -> builder.defaultHeader("Authorization", "Bearer " + token(DEFAULT_USER, Role.STUDENT));
    }
}
