package rating

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
	"tiaojie/internal/experts"
	"tiaojie/internal/export"
	"tiaojie/internal/files"
	"tiaojie/internal/i18n"
)

const appSelect = `SELECT a.id, a.round_id, a.org_id, o.name,
	(SELECT COUNT(*) FROM rating_assignments x WHERE x.application_id = a.id),
	(SELECT COUNT(*) FROM rating_assignments x WHERE x.application_id = a.id AND x.submitted_at IS NOT NULL),
	a.total10, COALESCE(a.stars, 0), a.final10, COALESCE(a.final_stars, 0),
	(SELECT COUNT(*) FROM rating_objections j WHERE j.application_id = a.id),
	(SELECT COUNT(*) FROM rating_objections j WHERE j.application_id = a.id AND j.answered_at IS NULL),
	a.created_at
	FROM rating_applications a JOIN orgs o ON o.id = a.org_id`

func scanApp(sc interface{ Scan(...any) error }) (AppRow, error) {
	var a AppRow
	var total, final sql.NullInt64
	err := sc.Scan(&a.ID, &a.RoundID, &a.OrgID, &a.OrgName, &a.Experts, &a.Submitted, &total, &a.Stars, &final, &a.FinalStars,
		&a.Objections, &a.Open, &a.CreatedAt)
	a.Published, a.Total10, a.Total = total.Valid, int(total.Int64), points(int(total.Int64))
	a.Finalized, a.Final = final.Valid, points(int(final.Int64))
	return a, err
}

func applicationRows(ctx context.Context, q db.Queryer, cond string, args ...any) ([]AppRow, error) {
	rows, err := q.QueryContext(ctx, appSelect+` WHERE `+cond+` ORDER BY a.round_id DESC, a.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AppRow
	for rows.Next() {
		a, err := scanApp(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Applications lists a round's applications: all of them to the bureau,
// their own to organizations' admins.
func (s *Service) Applications(ctx context.Context, p *tiaojie.Principal, roundID int64) ([]AppRow, error) {
	switch {
	case p.Can(tiaojie.PermRatings):
		return applicationRows(ctx, s.db.Reader(), `a.round_id = $1`, roundID)
	case p.Can(tiaojie.PermRatingApply):
		var w db.Where
		w.Add("a.round_id = " + w.Arg(roundID))
		w.Add("a.org_id IN (" + db.In(&w, p.AdminOrgIDs()) + ")")
		return applicationRows(ctx, s.db.Reader(), w.String(), w.Args()...)
	}
	return nil, s.settle(ctx, p, "rating.application.list", "rating_round", roundID, forbidden())
}

// MyApplications lists the applications of the organizations the caller
// administers, newest round first.
func (s *Service) MyApplications(ctx context.Context, p *tiaojie.Principal) ([]AppRow, error) {
	orgs := p.AdminOrgIDs()
	if len(orgs) == 0 || !p.Can(tiaojie.PermRatingApply) {
		return nil, s.settle(ctx, p, "rating.application.list", "rating_application", 0, forbidden())
	}
	var w db.Where
	w.Add("a.org_id IN (" + db.In(&w, orgs) + ")")
	return applicationRows(ctx, s.db.Reader(), w.String(), w.Args()...)
}

// viewer decides what p may see of an application: "manager", "org",
// "expert" (with the expert's id), or a refusal that hides it.
func viewer(ctx context.Context, q db.Queryer, p *tiaojie.Principal, a *appHead) (string, int64, error) {
	switch {
	case p.Can(tiaojie.PermRatings):
		return "manager", 0, nil
	case adminOf(p, a.OrgID):
		return "org", 0, nil
	case p.Can(tiaojie.PermExpertReview):
		id, err := experts.ByUser(ctx, q, p.UserID)
		if err != nil {
			return "", 0, hidden()
		}
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM rating_assignments WHERE application_id = $1 AND expert_id = $2`,
			a.ID, id).Scan(&n); err != nil {
			return "", 0, err
		}
		if n > 0 {
			return "expert", id, nil
		}
	}
	return "", 0, hidden()
}

