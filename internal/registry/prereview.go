package registry

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/db"
)

// Prereview is the founders' pre-review file (前置审查材料) besides the
// charter, which is a document of kind DocCharter. Each part is free text
// of at most 5000 characters.
type Prereview struct {
	Founders    string    // 举办者/发起人 and their qualifications
	Mediators   string    // planned mediators (at least three qualified ones)
	Premises    string    // 办公场所
	Funding     string    // 活动资金及来源
	SubmittedAt time.Time // last submission to pre-review; zero before
	UpdatedAt   time.Time
}

// missing names the parts not yet filled in.
func (pr Prereview) missing() []string {
	var out []string
	for _, f := range []struct{ name, value string }{
		{"founders", pr.Founders}, {"mediators", pr.Mediators}, {"premises", pr.Premises}, {"funding", pr.Funding},
	} {
		if strings.TrimSpace(f.value) == "" {
			out = append(out, f.name)
		}
	}
	return out
}

// SetPrereview saves the pre-review materials of an organization in
// preparation (筹建); once submitted they are frozen until the bureau
// returns the application. It needs orgs.edit over the organization.
func (s *Service) SetPrereview(ctx context.Context, p *tiaojie.Principal, id int64, pr Prereview) error {
	var fe tiaojie.FieldErrors
	for _, f := range []struct {
		name  string
		value *string
	}{{"founders", &pr.Founders}, {"mediators", &pr.Mediators}, {"premises", &pr.Premises}, {"funding", &pr.Funding}} {
		*f.value = strings.TrimSpace(*f.value)
		if utf8.RuneCountInString(*f.value) > 5000 {
			fe.Add(f.name, "org.prereview_length")
		}
	}
	return s.withOrg(ctx, p, id, "org.prereview", staffGuard(tiaojie.PermOrgsEdit), func(tx *db.Tx, o *Org) error {
		if o.Status != tiaojie.StatusPreparing {
			return tiaojie.E(tiaojie.Conflict, "org.prereview_locked")
		}
		if err := fe.Err(); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `
			INSERT INTO org_prereview (org_id, founders, mediators, premises, funding, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (org_id) DO UPDATE SET founders = excluded.founders, mediators = excluded.mediators,
			       premises = excluded.premises, funding = excluded.funding, updated_at = excluded.updated_at`,
			id, pr.Founders, pr.Mediators, pr.Premises, pr.Funding, s.now())
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "org.prereview", id, map[string]string{"missing": strings.Join(pr.missing(), ",")})
	})
}

// GetPrereview returns an organization's pre-review materials (empty
// when none were saved) to staff with orgs.read whose scope covers it.
func (s *Service) GetPrereview(ctx context.Context, p *tiaojie.Principal, id int64) (Prereview, error) {
	if _, err := s.readOrg(ctx, p, id, "org.prereview_read", staffGuard(tiaojie.PermOrgsRead)); err != nil {
		return Prereview{}, err
	}
	return loadPrereview(ctx, s.db.Reader(), id)
}

func loadPrereview(ctx context.Context, q db.Queryer, id int64) (Prereview, error) {
	var pr Prereview
	var submitted sql.NullTime
	err := q.QueryRowContext(ctx, `
		SELECT founders, mediators, premises, funding, submitted_at, updated_at
		FROM org_prereview WHERE org_id = $1`, id).Scan(&pr.Founders, &pr.Mediators, &pr.Premises, &pr.Funding, &submitted, &pr.UpdatedAt)
	if err == sql.ErrNoRows {
		return Prereview{}, nil
	}
	if err != nil {
		return Prereview{}, fmt.Errorf("registry: pre-review: %w", err)
	}
	pr.SubmittedAt = submitted.Time
	return pr, nil
}

