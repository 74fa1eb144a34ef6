-- The instructor dashboard per assignment (issue 15).
--
-- An assignment's own stuck rules, set by the course's instructors; NULL: the deployment's default
-- (handshake-lab.dashboard.*). 0 turns a rule off.
ALTER TABLE assignment ADD COLUMN stuck_no_progress_minutes INT;
ALTER TABLE assignment ADD COLUMN stuck_no_progress_steps INT;
ALTER TABLE assignment ADD COLUMN stuck_repeated_rst INT;
ALTER TABLE assignment ADD COLUMN stuck_repeated_prediction INT;
ALTER TABLE assignment ADD COLUMN stuck_idle_minutes INT;

-- The exercise a session is an attempt at, as the dashboard counts it: the exercise it was started
-- from, or, for a session that replaced one on a reset, the replaced session's. An assignment's
-- rows are the sessions for its course with its exercise.
ALTER TABLE dashboard_session ADD COLUMN exercise_id VARCHAR(64);
UPDATE dashboard_session SET exercise_id = (SELECT a.exercise_id FROM exercise_attempt a WHERE a.session_id = dashboard_session.session_id);

-- The attempt's graded predictions as JSON: {"graded":[ids], "wrong":[{"id","prompt","field","label"}]}, each wrong
-- answer with a label that is the same for the same mistake in any session ("ack = your ISN instead of your ISN + 1")
ALTER TABLE dashboard_session ADD COLUMN predictions VARCHAR(20000);
-- how many of the student's attempts at the exercise (this one included) made this attempt's most
-- repeated wrong prediction, and which it is
ALTER TABLE dashboard_session ADD COLUMN prediction_repeats INT DEFAULT 0 NOT NULL;
ALTER TABLE dashboard_session ADD COLUMN repeated_prediction VARCHAR(1000);

-- The assignment an update is a row of (NULL: the course's view without one), so a stream opened
-- for one assignment sends only its rows.
ALTER TABLE dashboard_update ADD COLUMN assignment_id UUID;
