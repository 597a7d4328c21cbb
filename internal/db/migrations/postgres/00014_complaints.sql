-- +goose Up
-- Complaints (投诉, SPEC C8/C10) from the public against an organization
-- or one of its mediators, and the industry association's members and
-- self-discipline measures (SPEC C10). internal/complaints and
-- internal/association keep them; ratings count upheld complaints and
-- supervision opens inspections from them.

CREATE TABLE complaints (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject_org_id        BIGINT NOT NULL REFERENCES orgs (id),      -- complained about, or the mediator's organization
    subject_mediator_id   BIGINT REFERENCES mediators (id),          -- the mediator complained about, if any
    complainant_user_id   BIGINT NOT NULL REFERENCES users (id),     -- the phone-code login that filed it
    complainant_name      TEXT NOT NULL,
    complainant_phone_enc BYTEA,                                      -- SM4-GCM, aad complaints.phone:<id>
    title                 TEXT NOT NULL,
    content               TEXT NOT NULL,                             -- what happened
    request               TEXT NOT NULL DEFAULT '',                  -- what the complainant asks for
    handler               TEXT NOT NULL CHECK (handler IN ('township', 'association', 'bureau')),
    handler_township      TEXT NOT NULL DEFAULT '',                  -- the township office's township code
    status                TEXT NOT NULL CHECK (status IN ('filed', 'acknowledged', 'investigating', 'answered', 'closed', 'rejected', 'withdrawn')),
    outcome               TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'upheld', 'partly_upheld', 'not_upheld')),
    answer                TEXT NOT NULL DEFAULT '',                  -- the answer to the complainant
    org_notice            TEXT NOT NULL DEFAULT '',                  -- what the handler forwards to the organization
    reason                TEXT NOT NULL DEFAULT '',                  -- why rejected or withdrawn
    filed_at              TIMESTAMPTZ NOT NULL,
    due_at                TIMESTAMPTZ NOT NULL,                        -- Policy.ComplaintAnswerDays working days after filing
    acknowledged_at       TIMESTAMPTZ,
    answered_at           TIMESTAMPTZ,
    closed_at             TIMESTAMPTZ,                                 -- closed, rejected or withdrawn
    updated_at            TIMESTAMPTZ NOT NULL
);
CREATE INDEX complaints_org ON complaints (subject_org_id, outcome, answered_at);
CREATE INDEX complaints_handler ON complaints (handler, handler_township, status);
CREATE INDEX complaints_due ON complaints (status, due_at);
CREATE INDEX complaints_complainant ON complaints (complainant_user_id, filed_at);

-- The steps of each complaint, for its page.
CREATE TABLE complaint_steps (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    complaint_id BIGINT NOT NULL REFERENCES complaints (id),
    action       TEXT NOT NULL,                                      -- file, acknowledge, investigate, answer, close, reject, withdraw, reassign
    from_status  TEXT NOT NULL DEFAULT '',
    to_status    TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    actor_id     BIGINT NOT NULL DEFAULT 0,                          -- 0: the platform
    at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX complaint_steps_complaint ON complaint_steps (complaint_id, id);

-- An organization's membership of the industry association: one row per
-- organization, from its (latest) application on.
CREATE TABLE association_members (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id         BIGINT NOT NULL UNIQUE REFERENCES orgs (id),
    status         TEXT NOT NULL CHECK (status IN ('applied', 'member', 'declined', 'suspended', 'cancelled')),
    statement      TEXT NOT NULL DEFAULT '',                         -- the application letter
    applied_by     BIGINT NOT NULL DEFAULT 0,
    applied_at     TIMESTAMPTZ NOT NULL,
    decided_by     BIGINT NOT NULL DEFAULT 0,
    decided_at     TIMESTAMPTZ,
    reason         TEXT NOT NULL DEFAULT '',                         -- why declined, suspended or cancelled
    member_since   TEXT NOT NULL DEFAULT '',                         -- YYYY-MM-DD, Beijing
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX association_members_status ON association_members (status);

-- Self-discipline measures (行业自律措施) against members.
CREATE TABLE association_measures (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id   BIGINT NOT NULL REFERENCES association_members (id),
    kind        TEXT NOT NULL CHECK (kind IN ('talk', 'criticism', 'suspend', 'cancel')),
    reason      TEXT NOT NULL,
    decided_on  TEXT NOT NULL,                                       -- YYYY-MM-DD, Beijing
    recorded_by BIGINT NOT NULL DEFAULT 0,
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX association_measures_member ON association_measures (member_id, decided_on);

-- +goose Down
DROP TABLE association_measures;
DROP TABLE association_members;
DROP TABLE complaint_steps;
DROP TABLE complaints;
