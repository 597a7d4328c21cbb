-- +goose Up
-- Township and district staff see a case's figures and metadata; they open
-- its content (facts, parties, agreement, room) only with a recorded
-- reason, for a limited time (internal/cases, OpenContent).

CREATE TABLE case_access (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id    BIGINT NOT NULL REFERENCES cases (id),
    user_id    BIGINT NOT NULL REFERENCES users (id),
    reason     TEXT NOT NULL,
    opened_at  TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX case_access_case_user ON case_access (case_id, user_id, expires_at);

-- +goose Down
DROP TABLE case_access;
