package dev.handshakelab.web;

/** A request body above the configured limit; answered with 413. */
public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(String message) {
        super(message);
    }
}
