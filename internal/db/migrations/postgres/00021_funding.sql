-- +goose Up
-- Funding (internal/funding, SPEC C11): donations (捐赠) and grants (资助)
-- organizations received, shown in their information disclosure; the
-- bureau's public-interest venture rounds (公益创投) with their experts,
-- applications, scores, awards and project reports; and the expert
-- pool's availability. Amounts are in fen.

-- An expert unavailable (leave, illness, a conflict of schedule) until a
-- day is assigned nothing new before it; '' is available.
ALTER TABLE experts ADD COLUMN unavailable_until TEXT NOT NULL DEFAULT ''; -- YYYY-MM-DD, Beijing, the last day away
ALTER TABLE experts ADD COLUMN availability_note TEXT NOT NULL DEFAULT '';

CREATE TABLE venture_rounds (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title        TEXT NOT NULL,
    theme        TEXT NOT NULL DEFAULT '',
    budget       BIGINT NOT NULL CHECK (budget > 0),
    project_cap  BIGINT NOT NULL CHECK (project_cap > 0),
    opens_on     TEXT NOT NULL,                         -- YYYY-MM-DD, Beijing
    closes_on    TEXT NOT NULL,                         -- the last day applications are taken
    criteria     TEXT NOT NULL,                         -- JSON [{name, weight}], weights summing to 100
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'published')),
    published_at TIMESTAMPTZ,
    created_by   BIGINT NOT NULL DEFAULT 0,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

-- The experts who score a round's applications.
CREATE TABLE venture_experts (
    round_id    BIGINT NOT NULL REFERENCES venture_rounds (id),
    expert_id   BIGINT NOT NULL REFERENCES experts (id),
    assigned_by BIGINT NOT NULL DEFAULT 0,
    assigned_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (round_id, expert_id)
);
CREATE INDEX venture_experts_expert ON venture_experts (expert_id);

CREATE TABLE venture_applications (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round_id    BIGINT NOT NULL REFERENCES venture_rounds (id),
    org_id      BIGINT NOT NULL REFERENCES orgs (id),
    title       TEXT NOT NULL,
    plan        TEXT NOT NULL,
    requested   BIGINT NOT NULL CHECK (requested > 0),
    award       BIGINT NOT NULL DEFAULT 0 CHECK (award >= 0), -- 0: not awarded
    created_by  BIGINT NOT NULL DEFAULT 0,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (round_id, org_id)
);
CREATE INDEX venture_applications_org ON venture_applications (org_id);

-- One expert's scores of one application, a score (0–10) per criterion.
CREATE TABLE venture_scores (
    application_id BIGINT NOT NULL REFERENCES venture_applications (id),
    expert_id      BIGINT NOT NULL REFERENCES experts (id),
    scores         TEXT NOT NULL,                       -- JSON [int], in the order of the round's criteria
    comment        TEXT NOT NULL DEFAULT '',
    scored_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (application_id, expert_id)
);
CREATE INDEX venture_scores_expert ON venture_scores (expert_id);

-- The progress and final reports of an awarded project.
CREATE TABLE venture_reports (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES venture_applications (id),
    kind           TEXT NOT NULL CHECK (kind IN ('progress', 'final')),
    body           TEXT NOT NULL,
    filed_by       BIGINT NOT NULL DEFAULT 0,
    filed_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX venture_reports_application ON venture_reports (application_id);

-- Money an organization received: donations and grants, a venture award
-- among them (application_id set). Public in its disclosure.
CREATE TABLE fundings (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id         BIGINT NOT NULL REFERENCES orgs (id),
    kind           TEXT NOT NULL CHECK (kind IN ('donation', 'grant')),
    source         TEXT NOT NULL,                       -- the donor or grantor
    amount         BIGINT NOT NULL CHECK (amount > 0),
    received_on    TEXT NOT NULL,                       -- YYYY-MM-DD, Beijing
    year           INTEGER NOT NULL,                    -- of received_on, for the disclosure's year
    purpose        TEXT NOT NULL DEFAULT '',
    restrictions   TEXT NOT NULL DEFAULT '',            -- 限定用途 or conditions, '' when none
    application_id BIGINT UNIQUE REFERENCES venture_applications (id),
    recorded_by    BIGINT NOT NULL DEFAULT 0,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX fundings_org ON fundings (org_id, year);

-- +goose Down
DROP TABLE fundings;
DROP TABLE venture_reports;
DROP TABLE venture_scores;
DROP TABLE venture_applications;
DROP TABLE venture_experts;
DROP TABLE venture_rounds;
ALTER TABLE experts DROP COLUMN availability_note;
ALTER TABLE experts DROP COLUMN unavailable_until;
