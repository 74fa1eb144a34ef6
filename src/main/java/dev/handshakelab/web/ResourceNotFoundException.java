package dev.handshakelab.web;

/** Something addressed by the URL does not exist (a session, a template, a connection). */
public class ResourceNotFoundException extends RuntimeException {

    private final String problemType;

    public ResourceNotFoundException(String problemType, String message) {
        super(message);
        this.problemType = problemType;
    }

    /** The last segment of the problem type URI, e.g. {@code session-not-found}. */
    public String problemType() {
        return problemType;
    }
}