// Application returns an application with what the caller may see of it
// (see Application).
func (s *Service) Application(ctx context.Context, p *tiaojie.Principal, id int64) (*Application, error) {
	q := s.db.Reader()
	h, err := loadHead(ctx, q, id)
	if err != nil {
		return nil, err
	}
	who, expertID, err := viewer(ctx, q, p, h)
	if err != nil {
		return nil, s.settle(ctx, p, "rating.application.read", "rating_application", id, err)
	}
	row, err := scanApp(q.QueryRowContext(ctx, appSelect+` WHERE a.id = $1`, id))
	if err != nil {
		return nil, err
	}
	a := &Application{AppRow: row, Viewer: who}
	if a.Round, err = loadRound(ctx, q, h.RoundID); err != nil {
		return nil, err
	}
	if err := q.QueryRowContext(ctx, `SELECT statement FROM rating_applications WHERE id = $1`, id).Scan(&a.Statement); err != nil {
		return nil, err
	}
	if a.Indicators, err = indicators(ctx, q, h.SetID); err != nil {
		return nil, err
	}
	if a.Self, err = marksOf(ctx, q, `SELECT indicator_id, score10, note FROM rating_self WHERE application_id = $1`, id); err != nil {
		return nil, err
	}
	if a.Evidence, err = evidenceOf(ctx, q, id); err != nil {
		return nil, err
	}
	if err := s.fillFor(ctx, q, a, who, expertID); err != nil {
		return nil, err
	}
	return a, nil
}

// fillFor adds what only some viewers see: the experts and their scores
// (the bureau all, an expert their own), the platform figures (bureau and
// experts), the objections (bureau and organization); and hides from the
// organization what is not published yet.
func (s *Service) fillFor(ctx context.Context, q db.Queryer, a *Application, who string, expertID int64) error {
	var err error
	if who != "org" {
		if a.Assignments, err = assignments(ctx, q, a.ID); err != nil {
			return err
		}
		if who == "expert" {
			mine := a.Assignments[:0]
			for _, x := range a.Assignments {
				if x.ExpertID == expertID {
					mine = append(mine, x)
				}
			}
			a.Assignments = mine
		}
		f, err := s.figures(ctx, q, a.OrgID, a.Round)
		if err != nil {
			return err
		}
		a.Figures = &f
	}
	if who != "expert" {
		if a.Objections, err = objectionsOf(ctx, q, a.ID); err != nil {
			return err
		}
	}
	if who == "org" {
		a.Experts, a.Submitted = 0, 0
	}
	return nil
}

