package procurement

import "tiaojie"

// Amounts in yuan and totals in points, as pages and exports show them.

// Budget returns the project's budget in yuan.
func (p Project) Budget() string { return tiaojie.FormatYuan(p.Input.BudgetFen) }

// Price returns the bid's price in yuan.
func (b Bid) Price() string { return tiaojie.FormatYuan(b.PriceFen) }

// Total returns the bid's weighted total, "86.0".
func (b Bid) Total() string { return tiaojie.FormatTotal10(b.Total10) }

// Amount returns the contract amount in yuan.
func (c Contract) Amount() string { return tiaojie.FormatYuan(c.Input.AmountFen) }

// Paid returns what was paid in yuan.
func (c Contract) Paid() string { return tiaojie.FormatYuan(c.PaidFen) }

// Left returns what is left to pay in yuan.
func (c Contract) Left() string { return tiaojie.FormatYuan(c.Input.AmountFen - c.PaidFen) }

// Amount returns the milestone's amount in yuan.
func (m MilestoneRow) Amount() string { return tiaojie.FormatYuan(m.AmountFen) }

// Paid returns what was paid against the milestone in yuan.
func (m MilestoneRow) Paid() string { return tiaojie.FormatYuan(m.PaidFen) }

// Amount returns the payment in yuan.
func (p Payment) Amount() string { return tiaojie.FormatYuan(p.AmountFen) }

// Budgeted returns the budgets of the year's projects in yuan.
func (b Budget) Budgeted() string { return tiaojie.FormatYuan(b.BudgetedFen) }

// Committed returns the year's contracts in yuan.
func (b Budget) Committed() string { return tiaojie.FormatYuan(b.CommittedFen) }

// Spent returns the year's payments in yuan.
func (b Budget) Spent() string { return tiaojie.FormatYuan(b.SpentFen) }

// Price returns a winner's price in yuan.
func (r Result) Price() string { return tiaojie.FormatYuan(r.PriceFen) }

// Total returns the bid's weighted total, "86.0".
func (r Result) Total() string { return tiaojie.FormatTotal10(r.Total10) }

// Satisfaction returns the average rating, "4.5".
func (v Verification) Satisfaction() string { return tiaojie.FormatTotal10(v.Figures.Satisfaction10()) }

// SatisfactionTarget returns the satisfaction indicator, "4.0".
func (c Contract) SatisfactionTarget() string { return tiaojie.FormatTotal10(c.Input.MinSatisfaction) }
