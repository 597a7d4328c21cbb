-- +goose Up
-- Joint meetings with partner agencies (座谈会、联席会, SPEC C12;
-- internal/meetings): who met, the minutes, and the decisions followed up
-- to completion. Also the organizations' own news, reviewed by the bureau
-- before it appears (SPEC C13; internal/content).

CREATE TABLE meetings (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL CHECK (kind IN ('symposium', 'joint')),
    title       TEXT NOT NULL,
    held_at     TIMESTAMP NOT NULL,
    place       TEXT NOT NULL DEFAULT '',
    township    TEXT NOT NULL DEFAULT '',           -- the convening township office; '' for the bureau
    agenda      TEXT NOT NULL DEFAULT '',
    people      TEXT NOT NULL DEFAULT '',           -- other participants by name, free text
    minutes     TEXT NOT NULL DEFAULT '',
    minutes_at  TIMESTAMP,
    created_by  BIGINT NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX meetings_held ON meetings (held_at);

CREATE TABLE meeting_agencies (
    meeting_id  BIGINT NOT NULL REFERENCES meetings (id),
    agency_id   BIGINT NOT NULL REFERENCES agencies (id),
    PRIMARY KEY (meeting_id, agency_id)
);
CREATE INDEX meeting_agencies_agency ON meeting_agencies (agency_id);

CREATE TABLE meeting_orgs (
    meeting_id  BIGINT NOT NULL REFERENCES meetings (id),
    org_id      BIGINT NOT NULL REFERENCES orgs (id),
    PRIMARY KEY (meeting_id, org_id)
);
CREATE INDEX meeting_orgs_org ON meeting_orgs (org_id);

-- A decision's owner is an agency, an organization, the bureau or a
-- township office (owner_kind); owner_id names the agency or organization,
-- township the office.
CREATE TABLE meeting_decisions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id  BIGINT NOT NULL REFERENCES meetings (id),
    text        TEXT NOT NULL,
    owner_kind  TEXT NOT NULL CHECK (owner_kind IN ('agency', 'org', 'bureau', 'township')),
    owner_id    BIGINT NOT NULL DEFAULT 0,
    township    TEXT NOT NULL DEFAULT '',
    due_on      TEXT NOT NULL,                      -- YYYY-MM-DD, Beijing
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    done_note   TEXT NOT NULL DEFAULT '',
    done_at     TIMESTAMP,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX meeting_decisions_meeting ON meeting_decisions (meeting_id);
CREATE INDEX meeting_decisions_open ON meeting_decisions (status, due_on);

CREATE TABLE meeting_progress (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    decision_id BIGINT NOT NULL REFERENCES meeting_decisions (id),
    note        TEXT NOT NULL,
    by_user     BIGINT NOT NULL DEFAULT 0,
    at          TIMESTAMP NOT NULL
);
CREATE INDEX meeting_progress_decision ON meeting_progress (decision_id, at);

-- Organizations' news: org_id names the organization that wrote it (NULL
-- for the bureau's own); review is '' for the bureau's articles, and for
-- an organization's: draft → pending → approved (published) or returned.
ALTER TABLE articles ADD COLUMN org_id BIGINT REFERENCES orgs (id);
ALTER TABLE articles ADD COLUMN review TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN review_note TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN reviewed_by BIGINT NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN reviewed_at TIMESTAMP;
CREATE INDEX articles_org ON articles (org_id, review);

-- +goose Down
DROP INDEX articles_org;
ALTER TABLE articles DROP COLUMN reviewed_at;
ALTER TABLE articles DROP COLUMN reviewed_by;
ALTER TABLE articles DROP COLUMN review_note;
ALTER TABLE articles DROP COLUMN review;
ALTER TABLE articles DROP COLUMN org_id;
DROP TABLE meeting_progress;
DROP TABLE meeting_decisions;
DROP TABLE meeting_orgs;
DROP TABLE meeting_agencies;
DROP TABLE meetings;
