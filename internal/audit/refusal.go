package audit

import (
	"context"
	"errors"
	"strconv"

	"tiaojie"
	"tiaojie/internal/db"
)

// Refusal is a denied request on its way out of a transaction: the error
// the caller gets, and what the audit trail records about it. Services
// return it from inside a transaction (which then rolls back) and hand the
// outcome to Settle, which records the refusal in a transaction of its
// own: every refusal leaves a trace, which is how probing for other
// townships' or organizations' records is noticed.
type Refusal struct {
	Err    *tiaojie.Error
	Detail map[string]string
}

// Refuse returns a Refusal with the error and the audit detail.
func Refuse(err *tiaojie.Error, detail map[string]string) *Refusal {
	return &Refusal{Err: err, Detail: detail}
}

// Error describes the refusal for logs; callers get r.Err from Settle.
func (r *Refusal) Error() string { return r.Err.Error() }

// Settle records a Refusal found in err as a denied event of action on
// the object and returns the refusal's error; any other error (nil
// included) passes unchanged. objectID "" names no object.
func (l *Log) Settle(ctx context.Context, d *db.DB, p *tiaojie.Principal, action, objectType, objectID string, err error) error {
	var r *Refusal
	if !errors.As(err, &r) {
		return err
	}
	ev := Event{Action: action, ObjectType: objectType, ObjectID: objectID, Outcome: Denied, Reason: r.Err.Code, Detail: r.Detail}
	if aerr := l.RecordAlone(ctx, d, p, ev); aerr != nil {
		return aerr
	}
	return r.Err
}

// ID names a record by its numeric id for Settle and Event.ObjectID; an
// id of 0 or less names no object (a refusal before any record is known).
func ID(id int64) string {
	if id <= 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}
