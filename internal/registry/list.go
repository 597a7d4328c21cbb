package registry

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
	"tiaojie/internal/export"
	"tiaojie/internal/i18n"
	"tiaojie/internal/search"
)

// StaffFilter narrows the staff list of organizations. Zero fields do not
// filter.
type StaffFilter struct {
	Q         string // words searched like the directory's (name, description, services …)
	Status    tiaojie.OrgStatus
	Township  string
	Type      tiaojie.OrgType
	LegalForm tiaojie.LegalForm
	Level     tiaojie.OrgLevel
	Offset    int
	Limit     int // 1…200; 0 means 50 (ExportRows ignores both)
}

// maxExportRows bounds an export, so one request cannot build an
// unbounded workbook in memory. The district has a few hundred
// organizations; the bound is far above that.
const maxExportRows = 10_000

// List returns the organizations in the caller's scope that match f, newest
// first, and the total count of matches. It needs orgs.read: the bureau
// and the association see all, a township office its townships, an
// organization's admin and mediators their organizations.
func (s *Service) List(ctx context.Context, p *tiaojie.Principal, f StaffFilter) ([]*Org, int, error) {
	if !p.Can(tiaojie.PermOrgsRead) {
		return nil, 0, s.settle(ctx, p, "org.list", 0, forbid("need", string(tiaojie.PermOrgsRead)))
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	w := s.staffWhere(p, f)
	var total int
	if err := s.db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM orgs o WHERE `+w.String(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("registry: count: %w", err)
	}
	orgs, err := s.listPage(ctx, w, f.Limit, max(f.Offset, 0))
	return orgs, total, err
}

// listPage reads one page of the staff list.
func (s *Service) listPage(ctx context.Context, w *db.Where, limit, offset int) ([]*Org, error) {
	n := len(w.Args())
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+orgColumns+` FROM orgs o WHERE `+w.String()+
		` ORDER BY o.id DESC LIMIT $`+strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2), append(w.Args(), limit, offset)...)
	if err != nil {
		return nil, fmt.Errorf("registry: list: %w", err)
	}
	defer rows.Close()
	orgs := []*Org{}
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		orgs = append(orgs, o)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	return orgs, loadTags(ctx, s.db.Reader(), orgs)
}

// staffWhere builds the conditions of the staff list: the filter, and the
// caller's scope as SQL so that counts and pages agree.
func (s *Service) staffWhere(p *tiaojie.Principal, f StaffFilter) *db.Where {
	w := &db.Where{}
	for _, c := range []struct{ col, v string }{
		{"o.status", string(f.Status)}, {"o.township", f.Township}, {"o.type", string(f.Type)},
		{"o.legal_form", string(f.LegalForm)}, {"o.level", string(f.Level)},
	} {
		if c.v != "" {
			w.Add(c.col + " = " + w.Arg(c.v))
		}
	}
	if c := search.Parse(f.Q).Clause(s.db.Engine(), search.Orgs, "o.id", w.Arg); c != "" {
		w.Add(c)
	}
	if p.IsSystem() || p.Has(tiaojie.RoleBureau) || p.Has(tiaojie.RoleAssociation) {
		return w
	}
	var scope []string
	if towns := p.Townships(); len(towns) > 0 {
		scope = append(scope, "o.township IN ("+db.In(w, towns)+")")
	}
	for _, id := range p.OrgIDs() {
		scope = append(scope, "o.id = "+w.Arg(id))
	}
	if len(scope) == 0 {
		scope = []string{"1=0"}
	}
	w.Add("(" + strings.Join(scope, " OR ") + ")")
	return w
}

// ExportRows returns the staff list matching f (the caller's scope, every
// page, at most 10,000 rows) as a sheet in the reader's language (w), for
// export.WriteXLSX. Exporting is audited (org.export).
func (s *Service) ExportRows(ctx context.Context, p *tiaojie.Principal, f StaffFilter, w i18n.Words) (export.Sheet, error) {
	if !p.Can(tiaojie.PermOrgsRead) {
		return export.Sheet{}, s.settle(ctx, p, "org.export", 0, forbid("need", string(tiaojie.PermOrgsRead)))
	}
	orgs, err := s.listPage(ctx, s.staffWhere(p, f), maxExportRows, 0)
	if err != nil {
		return export.Sheet{}, err
	}
	err = s.audit.RecordAlone(ctx, s.db, p, audit.Event{Action: "org.export", ObjectType: "org",
		Detail: map[string]string{"rows": strconv.Itoa(len(orgs)), "q": f.Q, "status": string(f.Status), "township": f.Township}})
	if err != nil {
		return export.Sheet{}, err
	}
	sheet := export.Sheet{Name: w.T("org.xlsx.sheet"), Rows: make([][]any, 0, len(orgs)), Headers: w.List("org.xlsx.", "name", "type", "form",
		"level", "township", "status", "credit_code", "authority", "registered_on", "contact", "phone", "stars", "charges", "online")}
	for _, o := range orgs {
		sheet.Rows = append(sheet.Rows, s.exportRow(o, w))
	}
	return sheet, nil
}

// exportRow writes one organization as the export's cells in w's
// language; what the organization registered (name, authority, contact)
// stays as written.
func (s *Service) exportRow(o *Org, w i18n.Words) []any {
	var stars any
	if o.Stars > 0 {
		stars = o.Stars
	}
	town := o.Township
	if t, ok := s.district.Township(o.Township); ok {
		town = w.Name(t.Name, t.NameEn)
	}
	return []any{o.Name, w.T("org.type." + string(o.Type)), w.T("org.form." + string(o.LegalForm)), w.T("org.level." + string(o.Level)), town,
		w.T("org.status." + string(o.Status)), o.CreditCode, o.RegistrationAuthority, export.Date(o.RegistrationDate),
		o.ContactName, o.ContactPhone, stars, w.YesNo(o.Charges), w.YesNo(o.Online)}
}
