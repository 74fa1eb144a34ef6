package dev.handshakelab.account;

import java.util.UUID;

import dev.handshakelab.web.ResourceNotFoundException;

/** Ids from URLs: one that is not even a UUID names nothing, so it is a 404 like an unknown one. */
public final class Ids {

    private Ids() {
    }

    public static UUID parse(String id, String problemType) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ResourceNotFoundException(problemType, "There is no such resource.");
        }
    }
}
