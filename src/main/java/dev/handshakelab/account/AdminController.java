package dev.handshakelab.account;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Account administration (admins only; to anyone else these operations do not exist: 404). */
@RestController
@RequestMapping(path = "/api/v1/admin", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Accounts")
public class AdminController {

    private final Accounts accounts;
    private final ApiTokens tokens;

    AdminController(Accounts accounts, ApiTokens tokens) {
        this.accounts = accounts;
        this.tokens = tokens;
    }

    public record NewAccount(@NotNull @Size(min = 2, max = 64) String username, @Size(max = 100) String displayName,
            @Size(max = 254) String email, @NotNull Role role) {}

    public record AccountChange(@Size(min = 1, max = 100) String displayName, Role role, Boolean enabled) {}

    /** An account with the password it was given: shown this once, to pass on to its owner. */
    public record IssuedPassword(Accounts.Account account, String password) {}

    public record AccountsPage(List<Accounts.Account> items, int page, int size, long total) {}

    @GetMapping("/users")
    @Operation(operationId = "listAccounts", summary = "List accounts")
    public AccountsPage users(@RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return new AccountsPage(accounts.page(page, size), page, size, accounts.count());
    }

    @PostMapping(path = "/users", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createAccount", summary = "Create an account with a random first password, shown once")
    public IssuedPassword create(@Valid @RequestBody NewAccount r) {
        String password = Accounts.randomPassword();
        return new IssuedPassword(accounts.create(r.username(), r.displayName(), r.email(), r.role(), password), password);
    }

    @PatchMapping(path = "/users/{userId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "updateAccount", summary = "Change an account's display name, role, or whether it may sign in")
    public Accounts.Account update(@PathVariable String userId, @Valid @RequestBody AccountChange r) {
        var id = Ids.parse(userId, "account-not-found");
        Accounts.Account a = accounts.update(id, r.displayName(), r.role(), r.enabled());
        tokens.forgetAccount(id);
        return a;
    }

    @PostMapping("/users/{userId}/password-reset")
    @Operation(operationId = "resetPassword", summary = "Reset an account's password to a random one, shown once")
    public IssuedPassword resetPassword(@PathVariable String userId) {
        var id = Ids.parse(userId, "account-not-found");
        String password = Accounts.randomPassword();
        accounts.setPassword(id, password);
        return new IssuedPassword(accounts.get(id), password);
    }
}
