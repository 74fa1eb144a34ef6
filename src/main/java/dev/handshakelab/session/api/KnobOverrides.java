package dev.handshakelab.session.api;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Changes to the server profile's knobs; absent fields keep the profile's value. Names follow
 * the Linux sysctls and socket calls they stand for.
 */
@Schema(description = "Overrides of the server profile's knobs; leave a field out to keep the profile's value")
public record KnobOverrides(
        @Schema(description = "Interface MTU; the advertised MSS is MTU - 40 (IPv4)")
        @Min(value = 68, message = "must be between 68 and 65535") @Max(value = 65535, message = "must be between 68 and 65535") Integer mtu,
        @Schema(description = "net.ipv4.tcp_rmem: min, default, max bytes; wscale and the SYN-ACK window follow from it")
        @Size(min = 3, max = 3, message = "must hold exactly three values: min, default, max") List<@NotNull @Min(value = 1, message = "must be at least 1") @Max(value = 1073741824, message = "must be at most 1073741824") Integer> tcpRmem,
        @Schema(description = "net.ipv4.tcp_timestamps on/off") Boolean timestamps,
        @Schema(description = "net.ipv4.tcp_sack") Boolean sack,
        @Schema(description = "net.ipv4.tcp_window_scaling") Boolean windowScaling,
        @Schema(description = "net.ipv4.tcp_syncookies: 0 never, 1 when the SYN queue is full, 2 always")
        @Min(value = 0, message = "must be 0, 1 or 2") @Max(value = 2, message = "must be 0, 1 or 2") Integer syncookies,
        @Schema(description = "net.ipv4.tcp_synack_retries")
        @Min(value = 0, message = "must be between 0 and 255") @Max(value = 255, message = "must be between 0 and 255") Integer synackRetries,
        @Schema(description = "net.ipv4.tcp_syn_retries (client side)")
        @Min(value = 1, message = "must be between 1 and 127") @Max(value = 127, message = "must be between 1 and 127") Integer synRetries,
        @Schema(description = "The listen(fd, N) backlog")
        @Min(value = 0, message = "must be between 0 and 65535") @Max(value = 65535, message = "must be between 0 and 65535") Integer backlog,
        @Schema(description = "net.core.somaxconn")
        @Min(value = 0, message = "must be between 0 and 65535") @Max(value = 65535, message = "must be between 0 and 65535") Integer somaxconn,
        @Schema(description = "net.ipv4.tcp_abort_on_overflow") Boolean abortOnOverflow,
        @Schema(description = "Initial retransmission timeout in milliseconds")
        @Min(value = 1, message = "must be between 1 and 120000") @Max(value = 120_000, message = "must be between 1 and 120000") Integer initialRtoMillis,
        @Schema(description = "How often the server application calls accept(): -1 at once, 0 never, N per second")
        @Min(value = -1, message = "must be between -1 and 1000000") @Max(value = 1_000_000, message = "must be between -1 and 1000000") Integer acceptRate) {

    public static final KnobOverrides NONE = new KnobOverrides(null, null, null, null, null, null, null, null, null, null, null, null, null);
}
