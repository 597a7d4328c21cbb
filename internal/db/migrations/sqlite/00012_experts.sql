-- +goose Up
-- The bureau's expert pool (SPEC C11): the people who screen incubation
-- applications, score ratings and evaluate procurement bids. Their ties
-- to organizations decide what they may never judge.

CREATE TABLE experts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     BIGINT UNIQUE REFERENCES users (id),   -- their login, once they have one
    name        TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',              -- 职称 or position, e.g. 律师、高校教授
    employer    TEXT NOT NULL DEFAULT '',
    fields      TEXT NOT NULL DEFAULT '',              -- fields of expertise, one a line
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    created_by  BIGINT NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

-- An expert's ties to organizations (任职、顾问、近亲属、其他利益关系):
-- an expert never judges an organization they are tied to. A mediator
-- of an organization is tied to it without a row here (internal/experts).
CREATE TABLE expert_ties (
    expert_id   BIGINT NOT NULL REFERENCES experts (id),
    org_id      BIGINT NOT NULL REFERENCES orgs (id),
    kind        TEXT NOT NULL CHECK (kind IN ('employee', 'adviser', 'founder', 'relative', 'other')),
    note        TEXT NOT NULL DEFAULT '',
    declared_by BIGINT NOT NULL DEFAULT 0,
    declared_at TIMESTAMP NOT NULL,
    PRIMARY KEY (expert_id, org_id)
);
CREATE INDEX expert_ties_org ON expert_ties (org_id);

-- +goose Down
DROP TABLE expert_ties;
DROP TABLE experts;
