package dev.handshakelab.account;

import java.util.UUID;

/**
 * Who is asking: a signed-in account, a guest browser (the id in its signed cookie), or nobody
 * known. Every operation on a session decides what it may do from this, on the server.
 */
public sealed interface Caller {

    record Account(UUID id, String username, Role role) implements Caller {}

    record Guest(UUID id) implements Caller {}

    record Anonymous() implements Caller {}
}
