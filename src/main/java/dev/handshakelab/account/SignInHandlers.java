package dev.handshakelab.account;

import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.stereotype.Component;

import dev.handshakelab.web.ApiProblems;
import dev.handshakelab.web.ProblemWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the browser's sign-in and sign-out answer: JSON for the page, never a redirect. A guest
 * who signs in keeps the sessions the browser made as a guest ({@link SignedIn}).
 */
@Component
class SignInHandlers implements AuthenticationSuccessHandler, AuthenticationFailureHandler, LogoutSuccessHandler {

    private final GuestCookies guests;
    private final ApplicationEventPublisher events;
    private final AuthController me;
    private final JsonMapper json;

    SignInHandlers(GuestCookies guests, ApplicationEventPublisher events, AuthController me, JsonMapper json) {
        this.guests = guests;
        this.events = events;
        this.me = me;
        this.json = json;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication auth)
            throws IOException {
        LabPrincipal p = (LabPrincipal) auth.getPrincipal();
        Optional<UUID> guest = guests.read(request);
        if (guest.isPresent()) {
            events.publishEvent(new SignedIn(p.id(), guest.get()));
            guests.clear(response);
        }
        response.setStatus(HttpStatus.OK.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), me.of(new Caller.Account(p.id(), p.getUsername(), p.role())));
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof LoginThrottle.ThrottledException throttled) {
            response.setHeader("Retry-After", Long.toString(throttled.retryAfter().toSeconds()));
            ProblemWriter.write(response, ApiProblems.of(HttpStatus.TOO_MANY_REQUESTS, "sign-in-throttled",
                    "Too many failed sign-ins", "Too many failed sign-ins for this account or from this address; try again"
                            + " in " + throttled.retryAfter().toMinutes() + " minutes."));
            return;
        }
        ProblemWriter.write(response, ApiProblems.of(HttpStatus.UNAUTHORIZED, "bad-credentials", "Sign-in failed",
                "The username or the password is wrong."));
    }

    @Override
    public void onLogoutSuccess(HttpServletRequest request, HttpServletResponse response, Authentication auth) {
        response.setStatus(HttpStatus.NO_CONTENT.value());
    }
}
