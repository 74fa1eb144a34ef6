-- History is stored in runs: consecutive events of one connection, written as one row.
--
-- One row per event made every step pay, for each of its events (a SYN step has eight), a row in
-- the table, an entry in each of its two B-trees and one more in the commit's undo log; under
-- load that was a third of the server's CPU. A step's events mostly concern one connection, so
-- a run usually holds all of them. The connection stays a column, indexed, because history and
-- timelines filter on it; the other filters (kind, host, direction) are read from each event's
-- line in `meta` (see SessionEventStore).
--
--   first_event  the history index of the run's first event; the run holds
--                first_event .. first_event + event_count - 1
--   meta         one line per event: "<at_micros> <kind> <host or -> <direction or ->"
--   bodies       one line per event: the event as the API shows it (JSON has no raw newlines)

CREATE TABLE session_event_run (
    session_id   UUID          NOT NULL REFERENCES lab_session (id) ON DELETE CASCADE,
    first_event  BIGINT        NOT NULL,
    event_count  INT           NOT NULL,
    step_no      INT           NOT NULL,
    connection   VARCHAR(120),
    meta         VARCHAR(1000000) NOT NULL,
    bodies       VARCHAR(1000000) NOT NULL,
    PRIMARY KEY (session_id, first_event)
);

CREATE INDEX session_event_run_connection ON session_event_run (session_id, connection, first_event);

-- Existing history becomes runs of one event each: the same events, the same order.
INSERT INTO session_event_run (session_id, first_event, event_count, step_no, connection, meta, bodies)
SELECT session_id, event_index, 1, step_no, connection,
       CAST(at_micros AS VARCHAR(20)) || ' ' || kind || ' ' || COALESCE(host, '-') || ' ' || COALESCE(direction, '-'),
       body
FROM session_event;

DROP TABLE session_event;