// readyForReview checks that an application may be submitted: every part
// of the materials filled in and a charter uploaded. The field errors list
// everything missing at once.
func (s *Service) readyForReview(ctx context.Context, tx *db.Tx, id int64) error {
	pr, err := loadPrereview(ctx, tx, id)
	if err != nil {
		return err
	}
	var fe tiaojie.FieldErrors
	for _, f := range pr.missing() {
		fe.Add(f, "org.prereview_missing")
	}
	var charters int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM org_documents WHERE org_id = $1 AND kind = $2`,
		id, string(DocCharter)).Scan(&charters); err != nil {
		return err
	}
	if charters == 0 {
		fe.Add("charter", "org.charter_missing")
	}
	return fe.Err()
}

// QueueItem is an application waiting in pre-review, with the township
// office's opinion once it has given one.
type QueueItem struct {
	Org           *Org
	SubmittedAt   time.Time
	Opinion       string // OpinionSupport or OpinionOppose at the district stage; "" before
	OpinionReason string
}

// PrereviewQueue returns the applications waiting for the caller, oldest
// submission first: for a township office those at the township stage in
// its own townships, for the bureau those at the district stage. Other
// holders of orgs.lifecycle (organization admins) have an empty queue.
func (s *Service) PrereviewQueue(ctx context.Context, p *tiaojie.Principal) ([]QueueItem, error) {
	if !p.Can(tiaojie.PermOrgsLifecycle) {
		return nil, s.settle(ctx, p, "org.queue", 0, forbid("need", string(tiaojie.PermOrgsLifecycle)))
	}
	var w db.Where
	var stages []string
	if towns := p.Townships(); len(towns) > 0 {
		stages = append(stages, "(o.stage = "+w.Arg(tiaojie.StageTownship)+" AND o.township IN ("+db.In(&w, towns)+"))")
	}
	if p.Has(tiaojie.RoleBureau) || p.IsSystem() {
		stages = append(stages, "o.stage = "+w.Arg(tiaojie.StageDistrict))
	}
	if len(stages) == 0 {
		return []QueueItem{}, nil
	}
	rows, err := s.db.Reader().QueryContext(ctx, `
		SELECT `+orgColumns+`, pr.submitted_at
		FROM orgs o LEFT JOIN org_prereview pr ON pr.org_id = o.id
		WHERE o.status = `+w.Arg(string(tiaojie.StatusPrereview))+` AND (`+strings.Join(stages, " OR ")+`)
		ORDER BY pr.submitted_at, o.id`, w.Args()...)
	if err != nil {
		return nil, fmt.Errorf("registry: queue: %w", err)
	}
	items, err := scanQueue(rows)
	if err != nil {
		return nil, err
	}
	return items, s.fillQueue(ctx, items)
}

func scanQueue(rows *sql.Rows) ([]QueueItem, error) {
	defer rows.Close()
	items := []QueueItem{}
	for rows.Next() {
		var it QueueItem
		var submitted sql.NullTime
		o, err := scanOrg(scanFunc(func(dest ...any) error { return rows.Scan(append(dest, &submitted)...) }))
		if err != nil {
			return nil, err
		}
		it.Org, it.SubmittedAt = o, submitted.Time
		items = append(items, it)
	}
	return items, rows.Err()
}

// scanFunc adapts a function to the scanner interface, for rows that carry
// columns after an organization's.
type scanFunc func(dest ...any) error

// Scan calls f.
func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// fillQueue adds the organizations' tags and, at the district stage, the
// township office's latest opinion.
func (s *Service) fillQueue(ctx context.Context, items []QueueItem) error {
	orgs := make([]*Org, len(items))
	for i := range items {
		orgs[i] = items[i].Org
	}
	if err := loadTags(ctx, s.db.Reader(), orgs); err != nil {
		return err
	}
	for i := range items {
		if items[i].Org.Stage != tiaojie.StageDistrict {
			continue
		}
		err := s.db.Reader().QueryRowContext(ctx, `
			SELECT detail, reason FROM org_transitions
			WHERE org_id = $1 AND action = $2 ORDER BY id DESC LIMIT 1`, items[i].Org.ID, string(tiaojie.ActOpinion)).
			Scan(&items[i].Opinion, &items[i].OpinionReason)
		if err != nil && err != sql.ErrNoRows {
			return fmt.Errorf("registry: opinion: %w", err)
		}
	}
	return nil
}
