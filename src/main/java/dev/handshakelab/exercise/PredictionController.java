package dev.handshakelab.exercise;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.handshakelab.web.ApiProblems;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Exercises")
public class PredictionController {

    private final PredictionService predictions;

    public PredictionController(PredictionService predictions) {
        this.predictions = predictions;
    }

    @PostMapping("/sessions/{id}/predictions")
    @Operation(operationId = "predict", summary = "Predict the server's reply to a send before making it",
            description = "Stores the prediction (the latest made before the send counts) with the step it precedes. It is graded "
                    + "field by field once the send has happened and its answer is in the stored history. Only the session's owner "
                    + "may predict; a prediction of a send already made is refused (409 prediction-after-send).")
    @ApiResponse(responseCode = "201", description = "Stored; status `waiting` until the send")
    @ApiResponse(responseCode = "404", description = "No such session, not the caller's own, or not started from an exercise")
    @ApiResponse(responseCode = "409", description = "The send this prediction is about has already been made")
    public ResponseEntity<PredictionViews.PredictionResult> predict(@PathVariable String id, @Valid @RequestBody PredictionViews.PredictionRequest request) {
        PredictionViews.PredictionResult result = predictions.predict(id, request);
        return ResponseEntity.created(URI.create("/api/v1/sessions/" + id + "/predictions")).body(result);
    }

    @GetMapping("/sessions/{id}/predictions")
    @Operation(operationId = "listPredictions", summary = "An attempt's predictions and how each went",
            description = "Graded from the stored history, like GET .../grade but without its replay check (the grade carries the same "
                    + "results). A session not started from an exercise has none. Anyone who may read the session may see them.")
    @ApiResponse(responseCode = "200", description = "The predictions")
    @ApiResponse(responseCode = "404", description = "No such session")
    public PredictionViews.AttemptPredictions list(@PathVariable String id) {
        return predictions.attempt(id);
    }

    @ExceptionHandler(PredictionService.PredictionAfterSendException.class)
    ResponseEntity<ProblemDetail> afterSend(PredictionService.PredictionAfterSendException e) {
        ProblemDetail pd = ApiProblems.of(HttpStatus.CONFLICT, "prediction-after-send", "Prediction after the send", e.getMessage());
        pd.setProperty("errors", List.of(e.error()));
        return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
    }
}
