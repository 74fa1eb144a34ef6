package dev.handshakelab.exercise;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * The predictions students made (table {@code exercise_prediction}, V8): one per prediction of
 * an attempt, the latest made before its send, with the step it was made before and the number
 * of events stored then, so a grade can tell from the history alone that it came first.
 */
@Component
class PredictionStore {

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final Clock clock = Clock.systemUTC();

    PredictionStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The session's stored predictions by prediction id. */
    Map<String, PredictionGrader.Stored> of(UUID session) {
        Map<String, PredictionGrader.Stored> found = new LinkedHashMap<>();
        jdbc.query("SELECT prediction_id, predicted, before_step, events_before FROM exercise_prediction WHERE session_id = ?",
                row -> {
                    found.put(row.getString(1), new PredictionGrader.Stored(
                            json.readValue(row.getString(2), PredictionViews.PredictionRequest.class), row.getInt(3), row.getLong(4)));
                }, session);
        return found;
    }

    /** Stores the prediction in place of any earlier one of the same id: the caller holds the session's lock. */
    void put(UUID session, String predictionId, PredictionGrader.Stored stored) {
        jdbc.update("DELETE FROM exercise_prediction WHERE session_id = ? AND prediction_id = ?", session, predictionId);
        jdbc.update("INSERT INTO exercise_prediction (session_id, prediction_id, predicted, before_step, events_before, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)", session, predictionId, json.writeValueAsString(stored.predicted()),
                stored.beforeStep(), stored.eventsBefore(), Timestamp.from(clock.instant()));
    }
}
