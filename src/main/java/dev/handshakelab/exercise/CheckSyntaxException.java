package dev.handshakelab.exercise;

/** A check that does not say what it means: names the field (as a JSON path) and what is wrong with it. */
public class CheckSyntaxException extends RuntimeException {

    private final String field;

    public CheckSyntaxException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
