package dev.handshakelab.account;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * What an account may do. An instructor owns courses and reads their students' sessions; an
 * admin manages accounts (and, through the role hierarchy in {@link SecurityConfig}, may do what
 * an instructor does). Everyone may run their own lab sessions.
 */
public enum Role {
    STUDENT, INSTRUCTOR, ADMIN;

    public GrantedAuthority authority() {
        return new SimpleGrantedAuthority("ROLE_" + name());
    }

    /** At least as much as {@code other}: admin > instructor > student. */
    public boolean includes(Role other) {
        return ordinal() >= other.ordinal();
    }
}
