package api

import (
	"bytes"
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/export"
	"tiaojie/internal/route"
	"tiaojie/internal/stats"
)

// Statistics (internal/stats, SPEC C15), the same figures as the pages:
// the dashboard of the caller's scope, the periodic report, and their
// Excel exports, for a period and optionally a township.

const tagStats = "stats"

// statsRoutes declares the statistics operations.
func (h *Handler) statsRoutes(a huma.API) {
	if h.stats == nil {
		return
	}
	perm, get := tiaojie.PermStats, http.MethodGet
	bad := func(o huma.Operation) huma.Operation {
		o.Errors = append(o.Errors, http.StatusBadRequest)
		return o
	}
	add(h, a, bad(op(get, "/stats/dashboard", "get-stats-dashboard", tagStats, perm, "统计看板 · Statistics dashboard", descStatsDashboard)), h.statsDashboard)
	add(h, a, bad(op(get, "/stats/report", "get-stats-report", tagStats, perm, "统计报表 · Periodic statistics report", descStatsReport)), h.statsReport)
	add(h, a, bad(binary(op(get, "/stats/dashboard.xlsx", "export-stats-dashboard", tagStats, perm, "导出统计看板 · Export the dashboard", descStatsExport), xlsxType)), h.statsDashboardExport)
	add(h, a, bad(binary(op(get, "/stats/report.xlsx", "export-stats-report", tagStats, perm, "导出统计报表 · Export the report", descStatsReportExport), xlsxType)), h.statsReportExport)
}

// statsInput is the filter of every statistics operation.
type statsInput struct {
	Period   string `query:"period" doc:"统计期间：月 YYYY-MM、季 YYYY-Qn 或年 YYYY；为空时用 from 与 to，三者皆空为本季度 Period: a month YYYY-MM, a quarter YYYY-Qn or a year YYYY; when empty, from and to; all empty: the current quarter"`
	From     string `query:"from" doc:"起始月 YYYY-MM First month"`
	To       string `query:"to" doc:"截止月 YYYY-MM（含），不早于起始月，跨度不超过 60 个月 Last month, inclusive; not before from, at most 60 months"`
	Township string `query:"township" doc:"乡镇代码，在调用者范围内进一步筛选 A township's code, narrowing the caller's scope"`
}

// statsFilter reads the filter; a period that is not one is a bad
// request (400), with the field at fault.
func (h *Handler) statsFilter(ctx context.Context, in *statsInput) (stats.Filter, error) {
	f, err := h.stats.ParseFilter(in.Period, in.From, in.To, in.Township)
	if err != nil {
		return f, h.problemStatus(ctx, http.StatusBadRequest, err)
	}
	return f, nil
}

func (h *Handler) statsDashboard(ctx context.Context, in *statsInput) (*body[*stats.Dashboard], error) {
	f, err := h.statsFilter(ctx, in)
	if err != nil {
		return nil, err
	}
	d, err := h.stats.Dashboard(ctx, auth.PrincipalFrom(ctx), f)
	if err != nil {
		return nil, err
	}
	return &body[*stats.Dashboard]{Body: d}, nil
}

func (h *Handler) statsReport(ctx context.Context, in *statsInput) (*body[*stats.Report], error) {
	f, err := h.statsFilter(ctx, in)
	if err != nil {
		return nil, err
	}
	rep, err := h.stats.Report(ctx, auth.PrincipalFrom(ctx), f)
	if err != nil {
		return nil, err
	}
	return &body[*stats.Report]{Body: rep}, nil
}

// xlsxFile is an Excel download.
type xlsxFile struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	CacheControl       string `header:"Cache-Control"`
	Body               []byte
}

func xlsxOf(name string, sheets ...export.Sheet) (*xlsxFile, error) {
	var buf bytes.Buffer
	if err := export.WriteXLSX(&buf, sheets...); err != nil {
		return nil, err
	}
	return &xlsxFile{ContentType: xlsxType, ContentDisposition: attachment(name + ".xlsx"), CacheControl: "private, no-store", Body: buf.Bytes()}, nil
}

func (h *Handler) statsDashboardExport(ctx context.Context, in *statsInput) (*xlsxFile, error) {
	f, err := h.statsFilter(ctx, in)
	if err != nil {
		return nil, err
	}
	sheets, err := h.stats.DashboardSheets(ctx, auth.PrincipalFrom(ctx), f, h.catalog.In(route.LangFrom(ctx)))
	if err != nil {
		return nil, err
	}
	return xlsxOf("统计分析-"+f.Period.Label, sheets...)
}

func (h *Handler) statsReportExport(ctx context.Context, in *statsInput) (*xlsxFile, error) {
	f, err := h.statsFilter(ctx, in)
	if err != nil {
		return nil, err
	}
	sheet, err := h.stats.ReportSheet(ctx, auth.PrincipalFrom(ctx), f)
	if err != nil {
		return nil, err
	}
	return xlsxOf("统计报表-"+f.Period.Label, sheet)
}

const (
	descStatsDashboard = "调用者范围内（区司法局与行业协会为全区，司法所为本乡镇，组织管理员为本组织）的统计看板：案件按月、纠纷类型、乡镇、组织（前 10）、来源、结果与协议形式，成功率、调解天数（中位数与平均数）、涉及金额、满意度、参与漏斗；组织按类型、星级、乡镇；孵化漏斗；培训学时；投诉与奖惩。settled 为乡镇×纠纷类型的调解成功数与中位天数，family 为其中婚姻家庭一类。期间不合法返回 400。\n\n" +
		"The dashboard of the caller's scope (the bureau and the association: the district; a township office: its township; an organization's admin: its organization): cases by month, dispute type, township, organization (top 10), source, outcome and agreement form; success rate, days (median and mean), amounts, satisfaction, the participation funnel; organizations by type, stars and township; the incubation funnel; training hours; complaints and sanctions. settled is township × dispute type with agreements and median days; family is its 婚姻家庭 lines. A period that is not one answers 400."
	descStatsReport = "按上报格式的统计报表（月报、季报、年报）：各乡镇受理、调解、调解成功、成功率、涉及金额，按纠纷类型的调解数、按来源的受理数、按形式的协议数。期间不合法返回 400。\n\n" +
		"The periodic report in the layout the bureau reports upward: per township, accepted, mediated, settled, success rate and amounts, mediated by dispute type, accepted by source, agreements by form. A period that is not one answers 400."
	descStatsExport       = "统计看板的 Excel 工作簿，每个图表一张工作表，工作表名称、表头与标签按 Accept-Language 的语言（默认中文）；导出记入审计日志。\n\nThe dashboard as an Excel workbook, one sheet per chart, its sheet names, headers and labels in the language of Accept-Language (Chinese by default); the export is audited."
	descStatsReportExport = "统计报表的 Excel 工作簿，按上报格式始终为中文；导出记入审计日志。\n\nThe periodic report as an Excel workbook, always in Chinese: it is the form the bureau files upward; the export is audited."
)