func evidenceOf(ctx context.Context, q db.Queryer, appID int64) ([]Evidence, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT v.id, COALESCE(v.indicator_id, 0), v.title, f.filename, f.size, v.uploaded_at
		FROM rating_evidence v JOIN files f ON f.key = v.file_key WHERE v.application_id = $1 ORDER BY v.id`, appID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Evidence
	for rows.Next() {
		var e Evidence
		if err := rows.Scan(&e.ID, &e.IndicatorID, &e.Title, &e.Filename, &e.Size, &e.UploadedAt); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// OpenEvidence returns an evidence file to those who may see the
// application; each opening is audited.
func (s *Service) OpenEvidence(ctx context.Context, p *tiaojie.Principal, appID, evidenceID int64) (files.Meta, []byte, error) {
	q := s.db.Reader()
	h, err := loadHead(ctx, q, appID)
	if err != nil {
		return files.Meta{}, nil, err
	}
	if _, _, err := viewer(ctx, q, p, h); err != nil {
		return files.Meta{}, nil, s.settle(ctx, p, "rating.evidence.read", "rating_application", appID, err)
	}
	var key string
	err = q.QueryRowContext(ctx, `SELECT file_key FROM rating_evidence WHERE id = $1 AND application_id = $2`, evidenceID, appID).Scan(&key)
	if err != nil {
		return files.Meta{}, nil, db.MapError(err)
	}
	m, err := s.files.Meta(ctx, q, key)
	if err != nil {
		return files.Meta{}, nil, err
	}
	data, err := s.files.Read(ctx, m)
	if err != nil {
		return files.Meta{}, nil, err
	}
	err = s.audit.RecordAlone(ctx, s.db, p, audit.Event{Action: "rating.evidence.read", ObjectType: "rating_application",
		ObjectID: itoa(appID), Detail: map[string]string{"evidence": itoa(evidenceID)}})
	return m, data, err
}

// Task is an application assigned to the calling expert.
type Task struct {
	AppID       int64
	RoundID     int64
	RoundTitle  string
	OrgName     string
	Status      tiaojie.RatingRoundStatus
	AssignedAt  time.Time
	SubmittedAt time.Time
}

// MyAssignments lists the applications assigned to the calling expert
// (experts.ByUser), newest first.
func (s *Service) MyAssignments(ctx context.Context, p *tiaojie.Principal) ([]Task, error) {
	if !p.Can(tiaojie.PermExpertReview) {
		return nil, s.settle(ctx, p, "rating.assignment.list", "rating_application", 0, forbidden())
	}
	q := s.db.Reader()
	expertID, err := experts.ByUser(ctx, q, p.UserID)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `
		SELECT a.id, r.id, r.title, o.name, r.status, x.assigned_at, x.submitted_at
		FROM rating_assignments x JOIN rating_applications a ON a.id = x.application_id
		JOIN rating_rounds r ON r.id = a.round_id JOIN orgs o ON o.id = a.org_id
		WHERE x.expert_id = $1 ORDER BY x.assigned_at DESC, a.id DESC LIMIT 500`, expertID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Task
	for rows.Next() {
		var t Task
		var status string
		var sub sql.NullTime
		if err := rows.Scan(&t.AppID, &t.RoundID, &t.RoundTitle, &t.OrgName, &status, &t.AssignedAt, &sub); err != nil {
			return nil, err
		}
		t.Status, t.SubmittedAt = tiaojie.RatingRoundStatus(status), sub.Time
		out = append(out, t)
	}
	return out, rows.Err()
}

// Result is one organization's public result in a round.
type Result struct {
	OrgID      int64
	OrgName    string
	Total      float64
	Stars      int
	Final      bool
	FinalTotal float64
	FinalStars int
}

// Results returns a round's public results (publicized or final) by
// total, highest first; NotFound before publication.
func (s *Service) Results(ctx context.Context, roundID int64) (*Round, []Result, error) {
	q := s.db.Reader()
	r, err := loadRound(ctx, q, roundID)
	if err != nil {
		return nil, nil, err
	}
	if !r.Status.Public() {
		return nil, nil, notFound()
	}
	apps, err := applicationRows(ctx, q, `a.round_id = $1`, roundID)
	if err != nil {
		return nil, nil, err
	}
	out := make([]Result, 0, len(apps))
	for _, a := range apps {
		out = append(out, Result{OrgID: a.OrgID, OrgName: a.OrgName, Total: a.Total, Stars: a.Stars, Final: a.Finalized,
			FinalTotal: a.Final, FinalStars: a.FinalStars})
	}
	sortResults(out)
	return r, out, nil
}

func sortResults(rs []Result) {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && rs[j].Total > rs[j-1].Total; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

// Export returns a round's applications and results as a worksheet for
// the bureau, in the reader's language (w); the export is audited.
func (s *Service) Export(ctx context.Context, p *tiaojie.Principal, roundID int64, w i18n.Words) (export.Sheet, error) {
	if err := manager(p); err != nil {
		return export.Sheet{}, s.settle(ctx, p, "rating.export", "rating_round", roundID, err)
	}
	r, err := loadRound(ctx, s.db.Reader(), roundID)
	if err != nil {
		return export.Sheet{}, err
	}
	apps, err := applicationRows(ctx, s.db.Reader(), `a.round_id = $1`, roundID)
	if err != nil {
		return export.Sheet{}, err
	}
	sheet := export.Sheet{Name: w.T("rating.xlsx.sheet"), Headers: w.List("rating.xlsx.", "round", "org", "experts", "submitted", "total", "stars",
		"objections", "final", "final_stars")}
	for _, a := range apps {
		var total, stars, final, fstars any
		if a.Published {
			total, stars = a.Total, a.Stars
		}
		if a.Finalized {
			final, fstars = a.Final, a.FinalStars
		}
		sheet.Rows = append(sheet.Rows, []any{r.Title, a.OrgName, a.Experts, a.Submitted, total, stars, a.Objections, final, fstars})
	}
	err = s.audit.RecordAlone(ctx, s.db, p, audit.Event{Action: "rating.export", ObjectType: "rating_round", ObjectID: itoa(roundID),
		Detail: map[string]string{"rows": strconv.Itoa(len(apps))}})
	return sheet, err
}
