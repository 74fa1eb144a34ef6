package dev.handshakelab.account;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The signed-in account's own settings: its password and its API tokens. */
@RestController
@RequestMapping(path = "/api/v1/account", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Accounts")
public class AccountController {

    private final Callers callers;
    private final Accounts accounts;
    private final ApiTokens tokens;

    AccountController(Callers callers, Accounts accounts, ApiTokens tokens) {
        this.callers = callers;
        this.accounts = accounts;
        this.tokens = tokens;
    }

    public record PasswordChange(@NotNull String currentPassword, @NotNull @Size(max = 128) String newPassword) {}

    public record TokenRequest(@NotNull @Size(min = 1, max = 100) String name, Instant expiresAt) {}

    @PutMapping(path = "/password", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "changePassword", summary = "Change your password (the current one is required)")
    public void changePassword(@Valid @RequestBody PasswordChange r) {
        accounts.changePassword(self().id(), r.currentPassword(), r.newPassword());
    }

    @GetMapping("/tokens")
    @Operation(operationId = "listTokens", summary = "Your API tokens (never the tokens themselves)")
    public List<ApiTokens.TokenView> tokens() {
        return tokens.list(self().id());
    }

    @PostMapping(path = "/tokens", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createToken", summary = "Create an API token", description = "The answer is the only time the token is shown; "
            + "only its hash is stored. Scripts send it as 'Authorization: Bearer <token>'.")
    public ApiTokens.CreatedToken createToken(@Valid @RequestBody TokenRequest r) {
        return tokens.create(self().id(), r.name(), r.expiresAt());
    }

    @DeleteMapping("/tokens/{tokenId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "revokeToken", summary = "Revoke one of your API tokens")
    public void revoke(@PathVariable String tokenId) {
        tokens.revoke(self().id(), Ids.parse(tokenId, "token-not-found"));
    }

    private Caller.Account self() {
        return callers.account();
    }
}
