package training

import (
	"context"
	"time"

	"tiaojie/internal/db"
	"tiaojie/internal/notify"
)

// remindAhead is how long before a session its enrolled mediators are
// reminded: the day before.
const remindAhead = 24 * time.Hour

// Sweep reminds, by e-mail, each mediator enrolled in a session that
// begins within the next day, once per enrolment and version of the
// session (reminded_at, cleared when its start changes, and the notice's
// key): the job runner calls it every hour. A cancelled session is not
// reminded of. It returns how many were reminded. Without a Notifier it
// does nothing.
func (s *Service) Sweep(ctx context.Context) (int, error) {
	if s.notifier == nil {
		return 0, nil
	}
	now := s.now()
	n := 0
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		list, err := addressees(ctx, tx, `e.reminded_at IS NULL AND s.cancelled_at IS NULL AND s.starts_at > $1 AND s.starts_at <= $2`,
			now, now.Add(remindAhead))
		if err != nil {
			return err
		}
		for _, a := range list {
			if a.email != "" {
				msg := notify.TrainingSession{Name: a.name, Course: a.course, At: a.at, Place: a.place, Link: s.sessionLink(a.session)}
				if err := s.send(ctx, tx, now, reminderKey(a), a.email, msg); err != nil {
					return err
				}
				n++
			}
			if _, err := tx.ExecContext(ctx, `UPDATE training_enrolments SET reminded_at = $1 WHERE id = $2`, now, a.enrolment); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}

// reminderKey names the reminder of an enrolment: training.session:<id>,
// and :v<version> once the session's time or place has changed, so that
// a session moved after its reminder is reminded of again.
func reminderKey(a addressee) string {
	k := "training.session:" + itoa(a.enrolment)
	if a.version > 0 {
		k += ":v" + itoa(int64(a.version))
	}
	return k
}
