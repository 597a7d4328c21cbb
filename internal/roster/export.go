package roster

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/export"
	"tiaojie/internal/i18n"
	"tiaojie/internal/search"
)

// maxExport bounds one export, so a spreadsheet request cannot hold the
// database for long; narrow the filter for more.
const maxExport = 10000

// ExportRows returns every mediator of the staff list that matches f (its
// Offset and Limit are ignored; at most 10,000 rows, beyond which the
// export is cut, logged and marked in the audit row) as a worksheet in
// the reader's language (w), for export.WriteXLSX. Identity numbers are
// masked and phones left out (PI-05: exports are masked). The export
// itself is audited as "mediator.export".
func (s *Service) ExportRows(ctx context.Context, p *tiaojie.Principal, f StaffFilter, w i18n.Words) (export.Sheet, error) {
	if !p.Can(tiaojie.PermMediatorsRead) {
		return export.Sheet{}, s.deny(ctx, p, forbidden("mediator.export", 0, tiaojie.PermMediatorsRead))
	}
	b, err := s.staffWhere(p, f)
	if err != nil {
		return export.Sheet{}, err
	}
	ms, err := s.staffRows(ctx, b, maxExport, 0)
	if err != nil {
		return export.Sheet{}, err
	}
	t := export.Sheet{Name: w.T("staff.med.xlsx.sheet"), Rows: make([][]any, 0, len(ms)),
		Headers: w.List("staff.med.xlsx.", "name", "gender", "id_number", "orgs", "grade", "background", "specialties", "languages", "since", "status", "public")}
	for _, m := range ms {
		t.Rows = append(t.Rows, s.exportRow(m, w))
	}
	detail := map[string]string{"rows": strconv.Itoa(len(t.Rows)), "filter": describe(f)}
	if len(ms) == maxExport {
		detail["truncated"] = "true"
		s.log.WarnContext(ctx, "roster: export truncated", "rows", maxExport, "user", p.UserID)
	}
	err = s.audit.RecordAlone(ctx, s.db, p, audit.Event{Action: "mediator.export", ObjectType: "mediator", Detail: detail})
	return t, err
}

// exportRow writes one mediator as the export's cells in w's language;
// the year is a number (empty when unknown), everything else text.
func (s *Service) exportRow(m *Mediator, w i18n.Words) []any {
	orgs := make([]string, 0, len(m.Orgs))
	for _, o := range m.Orgs {
		orgs = append(orgs, w.T("staff.med.xlsx.org_position", "org", o.OrgName, "position", w.Name(o.Position.Name(), o.Position.NameEn())))
	}
	specs := make([]string, 0, len(m.Specialties))
	for _, c := range m.Specialties {
		t, _ := tiaojie.DisputeTypeByCode(c)
		specs = append(specs, w.Name(t.Name, t.NameEn))
	}
	langs := make([]string, 0, len(m.Languages))
	for _, c := range m.Languages {
		l, _ := s.district.Language(c)
		langs = append(langs, w.Name(l.Name, l.NameEn))
	}
	bg, _ := BackgroundByCode(m.Background)
	var since any
	if m.PracticeSince != 0 {
		since = m.PracticeSince
	}
	gender := ""
	if m.Gender != "" {
		gender = w.T("staff.gender." + m.Gender)
	}
	return []any{m.Name, gender, m.IDNumberMasked, w.Join(orgs), w.T("staff.grade." + strconv.Itoa(int(m.Grade))),
		w.Name(bg.Name, bg.NameEn), w.Join(specs), w.Join(langs), since, w.T("staff.med.status." + string(m.Status)), w.YesNo(m.Public)}
}

// describe writes a filter for the audit trail. Long digit runs in the
// query are masked: a query may be an identity number or a phone.
func describe(f StaffFilter) string {
	var parts []string
	add := func(k, v string) {
		if v != "" && v != "0" {
			parts = append(parts, k+"="+v)
		}
	}
	digits := regexp.MustCompile(`[0-9]{6,}[0-9Xx]?`)
	add("q", digits.ReplaceAllStringFunc(search.Normalize(f.Q), tiaojie.MaskIDNumber))
	add("org", strconv.FormatInt(f.OrgID, 10))
	add("township", f.Township)
	add("status", string(f.Status))
	add("grade", strconv.Itoa(int(f.Grade)))
	add("specialty", f.DisputeType)
	return strings.Join(parts, " ")
}
