package dev.handshakelab.account;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.handshakelab.web.InvalidRequestException;
import dev.handshakelab.web.ResourceNotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Who the caller is, and creating an account. Signing in and out are Spring Security's own form
 * login and logout at {@code /api/v1/auth/login} and {@code /api/v1/auth/logout}.
 */
@RestController
@RequestMapping(path = "/api/v1/auth", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Accounts", description = "Sign-in, sign-up, API tokens and account administration")
public class AuthController {

    private final Callers callers;
    private final Accounts accounts;
    private final JoinCodes joinCodes;
    private final GuestCookies guests;
    private final boolean signUpEnabled;
    private final boolean signUpNeedsJoinCode;

    AuthController(Callers callers, Accounts accounts, JoinCodes joinCodes, GuestCookies guests,
            @Value("${handshake-lab.sign-up.enabled:true}") boolean signUpEnabled,
            @Value("${handshake-lab.sign-up.requires-join-code:false}") boolean signUpNeedsJoinCode) {
        this.callers = callers;
        this.accounts = accounts;
        this.joinCodes = joinCodes;
        this.guests = guests;
        this.signUpEnabled = signUpEnabled;
        this.signUpNeedsJoinCode = signUpNeedsJoinCode;
    }

    public record AccountView(UUID id, String username, String displayName, Role role) {}

    public record SignUpPolicy(boolean enabled, boolean requiresJoinCode) {}

    /** The caller as the page needs to know it, and what this deployment offers to visitors. */
    public record Me(AccountView account, boolean guest, boolean guestsEnabled, SignUpPolicy signUp) {}

    public record SignUpRequest(
            @NotNull @Size(min = 2, max = 64) String username,
            @NotNull @Size(min = Accounts.MIN_PASSWORD, max = 128) String password,
            @Size(max = 100) String displayName,
            @Size(max = 254) String email,
            @Size(max = 32) String joinCode) {}

    @GetMapping("/me")
    @Operation(operationId = "me", summary = "Who the caller is: an account, a guest, or nobody yet",
            description = "Also sets the XSRF-TOKEN cookie a browser page echoes in X-XSRF-TOKEN.")
    public Me me() {
        return of(callers.current());
    }

    Me of(Caller caller) {
        AccountView account = caller instanceof Caller.Account a
                ? accounts.find(a.id()).map(x -> new AccountView(x.id(), x.username(), x.displayName(), x.role())).orElse(null)
                : null;
        return new Me(account, caller instanceof Caller.Guest, guests.enabled(),
                new SignUpPolicy(signUpEnabled, signUpNeedsJoinCode));
    }

    @PostMapping(path = "/signup", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    @Operation(operationId = "signUp", summary = "Create a student account (then sign in with it)",
            description = "With a join code the new account is enrolled in that course.")
    public AccountView signUp(@Valid @RequestBody SignUpRequest r) {
        if (!signUpEnabled) {
            throw new ResourceNotFoundException("sign-up-closed", "This deployment does not take sign-ups; ask an admin.");
        }
        boolean hasCode = r.joinCode() != null && !r.joinCode().isBlank();
        if (signUpNeedsJoinCode && !hasCode) {
            throw new InvalidRequestException("joinCode", "required", "is required: ask your instructor for the course's code");
        }
        if (hasCode && !joinCodes.exists(r.joinCode())) {
            throw new InvalidRequestException("joinCode", "known", "is not the code of any course");
        }
        Accounts.Account a = accounts.create(r.username(), r.displayName(), r.email(), Role.STUDENT, r.password());
        if (hasCode) {
            joinCodes.join(a.id(), r.joinCode());
        }
        return new AccountView(a.id(), a.username(), a.displayName(), a.role());
    }
}
