package roster

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/export"
	"tiaojie/internal/search"
)

// maxExport bounds one export, so a spreadsheet request cannot hold the
// database for long; narrow the filter for more.
const maxExport = 10000

// exportHeaders returns the export's columns, in order.
func exportHeaders() []string {
	return []string{"姓名", "性别", "身份证号（脱敏）", "所属组织", "等级", "专业背景", "擅长领域", "语言", "执业年份", "状态", "是否公开"}
}

// ExportRows returns every mediator of the staff list that matches f (its
// Offset and Limit are ignored; at most 10,000 rows, beyond which the
// export is cut, logged and marked in the audit row) as a worksheet with
// Chinese headers, for export.WriteXLSX. Identity numbers are masked and
// phones left out (PI-05: exports are masked). The export itself is
// audited as "mediator.export".
func (s *Service) ExportRows(ctx context.Context, p *tiaojie.Principal, f StaffFilter) (export.Sheet, error) {
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
	t := export.Sheet{Name: "调解员名册", Headers: exportHeaders(), Rows: make([][]any, 0, len(ms))}
	for _, m := range ms {
		t.Rows = append(t.Rows, s.exportRow(m))
	}
	detail := map[string]string{"rows": strconv.Itoa(len(t.Rows)), "filter": describe(f)}
	if len(ms) == maxExport {
		detail["truncated"] = "true"
		s.log.WarnContext(ctx, "roster: export truncated", "rows", maxExport, "user", p.UserID)
	}
	err = s.audit.RecordAlone(ctx, s.db, p, audit.Event{Action: "mediator.export", ObjectType: "mediator", Detail: detail})
	return t, err
}

// exportRow writes one mediator as the export's cells; the year is a
// number (empty when unknown), everything else text.
func (s *Service) exportRow(m *Mediator) []any {
	orgs := make([]string, 0, len(m.Orgs))
	for _, o := range m.Orgs {
		orgs = append(orgs, o.OrgName+"（"+o.Position.Name()+"）")
	}
	specs := make([]string, 0, len(m.Specialties))
	for _, c := range m.Specialties {
		t, _ := tiaojie.DisputeTypeByCode(c)
		specs = append(specs, t.Name)
	}
	langs := make([]string, 0, len(m.Languages))
	for _, c := range m.Languages {
		l, _ := s.district.Language(c)
		langs = append(langs, l.Name)
	}
	bg, _ := BackgroundByCode(m.Background)
	var since any
	if m.PracticeSince != 0 {
		since = m.PracticeSince
	}
	return []any{m.Name, genderName(m.Gender), m.IDNumberMasked, strings.Join(orgs, "、"), GradeName(m.Grade),
		bg.Name, strings.Join(specs, "、"), strings.Join(langs, "、"), since, statusName(m.Status), yesNo(m.Public)}
}

// genderName returns the Chinese word for a gender code.
func genderName(g string) string {
	return map[string]string{"male": "男", "female": "女"}[g]
}

// statusName returns the Chinese name of a roster status.
func statusName(st tiaojie.MediatorStatus) string {
	return map[tiaojie.MediatorStatus]string{
		tiaojie.MediatorActive: "正常", tiaojie.MediatorSuspended: "暂停", tiaojie.MediatorRemoved: "除名",
	}[st]
}

// yesNo returns 是 or 否.
func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
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
