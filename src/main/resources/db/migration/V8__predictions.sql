-- Predictions a student made in an exercise attempt, before the send each one predicts. One row
-- per prediction of the exercise (a later one made before the send replaces it). before_step is
-- the step it was made before (the session then had before_step - 1 steps) and events_before the
-- events stored then: the send it predicts must come at or after that index, which a grade
-- checks from the stored history. The grade itself is computed on every request, never stored.
CREATE TABLE exercise_prediction (
    session_id     UUID          NOT NULL REFERENCES exercise_attempt (session_id) ON DELETE CASCADE,
    prediction_id  VARCHAR(64)   NOT NULL,
    predicted      VARCHAR(2000) NOT NULL,
    before_step    INTEGER       NOT NULL,
    events_before  BIGINT        NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (session_id, prediction_id)
);
