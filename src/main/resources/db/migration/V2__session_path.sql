-- The network between a session's client and server: middleboxes and the forward and back
-- routes, as the JSON the session was created with (see PathRequest). NULL = a direct wire.
-- Replay rebuilds the middleboxes from it and the session seed.
ALTER TABLE lab_session ADD COLUMN path VARCHAR(20000);
