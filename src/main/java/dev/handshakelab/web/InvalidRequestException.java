package dev.handshakelab.web;

import java.util.List;

/**
 * A request that is well-formed JSON but breaks a rule of the domain (an option list longer
 * than 40 bytes, hex that is not hex, an unknown profile, ...). Carries every broken rule with
 * the field path it concerns, so the problem response can name them.
 */
public class InvalidRequestException extends RuntimeException {

    private final transient List<FieldError> errors;

    public InvalidRequestException(String field, String rule, String message) {
        this(List.of(new FieldError(field, rule, message)));
    }

    public InvalidRequestException(List<FieldError> errors) {
        super(errors.isEmpty() ? "invalid request" : errors.get(0).field() + " " + errors.get(0).message());
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** One broken rule: the JSON path of the field, the rule in short form, and a sentence. */
    public record FieldError(String field, String rule, String message) {}
}
