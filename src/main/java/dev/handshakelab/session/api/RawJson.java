package dev.handshakelab.session.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * JSON that has already been written (an event, a segment) and goes into a response as it
 * is, instead of being serialised a second time.
 */
public record RawJson(@JsonValue @JsonRawValue String json) {
}
