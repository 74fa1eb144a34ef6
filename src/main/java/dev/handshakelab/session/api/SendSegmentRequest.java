package dev.handshakelab.session.api;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A segment the student sends as the client: either built field by field, or given as the raw
 * bytes of a whole IPv4 or IPv6 datagram ({@code rawHex}, of the session's family), which is then
 * taken exactly as typed (a wrong checksum included: the server drops it, as a kernel does).
 */
@Schema(example = """
        {"from":{"address":"10.0.0.1","port":40000},"flags":["SYN"],"seq":1000,"window":64240,
         "options":[{"kind":"mss","mss":1460},{"kind":"sackOK"},{"kind":"timestamps","tsVal":100,"tsEcr":0},
                    {"kind":"nop"},{"kind":"wscale","shift":7}]}""")
public record SendSegmentRequest(
        @Valid HostPortRequest from,
        @Valid HostPortRequest to,
        @Size(max = 9) List<@NotNull String> flags,
        @Min(value = 0, message = "must be between 0 and 4294967295") @Max(value = 4294967295L, message = "must be between 0 and 4294967295") Long seq,
        @Min(value = 0, message = "must be between 0 and 4294967295") @Max(value = 4294967295L, message = "must be between 0 and 4294967295") Long ack,
        @Min(value = 0, message = "must be between 0 and 65535") @Max(value = 65535, message = "must be between 0 and 65535") Integer window,
        @Min(value = 0, message = "must be between 0 and 65535") @Max(value = 65535, message = "must be between 0 and 65535") Integer urgentPointer,
        @Size(max = 40, message = "must hold at most 40 options") List<@Valid @NotNull OptionRequest> options,
        @Schema(description = "Payload as hex, at most 64 KiB") @Size(max = 131072, message = "must be at most 64 KiB (131072 hex digits)") String payloadHex,
        @Schema(description = "A whole IPv4 or IPv6 datagram carrying TCP, as hex, of the session's IP version (an IPv6 session takes "
                + "IPv6 only); when given, every other field must be absent")
        @Size(max = 140000, message = "must be at most 140000 characters") String rawHex) {
}
