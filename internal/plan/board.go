package plan

import (
	"context"
	"slices"

	"tiaojie"
)

// Board is the progress board: every phase with its tasks and completion,
// and the pilot townships' rows.
type Board struct {
	Phases []Phase
	Rows   []Row // the bureau: every pilot township, by batch; a township office: its own township(s)
	// Facts are the district-wide figures (district-level organizations,
	// featured ones), the bureau's view only; zero for a township office.
	Facts  tiaojie.PlanFacts
	Full   bool           // the bureau's view: notes, evidence, district figures
	Pilots map[string]int // township → batch, the bureau's view only
	Today  string         // the day the board was computed for, Beijing
}

// Board computes the progress board for p: the bureau sees everything; a
// township office sees the phases and its own township's row; anyone else
// is refused.
func (s *Service) Board(ctx context.Context, p *tiaojie.Principal) (*Board, error) {
	towns, all, err := viewScope(p)
	if err != nil {
		return nil, s.settle(ctx, p, "plan.read", "plan", 0, err)
	}
	if err := s.ensure(ctx); err != nil {
		return nil, err
	}
	q := s.db.Reader()
	phases, err := loadPhases(ctx, q)
	if err != nil {
		return nil, err
	}
	pilots, err := loadPilots(ctx, q)
	if err != nil {
		return nil, err
	}
	facts, err := Facts(ctx, q)
	if err != nil {
		return nil, err
	}
	b := &Board{Phases: phases, Full: all, Today: s.today()}
	s.progress(b, pilots, facts)
	b.Rows = s.rows(pilots, facts, towns, all)
	if all {
		b.Facts, b.Pilots = facts, pilots
	} else {
		for i := range b.Phases {
			b.Phases[i].Pilots = nil
			for j := range b.Phases[i].Tasks {
				t := &b.Phases[i].Tasks[j]
				t.Note, t.FileKey, t.FileName, t.DoneBy = "", "", "", 0
			}
		}
	}
	return b, nil
}

// progress settles every task (computed from the facts, or as ticked) and
// each phase's completion and overdue count.
func (s *Service) progress(b *Board, pilots map[string]int, facts tiaojie.PlanFacts) {
	for i := range b.Phases {
		ph := &b.Phases[i]
		ph.Pilots = s.batch(pilots, ph.Batch)
		want, _ := tiaojie.PilotBatchSize(ph.Batch)
		ph.Done, ph.Overdue = 0, 0
		for j := range ph.Tasks {
			t := &ph.Tasks[j]
			if t.Computed() {
				t.Done = facts.MetricDone(t.Metric, ph.Pilots, want)
			}
			t.Overdue = tiaojie.TaskOverdue(t.DueOn, t.Done, b.Today)
			if t.Done {
				ph.Done++
			}
			if t.Overdue {
				ph.Overdue++
			}
		}
		ph.Percent = tiaojie.Percent(ph.Done, len(ph.Tasks))
	}
}

// batch returns the townships of batch n (0: every pilot township) in the
// district's order.
func (s *Service) batch(pilots map[string]int, n int) []string {
	var out []string
	for code, b := range pilots {
		if n == 0 || b == n {
			out = append(out, code)
		}
	}
	s.sortByDistrict(out)
	return out
}

// rows builds the board's rows: every pilot township for the bureau
// (all), the caller's own townships otherwise, pilot or not.
func (s *Service) rows(pilots map[string]int, facts tiaojie.PlanFacts, towns []string, all bool) []Row {
	var codes []string
	if all {
		codes = s.batch(pilots, 0)
		slices.SortStableFunc(codes, func(a, b string) int { return pilots[a] - pilots[b] })
	} else {
		codes = slices.Clone(towns)
		s.sortByDistrict(codes)
	}
	out := make([]Row, 0, len(codes))
	for _, code := range codes {
		t, ok := s.district.Township(code)
		if !ok {
			continue
		}
		f := facts.Townships[code]
		r := Row{Township: t, Batch: pilots[code], Facts: f, Complete: f.Complete()}
		for _, c := range tiaojie.PlanChecks() {
			r.Checks = append(r.Checks, Check{Check: c, Done: f.Done(c)})
		}
		out = append(out, r)
	}
	return out
}

// Phase returns phase seq of b, false when there is none.
func (b *Board) Phase(seq int) (*Phase, bool) {
	for i := range b.Phases {
		if b.Phases[i].Seq == seq {
			return &b.Phases[i], true
		}
	}
	return nil, false
}

// RowsOf returns the rows of batch n (0: all).
func (b *Board) RowsOf(n int) []Row {
	if n == 0 {
		return b.Rows
	}
	var out []Row
	for _, r := range b.Rows {
		if r.Batch == n {
			out = append(out, r)
		}
	}
	return out
}

// Row returns the row of a township, false when the board has none.
func (b *Board) Row(code string) (*Row, bool) {
	for i := range b.Rows {
		if b.Rows[i].Township.Code == code {
			return &b.Rows[i], true
		}
	}
	return nil, false
}

// Complete counts the complete rows among rows.
func Complete(rows []Row) int {
	n := 0
	for _, r := range rows {
		if r.Complete {
			n++
		}
	}
	return n
}
