package notify

import "time"

// VentureReportDue reminds an organization's admins that a report of its
// public-interest venture project (公益创投, internal/funding) falls due
// within a few days, or tells them and the bureau's funding staff that it
// is overdue (Late).
type VentureReportDue struct {
	Round   string    // the round's title
	Project string    // the project's title
	Org     string    // the awarded organization
	Kind    string    // "progress" (中期/进展报告) or "final" (结项报告)
	Due     time.Time // the last day
	Late    bool
	Bureau  bool // addressed to the bureau's funding staff, not the organization
	Link    string
}

func (VentureReportDue) template() string { return "venture_report" }
