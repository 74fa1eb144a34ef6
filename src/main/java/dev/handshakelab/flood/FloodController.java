package dev.handshakelab.flood;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Min;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.handshakelab.limits.HeavyOperationResponses;

/** SYN floods and SYN cookies over HTTP. */
@RestController
@RequestMapping(path = "/api/v1/sessions/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "SYN floods", description = "Flood the server with spoofed SYNs, watch the queues, open up SYN cookies")
public class FloodController {

    private final FloodService floods;
    private final CookieInspector cookies;

    public FloodController(FloodService floods, CookieInspector cookies) {
        this.floods = floods;
        this.cookies = cookies;
    }

    @PostMapping("/flood")
    @Operation(summary = "Run a SYN flood as one step",
            description = "Spoofed SYNs at a rate from a CIDR or random sources, with legitimate clients connecting meanwhile. "
                    + "Stored as its generating input and replayed; the history keeps the legitimate clients' segments and a sample of the attack. "
                    + "Budgets, checked before it runs (422, budget-exceeded, naming the field, the rule and the limit): at most "
                    + "handshake-lab.limits.max-flood-millis of virtual time (one hour by default), and at most "
                    + "handshake-lab.limits.max-step-events events (20000 by default; fewer once the session's history nears "
                    + "handshake-lab.limits.max-session-events), estimated as legitimate clients x (17 + 5 x SYN retransmissions) "
                    + "+ kept attack SYNs x (9 + 5 x SYN-ACK retransmissions), each retransmission count being the profile's "
                    + "synRetries or synackRetries, or as many backed-off timeouts as fit in durationMillis if fewer. A heavy "
                    + "operation: one at a time per session and a few at a time per instance, 429 or 503 with Retry-After beyond that.")
    @ApiResponse(responseCode = "200", description = "The flood step")
    @ApiResponse(responseCode = "422", description = "Over a budget: too much virtual time, or too many events")
    @HeavyOperationResponses
    public FloodViews.FloodStepView flood(@PathVariable String id, @RequestBody FloodRequest request) {
        return floods.start(id, request);
    }

    @GetMapping("/flood/series")
    @Operation(summary = "The time series of a flood step (the latest unless step is given), one entry per bucket")
    public FloodViews.FloodSeriesView series(@PathVariable String id,
            @RequestParam(required = false) @Min(value = 1, message = "must be at least 1") Integer step) {
        return floods.series(id, step);
    }

    @PostMapping("/cookies/inspect")
    @Operation(summary = "Open up a SYN cookie: its counter, MSS index and hash, the TSval's option bits, and a final ACK's fate")
    public CookieInspection inspect(@PathVariable String id, @RequestBody CookieInspectRequest request) {
        return cookies.inspect(id, request);
    }
}
