package dev.handshakelab.session.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * One TCP option in a crafted segment, in the order it goes on the wire. Values outside what
 * the RFCs allow but inside what the wire can carry (window scale 15, MSS 0) are accepted on
 * purpose: labs explore exactly those.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = OptionRequest.Eol.class, name = "eol"),
        @JsonSubTypes.Type(value = OptionRequest.Nop.class, name = "nop"),
        @JsonSubTypes.Type(value = OptionRequest.Mss.class, name = "mss"),
        @JsonSubTypes.Type(value = OptionRequest.WindowScale.class, name = "wscale"),
        @JsonSubTypes.Type(value = OptionRequest.SackPermitted.class, name = "sackOK"),
        @JsonSubTypes.Type(value = OptionRequest.Sack.class, name = "sack"),
        @JsonSubTypes.Type(value = OptionRequest.Timestamps.class, name = "timestamps"),
        @JsonSubTypes.Type(value = OptionRequest.FastOpen.class, name = "fastOpen"),
        @JsonSubTypes.Type(value = OptionRequest.Unknown.class, name = "unknown")})
@Schema(description = "A TCP option; `kind` selects which: eol, nop, mss, wscale, sackOK, sack, timestamps, fastOpen, unknown")
public sealed interface OptionRequest {

    @Schema(description = "End of option list (kind 0)")
    record Eol() implements OptionRequest {}

    @Schema(description = "No-operation (kind 1)")
    record Nop() implements OptionRequest {}

    @Schema(description = "Maximum segment size (kind 2)")
    record Mss(@NotNull @Min(value = 0, message = "must be between 0 and 65535") @Max(value = 65535, message = "must be between 0 and 65535") Integer mss)
            implements OptionRequest {}

    @Schema(description = "Window scale shift (kind 3); shifts above 14 are treated as 14 by receivers (RFC 7323 §2.3)")
    record WindowScale(@NotNull @Min(value = 0, message = "must be between 0 and 255") @Max(value = 255, message = "must be between 0 and 255") Integer shift)
            implements OptionRequest {}

    @Schema(description = "SACK permitted (kind 4)")
    record SackPermitted() implements OptionRequest {}

    @Schema(description = "SACK blocks (kind 5), 1 to 4")
    record Sack(@NotEmpty @Size(max = 4, message = "must hold 1 to 4 blocks") List<@Valid @NotNull SackBlock> blocks) implements OptionRequest {}

    record SackBlock(
            @NotNull @Min(value = 0, message = "must be between 0 and 4294967295") @Max(value = 4294967295L, message = "must be between 0 and 4294967295") Long left,
            @NotNull @Min(value = 0, message = "must be between 0 and 4294967295") @Max(value = 4294967295L, message = "must be between 0 and 4294967295") Long right) {}

    @Schema(description = "Timestamps (kind 8)")
    record Timestamps(
            @NotNull @Min(value = 0, message = "must be between 0 and 4294967295") @Max(value = 4294967295L, message = "must be between 0 and 4294967295") Long tsVal,
            @NotNull @Min(value = 0, message = "must be between 0 and 4294967295") @Max(value = 4294967295L, message = "must be between 0 and 4294967295") Long tsEcr)
            implements OptionRequest {}

    @Schema(description = "TCP Fast Open cookie (kind 34); empty = a cookie request")
    record FastOpen(@Size(max = 120) String cookieHex) implements OptionRequest {}

    /**
     * Codes 0 and 1 are EOL and NOP, one byte with no length byte: written in kind-length form
     * their bytes read back as other options (or not at all), so they are sent as eol and nop.
     */
    @Schema(description = "Any other option: kind byte (2..255; 0 and 1 are eol and nop, which have no length byte) "
            + "and the data after the length byte")
    record Unknown(
            @NotNull @Min(value = 2, message = "must be between 2 and 255: 0 and 1 are eol and nop, one byte without a length") @Max(value = 255, message = "must be between 2 and 255") Integer code,
            @Size(max = 120) String dataHex) implements OptionRequest {}
}
