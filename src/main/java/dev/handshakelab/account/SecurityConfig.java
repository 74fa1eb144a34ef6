package dev.handshakelab.account;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what, in one place.
 *
 * <ul>
 * <li>People sign in with a password ({@code POST /api/v1/auth/login}, a form post as Spring
 * Security's form login takes it) and then carry a session cookie; every request that changes
 * something must then carry the CSRF token (the single-page app pattern: an {@code XSRF-TOKEN}
 * cookie the page echoes in {@code X-XSRF-TOKEN}).</li>
 * <li>Scripts send a personal API token as {@code Authorization: Bearer} (RFC 6750), resolved
 * by {@link ApiTokens}; a request that carries one cannot have been forged by another site, so
 * it needs no CSRF token. Such requests take a chain of their own, without sessions or cookies.</li>
 * <li>Guests, when enabled, may use the lab without an account: the lab's endpoints are open
 * to them, and which sessions they see is decided per session (see {@link Callers}).</li>
 * </ul>
 * Which session, course or account a caller may see is decided by the service that owns it;
 * this filter chain decides only which kinds of caller may reach an endpoint at all.
 */
@Configuration
@EnableWebSecurity
class SecurityConfig {

    /**
     * What the page may load: only its own scripts and styles (Vite emits both as files), images
     * from itself and data: URLs (the favicon and Swagger UI's icons), and no framing at all.
     * Swagger UI sets a few element styles inline, hence 'unsafe-inline' for styles only.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    /**
     * No Micrometer observation per security filter, authentication or authorization. Spring
     * Security would otherwise wrap each of a chain's dozen filters in an observation of its own,
     * and each one starts a long-task timer, looks up its meters by tags and stops a timer: in a
     * JFR profile of the API load test that bookkeeping was the largest part of what accounts
     * added to a step. Every request is still observed once, as {@code http.server.requests}.
     */
    @Bean
    static SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        // bcrypt today, with the "{bcrypt}" prefix so a later encoder can take over without a reset
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("ROLE_ADMIN > ROLE_INSTRUCTOR\nROLE_INSTRUCTOR > ROLE_STUDENT");
    }

    @Bean
    AuthenticationManager authenticationManager(Accounts accounts, PasswordEncoder encoder,
            @Value("${handshake-lab.sign-in.failures-per-account:5}") int accountFailures,
            @Value("${handshake-lab.sign-in.failures-per-address:30}") int addressFailures,
            @Value("${handshake-lab.sign-in.window:PT5M}") Duration window) {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(accounts);
        passwords.setPasswordEncoder(encoder);
        return new ProviderManager(new LoginThrottle(passwords, accountFailures, addressFailures, window));
    }

    /** The async dispatch that ends a dashboard event stream (see {@link #common}). */
    static final RequestMatcher DASHBOARD_STREAM_ENDS = request -> request.getDispatcherType() == jakarta.servlet.DispatcherType.ASYNC
            && request.getRequestURI().matches("/api/v1/courses/[^/]+/dashboard/events");

    /** A request that carries a bearer token: a script's (RFC 6750 section 2.1). */
    static final RequestMatcher BEARER = request -> {
        String h = request.getHeader("Authorization");
        return h != null && h.regionMatches(true, 0, "Bearer ", 0, 7);
    };

    /**
     * Scripts: every request carries its token, so the chain keeps no session, needs no CSRF token
     * (another site cannot make a browser send the header) and sets no cookie. Checked first.
     */
    @Bean
    @Order(1)
    SecurityFilterChain tokenChain(HttpSecurity http, ApiTokens tokens, GuestCookies guests) throws Exception {
        SecurityProblems problems = new SecurityProblems();
        http.securityMatcher(BEARER)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // no session, so nothing to sign out of and no saved request to return to after a sign-in:
                // two filters fewer on every scripted step
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .oauth2ResourceServer(rs -> rs
                        .opaqueToken(opaque -> opaque.authenticationManager(
                                new ProviderManager(new OpaqueTokenAuthenticationProvider(tokens))))
                        .authenticationEntryPoint(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return common(http, guests).build();
    }

    /** People in a browser, and guests: a session cookie after signing in, and CSRF on every write. */
    @Bean
    @Order(2)
    SecurityFilterChain browserChain(HttpSecurity http, AuthenticationManager authenticationManager, SignInHandlers signIn,
            GuestCookies guests) throws Exception {
        SecurityProblems problems = new SecurityProblems();
        http.authenticationManager(authenticationManager)
                .csrf(csrf -> csrf.spa())
                .formLogin(form -> form
                        .loginPage("/")
                        .loginProcessingUrl("/api/v1/auth/login")
                        .successHandler(signIn)
                        .failureHandler(signIn)
                        .permitAll())
                .logout(logout -> logout
                        .logoutUrl("/api/v1/auth/logout")
                        .logoutSuccessHandler(signIn)
                        .deleteCookies("HL_SESSION"))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return common(http, guests).build();
    }

    /** What both chains share: the headers of every answer, and which kinds of caller reach which endpoints. */
    private static HttpSecurity common(HttpSecurity http, GuestCookies guests) throws Exception {
        return http
                .headers(h -> h
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .authorizeHttpRequests(auth -> {
                    // A dashboard's event stream, authorized when it was opened, ends (the browser went,
                    // or the app stops) in an async dispatch that only completes the response; after a
                    // sign-out that dispatch would be refused on a committed response, and logged as an error.
                    auth.requestMatchers(DASHBOARD_STREAM_ENDS).permitAll();
                    auth.requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                            .requestMatchers("/actuator/**").hasRole("ADMIN")
                            .requestMatchers("/api/v1/auth/**").permitAll()
                            .requestMatchers("/api/v1/admin/**").hasRole("ADMIN")
                            .requestMatchers("/api/v1/account/**", "/api/v1/courses/**", "/api/v1/authored-exercises/**").authenticated()
                            .requestMatchers(HttpMethod.GET, "/api/v1/templates/**", "/api/v1/profiles/**").permitAll();
                    if (guests.enabled()) {
                        // what a guest may do with a session is decided per session, by its owner
                        auth.requestMatchers("/api/v1/**").permitAll();
                    } else {
                        auth.requestMatchers("/api/v1/**").authenticated();
                    }
                    // the page, its assets, the OpenAPI document and Swagger UI, the error page
                    auth.anyRequest().permitAll();
                });
    }
}
