-- SYN floods: the time series a flood step produced, one row per flood step.
--
-- The flood itself is stored as its generating input in session_step (seed, counts, rates,
-- source range) and replays to the same packets; its history keeps the legitimate clients'
-- events and a sample of the attack's. What is stored here is the per-bucket series for plots,
-- column-wise as one JSON document (about 100 characters per bucket, at most 5000 buckets), so a
-- flood of ten million SYNs costs the same few rows as one of a thousand.

CREATE TABLE flood_series (
    session_id       UUID          NOT NULL REFERENCES lab_session (id) ON DELETE CASCADE,
    step_no          INT           NOT NULL,
    bucket_micros    BIGINT        NOT NULL,
    bucket_count     INT           NOT NULL,
    series           VARCHAR(1000000) NOT NULL,
    PRIMARY KEY (session_id, step_no)
);
