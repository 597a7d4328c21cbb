-- +goose Up
-- Accounts, roles, sessions and credentials (internal/auth).

CREATE TABLE users (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login                TEXT UNIQUE,             -- NFKC + case-folded; NULL for phone-only public users
    display_name         TEXT NOT NULL,
    email                TEXT NOT NULL DEFAULT '',
    phone_enc            BYTEA,                    -- SM4-GCM, aad users.phone:<id>
    phone_idx            TEXT UNIQUE,             -- HMAC-SM3 blind index of the normalized phone
    password_hash        TEXT,                    -- PHC string: $argon2id$… or $pbkdf2-sm3$…
    password_changed_at  TIMESTAMPTZ,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    status               TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    locked_until         TIMESTAMPTZ,
    totp_secret_enc      BYTEA,                    -- SM4-GCM, aad users.totp:<id>
    totp_enabled_at      TIMESTAMPTZ,
    totp_last_step       BIGINT NOT NULL DEFAULT 0,  -- last accepted time step; a code is never accepted twice
    last_login_at        TIMESTAMPTZ,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);

CREATE TABLE user_roles (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role          TEXT NOT NULL,
    township_code TEXT NOT NULL DEFAULT '',       -- scope of a township office role
    org_id        BIGINT NOT NULL DEFAULT 0,      -- scope of an organization role
    granted_by    BIGINT NOT NULL DEFAULT 0,
    granted_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (user_id, role, township_code, org_id)
);
CREATE INDEX user_roles_role ON user_roles (role);

CREATE TABLE password_history (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_id, id);

CREATE TABLE login_failures (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_user ON login_failures (user_id, at);

CREATE TABLE recovery_codes (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at   TIMESTAMPTZ
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,                -- HMAC-SM3 of the cookie value; the value itself is never stored
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    method       TEXT NOT NULL CHECK (method IN ('password', 'phone')),
    mfa_passed   BOOLEAN NOT NULL DEFAULT FALSE,
    lang         TEXT NOT NULL DEFAULT '',
    client_ip    TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL               -- absolute limit
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE phone_codes (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    phone_idx  TEXT NOT NULL,
    code_hash  TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    used_at    TIMESTAMPTZ,
    client_ip  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX phone_codes_phone ON phone_codes (phone_idx, created_at);

CREATE TABLE api_tokens (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,                   -- first characters, shown so a user can tell tokens apart
    token_hash   TEXT NOT NULL UNIQUE,
    scopes       TEXT NOT NULL,                   -- space-separated permissions
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- +goose Down
DROP TABLE api_tokens;
DROP TABLE phone_codes;
DROP TABLE sessions;
DROP TABLE recovery_codes;
DROP TABLE login_failures;
DROP TABLE password_history;
DROP TABLE user_roles;
DROP TABLE users;
