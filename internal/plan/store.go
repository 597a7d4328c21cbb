package plan

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"tiaojie"
	"tiaojie/internal/db"
)

// ensure stores the policy's default plan when the district has none, as
// the platform's own act. Two first readers at once: the second's insert
// fails on the phases' key and it finds the plan the first stored.
func (s *Service) ensure(ctx context.Context) error {
	n, err := countPhases(ctx, s.db.Reader())
	if err != nil || n > 0 {
		return err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if n, err := countPhases(ctx, tx); err != nil || n > 0 {
			return err
		}
		now := s.now()
		for i, ph := range tiaojie.DefaultPlan(s.district) {
			seq := i + 1
			if _, err := tx.ExecContext(ctx, `INSERT INTO plan_phases (seq, name, starts_on, ends_on, updated_at) VALUES ($1, $2, $3, $4, $5)`,
				seq, ph.Name, ph.StartsOn, ph.EndsOn, now); err != nil {
				return err
			}
			for j, t := range ph.Tasks {
				if _, err := insertTask(ctx, tx, seq, j+1, t, s); err != nil {
					return err
				}
			}
		}
		return s.record(ctx, tx, tiaojie.System(), "plan.default", "plan", "", nil)
	})
	if err != nil {
		if n, cerr := countPhases(ctx, s.db.Reader()); cerr == nil && n > 0 {
			return nil
		}
	}
	return err
}

func countPhases(ctx context.Context, q db.Queryer) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM plan_phases`).Scan(&n)
	return n, err
}

func insertTask(ctx context.Context, tx *db.Tx, phase, position int, t tiaojie.PlanTaskInput, s *Service) (int64, error) {
	now := s.now()
	var id int64
	err := tx.QueryRowContext(ctx, `
		INSERT INTO plan_tasks (phase, position, text, owner, due_on, metric, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		phase, position, t.Text, t.Owner, t.DueOn, string(t.Metric), now, now).Scan(&id)
	return id, err
}

// loadPhases reads the phases and their tasks in order.
func loadPhases(ctx context.Context, q db.Queryer) ([]Phase, error) {
	rows, err := q.QueryContext(ctx, `SELECT seq, name, starts_on, ends_on FROM plan_phases ORDER BY seq`)
	if err != nil {
		return nil, err
	}
	var out []Phase
	for rows.Next() {
		var p Phase
		if err := rows.Scan(&p.Seq, &p.Name, &p.StartsOn, &p.EndsOn); err != nil {
			rows.Close()
			return nil, err
		}
		p.Batch = tiaojie.PhaseBatch(p.Seq)
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	tasks, err := loadTasks(ctx, q, 0)
	if err != nil {
		return nil, err
	}
	for _, t := range tasks {
		for i := range out {
			if out[i].Seq == t.Phase {
				out[i].Tasks = append(out[i].Tasks, t)
			}
		}
	}
	return out, nil
}

// loadTasks reads every task, or the one with id when id > 0.
func loadTasks(ctx context.Context, q db.Queryer, id int64) ([]Task, error) {
	var w db.Where
	if id > 0 {
		w.Add("t.id = " + w.Arg(id))
	}
	rows, err := q.QueryContext(ctx, `
		SELECT t.id, t.phase, t.position, t.text, t.owner, t.due_on, t.metric, t.done, t.done_on, t.note,
		       COALESCE(t.file_key, ''), COALESCE(f.filename, ''), t.done_by
		FROM plan_tasks t LEFT JOIN files f ON f.key = t.file_key
		WHERE `+w.String()+` ORDER BY t.phase, t.position, t.id`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Task
	for rows.Next() {
		var t Task
		var metric string
		if err := rows.Scan(&t.ID, &t.Phase, &t.Position, &t.Text, &t.Owner, &t.DueOn, &metric, &t.Done, &t.DoneOn, &t.Note,
			&t.FileKey, &t.FileName, &t.DoneBy); err != nil {
			return nil, err
		}
		t.Metric = tiaojie.PlanMetric(metric)
		out = append(out, t)
	}
	return out, rows.Err()
}

// loadTask reads one task; NotFound when there is none.
func loadTask(ctx context.Context, q db.Queryer, id int64) (*Task, error) {
	ts, err := loadTasks(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		return nil, notFound()
	}
	return &ts[0], nil
}

// loadPilots reads the pilot townships: code → batch.
func loadPilots(ctx context.Context, q db.Queryer) (map[string]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT township, batch FROM plan_pilots`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var code string
		var b int
		if err := rows.Scan(&code, &b); err != nil {
			return nil, err
		}
		out[code] = b
	}
	return out, rows.Err()
}

// UpdatePhase changes a phase's name and dates. Only the bureau may.
func (s *Service) UpdatePhase(ctx context.Context, p *tiaojie.Principal, seq int, in tiaojie.PlanPhaseInput) error {
	if err := needManage(p); err != nil {
		return s.settle(ctx, p, "plan.phase_update", "plan_phase", int64(seq), err)
	}
	if err := in.Validate(); err != nil {
		return err
	}
	if err := s.ensure(ctx); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE plan_phases SET name = $1, starts_on = $2, ends_on = $3, updated_at = $4 WHERE seq = $5`,
			in.Name, in.StartsOn, in.EndsOn, s.now(), seq)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound()
		}
		return s.record(ctx, tx, p, "plan.phase_update", "plan_phase", strconv.Itoa(seq),
			map[string]string{"name": in.Name, "starts_on": in.StartsOn, "ends_on": in.EndsOn})
	})
}

