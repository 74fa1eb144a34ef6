-- Assignments: an exercise set to a course by one of its instructors, with an optional due date,
-- and the attempts its students made at it. An attempt is a session started from the exercise
-- (exercise_attempt, V7) and is never deleted with the assignment's link to it: the session and
-- its history stay the student's.
CREATE TABLE assignment (
    id           UUID          PRIMARY KEY,
    course_id    UUID          NOT NULL REFERENCES course (id) ON DELETE CASCADE,
    exercise_id  VARCHAR(64)   NOT NULL,
    -- NULL: no due date. Attempts after it are allowed and marked late (docs/exercises.md).
    due_at       TIMESTAMP WITH TIME ZONE,
    assigned_by  UUID          NOT NULL REFERENCES app_user (id),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT assignment_once_per_course UNIQUE (course_id, exercise_id)
);

-- One row per attempt. The score columns are a cache of the last grade, taken at scored_steps
-- steps: when the session has more steps than that, the attempt is graded again from its
-- stored history before its score is shown. Nothing here is ever taken from the browser.
CREATE TABLE assignment_attempt (
    session_id     UUID          PRIMARY KEY REFERENCES lab_session (id) ON DELETE CASCADE,
    assignment_id  UUID          NOT NULL REFERENCES assignment (id) ON DELETE CASCADE,
    student_id     UUID          NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    attempt_no     INT           NOT NULL,
    started_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    scored_steps   INT,
    earned         INT,
    points         INT,
    -- the score's parts as JSON, e.g. {"checks":{"earned":3,"points":5}}
    parts          VARCHAR(4000),
    -- when the session last changed, as of the last grade: after the due date makes it late
    last_step_at   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT assignment_attempt_no UNIQUE (assignment_id, student_id, attempt_no)
);
