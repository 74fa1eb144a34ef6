package dev.handshakelab.session;

import java.time.Clock;

import org.springframework.stereotype.Component;

import dev.handshakelab.account.Caller;
import dev.handshakelab.account.GuestCookies;
import dev.handshakelab.course.Courses;

/**
 * What a caller may do with a session, decided on the server from the stored owner:
 * <ul>
 * <li>its owner (the account, or the guest browser whose signed cookie names it) reads it and
 * runs its steps;</li>
 * <li>an instructor of a course the owning student attends reads it, and may reset it, but never
 * runs a step in it;</li>
 * <li>anyone else cannot tell it exists: it answers 404 like an unknown id.</li>
 * </ul>
 * A guest's session expires when untouched for the guests' time to live, even before the
 * clean-up deletes it.
 */
@Component
class SessionAccess {

    /** What a caller may do, in increasing order: each level allows what the ones before it do. */
    enum Level { NONE, READ, OWNER }

    private final Courses courses;
    private final GuestCookies guests;
    private final Clock clock = Clock.systemUTC();

    SessionAccess(Courses courses, GuestCookies guests) {
        this.courses = courses;
        this.guests = guests;
    }

    Level of(LabSession s, Caller caller) {
        if (caller instanceof Caller.Account a) {
            if (a.id().equals(s.getOwnerUserId())) {
                return Level.OWNER;
            }
            return s.getOwnerUserId() != null && courses.teaches(a.id(), s.getOwnerUserId()) ? Level.READ : Level.NONE;
        }
        if (caller instanceof Caller.Guest g && g.id().equals(s.getOwnerGuestId()) && guests.enabled()
                && s.getUpdatedAt().plus(guests.ttl()).isAfter(clock.instant())) {
            return Level.OWNER;
        }
        return Level.NONE;
    }
}
