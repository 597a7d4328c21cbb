-- +goose Up
-- Star rating (internal/rating, SPEC C7): the district's versioned
-- indicator sets, rating rounds, organizations' applications with their
-- self-assessment and evidence, the experts assigned and their scores,
-- objections during publication (公示), and the history of every
-- organization's star changes. Scores are kept in tenths of a point.
-- The platform figures shown beside the indicators are read from cases,
-- case_ratings, complaints, disclosures and mediator_training at scoring
-- time, never copied here.

CREATE TABLE rating_sets (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    title        TEXT NOT NULL,
    version      INTEGER,                           -- given on publication: 1, 2, …
    status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    created_by   BIGINT NOT NULL DEFAULT 0,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    published_at TIMESTAMP
);
CREATE UNIQUE INDEX rating_sets_version ON rating_sets (version) WHERE version IS NOT NULL;

CREATE TABLE rating_indicators (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    set_id    BIGINT NOT NULL REFERENCES rating_sets (id),
    position  INTEGER NOT NULL,
    category  TEXT NOT NULL,                         -- e.g. 组织建设
    name      TEXT NOT NULL,
    max_score INTEGER NOT NULL CHECK (max_score BETWEEN 1 AND 100),
    evidence  TEXT NOT NULL DEFAULT '',              -- the evidence required
    rules     TEXT NOT NULL DEFAULT '',              -- deduction rules, as text
    source    TEXT NOT NULL DEFAULT ''               -- a platform figure shown beside it
);
CREATE INDEX rating_indicators_set ON rating_indicators (set_id, position);

CREATE TABLE rating_rounds (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    title         TEXT NOT NULL,
    set_id        BIGINT NOT NULL REFERENCES rating_sets (id),
    period_from   TEXT NOT NULL,                     -- the period rated, YYYY-MM-DD (Beijing)
    period_to     TEXT NOT NULL,
    apply_until   TEXT NOT NULL,                     -- last day to apply
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'scoring', 'publicized', 'final')),
    published_at  TIMESTAMP,
    objection_due TIMESTAMP,                         -- end of the objection period (公示期)
    finalized_at  TIMESTAMP,
    created_by    BIGINT NOT NULL DEFAULT 0,
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE rating_applications (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id    BIGINT NOT NULL REFERENCES rating_rounds (id),
    org_id      BIGINT NOT NULL REFERENCES orgs (id),
    statement   TEXT NOT NULL DEFAULT '',            -- the organization's summary
    total10     INTEGER,                             -- combined total, tenths, set on publication
    stars       INTEGER,                             -- stars on publication (0: none)
    final10     INTEGER,                             -- total after objections, set on finalization
    final_stars INTEGER,
    created_by  BIGINT NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (round_id, org_id)
);
CREATE INDEX rating_applications_org ON rating_applications (org_id);

CREATE TABLE rating_self (
    application_id BIGINT NOT NULL REFERENCES rating_applications (id),
    indicator_id   BIGINT NOT NULL REFERENCES rating_indicators (id),
    score10        INTEGER NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (application_id, indicator_id)
);

CREATE TABLE rating_evidence (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id BIGINT NOT NULL REFERENCES rating_applications (id),
    indicator_id   BIGINT REFERENCES rating_indicators (id),
    title          TEXT NOT NULL,
    file_key       TEXT NOT NULL REFERENCES files (key),
    uploaded_by    BIGINT NOT NULL DEFAULT 0,
    uploaded_at    TIMESTAMP NOT NULL
);
CREATE INDEX rating_evidence_application ON rating_evidence (application_id);

CREATE TABLE rating_assignments (
    application_id BIGINT NOT NULL REFERENCES rating_applications (id),
    expert_id      BIGINT NOT NULL REFERENCES experts (id),
    assigned_by    BIGINT NOT NULL DEFAULT 0,
    assigned_at    TIMESTAMP NOT NULL,
    submitted_at   TIMESTAMP,                        -- the expert's scores are complete and handed in
    PRIMARY KEY (application_id, expert_id)
);
CREATE INDEX rating_assignments_expert ON rating_assignments (expert_id);

CREATE TABLE rating_scores (
    application_id BIGINT NOT NULL REFERENCES rating_applications (id),
    expert_id      BIGINT NOT NULL REFERENCES experts (id),
    indicator_id   BIGINT NOT NULL REFERENCES rating_indicators (id),
    score10        INTEGER NOT NULL,
    comment        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (application_id, expert_id, indicator_id)
);

CREATE TABLE rating_objections (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id BIGINT NOT NULL REFERENCES rating_applications (id),
    reasons        TEXT NOT NULL,
    filed_by       BIGINT NOT NULL DEFAULT 0,
    filed_at       TIMESTAMP NOT NULL,
    answer         TEXT NOT NULL DEFAULT '',
    new_total10    INTEGER,                          -- the corrected total when the answer changes the result
    answered_by    BIGINT NOT NULL DEFAULT 0,
    answered_at    TIMESTAMP
);
CREATE INDEX rating_objections_application ON rating_objections (application_id);

-- Every change of an organization's stars: final ratings (source
-- 'rating', ref the application) and, from internal/supervision,
-- sanction downgrades (source 'sanction', ref its sanction). An
-- organization's current stars are the latest of these.
CREATE TABLE org_star_history (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      BIGINT NOT NULL REFERENCES orgs (id),
    stars       INTEGER NOT NULL CHECK (stars BETWEEN 0 AND 5),
    stars_until TIMESTAMP,
    source      TEXT NOT NULL CHECK (source IN ('rating', 'sanction')),
    ref_id      BIGINT NOT NULL DEFAULT 0,
    note        TEXT NOT NULL DEFAULT '',
    recorded_by BIGINT NOT NULL DEFAULT 0,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX org_star_history_org ON org_star_history (org_id, recorded_at);

-- +goose Down
DROP TABLE org_star_history;
DROP TABLE rating_objections;
DROP TABLE rating_scores;
DROP TABLE rating_assignments;
DROP TABLE rating_evidence;
DROP TABLE rating_self;
DROP TABLE rating_applications;
DROP TABLE rating_rounds;
DROP TABLE rating_indicators;
DROP TABLE rating_sets;
