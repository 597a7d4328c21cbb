-- +goose Up
-- Supervision of the organizations (SPEC C8): inspections with their
-- checklist, rectification orders and responses; annual evaluations;
-- sanctions and rewards (奖惩情况). Dates are TEXT 'YYYY-MM-DD', Beijing.

-- The bureau's checklist template; while it is empty an inspection uses
-- tiaojie.DefaultChecklist.
CREATE TABLE inspection_checklist (
    position    INTEGER PRIMARY KEY,
    item        TEXT NOT NULL
);

CREATE TABLE inspections (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id        BIGINT NOT NULL REFERENCES orgs (id),
    kind          TEXT NOT NULL CHECK (kind IN ('planned', 'unannounced')),
    inspected_on  TEXT NOT NULL,
    complaint_id  BIGINT,                                  -- the complaint it came from (complaints.id, no key: optional capability)
    summary       TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL CHECK (status IN ('open', 'rectifying', 'responded', 'verified', 'closed')),
    order_text    TEXT NOT NULL DEFAULT '',                -- 整改要求
    deadline      TEXT NOT NULL DEFAULT '',                -- last day to rectify
    response      TEXT NOT NULL DEFAULT '',                -- the organization's report
    note          TEXT NOT NULL DEFAULT '',                -- the inspector's last verification note
    overdue_at    TIMESTAMPTZ,                               -- flagged overdue by the sweep
    reminded_at   TIMESTAMPTZ,
    inspector_id  BIGINT NOT NULL DEFAULT 0,
    inspector     TEXT NOT NULL,
    role          TEXT NOT NULL,                           -- the inspector's role: township_office or district_bureau
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX inspections_org ON inspections (org_id, id);
CREATE INDEX inspections_status ON inspections (status, deadline);

CREATE TABLE inspection_findings (
    inspection_id BIGINT NOT NULL REFERENCES inspections (id),
    position      INTEGER NOT NULL,
    item          TEXT NOT NULL,
    result        TEXT NOT NULL CHECK (result IN ('conforms', 'minor', 'serious')),
    note          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (inspection_id, position)
);

-- Evidence: the inspector's photos ('finding') and the organization's
-- rectification evidence ('response'). The bytes are in files.
CREATE TABLE inspection_files (
    inspection_id BIGINT NOT NULL REFERENCES inspections (id),
    file_key      TEXT NOT NULL REFERENCES files (key),
    kind          TEXT NOT NULL CHECK (kind IN ('finding', 'response')),
    at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (inspection_id, file_key)
);

-- Every step of an inspection: who, when, with which text.
CREATE TABLE inspection_steps (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    inspection_id BIGINT NOT NULL REFERENCES inspections (id),
    action        TEXT NOT NULL,
    from_status   TEXT NOT NULL,
    to_status     TEXT NOT NULL,
    text          TEXT NOT NULL DEFAULT '',
    actor_id      BIGINT NOT NULL DEFAULT 0,
    actor         TEXT NOT NULL,
    at            TIMESTAMPTZ NOT NULL
);
CREATE INDEX inspection_steps_inspection ON inspection_steps (inspection_id, id);

-- 年度考评: one per organization and year.
CREATE TABLE org_evaluations (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id        BIGINT NOT NULL REFERENCES orgs (id),
    year          INTEGER NOT NULL,
    score         INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    grade         TEXT NOT NULL CHECK (grade IN ('excellent', 'pass', 'basic', 'fail')),
    remarks       TEXT NOT NULL DEFAULT '',
    evaluator_id  BIGINT NOT NULL DEFAULT 0,
    evaluator     TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (org_id, year)
);

-- 奖惩情况: sanctions and rewards, public on the organization's page. A
-- downgrade keeps the stars before and after (the rating service reads
-- the latest of a final rating and a downgrade as the current stars).
CREATE TABLE org_sanctions (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id        BIGINT NOT NULL REFERENCES orgs (id),
    kind          TEXT NOT NULL CHECK (kind IN ('warning', 'rectify', 'downgrade', 'removal', 'dissolve', 'reward')),
    title         TEXT NOT NULL DEFAULT '',                -- a reward's title (e.g. 先进人民调解委员会)
    granted_by    TEXT NOT NULL DEFAULT '',                -- the deciding or granting body
    decided_on    TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    document      TEXT NOT NULL DEFAULT '',                -- the decision's text, when no file
    file_key      TEXT REFERENCES files (key),             -- the decision document (PDF or scan), public
    levels        INTEGER NOT NULL DEFAULT 0,              -- downgrade: stars taken away
    stars_before  INTEGER,
    stars_after   INTEGER,
    mediator_id   BIGINT REFERENCES mediators (id),        -- removal: the mediator removed
    deadline      TEXT NOT NULL DEFAULT '',                -- rectify: last day
    inspection_id BIGINT REFERENCES inspections (id),      -- rectify: the inspection that ordered it
    recorder_id   BIGINT NOT NULL DEFAULT 0,
    recorder      TEXT NOT NULL,
    role          TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX org_sanctions_org ON org_sanctions (org_id, decided_on);
CREATE INDEX org_sanctions_kind ON org_sanctions (kind, decided_on);

-- +goose Down
DROP TABLE org_sanctions;
DROP TABLE org_evaluations;
DROP TABLE inspection_steps;
DROP TABLE inspection_files;
DROP TABLE inspection_findings;
DROP TABLE inspections;
DROP TABLE inspection_checklist;
