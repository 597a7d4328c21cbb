package disclosure

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/export"
	"tiaojie/internal/i18n"
	"tiaojie/internal/settings"
)

// Row is one organization in the supervisors' overview of a year: where
// its annual disclosure stands, whether it is marked abnormal, and how
// many ad-hoc requests it leaves unfiled.
type Row struct {
	OrgID     int64
	OrgName   string
	Township  string
	Year      int
	Standing  tiaojie.DisclosureStanding
	Due       time.Time
	FiledAt   time.Time // first filing; zero when none
	ChainID   int64     // 0: not started
	Abnormal  bool      // the 活动异常 mark is set
	OpenAdhoc int       // ad-hoc requests not filed
}

// DueDate returns the last day to file, "YYYY-MM-DD" (Beijing time).
func (r Row) DueDate() string { return lastDay(r.Due) }

// Filter narrows the overview.
type Filter struct {
	Year     int // 0: the current duty's year
	Standing tiaojie.DisclosureStanding
	Township string
	Q        string // in the organization's name
}

// Overview returns, for supervisors (supervision.manage: the bureau
// district-wide, a township office its township), every organization that
// owes the annual disclosure of the year, by name.
func (s *Service) Overview(ctx context.Context, p *tiaojie.Principal, f Filter) ([]Row, error) {
	if !p.Can(tiaojie.PermSupervision) {
		return nil, s.settle(ctx, p, "disclosure.overview", "org", 0, forbidden(tiaojie.PermSupervision))
	}
	now := s.now()
	if f.Year == 0 {
		f.Year = tiaojie.DisclosureYear(now)
	}
	q := s.db.Reader()
	pol, err := settings.Load(ctx, q)
	if err != nil {
		return nil, err
	}
	ds, err := duties(ctx, q, pol, f.Year, 0)
	if err != nil {
		return nil, err
	}
	rows := map[int64]*Row{}
	for _, d := range ds {
		if !p.CoversOrg(d.org.ID, d.org.Township) || f.Township != "" && d.org.Township != f.Township ||
			f.Q != "" && !strings.Contains(d.org.Name, strings.TrimSpace(f.Q)) {
			continue
		}
		r := rows[d.org.ID]
		if r == nil {
			r = &Row{OrgID: d.org.ID, OrgName: d.org.Name, Township: d.org.Township, Year: f.Year, Abnormal: d.org.Abnormal}
			rows[d.org.ID] = r
		}
		switch {
		case d.kind == tiaojie.DisclosureAnnual && d.year == f.Year:
			r.Standing, r.Due, r.FiledAt, r.ChainID = tiaojie.StandingOf(d.due, d.filed, now, pol.DisclosureAbnormalDays), d.due, d.filed, d.chain
		case d.kind == tiaojie.DisclosureAdhoc && d.filed.IsZero():
			r.OpenAdhoc++
		}
	}
	out := []Row{}
	for _, r := range rows {
		if r.Standing == "" || f.Standing != "" && r.Standing != f.Standing {
			continue // an organization younger than the year owes nothing for it
		}
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b Row) int { return strings.Compare(a.OrgName, b.OrgName) })
	return out, nil
}

// Export returns the overview as a worksheet in the reader's language
// (w; township names the townships in it), for export.WriteXLSX; the
// export is audited.
func (s *Service) Export(ctx context.Context, p *tiaojie.Principal, f Filter, w i18n.Words, township func(string) string) (export.Sheet, error) {
	rows, err := s.Overview(ctx, p, f)
	if err != nil {
		return export.Sheet{}, err
	}
	sh := export.Sheet{Name: w.T("disclosure.xlsx.sheet"), Headers: w.List("disclosure.xlsx.", "org", "township", "year", "due", "standing",
		"filed_at", "abnormal", "open_adhoc")}
	for _, r := range rows {
		var filed any
		if !r.FiledAt.IsZero() {
			filed = r.FiledAt
		}
		sh.Rows = append(sh.Rows, []any{r.OrgName, township(r.Township), r.Year, export.Date(r.Due.AddDate(0, 0, -1)),
			w.T("disclosure.standing." + string(r.Standing)), filed, w.YesNo(r.Abnormal), r.OpenAdhoc})
	}
	err = s.audit.RecordAlone(ctx, s.db, p, audit.Event{Action: "disclosure.export", ObjectType: "disclosure",
		Detail: map[string]string{"rows": strconv.Itoa(len(sh.Rows)), "year": strconv.Itoa(f.Year), "standing": string(f.Standing)}})
	return sh, err
}

// Requests returns the ad-hoc requests of the organizations a supervisor
// covers, newest first, for the overview page.
func (s *Service) Requests(ctx context.Context, p *tiaojie.Principal) ([]Disclosure, error) {
	if !p.Can(tiaojie.PermSupervision) {
		return nil, s.settle(ctx, p, "disclosure.requests", "org", 0, forbidden(tiaojie.PermSupervision))
	}
	all, err := list(ctx, s.db.Reader(), `d.kind = 'adhoc'`)
	if err != nil {
		return nil, err
	}
	out := []Disclosure{}
	for _, d := range all {
		if p.CoversOrg(d.OrgID, d.Township) {
			out = append(out, d)
		}
	}
	return out, nil
}
