package dev.handshakelab.account;

import java.util.UUID;

/**
 * Courses as sign-up sees them: a join code names a course, and a new account can be enrolled
 * in it. Implemented by the course feature, so accounts do not depend on courses.
 */
public interface JoinCodes {

    /** Enrols the student in the course the code names; an unknown code is invalid input. */
    void join(UUID student, String joinCode);

    /** Whether a code names a course (checked before an account is created for it). */
    boolean exists(String joinCode);
}
