package dev.handshakelab.account;

import java.io.Serial;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;

/**
 * A signed-in account, the same object whether it arrived by the browser's session cookie
 * (a {@link UserDetails} from the password sign-in) or by a script's bearer token (an
 * {@link OAuth2AuthenticatedPrincipal}, which is what Spring Security's token support expects an
 * introspector to return). Kept in the HTTP session, so it holds no password once signed in.
 */
public final class LabPrincipal implements UserDetails, OAuth2AuthenticatedPrincipal, CredentialsContainer, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final UUID id;
    private final String username;
    private final String displayName;
    private final Role role;
    private final boolean enabled;
    private String passwordHash;

    public LabPrincipal(UUID id, String username, String displayName, Role role, boolean enabled, String passwordHash) {
        this.id = id;
        this.username = username;
        this.displayName = displayName;
        this.role = role;
        this.enabled = enabled;
        this.passwordHash = passwordHash;
    }

    public UUID id() { return id; }
    public String displayName() { return displayName; }
    public Role role() { return role; }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(role.authority());
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public Map<String, Object> getAttributes() {
        return Map.of("sub", id.toString(), "username", username, "role", role.name());
    }

    @Override
    public String getName() {
        return username;
    }

    @Override
    public String toString() {
        // never the hash: principals end up in logs and debuggers
        return "LabPrincipal[" + username + ", " + role + "]";
    }
}
