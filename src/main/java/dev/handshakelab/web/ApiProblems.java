package dev.handshakelab.web;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds the RFC 9457 problem documents the API answers with. Every problem has a stable
 * {@code type} under {@link #BASE}, a title, the status, a detail sentence and, for invalid
 * input, an {@code errors} list naming each offending field and the rule it broke.
 */
public final class ApiProblems {

    public static final String BASE = "https://handshakelab.dev/problems/";

    private ApiProblems() {
    }

    public static ProblemDetail of(HttpStatusCode status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(BASE + type));
        problem.setTitle(title);
        return problem;
    }

    /**
     * A problem known only by its status (Tomcat refused the request, or the servlet container
     * reported an error without an exception): type and title follow the status.
     */
    public static ProblemDetail forStatus(HttpStatusCode status, String detail) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return of(status, slug(status), known == null ? "HTTP " + status.value() : known.getReasonPhrase(), detail);
    }

    /** The problem type for a bare status: {@code bad-request}, {@code method-not-allowed}, ... */
    static String slug(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "http-" + status.value() : known.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static ProblemDetail invalid(HttpStatusCode status, List<InvalidRequestException.FieldError> errors) {
        String detail = errors.isEmpty()
                ? "The request is invalid."
                : errors.stream().map(e -> e.field() + " " + e.message()).reduce((a, b) -> a + "; " + b).orElseThrow();
        ProblemDetail problem = of(status, "invalid-request", "Invalid request", detail);
        problem.setProperty("errors", errors);
        return problem;
    }
}
