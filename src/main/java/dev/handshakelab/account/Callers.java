package dev.handshakelab.account;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Who the current request comes from. Spring Security has authenticated accounts (session
 * cookie or bearer token) before any controller runs; a guest is recognised by its signed
 * cookie. Read where an operation decides what the caller may do, so that no service trusts a
 * caller named by the request itself.
 */
@Component
public class Callers {

    private static final String MINTED = Callers.class.getName() + ".guest";

    private final GuestCookies guests;

    Callers(GuestCookies guests) {
        this.guests = guests;
    }

    public Caller current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.isAuthenticated() && auth.getPrincipal() instanceof LabPrincipal p) {
            return new Caller.Account(p.id(), p.getUsername(), p.role());
        }
        HttpServletRequest request = request();
        if (request == null || !guests.enabled()) {
            return new Caller.Anonymous();
        }
        if (request.getAttribute(MINTED) instanceof UUID minted) {
            return new Caller.Guest(minted);
        }
        return guests.read(request).<Caller>map(Caller.Guest::new).orElseGet(Caller.Anonymous::new);
    }

    /**
     * The caller's account, for operations only accounts have; anyone else finds nothing there
     * (the filter chain already keeps guests out of them).
     */
    public Caller.Account account() {
        if (current() instanceof Caller.Account a) {
            return a;
        }
        throw new dev.handshakelab.web.ResourceNotFoundException("not-found", "There is nothing here.");
    }

    /**
     * The caller, who is about to own something new: an anonymous visitor becomes a guest here,
     * and the response carries the cookie that proves it from now on.
     */
    public Caller currentOrNewGuest() {
        Caller c = current();
        if (!(c instanceof Caller.Anonymous) || !guests.enabled()) {
            return c;
        }
        ServletRequestAttributes attrs = (ServletRequestAttributes) RequestContextHolder.getRequestAttributes();
        HttpServletResponse response = attrs == null ? null : attrs.getResponse();
        if (response == null) {
            return c;
        }
        UUID guest = UUID.randomUUID();
        guests.issue(response, guest);
        attrs.getRequest().setAttribute(MINTED, guest);
        return new Caller.Guest(guest);
    }

    private static HttpServletRequest request() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs ? attrs.getRequest() : null;
    }
}
