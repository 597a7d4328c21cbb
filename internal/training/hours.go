package training

import (
	"context"
	"strconv"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
	"tiaojie/internal/export"
	"tiaojie/internal/i18n"
	"tiaojie/internal/settings"
)

// HoursRow is a mediator's training standing: the hours of the calendar
// year, the hours of the policy's rolling window (tiaojie.TrainingWindow,
// the figure the roster checks) and whether they fall short.
type HoursRow struct {
	MediatorID int64
	Name       string
	Status     tiaojie.MediatorStatus
	Orgs       string // current organizations, by name
	YearHours  int
	Window     int
	Short      bool
}

// Hours is the standing of the mediators in a caller's scope.
type Hours struct {
	Year     int
	Required int       // the policy's requirement; 0: not enforced
	From, To time.Time // the window
	Rows     []HoursRow
	Short    int // how many fall short
}

// Hours lists the mediators on the roster (not removed) within p's scope
// for training.enrol with this year's and the window's hours, the short
// ones flagged, short first. One grouped query reads every figure.
func (s *Service) Hours(ctx context.Context, p *tiaojie.Principal) (*Hours, error) {
	if !p.Can(tiaojie.PermTrainingEnrol) {
		return nil, s.settle(ctx, p, "training.hours", "mediator", 0, forbidden(tiaojie.PermTrainingEnrol))
	}
	q := s.db.Reader()
	pol, err := settings.Load(ctx, q)
	if err != nil {
		return nil, err
	}
	now := s.now()
	h := &Hours{Year: now.In(tiaojie.Beijing()).Year(), Required: pol.TrainingHoursRequired}
	h.From, h.To = tiaojie.TrainingWindow(now)
	yearFrom := time.Date(h.Year, 1, 1, 0, 0, 0, 0, tiaojie.Beijing()).Format(time.DateOnly)
	yearTo := time.Date(h.Year, 12, 31, 0, 0, 0, 0, tiaojie.Beijing()).Format(time.DateOnly)
	w := &db.Where{}
	y1, y2 := w.Arg(yearFrom), w.Arg(yearTo)
	w1, w2 := w.Arg(h.From.Format(time.DateOnly)), w.Arg(h.To.Format(time.DateOnly))
	w.Add("m.status <> 'removed'")
	w.Add(scopeSQL(p, tiaojie.PermTrainingEnrol, w.Arg))
	rows, err := q.QueryContext(ctx, `
		SELECT m.id, m.name, m.status,
			COALESCE(SUM(CASE WHEN t.held_on >= `+y1+` AND t.held_on <= `+y2+` THEN t.hours END), 0),
			COALESCE(SUM(CASE WHEN t.held_on >= `+w1+` AND t.held_on <= `+w2+` THEN t.hours END), 0)
		FROM mediators m LEFT JOIN mediator_training t ON t.mediator_id = m.id
		WHERE `+w.String()+`
		GROUP BY m.id, m.name, m.status
		ORDER BY m.name, m.id LIMIT 20000`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := map[int64]int{}
	for rows.Next() {
		var r HoursRow
		var status string
		if err := rows.Scan(&r.MediatorID, &r.Name, &status, &r.YearHours, &r.Window); err != nil {
			return nil, err
		}
		r.Status, r.Short = tiaojie.MediatorStatus(status), pol.UnderTrained(r.Window)
		if r.Short {
			h.Short++
		}
		byID[r.MediatorID] = len(h.Rows)
		h.Rows = append(h.Rows, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := orgNames(ctx, q, p, h.Rows, byID); err != nil {
		return nil, err
	}
	// Short first, then by name (the query's order, kept by a stable sort).
	short := make([]HoursRow, 0, len(h.Rows))
	var rest []HoursRow
	for _, r := range h.Rows {
		if r.Short {
			short = append(short, r)
		} else {
			rest = append(rest, r)
		}
	}
	h.Rows = append(short, rest...)
	return h, nil
}

// orgNames fills the organizations of rows (the mediators in p's scope)
// with one query.
func orgNames(ctx context.Context, q db.Queryer, p *tiaojie.Principal, rows []HoursRow, byID map[int64]int) error {
	if len(rows) == 0 {
		return nil
	}
	w := &db.Where{}
	w.Add("mo.left_at IS NULL")
	if scope := scopeSQL(p, tiaojie.PermTrainingEnrol, w.Arg); scope != "" {
		w.Add("EXISTS (SELECT 1 FROM mediators m WHERE m.id = mo.mediator_id AND " + scope + ")")
	}
	res, err := q.QueryContext(ctx, `
		SELECT mo.mediator_id, o.name FROM mediator_orgs mo JOIN orgs o ON o.id = mo.org_id
		WHERE `+w.String()+` ORDER BY mo.mediator_id, o.name`, w.Args()...)
	if err != nil {
		return err
	}
	defer res.Close()
	for res.Next() {
		var id int64
		var name string
		if err := res.Scan(&id, &name); err != nil {
			return err
		}
		if i, ok := byID[id]; ok {
			if rows[i].Orgs != "" {
				rows[i].Orgs += "、"
			}
			rows[i].Orgs += name
		}
	}
	return res.Err()
}

// Export returns the hours of the mediators in p's scope as a sheet in
// the reader's language (w). The export is audited.
func (s *Service) Export(ctx context.Context, p *tiaojie.Principal, w i18n.Words) (export.Sheet, error) {
	h, err := s.Hours(ctx, p)
	if err != nil {
		return export.Sheet{}, err
	}
	sh := export.Sheet{Name: w.T("course.xlsx.sheet"), Headers: []string{w.T("course.xlsx.mediator"), w.T("course.xlsx.orgs"),
		w.T("course.xlsx.year_hours", "year", strconv.Itoa(h.Year)), w.T("course.xlsx.window_hours"), w.T("course.xlsx.required"),
		w.T("course.xlsx.short")}}
	for _, r := range h.Rows {
		standing := w.T("course.xlsx.short_no")
		if r.Short {
			standing = w.T("course.xlsx.short_yes")
		}
		sh.Rows = append(sh.Rows, []any{r.Name, r.Orgs, r.YearHours, r.Window, h.Required, standing})
	}
	err = s.audit.RecordAlone(ctx, s.db, p, audit.Event{Action: "training.hours.export", ObjectType: "mediator",
		Detail: map[string]string{"rows": strconv.Itoa(len(sh.Rows))}})
	return sh, err
}

// MyHours is a mediator's own standing: the hours of each year, the
// window's against the requirement.
type MyHours struct {
	MediatorID int64
	ByYear     map[int]int
	Window     int
	Required   int
	Short      bool
	From, To   time.Time
}

// HoursOf returns a mediator's hours by year and in the window, to the
// mediator and whoever may enrol them.
func (s *Service) HoursOf(ctx context.Context, p *tiaojie.Principal, mediatorID int64) (*MyHours, error) {
	q := s.db.Reader()
	m, err := loadMediator(ctx, q, mediatorID)
	if err == nil && !enroller(p, m) && !districtWide(p, tiaojie.PermTraining) {
		err = notFound()
	}
	if err != nil {
		return nil, s.settle(ctx, p, "training.hours", "mediator", mediatorID, err)
	}
	rows, err := q.QueryContext(ctx, `SELECT held_on, hours FROM mediator_training WHERE mediator_id = $1`, mediatorID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var recs []tiaojie.TrainingHours
	for rows.Next() {
		var d string
		var r tiaojie.TrainingHours
		if err := rows.Scan(&d, &r.Hours); err != nil {
			return nil, err
		}
		r.HeldOn = day(d)
		recs = append(recs, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	pol, err := settings.Load(ctx, q)
	if err != nil {
		return nil, err
	}
	out := &MyHours{MediatorID: mediatorID, ByYear: tiaojie.HoursByYear(recs), Required: pol.TrainingHoursRequired}
	out.From, out.To = tiaojie.TrainingWindow(s.now())
	out.Window = tiaojie.HoursWithin(recs, out.From, out.To)
	out.Short = pol.UnderTrained(out.Window)
	return out, nil
}
