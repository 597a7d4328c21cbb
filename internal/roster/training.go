package roster

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/settings"
)

// Training hours (SPEC C3, C11): the unified training (统一职业培训) each
// mediator attended, in hours. Staff record it here today; issue 7's
// courses and attendance will write the same table. The hours of the last
// 12 months (tiaojie.TrainingWindow) decide, where the bureau's policy
// sets a requirement, whether the mediator may be assigned cases.

// The bounds of a training record.
const (
	maxTrainingTitle = 100
	maxTrainingHours = 200
)

// trainingEpoch is the earliest day a record may name: older training
// counts for nothing, and a date before it is a typing slip.
var trainingEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, tiaojie.Beijing())

// TrainingInput is a training a mediator attended, as staff record it.
type TrainingInput struct {
	Title  string    // 1–100 characters, e.g. "2026年全区人民调解员统一职业培训"
	HeldOn time.Time // the day (Beijing time); not in the future, not before 2000
	Hours  int       // 1–200
}

// Training is one recorded training of a mediator.
type Training struct {
	ID         int64
	MediatorID int64
	Title      string
	HeldOn     time.Time // midnight, Beijing time
	Hours      int
	RecordedBy int64  // the account that recorded it; 0 for the platform
	Recorder   string // that account's display name; "" for the platform
	RecordedAt time.Time
}

// TrainingSummary is a mediator's standing against the policy: the hours
// of the window and what the policy requires.
type TrainingSummary struct {
	Hours    int       // hours of training held within the window
	Required int       // the policy's requirement; 0: not enforced
	From, To time.Time // the window's first and last day (midnight, Beijing)
}

// Short reports whether the mediator falls short of an enforced
// requirement, and so may not be assigned cases.
func (t TrainingSummary) Short() bool {
	return tiaojie.Policy{TrainingHoursRequired: t.Required}.UnderTrained(t.Hours)
}

