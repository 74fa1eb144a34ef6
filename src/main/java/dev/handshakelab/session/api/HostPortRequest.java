package dev.handshakelab.session.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/** An address and port in a request; either may be left out to take the session's default. */
public record HostPortRequest(
        @io.swagger.v3.oas.annotations.media.Schema(description = "IPv4 dotted quad (10.0.0.2) or IPv6 text (2001:db8::2); "
                + "a session's server and client are of one IP version")
        @Size(max = 64) String address,
        @Min(value = 1, message = "must be between 1 and 65535") @Max(value = 65535, message = "must be between 1 and 65535") Integer port) {
}
