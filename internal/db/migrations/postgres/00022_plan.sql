-- +goose Up
-- The rollout plan (实施步骤, SPEC C14; internal/plan): the phases with
-- their dates, the tasks of each phase (computed from the platform's
-- records when they name a metric, ticked by the bureau with evidence
-- otherwise), and the pilot townships the bureau chose, by batch.

CREATE TABLE plan_phases (
    seq        INTEGER PRIMARY KEY,                 -- 1–4; phases 1–3 choose pilot batches 1–3
    name       TEXT NOT NULL,
    starts_on  TEXT NOT NULL,                       -- YYYY-MM-DD, Beijing
    ends_on    TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE plan_tasks (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    phase      INTEGER NOT NULL REFERENCES plan_phases (seq),
    position   INTEGER NOT NULL,                    -- order within the phase
    text       TEXT NOT NULL,
    owner      TEXT NOT NULL,                       -- the unit responsible (责任单位)
    due_on     TEXT NOT NULL,                       -- YYYY-MM-DD
    metric     TEXT NOT NULL DEFAULT '',            -- '' for a manual task
    done       BOOLEAN NOT NULL DEFAULT FALSE,      -- a manual task ticked by the bureau
    done_on    TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',            -- the bureau's note with the tick
    file_key   TEXT REFERENCES files (key),         -- the evidence
    done_by    BIGINT NOT NULL DEFAULT 0,
    done_at    TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX plan_tasks_phase ON plan_tasks (phase, position);

CREATE TABLE plan_pilots (
    township   TEXT PRIMARY KEY,                    -- a township in one batch at most
    batch      INTEGER NOT NULL CHECK (batch BETWEEN 1 AND 3),
    chosen_by  BIGINT NOT NULL DEFAULT 0,
    chosen_at  TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE plan_pilots;
DROP TABLE plan_tasks;
DROP TABLE plan_phases;
