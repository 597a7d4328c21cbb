CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,                   -- first characters, shown so a user can tell tokens apart
    token_hash   TEXT NOT NULL UNIQUE,
    scopes       TEXT NOT NULL,                   -- space-separated permissions
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP
);

CREATE TABLE audit_head (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    mac TEXT NOT NULL
);

CREATE TABLE audit_log (
    seq         BIGINT PRIMARY KEY,
    at          TIMESTAMP NOT NULL,
    actor_id    BIGINT NOT NULL DEFAULT 0,        -- 0: anonymous or the system
    actor       TEXT NOT NULL,                    -- login, masked phone, or "system"
    role        TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,                    -- e.g. "user.create", "auth.login"
    object_type TEXT NOT NULL DEFAULT '',
    object_id   TEXT NOT NULL DEFAULT '',
    outcome     TEXT NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
    reason      TEXT NOT NULL DEFAULT '',         -- message code of a refusal
    client_ip   TEXT NOT NULL DEFAULT '',
    request_id  TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '',         -- canonical JSON, never personal data in clear
    key_version INTEGER NOT NULL,
    prev_mac    TEXT NOT NULL,
    mac         TEXT NOT NULL
);

CREATE TABLE goose_db_version (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		version_id INTEGER NOT NULL,
		is_applied INTEGER NOT NULL,
		tstamp TIMESTAMP DEFAULT (datetime('now'))
	);

CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL,
    args         TEXT NOT NULL DEFAULT '{}',
    unique_key   TEXT UNIQUE,
    state        TEXT NOT NULL DEFAULT 'available' CHECK (state IN ('available', 'running', 'done', 'failed')),
    run_at       TIMESTAMP NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 5,
    last_error   TEXT NOT NULL DEFAULT '',
    locked_by    TEXT NOT NULL DEFAULT '',
    locked_until TIMESTAMP,
    created_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP
);

CREATE TABLE login_failures (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    at        TIMESTAMP NOT NULL
);

CREATE TABLE password_history (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE phone_codes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    phone_idx  TEXT NOT NULL,
    code_hash  TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    used_at    TIMESTAMP,
    client_ip  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE recovery_codes (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at   TIMESTAMP
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,                -- HMAC-SM3 of the cookie value; the value itself is never stored
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    method       TEXT NOT NULL CHECK (method IN ('password', 'phone')),
    mfa_passed   BOOLEAN NOT NULL DEFAULT FALSE,
    lang         TEXT NOT NULL DEFAULT '',
    client_ip    TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL               -- absolute limit
);

CREATE TABLE user_roles (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role          TEXT NOT NULL,
    township_code TEXT NOT NULL DEFAULT '',       -- scope of a township office role
    org_id        BIGINT NOT NULL DEFAULT 0,      -- scope of an organization role
    granted_by    BIGINT NOT NULL DEFAULT 0,
    granted_at    TIMESTAMP NOT NULL,
    UNIQUE (user_id, role, township_code, org_id)
);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    login                TEXT UNIQUE,             -- NFKC + case-folded; NULL for phone-only public users
    display_name         TEXT NOT NULL,
    email                TEXT NOT NULL DEFAULT '',
    phone_enc            BLOB,                    -- SM4-GCM, aad users.phone:<id>
    phone_idx            TEXT UNIQUE,             -- HMAC-SM3 blind index of the normalized phone
    password_hash        TEXT,                    -- PHC string: $argon2id$… or $pbkdf2-sm3$…
    password_changed_at  TIMESTAMP,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    status               TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    locked_until         TIMESTAMP,
    totp_secret_enc      BLOB,                    -- SM4-GCM, aad users.totp:<id>
    totp_enabled_at      TIMESTAMP,
    totp_last_step       BIGINT NOT NULL DEFAULT 0,  -- last accepted time step; a code is never accepted twice
    last_login_at        TIMESTAMP,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);

CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE INDEX audit_log_action ON audit_log (action, seq);

CREATE INDEX audit_log_actor ON audit_log (actor_id, seq);

CREATE INDEX audit_log_at ON audit_log (at);

CREATE INDEX audit_log_object ON audit_log (object_type, object_id, seq);

CREATE INDEX jobs_due ON jobs (state, run_at);

CREATE INDEX login_failures_user ON login_failures (user_id, at);

CREATE INDEX password_history_user ON password_history (user_id, id);

CREATE INDEX phone_codes_phone ON phone_codes (phone_idx, created_at);

CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE INDEX sessions_user ON sessions (user_id);

CREATE INDEX user_roles_role ON user_roles (role);

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

