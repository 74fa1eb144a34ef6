-- Exercise attempts: a session started from an exercise. The exercise itself lives in the
-- catalogue's files (src/main/resources/exercises), named here by its id; grading reads the
-- session's stored history, so nothing about the grade is stored.
CREATE TABLE exercise_attempt (
    session_id   UUID          PRIMARY KEY REFERENCES lab_session (id) ON DELETE CASCADE,
    exercise_id  VARCHAR(64)   NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
