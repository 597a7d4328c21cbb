package web

import (
	"encoding/json"
	"net/http"
	"slices"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/i18n"
	"tiaojie/internal/route"
	"tiaojie/internal/stats"
)

// statsRoutes registers the statistics pages (C15): the dashboard of the
// caller's scope, the periodic report, and their Excel exports.
func (h *Handler) statsRoutes(t *route.Table) {
	if h.Stats == nil {
		return
	}
	t.Handle("GET /staff/stats", tiaojie.PermStats, h.wrap(h.staffStats))
	t.Handle("GET /staff/stats.xlsx", tiaojie.PermStats, h.wrap(h.staffStatsExport))
	t.Handle("GET /staff/stats/report", tiaojie.PermStats, h.wrap(h.staffStatsReport))
	t.Handle("GET /staff/stats/report.xlsx", tiaojie.PermStats, h.wrap(h.staffStatsReportExport))
}

// chart is what static/stats.js draws: a bar, line or pie chart of
// labelled series, read from the element's data-chart attribute.
type chart struct {
	Kind   string        `json:"kind"`
	Labels []string      `json:"labels"`
	Series []chartSeries `json:"series"`
}

type chartSeries struct {
	Name string `json:"name"`
	Data []int  `json:"data"`
}

func (c *chart) JSON() string {
	b, _ := json.Marshal(c)
	return string(b)
}

// statsData is the dashboard page's data.
type statsData struct {
	D             *stats.Dashboard
	Filter        statsFilterView
	Export        string
	Report        string
	Family        *chart
	RowSections   []rowsSection
	CountSections []countsSection
}

// rowsSection is a lines of the cases: a chart (optional) and its
// table.
type rowsSection struct {
	ID, Title string
	Chart     *chart
	Rows      []stats.Breakdown
}

// countsSection is a list of counts: a chart (optional) and its table.
type countsSection struct {
	ID, Title string
	Chart     *chart
	Rows      []stats.Tally
}

// statsFilterView is the filter form's state.
type statsFilterView struct {
	Period, From, To string
	Errors           map[string]string // field → localized problem
	Townships        []optionView
	Fixed            bool // a township office: its township is the scope
}

// statsFilter reads the filter from the query; a period that is not one
// is refused (400) with the field at fault.
func (h *Handler) statsFilter(r *http.Request) (stats.Filter, statsFilterView, error) {
	q := r.URL.Query()
	p := auth.PrincipalFrom(r.Context())
	fv := statsFilterView{Period: q.Get("period"), From: q.Get("from"), To: q.Get("to")}
	township := q.Get("township")
	lang := route.LangFrom(r.Context())
	if ts := p.Townships(); len(ts) == 1 && !p.Has(tiaojie.RoleBureau) {
		fv.Fixed = true
	} else {
		fv.Townships = h.townshipOptions(lang, township)
		fv.Townships[0].Label = h.Catalog.T(lang, "stats.all_townships")
	}
	f, err := h.Stats.ParseFilter(fv.Period, fv.From, fv.To, township)
	return f, fv, err
}

