-- +goose Up
-- Partner agencies (协作单位, SPEC C12): the departments that refer
-- disputes, meet with the bureau and buy mediation services, and the
-- partner accounts that act for each (internal/agencies).

CREATE TABLE agencies (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    contact     TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_by  BIGINT NOT NULL DEFAULT 0,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- A partner account acts for one agency or more.
CREATE TABLE agency_members (
    agency_id   BIGINT NOT NULL REFERENCES agencies (id),
    user_id     BIGINT NOT NULL REFERENCES users (id),
    added_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (agency_id, user_id)
);
CREATE INDEX agency_members_user ON agency_members (user_id);

-- +goose Down
DROP TABLE agency_members;
DROP TABLE agencies;
