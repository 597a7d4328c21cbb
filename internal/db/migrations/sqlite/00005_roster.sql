-- +goose Up
-- The mediator roster (internal/roster, SPEC C3). Identity numbers and
-- phones are SM4-GCM ciphertexts bound to their row, with blind indexes
-- for exact lookups; they are never stored in clear.

CREATE TABLE mediators (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT NOT NULL,
    gender          TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'male', 'female')),
    id_number_enc   BLOB,                          -- aad mediators.id_number:<id>
    id_number_idx   TEXT UNIQUE,                   -- one roster entry per person
    phone_enc       BLOB,                          -- aad mediators.phone:<id>
    phone_idx       TEXT,
    photo_file      TEXT REFERENCES files (key),
    background      TEXT NOT NULL DEFAULT 'other',
    certificates    TEXT NOT NULL DEFAULT '',      -- qualifications and certificates
    practice_since  INTEGER,                       -- year mediation practice began
    grade           INTEGER NOT NULL DEFAULT 0 CHECK (grade BETWEEN 0 AND 4), -- 1 (一级) highest; 0 ungraded
    bio             TEXT NOT NULL DEFAULT '',
    public          BOOLEAN NOT NULL DEFAULT TRUE,  -- shown in the public roster
    status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'removed')),
    status_reason   TEXT NOT NULL DEFAULT '',
    status_decision TEXT NOT NULL DEFAULT '',      -- the removal decision (除名决定)
    status_at       TIMESTAMP,
    user_id         BIGINT REFERENCES users (id),  -- the mediator's login, if any
    created_by      BIGINT NOT NULL DEFAULT 0,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX mediators_status ON mediators (status, public);
CREATE INDEX mediators_phone ON mediators (phone_idx);

-- A mediator may serve several organizations.
CREATE TABLE mediator_orgs (
    mediator_id BIGINT NOT NULL REFERENCES mediators (id) ON DELETE CASCADE,
    org_id      BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    position    TEXT NOT NULL DEFAULT 'part_time' CHECK (position IN ('chief', 'full_time', 'part_time')),
    joined_at   TIMESTAMP NOT NULL,
    left_at     TIMESTAMP,
    PRIMARY KEY (mediator_id, org_id)
);
CREATE INDEX mediator_orgs_org ON mediator_orgs (org_id, mediator_id);

CREATE TABLE mediator_specialties (
    mediator_id  BIGINT NOT NULL REFERENCES mediators (id) ON DELETE CASCADE,
    dispute_type TEXT NOT NULL,
    PRIMARY KEY (mediator_id, dispute_type)
);
CREATE INDEX mediator_specialties_type ON mediator_specialties (dispute_type, mediator_id);

CREATE TABLE mediator_languages (
    mediator_id BIGINT NOT NULL REFERENCES mediators (id) ON DELETE CASCADE,
    language    TEXT NOT NULL,
    PRIMARY KEY (mediator_id, language)
);
CREATE INDEX mediator_languages_language ON mediator_languages (language, mediator_id);

CREATE TABLE mediator_transitions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    mediator_id BIGINT NOT NULL REFERENCES mediators (id) ON DELETE CASCADE,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    decision    TEXT NOT NULL DEFAULT '',
    actor_id    BIGINT NOT NULL,
    actor       TEXT NOT NULL,
    at          TIMESTAMP NOT NULL
);
CREATE INDEX mediator_transitions_mediator ON mediator_transitions (mediator_id, id);

-- +goose Down
DROP TABLE mediator_transitions;
DROP TABLE mediator_languages;
DROP TABLE mediator_specialties;
DROP TABLE mediator_orgs;
DROP TABLE mediators;