// RecordTraining records a training the mediator attended and returns the
// record's id. The caller needs mediators.edit with a scope that covers
// one of the mediator's current organizations (the scope of every roster
// edit); a removed mediator's record is closed. The record is audited.
func (s *Service) RecordTraining(ctx context.Context, p *tiaojie.Principal, mediatorID int64, in TrainingInput) (int64, error) {
	if !p.Can(tiaojie.PermMediatorsEdit) {
		return 0, s.deny(ctx, p, forbidden("mediator.training", mediatorID, tiaojie.PermMediatorsEdit))
	}
	in.Title = strings.TrimSpace(in.Title)
	if err := s.validateTraining(&in); err != nil {
		return 0, err
	}
	var id int64
	err := s.write(ctx, p, func(tx *db.Tx) error {
		cur, err := s.loadSealedTx(ctx, tx, mediatorID)
		if err != nil {
			return err
		}
		if !visible(p, tiaojie.PermMediatorsEdit, cur.Orgs) {
			return notFound()
		}
		id, err = s.recordTrainingTx(ctx, tx, p, cur, in)
		return err
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// RecordTrainingTx records, inside the caller's transaction, a training
// the mediator attended, with the same checks and audit as RecordTraining
// but no scope check of its own: internal/training calls it when an
// organizer marks an attendance, having checked that the caller organizes
// the session. A removed mediator is refused (mediator.removed).
func (s *Service) RecordTrainingTx(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, mediatorID int64, in TrainingInput) (int64, error) {
	in.Title = strings.TrimSpace(in.Title)
	if err := s.validateTraining(&in); err != nil {
		return 0, err
	}
	cur, err := s.loadSealedTx(ctx, tx, mediatorID)
	if err != nil {
		return 0, err
	}
	return s.recordTrainingTx(ctx, tx, p, cur, in)
}

// recordTrainingTx writes a validated record for the loaded mediator cur
// and audits it.
func (s *Service) recordTrainingTx(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, cur *row, in TrainingInput) (int64, error) {
	if cur.Status == tiaojie.MediatorRemoved {
		return 0, tiaojie.E(tiaojie.Conflict, "mediator.removed")
	}
	day := in.HeldOn.Format(time.DateOnly)
	var id int64
	err := tx.QueryRowContext(ctx, `
		INSERT INTO mediator_training (mediator_id, title, held_on, hours, recorded_by, recorded_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		RETURNING id`, cur.ID, in.Title, day, in.Hours, max(p.UserID, 0), s.now()).Scan(&id)
	if err != nil {
		return 0, err
	}
	return id, s.record(ctx, tx, p, "mediator.training", cur.ID, map[string]string{
		"training": itoa(id), "title": in.Title, "held_on": day, "hours": strconv.Itoa(in.Hours)})
}

// validateTraining checks a trimmed input and puts its day in the form
// stored (midnight, Beijing time).
func (s *Service) validateTraining(in *TrainingInput) error {
	var fe tiaojie.FieldErrors
	if n := utf8.RuneCountInString(in.Title); n < 1 || n > maxTrainingTitle {
		fe.Add("title", "training.title_length", "max", strconv.Itoa(maxTrainingTitle))
	}
	_, today := tiaojie.TrainingWindow(s.now())
	if in.HeldOn.IsZero() {
		fe.Add("held_on", "training.held_on_required")
	} else {
		bj := in.HeldOn.In(tiaojie.Beijing())
		in.HeldOn = time.Date(bj.Year(), bj.Month(), bj.Day(), 0, 0, 0, 0, tiaojie.Beijing())
		switch {
		case in.HeldOn.After(today):
			fe.Add("held_on", "training.held_on_future")
		case in.HeldOn.Before(trainingEpoch):
			fe.Add("held_on", "training.held_on_too_early", "min", trainingEpoch.Format(time.DateOnly))
		}
	}
	if in.Hours < 1 || in.Hours > maxTrainingHours {
		fe.Add("hours", "training.hours", "min", "1", "max", strconv.Itoa(maxTrainingHours))
	}
	return fe.Err()
}

// Training returns a mediator's training records, newest first, and the
// hours of the last 12 months against the policy. Those who may read the
// mediator's staff record (mediators.read within scope) may read them, and
// so may the mediator themself through the login linked to the entry
// (SetLogin); anyone else gets what Get answers them.
func (s *Service) Training(ctx context.Context, p *tiaojie.Principal, mediatorID int64) ([]Training, TrainingSummary, error) {
	self, err := s.isSelf(ctx, p, mediatorID)
	if err != nil {
		return nil, TrainingSummary{}, err
	}
	if !self {
		if _, err := s.Get(ctx, p, mediatorID); err != nil {
			return nil, TrainingSummary{}, err
		}
	}
	q := s.db.Reader()
	list, err := trainingList(ctx, q, mediatorID)
	if err != nil {
		return nil, TrainingSummary{}, err
	}
	pol, err := settings.Load(ctx, q)
	if err != nil {
		return nil, TrainingSummary{}, err
	}
	sum := TrainingSummary{Required: pol.TrainingHoursRequired}
	sum.From, sum.To = tiaojie.TrainingWindow(s.now())
	for _, t := range list {
		if !t.HeldOn.Before(sum.From) && !t.HeldOn.After(sum.To) {
			sum.Hours += t.Hours
		}
	}
	return list, sum, nil
}

// isSelf reports whether p is the mediator's own login.
func (s *Service) isSelf(ctx context.Context, p *tiaojie.Principal, mediatorID int64) (bool, error) {
	if !p.LoggedIn() || !p.Can(tiaojie.PermSelf) {
		return false, nil
	}
	var user sql.NullInt64
	err := s.db.Reader().QueryRowContext(ctx, `SELECT user_id FROM mediators WHERE id = $1`, mediatorID).Scan(&user)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("roster: training: %w", err)
	}
	return user.Valid && user.Int64 == p.UserID, nil
}

// trainingList reads a mediator's records, newest first.
func trainingList(ctx context.Context, q db.Queryer, mediatorID int64) ([]Training, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT t.id, t.title, t.held_on, t.hours, t.recorded_by, COALESCE(u.display_name, ''), t.recorded_at
		FROM mediator_training t LEFT JOIN users u ON u.id = t.recorded_by
		WHERE t.mediator_id = $1
		ORDER BY t.held_on DESC, t.id DESC`, mediatorID)
	if err != nil {
		return nil, fmt.Errorf("roster: training: %w", err)
	}
	defer rows.Close()
	var out []Training
	for rows.Next() {
		t := Training{MediatorID: mediatorID}
		var day string
		if err := rows.Scan(&t.ID, &t.Title, &day, &t.Hours, &t.RecordedBy, &t.Recorder, &t.RecordedAt); err != nil {
			return nil, fmt.Errorf("roster: training: %w", err)
		}
		if t.HeldOn, err = time.ParseInLocation(time.DateOnly, day, tiaojie.Beijing()); err != nil {
			return nil, fmt.Errorf("roster: training %d: %w", t.ID, err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// trainingHours sums a mediator's hours held within the window that ends
// on now's day, as q sees them.
func trainingHours(ctx context.Context, q db.Queryer, mediatorID int64, now time.Time) (int, error) {
	from, to := tiaojie.TrainingWindow(now)
	var hours int
	err := q.QueryRowContext(ctx, `
		SELECT COALESCE(SUM(hours), 0) FROM mediator_training
		WHERE mediator_id = $1 AND held_on >= $2 AND held_on <= $3`,
		mediatorID, from.Format(time.DateOnly), to.Format(time.DateOnly)).Scan(&hours)
	if err != nil {
		return 0, fmt.Errorf("roster: training hours: %w", err)
	}
	return hours, nil
}

// checkTraining refuses a mediator whose training falls short of the
// policy q sees (mediator.under_trained, with the hours had and required).
func checkTraining(ctx context.Context, q db.Queryer, mediatorID int64, now time.Time) error {
	pol, err := settings.Load(ctx, q)
	if err != nil {
		return err
	}
	if !pol.TrainingEnforced() {
		return nil
	}
	hours, err := trainingHours(ctx, q, mediatorID, now)
	if err != nil {
		return err
	}
	return pol.CheckTraining(hours)
}
