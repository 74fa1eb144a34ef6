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
        @Schema(description = "Interface MTU; the advertised MSS is MTU - 40 over IPv4, MTU - 60 over IPv6")
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
        @Min(value = -1, message = "must be between -1 and 1000000") @Max(value = 1_000_000, message = "must be between -1 and 1000000") Integer acceptRate,
        @Schema(description = "net.core.rmem_max: with tcp_rmem[2] it decides the offered window scale (the larger of the two)")
        @Min(value = 1, message = "must be between 1 and 1073741824") @Max(value = 1073741824, message = "must be between 1 and 1073741824") Integer rmemMax,
        @Schema(description = "net.ipv4.tcp_max_syn_backlog: without syncookies the last quarter is kept for peers seen before")
        @Min(value = 1, message = "must be between 1 and 16777216") @Max(value = 16_777_216, message = "must be between 1 and 16777216") Integer maxSynBacklog,
        @Schema(description = "net.ipv4.tcp_min_snd_mss: the smallest MSS the server will send with")
        @Min(value = 48, message = "must be between 48 and 4096") @Max(value = 4096, message = "must be between 48 and 4096") Integer minSndMss,
        @Schema(description = "net.ipv4.tcp_invalid_ratelimit in ms: at most one reply to invalid segments per this long; 0 never limits")
        @Min(value = 0, message = "must be between 0 and 3600000") @Max(value = 3_600_000, message = "must be between 0 and 3600000") Integer invalidRatelimitMillis,
        @Schema(description = "net.ipv4.tcp_syn_linear_timeouts (client side): the first N SYN retransmissions do not back off")
        @Min(value = 0, message = "must be between 0 and 127") @Max(value = 127, message = "must be between 0 and 127") Integer synLinearTimeouts,
        @Schema(description = "net.ipv4.tcp_ecn: 0 off, 1 request and accept ECN, 2 accept only")
        @Min(value = 0, message = "must be 0, 1 or 2") @Max(value = 2, message = "must be 0, 1 or 2") Integer ecn,
        @Schema(description = "setsockopt(TCP_MAXSEG) on the listener: the SYN-ACK offers at most this MSS and a client's larger MSS is lowered to it; 0 leaves it unset")
        @Min(value = 0, message = "must be 0 or between 88 and 65535") @Max(value = 65535, message = "must be 0 or between 88 and 65535") Integer tcpMaxseg,
        @Schema(description = "setsockopt(TCP_DEFER_ACCEPT) on the listener, in seconds: a bare third ACK is dropped and the SYN-ACK resent until data arrives; 0 off")
        @Min(value = 0, message = "must be between 0 and 3600") @Max(value = 3600, message = "must be between 0 and 3600") Integer deferAcceptSeconds,
        @Schema(description = "net.ipv4.tcp_fastopen bits: 0x1 client, 0x2 server, 0x200 server needs no cookie, 0x400 every listener without TCP_FASTOPEN")
        @Min(value = 0, message = "must be between 0 and 2047") @Max(value = 2047, message = "must be between 0 and 2047") Integer tcpFastopen,
        @Schema(description = "setsockopt(TCP_FASTOPEN, qlen) on the listener: Fast Open children that may wait for their third ACK; 0 not set")
        @Min(value = 0, message = "must be between 0 and 65535") @Max(value = 65535, message = "must be between 0 and 65535") Integer fastOpenQlen) {

    public static final KnobOverrides NONE = new KnobOverrides(null, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null);
}