func (h *Handler) staffStats(w http.ResponseWriter, r *http.Request) error {
	f, fv, err := h.statsFilter(r)
	if err != nil {
		return h.statsRefused(w, r, "staff_stats", fv, err)
	}
	pr := auth.PrincipalFrom(r.Context())
	d, err := h.Stats.Dashboard(r.Context(), pr, f)
	if err != nil {
		return err
	}
	lang := route.LangFrom(r.Context())
	tr := func(code, fallback string) string {
		if code == "" {
			return fallback
		}
		return h.Catalog.T(lang, code)
	}
	filed, closed, agreed := h.Catalog.T(lang, "stats.filed"), h.Catalog.T(lang, "stats.closed"), h.Catalog.T(lang, "stats.agreed")
	rowsChart := func(kind string, rows []stats.Breakdown) *chart {
		c := &chart{Kind: kind, Series: []chartSeries{{Name: filed}, {Name: closed}, {Name: agreed}}}
		for _, r := range rows {
			c.Labels = append(c.Labels, tr(r.Code, r.Label))
			c.Series[0].Data = append(c.Series[0].Data, r.Filed)
			c.Series[1].Data = append(c.Series[1].Data, r.Closed)
			c.Series[2].Data = append(c.Series[2].Data, r.Agreed)
		}
		return c
	}
	countChart := func(kind string, cs []stats.Tally) *chart {
		c := &chart{Kind: kind, Series: []chartSeries{{Name: h.Catalog.T(lang, "stats.count")}}}
		for _, x := range cs {
			c.Labels = append(c.Labels, tr(x.Code, x.Label))
			c.Series[0].Data = append(c.Series[0].Data, x.N)
		}
		return c
	}
	fam := &chart{Kind: "bar", Series: []chartSeries{{Name: agreed}, {Name: h.Catalog.T(lang, "stats.median_days")}}}
	for _, c := range d.Family {
		fam.Labels = append(fam.Labels, h.townshipName(lang, c.Township))
		fam.Series[0].Data = append(fam.Series[0].Data, c.Settled)
		fam.Series[1].Data = append(fam.Series[1].Data, max(c.MedianDays, 0))
	}
	q := r.URL.Query()
	data := &statsData{D: d, Filter: fv, Export: "/staff/stats.xlsx?" + q.Encode(), Report: "/staff/stats/report?" + q.Encode(),
		Family: fam,
		RowSections: []rowsSection{
			{"months", "stats.by_month", rowsChart("line", d.ByMonth), d.ByMonth},
			{"types", "stats.by_type", rowsChart("bar", d.ByType), d.ByType},
			{"townships", "stats.by_township", rowsChart("bar", d.ByTownship), d.ByTownship},
			{"orgs", "stats.by_org", nil, d.ByOrg},
			{"sources", "stats.by_source", rowsChart("bar", d.BySource), d.BySource},
		},
		CountSections: []countsSection{
			{"outcomes", "stats.by_outcome", countChart("pie", d.ByOutcome), d.ByOutcome},
			{"forms", "stats.by_form", nil, d.ByForm},
			{"org-types", "stats.orgs_by_type", nil, d.Orgs.ByType},
			{"org-stars", "stats.orgs_by_stars", countChart("bar", d.Orgs.ByStars), d.Orgs.ByStars},
			{"org-townships", "stats.orgs_by_township", nil, d.Orgs.ByTownship},
			{"incubation", "stats.incubation", nil, d.Incubation},
			{"training", "stats.training_by_month", nil, d.Training.ByMonth},
			{"complaints", "stats.complaints", nil, d.Complaints},
			{"sanctions", "stats.sanctions", nil, d.Sanctions},
		}}
	if d.Incubation == nil {
		data.CountSections = slices.DeleteFunc(data.CountSections, func(c countsSection) bool { return c.ID == "incubation" })
	}
	p := h.page(r, "stats.title", data)
	return h.render(w, r, http.StatusOK, "staff_stats", p)
}

func (h *Handler) staffStatsExport(w http.ResponseWriter, r *http.Request) error {
	f, _, err := h.statsFilter(r)
	if err != nil {
		return err
	}
	lang := route.LangFrom(r.Context())
	sheets, err := h.Stats.DashboardSheets(r.Context(), auth.PrincipalFrom(r.Context()), f, h.Catalog.In(lang))
	if err != nil {
		return err
	}
	return writeXLSX(w, lang, "统计分析-"+f.Period.Label, "stats-"+f.Period.Label, sheets...)
}

// statsReportData is the periodic report page's data.
type statsReportData struct {
	R      *stats.Report
	Filter statsFilterView
	Export string
	Back   string
}

func (h *Handler) staffStatsReport(w http.ResponseWriter, r *http.Request) error {
	f, fv, err := h.statsFilter(r)
	if err != nil {
		return h.statsRefused(w, r, "staff_stats_report", fv, err)
	}
	rep, err := h.Stats.Report(r.Context(), auth.PrincipalFrom(r.Context()), f)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	p := h.page(r, "stats.report_title", &statsReportData{R: rep, Filter: fv, Export: "/staff/stats/report.xlsx?" + q.Encode(),
		Back: "/staff/stats?" + q.Encode()})
	return h.render(w, r, http.StatusOK, "staff_stats_report", p)
}

func (h *Handler) staffStatsReportExport(w http.ResponseWriter, r *http.Request) error {
	f, _, err := h.statsFilter(r)
	if err != nil {
		return err
	}
	sheet, err := h.Stats.ReportSheet(r.Context(), auth.PrincipalFrom(r.Context()), f)
	if err != nil {
		return err
	}
	// The report is the form filed upward: Chinese whatever the page's language.
	return writeXLSX(w, i18n.Zh, "统计报表-"+f.Period.Label, "stats-report-"+f.Period.Label, sheet)
}

// statsRefused shows a statistics page with its filter only, the
// problems of a period that is not one beside their fields (400: the
// query is a bad request).
func (h *Handler) statsRefused(w http.ResponseWriter, r *http.Request, name string, fv statsFilterView, err error) error {
	if tiaojie.ErrorKind(err) != tiaojie.Invalid {
		return err
	}
	title := "stats.title"
	if name == "staff_stats_report" {
		title = "stats.report_title"
	}
	p := h.page(r, title, nil)
	fv.Errors = map[string]string{}
	for _, f := range route.Fields(err) {
		fv.Errors[f.Field] = h.Catalog.Tm(p.Lang, f.Code, f.Args)
	}
	if name == "staff_stats" {
		p.Data = &statsData{Filter: fv}
	} else {
		p.Data = &statsReportData{Filter: fv}
	}
	p.Problem = h.problemText(p.Lang, err)
	return h.render(w, r, http.StatusBadRequest, name, p)
}
