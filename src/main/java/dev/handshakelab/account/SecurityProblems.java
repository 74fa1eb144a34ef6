package dev.handshakelab.account;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

import dev.handshakelab.web.ApiProblems;
import dev.handshakelab.web.ProblemWriter;

/**
 * How Spring Security's refusals reach a client: as problem documents like every other 4xx.
 *
 * <ul>
 * <li>No credentials, or credentials that do not hold: 401. A bearer token that failed also gets
 * RFC 6750's {@code WWW-Authenticate: Bearer error="invalid_token"}.</li>
 * <li>A missing or wrong CSRF token: 403, saying so (the page must reload to get a fresh one).</li>
 * <li>An operation the caller's role does not allow: 404, as if it did not exist, so that
 * probing the API as a student reveals nothing about what instructors and admins can do.</li>
 * </ul>
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String authorization = request.getHeader("Authorization");
        String detail = "Sign in, or send a valid API token as 'Authorization: Bearer <token>'.";
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            bearer.commence(request, response, e); // sets WWW-Authenticate with the RFC 6750 error
            detail = "The bearer token is unknown, revoked or expired.";
        } else {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        ProblemWriter.write(response, ApiProblems.of(HttpStatus.UNAUTHORIZED, "unauthenticated", "Not signed in", detail));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
        if (e instanceof CsrfException) {
            ProblemWriter.write(response, ApiProblems.of(HttpStatus.FORBIDDEN, "csrf", "CSRF token missing or wrong",
                    "A browser request that changes something must carry the X-XSRF-TOKEN header with the value of the"
                            + " XSRF-TOKEN cookie; scripts should use an API token instead."));
            return;
        }
        ProblemWriter.write(response, ApiProblems.of(HttpStatus.NOT_FOUND, "not-found", "Not found",
                "There is nothing at " + request.getRequestURI() + "."));
    }
}
