package dev.handshakelab.account;

import java.util.UUID;

/**
 * An account signed in from a browser that had been working as a guest: whatever that guest
 * owned now belongs to the account. Published synchronously, before the sign-in is answered.
 */
public record SignedIn(UUID account, UUID formerGuest) {}
