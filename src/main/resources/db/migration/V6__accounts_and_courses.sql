-- Accounts, courses, and an owner for every session.
--
-- Passwords and API tokens are stored only as hashes: a password through Spring Security's
-- delegating encoder (bcrypt, with its "{id}" prefix), a token as the SHA-256 of its 256 random
-- bits (a token is a key, not a password: it has full entropy, so a fast hash looked up by
-- index is safe, and lets a request be authenticated without a bcrypt per call).

CREATE TABLE app_user (
    id                  UUID          PRIMARY KEY,
    username            VARCHAR(64)   NOT NULL UNIQUE,
    display_name        VARCHAR(100)  NOT NULL,
    email               VARCHAR(254),
    role                VARCHAR(16)   NOT NULL,
    -- NULL: nobody can sign in as this account yet (the initial admin before the first start).
    password_hash       VARCHAR(200),
    enabled             BOOLEAN       NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    password_changed_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT app_user_role CHECK (role IN ('STUDENT', 'INSTRUCTOR', 'ADMIN'))
);

-- The initial admin. Its password is set at the first start (printed once and written to a file
-- under the data directory, or taken from configuration): see account/InitialAdmin.
INSERT INTO app_user (id, username, display_name, role, password_hash, enabled, created_at)
VALUES ('00000000-0000-0000-0000-00000000ad01', 'admin', 'Administrator', 'ADMIN', NULL, TRUE, CURRENT_TIMESTAMP);

CREATE TABLE api_token (
    id           UUID          PRIMARY KEY,
    user_id      UUID          NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    name         VARCHAR(100)  NOT NULL,
    -- The first characters of the token, shown in lists so a user can tell tokens apart.
    prefix       VARCHAR(16)   NOT NULL,
    token_hash   VARCHAR(64)   NOT NULL UNIQUE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE,
    revoked_at   TIMESTAMP WITH TIME ZONE
);

CREATE INDEX api_token_user ON api_token (user_id);

CREATE TABLE course (
    id          UUID          PRIMARY KEY,
    name        VARCHAR(100)  NOT NULL,
    term        VARCHAR(64)   NOT NULL,
    join_code   VARCHAR(32)   NOT NULL UNIQUE,
    created_by  UUID          NOT NULL REFERENCES app_user (id),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE course_instructor (
    course_id   UUID NOT NULL REFERENCES course (id) ON DELETE CASCADE,
    user_id     UUID NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    PRIMARY KEY (course_id, user_id)
);

CREATE TABLE course_student (
    course_id   UUID NOT NULL REFERENCES course (id) ON DELETE CASCADE,
    user_id     UUID NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    joined_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (course_id, user_id)
);

CREATE INDEX course_student_user ON course_student (user_id);

-- A secret the app keeps in the database so that every instance shares it (the key that signs
-- guest cookies); created at the first start.
CREATE TABLE app_secret (
    name        VARCHAR(64)   PRIMARY KEY,
    secret      VARCHAR(128)  NOT NULL
);

-- Every session has exactly one owner: an account, or a guest browser (the id in its signed
-- cookie). Sessions stored before accounts existed belong to the initial admin.
ALTER TABLE lab_session ADD COLUMN owner_user_id UUID REFERENCES app_user (id) ON DELETE CASCADE;
ALTER TABLE lab_session ADD COLUMN owner_guest_id UUID;
ALTER TABLE lab_session ADD COLUMN course_id UUID REFERENCES course (id) ON DELETE SET NULL;
-- A session an instructor reset points to the fresh one started in its place; kept for the record.
ALTER TABLE lab_session ADD COLUMN replaced_by UUID;
UPDATE lab_session SET owner_user_id = '00000000-0000-0000-0000-00000000ad01';
ALTER TABLE lab_session ADD CONSTRAINT lab_session_one_owner
    CHECK ((owner_user_id IS NULL) <> (owner_guest_id IS NULL));

CREATE INDEX lab_session_owner_user ON lab_session (owner_user_id, created_at);
CREATE INDEX lab_session_owner_guest ON lab_session (owner_guest_id, created_at);
