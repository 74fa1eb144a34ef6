-- Exercises instructors write (docs/exercises.md, "Authored exercises"). An authored exercise is
-- a head row (who wrote it, its newest version) and its versions, each the whole definition as
-- JSON in the shape of a built-in file, never changed once stored: an edit adds a version. Its
-- id shares one namespace with the built-in files' ids (the service refuses a clash).
CREATE TABLE authored_exercise (
    id               VARCHAR(64)   PRIMARY KEY,
    author_id        UUID          NOT NULL REFERENCES app_user (id),
    current_version  INT           NOT NULL,
    -- what it was copied from: a built-in's id, or "<authored id>@<version>"; NULL if written afresh
    copied_from      VARCHAR(80),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    -- optimistic lock: two edits at once cannot both become version n + 1
    lock_version     BIGINT        NOT NULL
);

CREATE INDEX authored_exercise_author ON authored_exercise (author_id);

CREATE TABLE authored_exercise_version (
    exercise_id  VARCHAR(64)    NOT NULL REFERENCES authored_exercise (id) ON DELETE CASCADE,
    version      INT            NOT NULL,
    author_id    UUID           NOT NULL REFERENCES app_user (id),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    definition   VARCHAR(200000) NOT NULL,
    PRIMARY KEY (exercise_id, version)
);

-- The version a course assigned, and the version an attempt runs: NULL for a built-in exercise
-- (the catalogue's file), the authored exercise's version otherwise. Later edits never change
-- either; attempts, grades and scores all read the pinned version.
ALTER TABLE assignment ADD COLUMN exercise_version INT;
ALTER TABLE exercise_attempt ADD COLUMN exercise_version INT;
