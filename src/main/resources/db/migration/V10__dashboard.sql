-- The instructor dashboard (issue 15).
--
-- What the dashboard knows about a session beyond the session's own row, kept as the owner's steps
-- are committed so that a class of 300 is shown without grading or replaying anyone's history.
CREATE TABLE dashboard_session (
    session_id           UUID          PRIMARY KEY REFERENCES lab_session (id) ON DELETE CASCADE,
    started_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    -- the owner's own steps (a template's setup steps are not the student's)
    student_steps        INT           NOT NULL,
    last_step_at         TIMESTAMP WITH TIME ZONE,
    -- the checks passed by the latest grade, and when that count last went up (or the start)
    checks_passed        INT,
    checks_total         INT,
    score                INT,
    points               INT,
    progress_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    steps_since_progress INT           NOT NULL,
    -- the checks failing at the latest grade, as JSON: [{"id", "title", "explanation"}]
    failing              VARCHAR(20000),
    -- consecutive ACKs the server answered with RST (reset by any other answer)
    rst_streak           INT           NOT NULL,
    -- the states after the latest step of the endpoints it touched ("server SYN_RECEIVED, client SYN_SENT")
    endpoints            VARCHAR(1000),
    -- the status last announced on the live stream, so that a status reached by time alone
    -- (stuck after N idle minutes) is announced once, by whichever instance sees it first
    announced_status     VARCHAR(16)
);

-- The live stream's replay log: each course's row updates, numbered per course without gaps in
-- the order they were committed (the number is the SSE event id). Bounded per course: the oldest
-- are deleted; a client that asks to resume from before the oldest kept reloads the whole view.
CREATE TABLE dashboard_course (
    course_id   UUID          PRIMARY KEY REFERENCES course (id) ON DELETE CASCADE,
    last_seq    BIGINT        NOT NULL
);

CREATE TABLE dashboard_update (
    course_id   UUID          NOT NULL REFERENCES course (id) ON DELETE CASCADE,
    seq         BIGINT        NOT NULL,
    student_id  UUID          NOT NULL,
    body        VARCHAR(40000) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (course_id, seq)
);

-- A short note an instructor leaves a student, shown in the student's session.
CREATE TABLE session_note (
    id          UUID          PRIMARY KEY,
    session_id  UUID          NOT NULL REFERENCES lab_session (id) ON DELETE CASCADE,
    author_id   UUID          NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    body        VARCHAR(500)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX session_note_session ON session_note (session_id, created_at);
