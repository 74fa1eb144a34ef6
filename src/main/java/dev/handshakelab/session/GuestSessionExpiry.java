package dev.handshakelab.session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.handshakelab.account.GuestCookies;

/**
 * Deletes the sessions of guests who have not touched them for the guests' time to live
 * ({@code handshake-lab.guests.ttl}). They are already invisible by then (see
 * {@link SessionAccess}); this gives their storage back. A batch per transaction, so a class's
 * worth of expired guests never holds a long lock.
 */
@Component
class GuestSessionExpiry {

    private static final Logger log = LoggerFactory.getLogger(GuestSessionExpiry.class);
    private static final int BATCH = 50;

    private final SessionService sessions;
    private final GuestCookies guests;

    GuestSessionExpiry(SessionService sessions, GuestCookies guests) {
        this.sessions = sessions;
        this.guests = guests;
    }

    @Scheduled(initialDelayString = "${handshake-lab.guests.cleanup-initial-delay:PT1M}",
            fixedDelayString = "${handshake-lab.guests.cleanup-interval:PT10M}")
    void deleteExpired() {
        int total = 0;
        int n;
        do {
            n = sessions.deleteExpiredGuestSessions(guests.ttl(), BATCH);
            total += n;
        } while (n == BATCH);
        if (total > 0) {
            log.info("deleted {} expired guest sessions", total);
        }
    }
}
