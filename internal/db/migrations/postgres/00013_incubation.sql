-- +goose Up
-- Incubation (培育孵化, SPEC C6): the district incubation base and the
-- townships' incubation homes, their recruitment calls, the teams'
-- applications with screening, residency, services, tracking reports,
-- and graduation into the register (internal/incubation).

-- A site: the district's base (township '') or a township's home, hosted
-- at a public legal service workstation. Proposed by a township office
-- (or the bureau), approved by the bureau. One live site per township.
CREATE TABLE incubation_sites (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('base', 'home')),
    township    TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL,
    host        TEXT NOT NULL DEFAULT '',               -- the workstation or unit that hosts it
    address     TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'approved', 'rejected')),
    note        TEXT NOT NULL DEFAULT '',               -- the bureau's reason when it refuses
    proposed_by BIGINT NOT NULL DEFAULT 0,
    decided_by  BIGINT NOT NULL DEFAULT 0,
    decided_at  TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX incubation_sites_live ON incubation_sites (township) WHERE status <> 'rejected';

-- A public recruitment call (公开招募) of a site.
CREATE TABLE incubation_calls (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id      BIGINT NOT NULL REFERENCES incubation_sites (id),
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    target_types TEXT NOT NULL DEFAULT '',              -- organization types sought, one a line
    criteria     TEXT NOT NULL,                         -- screening criteria, one a line, each scored 0–10
    opens_on     TEXT NOT NULL,                         -- YYYY-MM-DD, Beijing
    closes_on    TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
    created_by   BIGINT NOT NULL DEFAULT 0,
    created_at   TIMESTAMPTZ NOT NULL,
    published_at TIMESTAMPTZ
);
CREATE INDEX incubation_calls_site ON incubation_calls (site_id, status);

-- A team's application, and the residency that follows admission.
CREATE TABLE incubation_applications (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    call_id        BIGINT NOT NULL REFERENCES incubation_calls (id),
    site_id        BIGINT NOT NULL REFERENCES incubation_sites (id),
    applicant_id   BIGINT NOT NULL REFERENCES users (id),  -- the member of the public who filed it
    org_name       TEXT NOT NULL,
    org_type       TEXT NOT NULL,
    legal_form     TEXT NOT NULL,
    level          TEXT NOT NULL,
    township       TEXT NOT NULL,                          -- where the organization will work
    plan           TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'screening', 'admitted', 'rejected',
                       'withdrawn', 'in_residence', 'graduated', 'exited')),
    decision       TEXT NOT NULL DEFAULT '',               -- the reason given with admit or reject
    decided_by     BIGINT NOT NULL DEFAULT 0,
    screened_at    TIMESTAMPTZ,
    decided_at     TIMESTAMPTZ,
    admitted_at    TIMESTAMPTZ,
    residency_plan TEXT NOT NULL DEFAULT '',
    period_months  INTEGER NOT NULL DEFAULT 0,
    mentor         TEXT NOT NULL DEFAULT '',
    started_on     TEXT NOT NULL DEFAULT '',               -- YYYY-MM-DD, Beijing
    ends_on        TEXT NOT NULL DEFAULT '',
    report_due_on  TEXT NOT NULL DEFAULT '',               -- the next tracking report's day
    report_overdue BOOLEAN NOT NULL DEFAULT FALSE,          -- flagged by the sweep
    org_id         BIGINT REFERENCES orgs (id),            -- the organization it graduated into
    graduated_at   TIMESTAMPTZ,
    exit_reason    TEXT NOT NULL DEFAULT '',
    closed_at      TIMESTAMPTZ,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX incubation_applications_site ON incubation_applications (site_id, status);
CREATE INDEX incubation_applications_applicant ON incubation_applications (applicant_id);
CREATE INDEX incubation_applications_call ON incubation_applications (call_id);

-- The founders of a team; phones sealed (SM4-GCM) like every phone.
CREATE TABLE incubation_founders (
    application_id BIGINT NOT NULL REFERENCES incubation_applications (id),
    seq            INTEGER NOT NULL,
    name           TEXT NOT NULL,
    role           TEXT NOT NULL DEFAULT '',
    phone_enc      BYTEA NOT NULL,
    phone_idx      TEXT,
    PRIMARY KEY (application_id, seq)
);

-- The experts who screen an application, and when they scored it.
CREATE TABLE incubation_reviewers (
    application_id BIGINT NOT NULL REFERENCES incubation_applications (id),
    expert_id      BIGINT NOT NULL REFERENCES experts (id),
    assigned_by    BIGINT NOT NULL DEFAULT 0,
    assigned_at    TIMESTAMPTZ NOT NULL,
    comment        TEXT NOT NULL DEFAULT '',
    scored_at      TIMESTAMPTZ,
    PRIMARY KEY (application_id, expert_id)
);
CREATE INDEX incubation_reviewers_expert ON incubation_reviewers (expert_id);

-- One expert's score of one criterion of the call (0–10).
CREATE TABLE incubation_scores (
    application_id BIGINT NOT NULL,
    expert_id      BIGINT NOT NULL,
    criterion      INTEGER NOT NULL,                       -- its line in the call's criteria, from 0
    score          INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
    PRIMARY KEY (application_id, expert_id, criterion),
    FOREIGN KEY (application_id, expert_id) REFERENCES incubation_reviewers (application_id, expert_id)
);

-- The milestones of a residency.
CREATE TABLE incubation_milestones (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES incubation_applications (id),
    title          TEXT NOT NULL,
    due_on         TEXT NOT NULL,
    done_on        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incubation_milestones_app ON incubation_milestones (application_id);

-- Services given to a team in residence (服务记录).
CREATE TABLE incubation_services (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES incubation_applications (id),
    kind           TEXT NOT NULL CHECK (kind IN ('policy', 'consult', 'registration', 'planning')),
    held_on        TEXT NOT NULL,
    note           TEXT NOT NULL,
    recorded_by    BIGINT NOT NULL DEFAULT 0,
    recorded_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX incubation_services_app ON incubation_services (application_id);

-- Tracking reports (跟踪管理), one a month while in residence.
CREATE TABLE incubation_reports (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES incubation_applications (id),
    filed_on       TEXT NOT NULL,
    progress       TEXT NOT NULL,
    problems       TEXT NOT NULL DEFAULT '',
    filed_by       BIGINT NOT NULL DEFAULT 0,
    filed_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX incubation_reports_app ON incubation_reports (application_id);

-- +goose Down
DROP TABLE incubation_reports;
DROP TABLE incubation_services;
DROP TABLE incubation_milestones;
DROP TABLE incubation_scores;
DROP TABLE incubation_reviewers;
DROP TABLE incubation_founders;
DROP TABLE incubation_applications;
DROP TABLE incubation_calls;
DROP TABLE incubation_sites;
