package training

import (
	"context"
	"strconv"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/i18n"
	"tiaojie/internal/notify"
)

// UpdateSession changes a session's times, place or link, deadline and
// capacity, by its organizer, before it begins. The same rules as
// AddSession, and: not once it has begun (409 course.session_started)
// nor once cancelled (409 course.session_cancelled), a start still
// ahead, and no fewer places than are held (counted under the session's
// lock). A change of its time or place tells each enrolled mediator with
// an e-mail address, under a key of the session's version: saving the
// same change again changes nothing and sends nothing. A new start also
// lets the day-before reminder go out again.
func (s *Service) UpdateSession(ctx context.Context, p *tiaojie.Principal, id int64, in SessionInput) error {
	return s.changeSession(ctx, p, id, "training.session.update", func(tx *db.Tx, x *Session, now time.Time) error {
		if err := in.validate(in.Plan.CheckReplan(x.Taken, now)); err != nil {
			return err
		}
		pl := in.Plan
		pl.Start, pl.End, pl.Deadline = pl.Start.Truncate(time.Microsecond), pl.End.Truncate(time.Microsecond), pl.Deadline.Truncate(time.Microsecond)
		moved := !pl.Start.Equal(x.Plan.Start) || !pl.End.Equal(x.Plan.End) || in.Place != x.Place || in.Link != x.Link
		version := x.Version
		if moved {
			version++
		}
		_, err := tx.ExecContext(ctx, `
			UPDATE training_sessions SET starts_at = $1, ends_at = $2, deadline = $3, place = $4, link = $5, capacity = $6,
				version = $7, updated_by = $8, updated_at = $9
			WHERE id = $10`,
			pl.Start.UTC(), pl.End.UTC(), pl.Deadline.UTC(), in.Place, in.Link, pl.Capacity, version, max(p.UserID, 0), now, id)
		if err != nil {
			return err
		}
		if !pl.Start.Equal(x.Plan.Start) {
			if _, err := tx.ExecContext(ctx, `UPDATE training_enrolments SET reminded_at = NULL WHERE session_id = $1`, id); err != nil {
				return err
			}
		}
		told := 0
		if moved {
			told, err = s.tellEnrolled(ctx, tx, x, now, "training.session.change:", ":"+strconv.Itoa(version), func(name string) notify.Message {
				return notify.TrainingSessionChanged{Name: name, Course: x.CourseTitle, At: pl.Start, Place: in.Place,
					Was: x.Plan.Start, WasPlace: x.Place, Link: s.sessionLink(id)}
			})
			if err != nil {
				return err
			}
		}
		return s.record(ctx, tx, p, "training.session.update", "training_session", id, map[string]string{
			"was": x.Plan.Start.UTC().Format(time.RFC3339), "start": pl.Start.UTC().Format(time.RFC3339), "end": pl.End.UTC().Format(time.RFC3339),
			"capacity": strconv.Itoa(pl.Capacity), "version": strconv.Itoa(version), "notified": strconv.Itoa(told)})
	})
}

