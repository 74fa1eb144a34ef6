package dev.handshakelab.exercise;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** What the prediction API takes and answers (docs/exercises.md, "Predictions"). */
public final class PredictionViews {

    private PredictionViews() {
    }

    /**
     * A student's prediction of the server's reply to their next send: the fields the exercise's
     * prediction asks for, each as a number the student computed ("client ISN + 1" is given as
     * the number itself), or {@code nothingComesBack} when it asks whether anything comes back.
     */
    @Schema(example = """
            {"predictionId":"synack-ack","ack":1001}""")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PredictionRequest(
            @NotBlank @Size(max = 64, message = "must be at most 64 characters") String predictionId,
            @Schema(description = "true: the student predicts that nothing comes back (only where the prediction asks `nothing`)")
            Boolean nothingComesBack,
            @Min(value = 0, message = "must be between 0 and 4294967295") @Max(value = 4294967295L, message = "must be between 0 and 4294967295") Long seq,
            @Min(value = 0, message = "must be between 0 and 4294967295") @Max(value = 4294967295L, message = "must be between 0 and 4294967295") Long ack,
            @Min(value = 0, message = "must be between 0 and 65535") @Max(value = 65535, message = "must be between 0 and 65535") Integer window,
            @Schema(description = "The reply's flags, in any order: SYN, ACK, RST, FIN, PSH, URG, ECE, CWR")
            @Size(max = 8, message = "must hold at most 8 flags") List<@NotNull @Size(max = 3) String> flags,
            @Schema(description = "The reply's option kinds in the order the server writes them, NOP and EOL padding left out: mss, sackOK, timestamps, wscale, …")
            @Size(max = 10, message = "must hold at most 10 options") List<@NotNull @Size(max = 16) String> options,
            @Schema(description = "The state the server's connection is in after the send: CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED")
            @Size(max = 20, message = "must be at most 20 characters") String state) {
    }

    /**
     * One prediction of the exercise and how it went. {@code status}: {@code open} (not made yet,
     * the send has not happened), {@code waiting} (made, the send has not happened), {@code in-flight}
     * (sent, the answer not yet known: advance the clock), {@code graded}, {@code missed} (the send
     * happened without a prediction; it can no longer be made).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PredictionResult(String id, String prompt, String before, List<String> fields, int points, int earned,
            @Schema(allowableValues = {"open", "waiting", "in-flight", "graded", "missed"}) String status,
            @Schema(description = "The step the prediction was made before (the session then had step - 1 steps)") Integer step,
            @Schema(description = "The prediction as the student made it") PredictionRequest predicted,
            @Schema(description = "History index of the send it predicts, once sent") Long send,
            @Schema(description = "History index of the server's reply, if one was sent") Long reply,
            List<PredictionFieldResult> results, String explanation) {
    }

    /** One field of a graded prediction: what the student said, what happened, and why. */
    public record PredictionFieldResult(String field,
            @Schema(description = "A number, a list of names, a state or true/false") Object predicted,
            @Schema(description = "The same kind of value, from the stored history; absent if nothing came back") Object actual,
            boolean correct, String explanation) {
    }

    /** The predictions of an attempt; a session not started from an exercise has none. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AttemptPredictions(String sessionId,
            @Schema(description = "The exercise the session is an attempt at; absent for a session not started from an exercise") String exerciseId,
            int points, int earned, List<PredictionResult> predictions) {
    }
}
