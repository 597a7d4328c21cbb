package plan

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/files"
)

// TickInput is what the bureau gives when it marks a manual task done:
// the day, a note and the evidence (minutes of a 座谈会, a report).
type TickInput struct {
	DoneOn   string        // YYYY-MM-DD; "" for today
	Note     string        // required, at most 1000 characters
	Evidence *files.Upload // required: a PDF, an image or an office document
}

// Tick marks a manual task done with a note and evidence, stored through
// internal/files in the same transaction. A computed task cannot be
// ticked (the platform's records decide it), nor a task already ticked.
func (s *Service) Tick(ctx context.Context, p *tiaojie.Principal, id int64, in TickInput) error {
	if err := needManage(p); err != nil {
		return s.settle(ctx, p, "plan.tick", "plan_task", id, err)
	}
	in.Note = strings.TrimSpace(in.Note)
	if in.DoneOn == "" {
		in.DoneOn = s.today()
	}
	var fe tiaojie.FieldErrors
	if n := utf8.RuneCountInString(in.Note); n < 1 || n > 1000 {
		fe.Add("note", "plan.note_length")
	}
	if d, err := time.Parse(time.DateOnly, in.DoneOn); err != nil || in.DoneOn > s.today() || d.Year() < 2000 {
		fe.Add("done_on", "plan.done_on")
	}
	if in.Evidence == nil {
		fe.Add("file", "plan.evidence_required")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		t, err := loadTask(ctx, tx, id)
		if err != nil {
			return err
		}
		switch {
		case t.Computed():
			return tiaojie.E(tiaojie.Conflict, "plan.task_computed")
		case t.Done:
			return tiaojie.E(tiaojie.Conflict, "plan.task_done")
		}
		m, err := s.files.Save(ctx, tx, files.Document(), "plan_task", id, *in.Evidence, false, max(p.UserID, 0))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE plan_tasks SET done = TRUE, done_on = $1, note = $2, file_key = $3, done_by = $4, done_at = $5, updated_at = $5
			WHERE id = $6`, in.DoneOn, in.Note, m.Key, max(p.UserID, 0), s.now(), id); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "plan.tick", "plan_task", itoa(id), map[string]string{"done_on": in.DoneOn, "file": m.Key})
	})
}

// Untick reopens a ticked task with a reason, which the audit trail keeps
// with the note and evidence it clears (the file itself stays stored).
func (s *Service) Untick(ctx context.Context, p *tiaojie.Principal, id int64, reason string) error {
	if err := needManage(p); err != nil {
		return s.settle(ctx, p, "plan.untick", "plan_task", id, err)
	}
	reason = strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(reason); n < 1 || n > 1000 {
		var fe tiaojie.FieldErrors
		fe.Add("reason", "plan.reason_length")
		return fe.Err()
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		t, err := loadTask(ctx, tx, id)
		if err != nil {
			return err
		}
		if !t.Done {
			return tiaojie.E(tiaojie.Conflict, "plan.task_not_done")
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE plan_tasks SET done = FALSE, done_on = '', note = '', file_key = NULL, done_by = 0, done_at = NULL, updated_at = $1
			WHERE id = $2`, s.now(), id); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "plan.untick", "plan_task", itoa(id),
			map[string]string{"reason": reason, "note": t.Note, "file": t.FileKey, "done_on": t.DoneOn})
	})
}

// Evidence returns a ticked task's evidence file to the bureau.
func (s *Service) Evidence(ctx context.Context, p *tiaojie.Principal, id int64) (files.Meta, []byte, error) {
	if err := needManage(p); err != nil {
		return files.Meta{}, nil, s.settle(ctx, p, "plan.evidence", "plan_task", id, err)
	}
	t, err := loadTask(ctx, s.db.Reader(), id)
	if err != nil {
		return files.Meta{}, nil, err
	}
	if t.FileKey == "" {
		return files.Meta{}, nil, notFound()
	}
	m, err := s.files.Meta(ctx, s.db.Reader(), t.FileKey)
	if err != nil {
		return files.Meta{}, nil, err
	}
	data, err := s.files.Read(ctx, m)
	return m, data, err
}
