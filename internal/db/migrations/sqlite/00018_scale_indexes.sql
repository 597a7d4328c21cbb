-- +goose Up
-- Found by the load benchmark on the city dataset (docs/PERFORMANCE.md):
-- a mediator's cases are found through their login (cases' scope
-- "c.mediator_id IN (SELECT id FROM mediators WHERE user_id = …)"),
-- which read all 50,000 mediators for every case list.
CREATE INDEX mediators_user ON mediators (user_id);

-- The open cases (about 16,000 of the city's two million) with every
-- column the board's lists and the overdue filter read: they are answered
-- from this small index alone, for the district (status=?) and for a
-- township (status=? AND township=?). The WHERE is word for word the cases
-- package's openCond, which SQLite needs to use a partial index.
CREATE INDEX cases_open ON cases (status, township, accept_due, resp_due, mediation_due, activity_at, org_id, mediator_id)
    WHERE status IN ('submitted', 'awaiting_org', 'awaiting_resp', 'mediating', 'signing');

-- +goose Down
DROP INDEX cases_open;
DROP INDEX mediators_user;
