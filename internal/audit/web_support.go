package audit

import (
	"context"
	"strconv"

	"tiaojie"
	"tiaojie/internal/db"
)

// VerifyAs runs Verify on behalf of a caller with audit.read and records
// that the check ran and how it ended. Verify itself is for the platform
// (the hourly job, the command line); a person checking the chain from the
// pages is an audit query like a search, so it is refused without the
// permission and it leaves a row of its own (SECURITY.md AUD-01).
func (l *Log) VerifyAs(ctx context.Context, d *db.DB, p *tiaojie.Principal) (Report, error) {
	if !p.Can(tiaojie.PermAuditRead) {
		return Report{}, tiaojie.E(tiaojie.Forbidden, "error.forbidden")
	}
	rep, err := l.Verify(ctx, d)
	if err != nil {
		return Report{}, err
	}
	e := Event{Action: "audit.verify", Detail: map[string]string{
		"rows": strconv.FormatInt(rep.Rows, 10), "last": strconv.FormatInt(rep.Last, 10)}}
	if !rep.OK() {
		e.Outcome, e.Reason = Failed, "audit.chain_broken"
	}
	if err := l.RecordAlone(ctx, d, p, e); err != nil {
		return Report{}, err
	}
	return rep, nil
}
