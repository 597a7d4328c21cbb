package notify

import "time"

// ProcurementReportDue reminds an organization's admins that a periodic
// performance report of a government procurement contract
// (internal/procurement) falls due within a few days, or tells them and
// the buying department that it is overdue (Late).
type ProcurementReportDue struct {
	Project string    // the project's title
	Org     string    // the contracted organization
	From    string    // the period reported on, YYYY-MM-DD
	To      string    //
	Due     time.Time // the last day
	Late    bool
	Buyer   bool // addressed to the buying department, not the organization
	Link    string
}

func (ProcurementReportDue) template() string { return "procurement_report" }
