-- +goose Up
-- Disputes (internal/cases, SPEC C4): the case with its parties, its
-- history, evidence, mediator assignments, agreements and confirmations,
-- follow-up visits and ratings; and the bureau's holiday calendar, by
-- which working-day deadlines are counted.

CREATE TABLE holidays (
    date       TEXT PRIMARY KEY,                 -- YYYY-MM-DD, Beijing time
    kind       TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name       TEXT NOT NULL DEFAULT '',
    updated_by BIGINT NOT NULL DEFAULT 0,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE cases (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    number           TEXT NOT NULL UNIQUE,            -- application number, e.g. TJ2026-000123
    file_no          TEXT UNIQUE,                     -- 卷号 given on acceptance, e.g. （2026）城桥人调字第12号
    status           TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'awaiting_org', 'awaiting_resp', 'mediating', 'signing', 'agreed', 'confirming', 'performed', 'visited', 'terminated', 'withdrawn', 'rejected', 'archived')),
    source           TEXT NOT NULL CHECK (source IN ('online', 'desk', 'referral', 'court', 'city')),
    external_id      TEXT,                            -- the city platform's or court's id
    dispute_type     TEXT NOT NULL,
    township         TEXT NOT NULL,                   -- where the dispute arose
    title            TEXT NOT NULL,                   -- 纠纷简要情况, one line
    facts            TEXT NOT NULL DEFAULT '',
    claims           TEXT NOT NULL DEFAULT '',        -- 申请事项
    amount_fen       BIGINT,                          -- amount in dispute, in fen
    org_id           BIGINT REFERENCES orgs (id),     -- the organization handling it, once routed
    mediator_id      BIGINT REFERENCES mediators (id),
    route_reason     TEXT NOT NULL DEFAULT '',        -- why this organization (the applicant's choice, or the suggestion's reason)
    consent_at       TIMESTAMP,                       -- the applicant's consent declaration
    owner_id         BIGINT REFERENCES users (id),    -- the public user who applied online
    referrer_id      BIGINT REFERENCES users (id),    -- the partner agency user who referred it
    created_by       BIGINT NOT NULL DEFAULT 0,
    created_at       TIMESTAMP NOT NULL,
    submitted_at     TIMESTAMP,
    routed_at        TIMESTAMP,
    accept_due       TIMESTAMP,
    accepted_at      TIMESTAMP,                       -- the mediation period runs from here
    resp_due         TIMESTAMP,
    mediation_due    TIMESTAMP,
    agreed_at        TIMESTAMP,
    confirm_due      TIMESTAMP,
    confirmed        BOOLEAN,                         -- the court's decision on 司法确认, once known
    visit_due        TIMESTAMP,
    ended_at         TIMESTAMP,
    end_reason       TEXT NOT NULL DEFAULT '',
    fee_fen          BIGINT,                          -- commercial cases: the fee under the standard in force
    activity_at      TIMESTAMP NOT NULL,              -- last thing that happened, for the idle flag
    version          BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX cases_external ON cases (source, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX cases_org_status ON cases (org_id, status);
CREATE INDEX cases_township_status ON cases (township, status);
CREATE INDEX cases_mediator_status ON cases (mediator_id, status);
CREATE INDEX cases_owner ON cases (owner_id);
CREATE INDEX cases_status_created ON cases (status, created_at);

-- Parties and agents. Identity numbers, phones and e-mail addresses are
-- SM4-GCM ciphertexts bound to their row (aad case_parties.<field>:<id>);
-- the phone's blind index matches a logged-in public user to their cases.
CREATE TABLE case_parties (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id         BIGINT NOT NULL REFERENCES cases (id),
    side            TEXT NOT NULL CHECK (side IN ('applicant', 'respondent')),
    kind            TEXT NOT NULL CHECK (kind IN ('person', 'org')),
    agent_for       BIGINT REFERENCES case_parties (id), -- an agent (代理人) of that party
    name            TEXT NOT NULL,
    gender          TEXT NOT NULL DEFAULT '',
    ethnicity       TEXT NOT NULL DEFAULT '',
    birth_year      INTEGER,
    occupation      TEXT NOT NULL DEFAULT '',
    address         TEXT NOT NULL DEFAULT '',
    credit_code     TEXT NOT NULL DEFAULT '',        -- an organization's 统一社会信用代码 (public register data)
    representative  TEXT NOT NULL DEFAULT '',        -- an organization's legal representative
    id_enc          BLOB,
    id_idx          TEXT,
    phone_enc       BLOB,
    phone_idx       TEXT,
    email_enc       BLOB,
    user_id         BIGINT REFERENCES users (id),    -- linked when the party logs in with this phone
    invite_hash     TEXT UNIQUE,                     -- SM3 of the invitation link's token
    invited_at      TIMESTAMP,
    opened_at       TIMESTAMP,
    joined_at       TIMESTAMP,
    declined_at     TIMESTAMP,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX case_parties_case ON case_parties (case_id);
CREATE INDEX case_parties_phone ON case_parties (phone_idx);
CREATE INDEX case_parties_user ON case_parties (user_id);

CREATE TABLE case_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    action      TEXT NOT NULL,                    -- a tiaojie.CaseAction, or "create", "assign", "evidence" …
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL DEFAULT '',
    org_id      BIGINT,                           -- the organization concerned (routing, declines)
    end_reason  TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT '',
    actor_id    BIGINT NOT NULL DEFAULT 0,
    actor       TEXT NOT NULL,
    role        TEXT NOT NULL,                    -- the part the actor played (a tiaojie.CaseActor)
    at          TIMESTAMP NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, id);

CREATE TABLE case_evidence (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    party_id    BIGINT REFERENCES case_parties (id),
    file_key    TEXT NOT NULL REFERENCES files (key),
    title       TEXT NOT NULL,
    uploaded_by BIGINT NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX case_evidence_case ON case_evidence (case_id);

-- Mediator assignments: the current one has ended_at NULL. The mediator
-- declares conflicts of interest before starting (回避).
CREATE TABLE case_assignments (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id       BIGINT NOT NULL REFERENCES cases (id),
    mediator_id   BIGINT NOT NULL REFERENCES mediators (id),
    how           TEXT NOT NULL CHECK (how IN ('org', 'parties')),
    assigned_by   BIGINT NOT NULL DEFAULT 0,
    assigned_at   TIMESTAMP NOT NULL,
    declared_at   TIMESTAMP,                     -- the conflict-of-interest declaration
    conflict_note TEXT NOT NULL DEFAULT '',      -- empty: no conflict declared
    ended_at      TIMESTAMP,
    end_note      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_assignments_case ON case_assignments (case_id);
CREATE UNIQUE INDEX case_assignments_current ON case_assignments (case_id) WHERE ended_at IS NULL;

CREATE TABLE case_recusals (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    party_id    BIGINT NOT NULL REFERENCES case_parties (id),
    mediator_id BIGINT NOT NULL REFERENCES mediators (id),
    reason      TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending', 'granted', 'refused')),
    decided_by  BIGINT,
    decision    TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    decided_at  TIMESTAMP
);
CREATE INDEX case_recusals_case ON case_recusals (case_id);

-- Agreements: a new version each time the mediator puts one to the
-- parties; confirmations belong to a version, so changing the text
-- needs every confirmation again.
CREATE TABLE case_agreements (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id      BIGINT NOT NULL REFERENCES cases (id),
    version      INTEGER NOT NULL,
    oral         BOOLEAN NOT NULL DEFAULT FALSE,
    facts        TEXT NOT NULL,                  -- 纠纷的主要事实
    issues       TEXT NOT NULL,                  -- 争议事项
    duties       TEXT NOT NULL DEFAULT '',       -- 各方当事人的责任
    terms        TEXT NOT NULL,                  -- 协议内容, one term a line
    performance  TEXT NOT NULL,                  -- 履行方式
    perform_by   TIMESTAMP,                      -- 履行期限
    drafted_by   BIGINT NOT NULL DEFAULT 0,
    drafted_at   TIMESTAMP NOT NULL,
    effective_at TIMESTAMP,
    UNIQUE (case_id, version)
);

CREATE TABLE case_confirmations (
    agreement_id BIGINT NOT NULL REFERENCES case_agreements (id),
    party_id     BIGINT NOT NULL REFERENCES case_parties (id),
    user_id      BIGINT NOT NULL DEFAULT 0,
    method       TEXT NOT NULL CHECK (method IN ('online', 'in_person')),
    confirmed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (agreement_id, party_id)
);

-- Follow-up visits (回访) and the parties' ratings of the service.
CREATE TABLE case_visits (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    performed   TEXT NOT NULL CHECK (performed IN ('full', 'partial', 'none')),
    note        TEXT NOT NULL,
    visited_by  BIGINT NOT NULL DEFAULT 0,
    visited_at  TIMESTAMP NOT NULL
);
CREATE INDEX case_visits_case ON case_visits (case_id);

CREATE TABLE case_ratings (
    case_id    BIGINT NOT NULL REFERENCES cases (id),
    party_id   BIGINT NOT NULL REFERENCES case_parties (id),
    stars      INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    comment    TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (case_id, party_id)
);

-- Annual serials of application and file numbers.
CREATE TABLE case_serials (
    scope TEXT NOT NULL,                          -- "app" or "file:<org id>"
    year  INTEGER NOT NULL,
    last  BIGINT NOT NULL,
    PRIMARY KEY (scope, year)
);

-- +goose Down
DROP TABLE case_serials;
DROP TABLE case_ratings;
DROP TABLE case_visits;
DROP TABLE case_confirmations;
DROP TABLE case_agreements;
DROP TABLE case_recusals;
DROP TABLE case_assignments;
DROP TABLE case_evidence;
DROP TABLE case_events;
DROP TABLE case_parties;
DROP TABLE cases;
DROP TABLE holidays;
