-- +goose Up
-- Information disclosure (信息公开, SPEC C8): each organization's annual
-- disclosure for the year before and the ad-hoc disclosures of major
-- changes the bureau requires (internal/disclosure). Every row is one
-- version; a filed version is never edited: a correction is a new version
-- of the same chain, and the old one stays visible as superseded.

CREATE TABLE disclosures (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id          BIGINT NOT NULL REFERENCES orgs (id),
    year            INTEGER NOT NULL,                  -- the year disclosed (annual) or of the request (adhoc)
    kind            TEXT NOT NULL CHECK (kind IN ('annual', 'adhoc')),
    status          TEXT NOT NULL CHECK (status IN ('draft', 'filed')),
    chain_id        BIGINT NOT NULL DEFAULT 0,         -- the id of version 1: one annual per org and year, one per ad-hoc request
    version         INTEGER NOT NULL DEFAULT 1,
    subject         TEXT NOT NULL DEFAULT '',          -- adhoc: what the bureau asks to be disclosed
    due_at          TIMESTAMP NOT NULL,                -- the deadline (the end of the due day, Beijing)
    filed_at        TIMESTAMP,
    filed_by        BIGINT NOT NULL DEFAULT 0,
    superseded_at   TIMESTAMP,                         -- a later version was filed
    structure       TEXT NOT NULL DEFAULT '',          -- 组织机构
    persons         TEXT NOT NULL DEFAULT '',          -- 负责人
    income_gov      BIGINT NOT NULL DEFAULT 0,         -- fen: 政府购买服务
    income_donation BIGINT NOT NULL DEFAULT 0,         -- fen: 捐赠
    income_fees     BIGINT NOT NULL DEFAULT 0,         -- fen: 收费
    income_other    BIGINT NOT NULL DEFAULT 0,
    spend_staff     BIGINT NOT NULL DEFAULT 0,         -- fen: 人员
    spend_office    BIGINT NOT NULL DEFAULT 0,         -- fen: 办公
    spend_activity  BIGINT NOT NULL DEFAULT 0,         -- fen: 业务活动
    spend_other     BIGINT NOT NULL DEFAULT 0,
    services        TEXT NOT NULL DEFAULT '',          -- 服务内容
    case_figures    TEXT NOT NULL DEFAULT '',          -- JSON, the platform's figures frozen at filing
    case_note       TEXT NOT NULL DEFAULT '',
    rewards         TEXT NOT NULL DEFAULT '',          -- 奖惩情况, free text
    records         TEXT NOT NULL DEFAULT '',          -- JSON, rewards and sanctions on record frozen at filing
    body            TEXT NOT NULL DEFAULT '',          -- adhoc: the disclosure itself
    requested_by    BIGINT NOT NULL DEFAULT 0,
    created_by      BIGINT NOT NULL DEFAULT 0,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX disclosures_org ON disclosures (org_id, year, kind);
CREATE INDEX disclosures_year ON disclosures (year, kind, status);
CREATE UNIQUE INDEX disclosures_one_draft ON disclosures (chain_id) WHERE status = 'draft' AND chain_id > 0;

-- 活动异常: set when an organization leaves a disclosure unfiled for
-- Policy.DisclosureAbnormalDays past its deadline, cleared when it files.
ALTER TABLE orgs ADD COLUMN abnormal_since TIMESTAMP;

-- +goose Down
ALTER TABLE orgs DROP COLUMN abnormal_since;
DROP TABLE disclosures;
