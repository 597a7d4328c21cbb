-- +goose Up
-- Statistics (SPEC C15): the case figures precomputed per month, so that
-- a dashboard over a city's two million cases reads a few thousand rows.
-- A case counts in up to three months: the month it was filed (basis
-- 'filed', created_at), accepted ('accepted', accepted_at) and ended
-- ('closed', ended_at), Beijing time; each timestamp is set once and never
-- cleared, so a case never leaves a month it was counted in. The job
-- stats.rollup recomputes whole months from the cases, those touched since
-- its watermark (cases.activity_at, which every change of a case bumps,
-- and case_ratings.created_at). days is the mediation's length from
-- acceptance to its end for 'closed' (-1 otherwise), kept as a key so
-- that the median is exact.
CREATE TABLE stats_case_rollup (
    basis          TEXT NOT NULL CHECK (basis IN ('filed', 'accepted', 'closed')),
    month          TEXT NOT NULL,                 -- YYYY-MM, Beijing time
    township       TEXT NOT NULL,
    org_id         BIGINT NOT NULL DEFAULT 0,     -- 0: not routed
    dispute_type   TEXT NOT NULL,
    source         TEXT NOT NULL,
    outcome        TEXT NOT NULL,                 -- tiaojie.CaseOutcome
    agreement_form TEXT NOT NULL DEFAULT '',      -- '', 'written' or 'oral'
    days           INTEGER NOT NULL DEFAULT -1,
    cases          BIGINT NOT NULL,
    amount_fen     BIGINT NOT NULL DEFAULT 0,     -- amounts in dispute
    ratings        BIGINT NOT NULL DEFAULT 0,     -- the parties' ratings of these cases
    stars          BIGINT NOT NULL DEFAULT 0,     -- their sum
    PRIMARY KEY (basis, month, township, org_id, dispute_type, source, outcome, agreement_form, days)
);
CREATE INDEX stats_case_rollup_org ON stats_case_rollup (org_id, basis, month);

-- How far the rollup job got: every change before at (less a margin for
-- transactions still open) is counted.
CREATE TABLE stats_watermarks (
    name TEXT PRIMARY KEY,
    at   TIMESTAMP NOT NULL
);

-- The job finds the changed cases and the cases of a month through these.
CREATE INDEX cases_activity ON cases (activity_at);
CREATE INDEX cases_created ON cases (created_at);
CREATE INDEX cases_accepted ON cases (accepted_at);
CREATE INDEX cases_ended ON cases (ended_at);
CREATE INDEX case_ratings_created ON case_ratings (created_at);

-- +goose Down
DROP INDEX case_ratings_created;
DROP INDEX cases_ended;
DROP INDEX cases_accepted;
DROP INDEX cases_created;
DROP INDEX cases_activity;
DROP TABLE stats_watermarks;
DROP TABLE stats_case_rollup;
