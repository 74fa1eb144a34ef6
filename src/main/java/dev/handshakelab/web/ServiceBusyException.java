package dev.handshakelab.web;

import org.springframework.http.HttpStatus;

/**
 * A request the service cannot take now but could take later: its session is busy with a long
 * step, or too many heavy operations are running. Answered with {@code status} (429 or 503) and
 * a {@code Retry-After} header, never with 500.
 */
public class ServiceBusyException extends RuntimeException {

    private final HttpStatus status;
    private final String problemType;
    private final int retryAfterSeconds;

    public ServiceBusyException(HttpStatus status, String problemType, int retryAfterSeconds, String message) {
        super(message);
        this.status = status;
        this.problemType = problemType;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public HttpStatus status() {
        return status;
    }

    public String problemType() {
        return problemType;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
