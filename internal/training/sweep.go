package training

import (
	"context"
	"time"

	"tiaojie/internal/db"
	"tiaojie/internal/i18n"
	"tiaojie/internal/notify"
)

// remindAhead is how long before a session its enrolled mediators are
// reminded: the day before.
const remindAhead = 24 * time.Hour

// Sweep reminds, by e-mail, each mediator enrolled in a session that
// begins within the next day, once per enrolment (reminded_at, and the
// notice's key): the job runner calls it every hour. It returns how many
// were reminded. Without a Notifier it does nothing.
func (s *Service) Sweep(ctx context.Context) (int, error) {
	if s.notifier == nil {
		return 0, nil
	}
	now := s.now()
	n := 0
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, `
			SELECT e.id, s.id, c.title, s.starts_at, s.place, m.name, COALESCE(u.email, '')
			FROM training_enrolments e
			JOIN training_sessions s ON s.id = e.session_id
			JOIN training_courses c ON c.id = s.course_id
			JOIN mediators m ON m.id = e.mediator_id
			LEFT JOIN users u ON u.id = m.user_id
			WHERE e.status = 'enrolled' AND e.reminded_at IS NULL AND s.starts_at > $1 AND s.starts_at <= $2
			ORDER BY e.id`, now, now.Add(remindAhead))
		if err != nil {
			return err
		}
		type due struct {
			id, session int64
			msg         notify.TrainingSession
			email       string
		}
		var list []due
		for rows.Next() {
			var d due
			if err := rows.Scan(&d.id, &d.session, &d.msg.Course, &d.msg.At, &d.msg.Place, &d.msg.Name, &d.email); err != nil {
				rows.Close()
				return err
			}
			list = append(list, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, d := range list {
			if d.email != "" {
				if s.baseURL != "" {
					d.msg.Link = s.baseURL + "/staff/training/sessions/" + itoa(d.session)
				}
				c, err := s.notifier.Render(i18n.Zh, d.msg)
				if err != nil {
					return err
				}
				if err := s.notifier.Enqueue(ctx, tx, now, c.Notice("training.session:"+itoa(d.id), d.email, "")); err != nil {
					return err
				}
				n++
			}
			if _, err := tx.ExecContext(ctx, `UPDATE training_enrolments SET reminded_at = $1 WHERE id = $2`, now, d.id); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}
