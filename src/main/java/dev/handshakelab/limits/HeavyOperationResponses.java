package dev.handshakelab.limits;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** Documents the refusals of an operation run through {@link HeavyOperations}: 429 and 503, each with Retry-After. */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@ApiResponse(responseCode = "429", description = "The session already runs a heavy operation (a flood or a replay check); "
        + "see Retry-After", headers = @Header(name = "Retry-After", description = "seconds to wait before trying again", schema = @Schema(type = "integer")))
@ApiResponse(responseCode = "503", description = "The instance already runs as many heavy operations as it may, or the session "
        + "is busy with a long step; see Retry-After",
        headers = @Header(name = "Retry-After", description = "seconds to wait before trying again", schema = @Schema(type = "integer")))
public @interface HeavyOperationResponses {
}
