-- +goose Up
-- Township and district staff see a case's figures and metadata; they open
-- its content (facts, parties, agreement, room) only with a recorded
-- reason, for a limited time (internal/cases, OpenContent).

CREATE TABLE case_access (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id    BIGINT NOT NULL REFERENCES cases (id),
    user_id    BIGINT NOT NULL REFERENCES users (id),
    reason     TEXT NOT NULL,
    opened_at  TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX case_access_case_user ON case_access (case_id, user_id, expires_at);

-- +goose Down
DROP TABLE case_access;
