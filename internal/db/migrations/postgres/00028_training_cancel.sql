-- +goose Up
-- A training session can be changed and cancelled before it begins
-- (internal/training, docs/training.md). version counts the changes of its
-- time or place: the notice each enrolled mediator gets of a change is
-- keyed by it, so saving the same change again sends nothing. A
-- cancelled session keeps its enrolments; cancelled_at and cancel_reason
-- say why they no longer hold.
ALTER TABLE training_sessions ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE training_sessions ADD COLUMN updated_by BIGINT NOT NULL DEFAULT 0;
ALTER TABLE training_sessions ADD COLUMN updated_at TIMESTAMPTZ;
ALTER TABLE training_sessions ADD COLUMN cancelled_at TIMESTAMPTZ;
ALTER TABLE training_sessions ADD COLUMN cancelled_by BIGINT NOT NULL DEFAULT 0;
ALTER TABLE training_sessions ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE training_sessions DROP COLUMN cancel_reason;
ALTER TABLE training_sessions DROP COLUMN cancelled_by;
ALTER TABLE training_sessions DROP COLUMN cancelled_at;
ALTER TABLE training_sessions DROP COLUMN updated_at;
ALTER TABLE training_sessions DROP COLUMN updated_by;
ALTER TABLE training_sessions DROP COLUMN version;
