-- +goose Up
-- Venture report reminders (internal/funding, funding.Service.Sweep): an
-- awarded project's progress and final reports fall due six and twelve
-- months after its round is published (tiaojie.VentureReportDue, derived,
-- not stored). Each stage of each report (due soon, late) is reminded
-- once: the row is set, audited and its notices queued in one
-- transaction. The notices' own keys would stop a repeat only until
-- finished jobs are purged, after a week, and a late report stays late.
CREATE TABLE venture_report_reminders (
    application_id BIGINT NOT NULL REFERENCES venture_applications (id),
    kind           TEXT NOT NULL CHECK (kind IN ('progress', 'final')),
    stage          TEXT NOT NULL CHECK (stage IN ('soon', 'late')),
    due_on         TEXT NOT NULL,                       -- YYYY-MM-DD, Beijing, the day it was due
    reminded_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (application_id, kind, stage)
);

-- +goose Down
DROP TABLE venture_report_reminders;
