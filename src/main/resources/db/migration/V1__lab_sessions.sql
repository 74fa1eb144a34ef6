-- Lab sessions and their histories.
--
-- A session's world is rebuilt by replaying its steps (the user's inputs) through the protocol
-- core with the session's seed; the events each step produced are stored beside it so history
-- can be paged and filtered without replaying, and so a test can prove replay == stored.

CREATE TABLE lab_session (
    id                   UUID          PRIMARY KEY,
    name                 VARCHAR(100)  NOT NULL,
    template             VARCHAR(64),
    seed                 BIGINT        NOT NULL,
    profile              VARCHAR(32)   NOT NULL,
    knobs                VARCHAR(4000) NOT NULL,
    server_address       VARCHAR(64)   NOT NULL,
    server_port          INT           NOT NULL,
    client_address       VARCHAR(64)   NOT NULL,
    start_micros         BIGINT        NOT NULL,
    step_count           INT           NOT NULL,
    event_count          BIGINT        NOT NULL,
    now_micros           BIGINT        NOT NULL,
    next_deadline_micros BIGINT,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    version              BIGINT        NOT NULL
);

CREATE INDEX lab_session_created_at ON lab_session (created_at);

-- What the user did, in order: the only thing replay needs.
CREATE TABLE session_step (
    session_id          UUID          NOT NULL REFERENCES lab_session (id) ON DELETE CASCADE,
    step_no             INT           NOT NULL,
    kind                VARCHAR(32)   NOT NULL,
    input               VARCHAR(1000000) NOT NULL,
    started_at_micros   BIGINT        NOT NULL,
    ended_at_micros     BIGINT        NOT NULL,
    first_event         BIGINT        NOT NULL,
    event_count         INT           NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (session_id, step_no)
);

-- What happened, in order: one row per event, the event as JSON plus the columns history filters on.
CREATE TABLE session_event (
    session_id   UUID          NOT NULL REFERENCES lab_session (id) ON DELETE CASCADE,
    event_index  BIGINT        NOT NULL,
    step_no      INT           NOT NULL,
    at_micros    BIGINT        NOT NULL,
    kind         VARCHAR(32)   NOT NULL,
    host         VARCHAR(64),
    connection   VARCHAR(120),
    direction    VARCHAR(16),
    body         VARCHAR(1000000) NOT NULL,
    PRIMARY KEY (session_id, event_index)
);

CREATE INDEX session_event_connection ON session_event (session_id, connection, event_index);
CREATE INDEX session_event_kind ON session_event (session_id, kind, event_index);