// AddTask adds a task at the end of a phase and returns its id. Only the
// bureau may.
func (s *Service) AddTask(ctx context.Context, p *tiaojie.Principal, seq int, in tiaojie.PlanTaskInput) (int64, error) {
	if err := needManage(p); err != nil {
		return 0, s.settle(ctx, p, "plan.task_add", "plan_phase", int64(seq), err)
	}
	if err := in.Validate(); err != nil {
		return 0, err
	}
	if err := s.ensure(ctx); err != nil {
		return 0, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var last sql.NullInt64
		var phases int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM plan_phases WHERE seq = $1`, seq).Scan(&phases); err != nil {
			return err
		}
		if phases == 0 {
			return notFound()
		}
		if err := tx.QueryRowContext(ctx, `SELECT MAX(position) FROM plan_tasks WHERE phase = $1`, seq).Scan(&last); err != nil {
			return err
		}
		var err error
		if id, err = insertTask(ctx, tx, seq, int(last.Int64)+1, in, s); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "plan.task_add", "plan_task", itoa(id), taskDetail(in))
	})
	return id, err
}

// UpdateTask changes a task's text, owner, due date and kind. A ticked
// manual task must be unticked (with a reason) before it becomes computed.
func (s *Service) UpdateTask(ctx context.Context, p *tiaojie.Principal, id int64, in tiaojie.PlanTaskInput) error {
	if err := needManage(p); err != nil {
		return s.settle(ctx, p, "plan.task_update", "plan_task", id, err)
	}
	if err := in.Validate(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		t, err := loadTask(ctx, tx, id)
		if err != nil {
			return err
		}
		if t.Done && in.Metric != "" {
			return tiaojie.E(tiaojie.Conflict, "plan.task_ticked")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE plan_tasks SET text = $1, owner = $2, due_on = $3, metric = $4, updated_at = $5 WHERE id = $6`,
			in.Text, in.Owner, in.DueOn, string(in.Metric), s.now(), id); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "plan.task_update", "plan_task", itoa(id), taskDetail(in))
	})
}

// DeleteTask removes a task the bureau no longer plans. A ticked task
// keeps its record: it must be unticked first.
func (s *Service) DeleteTask(ctx context.Context, p *tiaojie.Principal, id int64) error {
	if err := needManage(p); err != nil {
		return s.settle(ctx, p, "plan.task_delete", "plan_task", id, err)
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		t, err := loadTask(ctx, tx, id)
		if err != nil {
			return err
		}
		if t.Done {
			return tiaojie.E(tiaojie.Conflict, "plan.task_ticked")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM plan_tasks WHERE id = $1`, id); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "plan.task_delete", "plan_task", itoa(id), map[string]string{"text": t.Text})
	})
}

func taskDetail(in tiaojie.PlanTaskInput) map[string]string {
	return map[string]string{"owner": in.Owner, "due_on": in.DueOn, "metric": string(in.Metric)}
}

// SetBatch chooses the pilot townships of batch n (3, 6 or 9 of them, as
// the policy says), replacing the batch's earlier choice. Wrong counts,
// unknown townships and townships of another batch are refused with
// nothing changed.
func (s *Service) SetBatch(ctx context.Context, p *tiaojie.Principal, n int, townships []string) error {
	if err := needManage(p); err != nil {
		return s.settle(ctx, p, "plan.batch", "plan_batch", int64(n), err)
	}
	for i := range townships {
		townships[i] = strings.TrimSpace(townships[i])
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		current, err := loadPilots(ctx, tx)
		if err != nil {
			return err
		}
		if err := tiaojie.ValidateBatch(n, townships, current, s.district); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM plan_pilots WHERE batch = $1`, n); err != nil {
			return err
		}
		now := s.now()
		for _, code := range townships {
			if _, err := tx.ExecContext(ctx, `INSERT INTO plan_pilots (township, batch, chosen_by, chosen_at) VALUES ($1, $2, $3, $4)`,
				code, n, max(p.UserID, 0), now); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, p, "plan.batch", "plan_batch", strconv.Itoa(n), map[string]string{"townships": strings.Join(townships, ",")})
	})
}
