package dev.handshakelab.web;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatusCode;

/**
 * Tomcat's error report, as a problem document instead of Tomcat's HTML page. Tomcat writes
 * this report for what it refuses itself before any servlet runs: a request target with a
 * character that must be percent-encoded ({@code {}, {@code }}, {@code |}), a {@code %00} or an
 * encoded slash in the path, a malformed request line or header, headers too large. Installed
 * as the Host's error report valve by {@link TomcatProblemReports}.
 *
 * <p>The detail is ours: Tomcat's own message quotes the raw request and names its parser.
 */
public class ProblemReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.resetBuffer();
            ProblemWriter.write(response, ApiProblems.forStatus(HttpStatusCode.valueOf(status), detail(status)));
        } catch (IOException | IllegalStateException e) {
            // the client has gone or the response cannot take a body any more: nothing to tell anyone
        }
    }

    static String detail(int status) {
        return switch (status) {
            case 400 -> "The request breaks the rules of HTTP (RFC 9112) or of URIs (RFC 3986) and was refused before it "
                    + "reached the API: characters such as { } | \\ ^ < > quotes and spaces must be percent-encoded, and a path "
                    + "must not contain %00, an encoded slash or backslash, or climb above the root.";
            case 404 -> "There is nothing at this URL.";
            case 405 -> "This HTTP method is not allowed for this URL.";
            case 408 -> "The request took too long to arrive.";
            case 413 -> "The request is larger than the server accepts.";
            case 414 -> "The request line (method and URL) is longer than the server accepts.";
            case 431 -> "The request's headers are larger than the server accepts.";
            case 501 -> "This HTTP method is not implemented.";
            case 505 -> "Only HTTP/1.1 (and HTTP/1.0) are spoken here.";
            default -> status >= 500
                    ? "The server failed to handle this request; nothing was changed."
                    : "The request was refused before it reached the API.";
        };
    }
}
