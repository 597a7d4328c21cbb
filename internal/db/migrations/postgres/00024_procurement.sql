-- +goose Up
-- Government procurement of mediation services (政府购买服务, SPEC C9):
-- projects bought by the bureau or a partner agency, organizations' bids,
-- the experts' scores, contracts with deliverables, milestones, performance
-- reports and payments (internal/procurement).

CREATE TABLE procurement_projects (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id     BIGINT REFERENCES agencies (id),        -- the buying agency; NULL: the bureau
    title         TEXT NOT NULL,
    scope         TEXT NOT NULL,
    category      TEXT NOT NULL CHECK (category IN ('mediation', 'consultation', 'training', 'other')),
    dispute_types TEXT NOT NULL DEFAULT '',               -- codes, comma-separated; '': every type
    township      TEXT NOT NULL DEFAULT '',               -- '': the whole district
    budget_fen    BIGINT NOT NULL CHECK (budget_fen > 0),
    min_stars     INTEGER NOT NULL DEFAULT 0 CHECK (min_stars BETWEEN 0 AND 5),
    org_types     TEXT NOT NULL DEFAULT '',               -- comma-separated; '': any type
    no_sanction   BOOLEAN NOT NULL DEFAULT FALSE,
    window_from   TEXT NOT NULL,                          -- YYYY-MM-DD, Beijing
    window_to     TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('draft', 'published', 'evaluating', 'awarded', 'contracted', 'cancelled')),
    result_note   TEXT NOT NULL DEFAULT '',               -- the published result's note (公示)
    cancel_reason TEXT NOT NULL DEFAULT '',
    published_at  TIMESTAMPTZ,
    awarded_at    TIMESTAMPTZ,
    created_by    BIGINT NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX procurement_projects_status ON procurement_projects (status, window_to);

CREATE TABLE procurement_criteria (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES procurement_projects (id),
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    weight     INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100),
    UNIQUE (project_id, position)
);

CREATE TABLE procurement_experts (
    project_id  BIGINT NOT NULL REFERENCES procurement_projects (id),
    expert_id   BIGINT NOT NULL REFERENCES experts (id),
    assigned_by BIGINT NOT NULL DEFAULT 0,
    assigned_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (project_id, expert_id)
);

-- One bid per organization and project; a withdrawn bid may be made again
-- while the window is open.
CREATE TABLE procurement_bids (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id   BIGINT NOT NULL REFERENCES procurement_projects (id),
    org_id       BIGINT NOT NULL REFERENCES orgs (id),
    proposal     TEXT NOT NULL,
    price_fen    BIGINT NOT NULL CHECK (price_fen > 0),
    status       TEXT NOT NULL CHECK (status IN ('submitted', 'withdrawn', 'won', 'lost')),
    total10      INTEGER,                                 -- weighted total, tenths, set on award
    created_by   BIGINT NOT NULL DEFAULT 0,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (project_id, org_id)
);

CREATE TABLE procurement_scores (
    bid_id       BIGINT NOT NULL REFERENCES procurement_bids (id),
    expert_id    BIGINT NOT NULL REFERENCES experts (id),
    criterion_id BIGINT NOT NULL REFERENCES procurement_criteria (id),
    score        INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    scored_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (bid_id, expert_id, criterion_id)
);

CREATE TABLE procurement_contracts (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id       BIGINT NOT NULL REFERENCES procurement_projects (id),
    bid_id           BIGINT NOT NULL UNIQUE REFERENCES procurement_bids (id),
    org_id           BIGINT NOT NULL REFERENCES orgs (id),
    amount_fen       BIGINT NOT NULL CHECK (amount_fen > 0),
    period_from      TEXT NOT NULL,
    period_to        TEXT NOT NULL,
    report_every     TEXT NOT NULL CHECK (report_every IN ('month', 'quarter')),
    min_success_pct  INTEGER NOT NULL DEFAULT 0,
    min_satisfaction INTEGER NOT NULL DEFAULT 0,          -- tenths of a star
    signed_on        TEXT NOT NULL,                       -- YYYY-MM-DD: the year its amount is committed
    final_grade      TEXT NOT NULL DEFAULT '' CHECK (final_grade IN ('', 'excellent', 'pass', 'fail')),
    final_note       TEXT NOT NULL DEFAULT '',
    final_at         TIMESTAMPTZ,
    created_by       BIGINT NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX procurement_contracts_org ON procurement_contracts (org_id);

CREATE TABLE procurement_deliverables (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    contract_id BIGINT NOT NULL REFERENCES procurement_contracts (id),
    position    INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('cases', 'hours', 'other')),
    title       TEXT NOT NULL,
    target      INTEGER NOT NULL CHECK (target > 0),
    actual      INTEGER NOT NULL DEFAULT 0,               -- hours, other: as the buyer verified
    verified_at TIMESTAMPTZ,
    UNIQUE (contract_id, position)
);

CREATE TABLE procurement_milestones (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    contract_id BIGINT NOT NULL REFERENCES procurement_contracts (id),
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    amount_fen  BIGINT NOT NULL CHECK (amount_fen > 0),
    due_on      TEXT NOT NULL,
    UNIQUE (contract_id, position)
);

CREATE TABLE procurement_reports (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    contract_id BIGINT NOT NULL REFERENCES procurement_contracts (id),
    period_from TEXT NOT NULL,
    period_to   TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    body        TEXT NOT NULL DEFAULT '',
    hours       INTEGER NOT NULL DEFAULT 0,               -- hours of service the organization reports
    filed_at    TIMESTAMPTZ,
    filed_by    BIGINT NOT NULL DEFAULT 0,
    reminded_at TIMESTAMPTZ,                                -- the due reminder, set by the sweep
    overdue_at  TIMESTAMPTZ,                                -- flagged overdue by the sweep
    UNIQUE (contract_id, period_from)
);
CREATE INDEX procurement_reports_due ON procurement_reports (due_on);

CREATE TABLE procurement_payments (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    contract_id  BIGINT NOT NULL REFERENCES procurement_contracts (id),
    milestone_id BIGINT NOT NULL REFERENCES procurement_milestones (id),
    amount_fen   BIGINT NOT NULL CHECK (amount_fen > 0),
    paid_on      TEXT NOT NULL,                           -- YYYY-MM-DD: the year it is spent
    voucher      TEXT NOT NULL DEFAULT '',                -- 凭证号
    note         TEXT NOT NULL DEFAULT '',
    recorded_by  BIGINT NOT NULL DEFAULT 0,
    recorded_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX procurement_payments_contract ON procurement_payments (contract_id);

-- +goose Down
DROP TABLE procurement_payments;
DROP TABLE procurement_reports;
DROP TABLE procurement_milestones;
DROP TABLE procurement_deliverables;
DROP TABLE procurement_contracts;
DROP TABLE procurement_scores;
DROP TABLE procurement_bids;
DROP TABLE procurement_experts;
DROP TABLE procurement_criteria;
DROP TABLE procurement_projects;
