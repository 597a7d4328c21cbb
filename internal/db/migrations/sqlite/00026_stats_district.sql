-- +goose Up
-- Statistics at city scale: the district-wide case figures without the
-- organization dimension, so that a district's quarter or year reads a few
-- hundred rows instead of one per case (docs/statistics.md, decision D31).
-- Both tables are derived from stats_case_rollup by the job stats.rollup,
-- in the transaction that replaces a month there, and hold each month
-- ('YYYY-MM'), quarter ('YYYY-Qn') and year ('YYYY') as its own period, so
-- that a quarter or a year is one set of rows.
--
-- stats_district_lines: per period and township, one line for the
-- township ('all', item ''), one per dispute type ('type') and one per
-- source ('source'). filed/filed_fen count the cases filed in the period
-- and their amounts, o_* the same cases by how they stand; accepted the
-- cases accepted; closed, agreed, agreed_fen, written, oral, ratings and
-- stars the cases ended; days the histogram of the mediations' lengths of
-- the cases ended, as 'days:n' pairs by days, space separated, so that
-- medians stay exact.
CREATE TABLE stats_district_lines (
    period        TEXT NOT NULL,
    township      TEXT NOT NULL,
    grp           TEXT NOT NULL CHECK (grp IN ('all', 'type', 'source')),
    item          TEXT NOT NULL,
    filed         BIGINT NOT NULL DEFAULT 0,
    filed_fen     BIGINT NOT NULL DEFAULT 0,
    o_open        BIGINT NOT NULL DEFAULT 0,
    o_agreement   BIGINT NOT NULL DEFAULT 0,
    o_terminated  BIGINT NOT NULL DEFAULT 0,
    o_withdrawn   BIGINT NOT NULL DEFAULT 0,
    o_rejected    BIGINT NOT NULL DEFAULT 0,
    accepted      BIGINT NOT NULL DEFAULT 0,
    closed        BIGINT NOT NULL DEFAULT 0,
    agreed        BIGINT NOT NULL DEFAULT 0,
    agreed_fen    BIGINT NOT NULL DEFAULT 0,
    written       BIGINT NOT NULL DEFAULT 0,
    oral          BIGINT NOT NULL DEFAULT 0,
    ratings       BIGINT NOT NULL DEFAULT 0,
    stars         BIGINT NOT NULL DEFAULT 0,
    days          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (period, township, grp, item)
);

-- stats_org_period: per period, case township and organization, the
-- cases filed, accepted and ended, to rank the organizations of the
-- district (or of a township) without reading every case's row.
CREATE TABLE stats_org_period (
    period   TEXT NOT NULL,
    township TEXT NOT NULL,
    org_id   BIGINT NOT NULL,
    filed    BIGINT NOT NULL DEFAULT 0,
    accepted BIGINT NOT NULL DEFAULT 0,
    closed   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (period, township, org_id)
);

-- The next run of the job rebuilds every month, filling the new tables.
DELETE FROM stats_watermarks WHERE name = 'cases';

-- +goose Down
DROP TABLE stats_org_period;
DROP TABLE stats_district_lines;
