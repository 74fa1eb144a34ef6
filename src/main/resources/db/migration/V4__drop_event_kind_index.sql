-- Every event row paid for a third B-tree entry in (session, kind, event_index), yet nothing
-- reads by kind alone: a kind filter is one more condition on a session's events, which the
-- primary key (session, event_index) already walks in order. Writing events is the hot path
-- of every step; one index fewer makes it cheaper.
DROP INDEX session_event_kind;