// CancelSession cancels a session, by its organizer, before it begins,
// for a reason (1–500 characters) each enrolled mediator with an e-mail
// address is told. The enrolments are kept as they were, shown with the
// cancelled session; nobody may enrol in it, withdraw from it or be
// marked in it any more, and it cannot be changed or cancelled again.
func (s *Service) CancelSession(ctx context.Context, p *tiaojie.Principal, id int64, reason string) error {
	return s.changeSession(ctx, p, id, "training.session.cancel", func(tx *db.Tx, x *Session, now time.Time) error {
		reason, err := tiaojie.CancelReason(reason)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE training_sessions SET cancelled_at = $1, cancelled_by = $2, cancel_reason = $3 WHERE id = $4`,
			now, max(p.UserID, 0), reason, id)
		if err != nil {
			return err
		}
		told, err := s.tellEnrolled(ctx, tx, x, now, "training.session.cancel:", "", func(name string) notify.Message {
			return notify.TrainingSessionCancelled{Name: name, Course: x.CourseTitle, At: x.Plan.Start, Reason: reason, Link: s.sessionLink(id)}
		})
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "training.session.cancel", "training_session", id, map[string]string{
			"enrolled": strconv.Itoa(x.Taken), "notified": strconv.Itoa(told)}) // the reason is on the row: it may name someone
	})
}

// changeSession runs change on session id, in a transaction holding the
// session's row, for its organizer p (anyone else: as if it did not exist)
// while it has neither been cancelled nor begun, with the time of the
// change. A refusal is audited as a denied action.
func (s *Service) changeSession(ctx context.Context, p *tiaojie.Principal, id int64, action string,
	change func(tx *db.Tx, x *Session, now time.Time) error) error {
	err := func() error {
		if !p.Can(tiaojie.PermTraining) {
			return forbidden(tiaojie.PermTraining)
		}
		return s.db.InTx(ctx, func(tx *db.Tx) error {
			x, err := lockSession(ctx, tx, id)
			if err != nil {
				return err
			}
			if !organizes(p, x.Township) {
				return notFound()
			}
			if err := live(x); err != nil {
				return err
			}
			now := s.now()
			if err := x.Plan.CheckChange(now); err != nil {
				return refuse(err)
			}
			return change(tx, x, now)
		})
	}()
	return s.settle(ctx, p, action, "training_session", id, err)
}

// addressee is an enrolled mediator to tell about their session.
type addressee struct {
	enrolment, session int64
	course             string
	at                 time.Time
	place              string
	version            int
	name, email        string
}

// addressees reads the enrolled mediators of sessions matching where (on
// e, s; $-numbered args), with their e-mail addresses ("" for none).
func addressees(ctx context.Context, tx *db.Tx, where string, args ...any) ([]addressee, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT e.id, s.id, c.title, s.starts_at, s.place, s.version, m.name, COALESCE(u.email, '')
		FROM training_enrolments e
		JOIN training_sessions s ON s.id = e.session_id
		JOIN training_courses c ON c.id = s.course_id
		JOIN mediators m ON m.id = e.mediator_id
		LEFT JOIN users u ON u.id = m.user_id
		WHERE e.status = 'enrolled' AND `+where+`
		ORDER BY e.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []addressee
	for rows.Next() {
		var a addressee
		if err := rows.Scan(&a.enrolment, &a.session, &a.course, &a.at, &a.place, &a.version, &a.name, &a.email); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// tellEnrolled sends msg(name) to each mediator enrolled in x who has an
// e-mail address, under the key prefix<enrolment>suffix, and returns how
// many it told. Without a Notifier it tells nobody.
func (s *Service) tellEnrolled(ctx context.Context, tx *db.Tx, x *Session, now time.Time, prefix, suffix string,
	msg func(name string) notify.Message) (int, error) {
	if s.notifier == nil {
		return 0, nil
	}
	list, err := addressees(ctx, tx, `s.id = $1`, x.ID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, a := range list {
		if a.email == "" {
			continue
		}
		if err := s.send(ctx, tx, now, prefix+itoa(a.enrolment)+suffix, a.email, msg(a.name)); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}

// send queues a notice by e-mail, in Chinese, in tx: the mediators'
// phones are sealed, so training notices go by e-mail only.
func (s *Service) send(ctx context.Context, tx *db.Tx, now time.Time, key, email string, m notify.Message) error {
	c, err := s.notifier.Render(i18n.Zh, m)
	if err != nil {
		return err
	}
	return s.notifier.Enqueue(ctx, tx, now, c.Notice(key, email, ""))
}

// sessionLink is the address of a session's page, "" without a base URL.
func (s *Service) sessionLink(id int64) string {
	if s.baseURL == "" {
		return ""
	}
	return s.baseURL + "/staff/training/sessions/" + itoa(id)
}
