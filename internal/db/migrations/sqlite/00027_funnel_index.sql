-- +goose Up
-- The statistics' participation funnel counts the respondents invited in
-- a period (cases.Service.FunnelTotal); without this index every
-- dashboard would read every party of every case.
CREATE INDEX case_parties_invited ON case_parties (invited_at);

-- +goose Down
DROP INDEX case_parties_invited;
