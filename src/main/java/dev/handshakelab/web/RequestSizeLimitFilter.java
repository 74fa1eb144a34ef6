package dev.handshakelab.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses API request bodies above a limit with 413 before anything parses them. The limit
 * leaves room for the largest legitimate request: a 64 KiB payload written as hex (128 Ki
 * characters) plus the rest of a segment. Bodies sent without a Content-Length (chunked) are
 * read up to the limit and refused as soon as they pass it.
 */
@Component
public class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final int maxBytes;

    public RequestSizeLimitFilter(@Value("${handshake-lab.limits.max-request-bytes:${handshake-lab.max-request-bytes:262144}}") int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            reject(response, declared);
            return;
        }
        if (declared < 0 && hasBody(request)) {
            byte[] body = request.getInputStream().readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                reject(response, -1);
                return;
            }
            chain.doFilter(new BufferedBodyRequest(request, body), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean hasBody(HttpServletRequest request) {
        String method = request.getMethod();
        return "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
    }

    private void reject(HttpServletResponse response, long declared) throws IOException {
        String size = declared >= 0 ? declared + " bytes" : "more than " + maxBytes + " bytes";
        ProblemDetail problem = ApiProblems.of(HttpStatus.CONTENT_TOO_LARGE, "request-too-large", "Request too large",
                "The request body is " + size + "; at most " + maxBytes + " bytes are accepted.");
        problem.setProperty("errors", List.of(new InvalidRequestException.FieldError("$", "max-bytes " + maxBytes,
                "body is larger than " + maxBytes + " bytes")));
        ProblemWriter.write(response, problem);
    }

    /** A request whose body has already been read into memory. */
    private static final class BufferedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
