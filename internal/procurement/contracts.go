package procurement

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/db"
)

// Contract is a contract with a winning organization.
type Contract struct {
	ID           int64
	ProjectID    int64
	ProjectTitle string
	BidID        int64
	OrgID        int64
	OrgName      string
	AgencyID     int64
	BuyerName    string
	Input        tiaojie.ContractInput
	SignedOn     string
	FinalGrade   tiaojie.FinalGrade
	FinalNote    string
	FinalAt      time.Time
	PaidFen      int64
	Deliverables []DeliverableRow
	Milestones   []MilestoneRow
	Reports      []Report
	Payments     []Payment
	Manage       bool // the caller is the buyer
	CreatedAt    time.Time
}

// DeliverableRow is a deliverable as stored, with the buyer's verified
// figure for hours and other deliverables.
type DeliverableRow struct {
	ID int64
	tiaojie.Deliverable
	Actual     int
	VerifiedAt time.Time
}

// MilestoneRow is a milestone as stored, with what was paid against it.
type MilestoneRow struct {
	ID int64
	tiaojie.Milestone
	PaidFen int64
}

// Report is one periodic performance report.
type Report struct {
	ID         int64
	From, To   string
	DueOn      string
	Body       string
	Hours      int
	FiledAt    time.Time
	RemindedAt time.Time
	OverdueAt  time.Time
}

// Filed reports whether the report was filed.
func (r Report) Filed() bool { return !r.FiledAt.IsZero() }

// Payment is one payment against a milestone.
type Payment struct {
	ID          int64
	MilestoneID int64
	AmountFen   int64
	PaidOn      string
	Voucher     string
	Note        string
	RecordedAt  time.Time
}

const objContract = "procurement_contract"

// Sign records the contract with a winning bid: an amount within the
// awarded price, a period, deliverables, indicators and milestones whose
// amounts make the amount (tiaojie.ContractInput.Validate). Its report
// periods are laid out at once. Once every winner has a contract the
// project is contracted.
func (s *Service) Sign(ctx context.Context, p *tiaojie.Principal, bidID int64, in tiaojie.ContractInput) (int64, error) {
	var id int64
	var projectID int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		b, err := loadBid(ctx, tx, bidID)
		if err != nil {
			return err
		}
		projectID = b.ProjectID
		pr, err := s.managed(ctx, tx, p, b.ProjectID)
		if err != nil {
			return err
		}
		if pr.Status != tiaojie.ProjectAwarded || b.Status != "won" {
			return tiaojie.E(tiaojie.Conflict, "procurement.not_awarded")
		}
		for i := range in.Deliverables {
			in.Deliverables[i].Title = strings.TrimSpace(in.Deliverables[i].Title)
		}
		if err := in.Validate(b.PriceFen); err != nil {
			return err
		}
		now := s.now()
		err = tx.QueryRowContext(ctx, `
			INSERT INTO procurement_contracts (project_id, bid_id, org_id, amount_fen, period_from, period_to, report_every,
				min_success_pct, min_satisfaction, signed_on, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			b.ProjectID, bidID, b.OrgID, in.AmountFen, in.PeriodFrom, in.PeriodTo, in.ReportEvery, in.MinSuccessPct, in.MinSatisfaction,
			s.today(), max(p.UserID, 0), now).Scan(&id)
		if db.IsUnique(err) {
			return tiaojie.E(tiaojie.Conflict, "procurement.already_contracted")
		}
		if err != nil {
			return err
		}
		if err := writeContractParts(ctx, tx, id, in); err != nil {
			return err
		}
		if err := s.record(ctx, tx, p, "procurement.sign", objContract, id, map[string]string{
			"project": itoa(b.ProjectID), "org": itoa(b.OrgID), "amount": tiaojie.FormatYuan(in.AmountFen),
			"period": in.PeriodFrom + "/" + in.PeriodTo}); err != nil {
			return err
		}
		var left int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM procurement_bids b WHERE b.project_id = $1 AND b.status = 'won'
			AND NOT EXISTS (SELECT 1 FROM procurement_contracts c WHERE c.bid_id = b.id)`, b.ProjectID).Scan(&left); err != nil {
			return err
		}
		if left == 0 {
			return s.stepTx(ctx, tx, p, pr, tiaojie.ProjectContract, "", nil)
		}
		return nil
	})
	return id, s.settle(ctx, p, "procurement.sign", objProject, projectID, err)
}

func writeContractParts(ctx context.Context, tx *db.Tx, id int64, in tiaojie.ContractInput) error {
	for i, d := range in.Deliverables {
		if _, err := tx.ExecContext(ctx, `INSERT INTO procurement_deliverables (contract_id, position, kind, title, target) VALUES ($1, $2, $3, $4, $5)`,
			id, i+1, d.Kind, d.Title, d.Target); err != nil {
			return err
		}
	}
	for i, m := range in.Milestones {
		if _, err := tx.ExecContext(ctx, `INSERT INTO procurement_milestones (contract_id, position, title, amount_fen, due_on) VALUES ($1, $2, $3, $4, $5)`,
			id, i+1, strings.TrimSpace(m.Title), m.AmountFen, m.DueOn); err != nil {
			return err
		}
	}
	for _, r := range tiaojie.ReportPeriods(in.PeriodFrom, in.PeriodTo, in.ReportEvery) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO procurement_reports (contract_id, period_from, period_to, due_on) VALUES ($1, $2, $3, $4)`,
			id, r.From, r.To, r.DueOn); err != nil {
			return err
		}
	}
	return nil
}

const contractCols = `c.id, c.project_id, p.title, c.bid_id, c.org_id, o.name, COALESCE(p.agency_id, 0), c.amount_fen, c.period_from,
	c.period_to, c.report_every, c.min_success_pct, c.min_satisfaction, c.signed_on, c.final_grade, c.final_note, c.final_at, c.created_at,
	(SELECT COALESCE(SUM(pay.amount_fen), 0) FROM procurement_payments pay WHERE pay.contract_id = c.id)`

const contractFrom = ` FROM procurement_contracts c JOIN procurement_projects p ON p.id = c.project_id JOIN orgs o ON o.id = c.org_id`

func scanContract(r interface{ Scan(...any) error }) (*Contract, error) {
	var c Contract
	var fin sql.NullTime
	in := &c.Input
	err := r.Scan(&c.ID, &c.ProjectID, &c.ProjectTitle, &c.BidID, &c.OrgID, &c.OrgName, &c.AgencyID, &in.AmountFen, &in.PeriodFrom,
		&in.PeriodTo, &in.ReportEvery, &in.MinSuccessPct, &in.MinSatisfaction, &c.SignedOn, &c.FinalGrade, &c.FinalNote, &fin,
		&c.CreatedAt, &c.PaidFen)
	c.FinalAt = fin.Time
	return &c, err
}

// loadContract reads a contract with its parts.
func loadContract(ctx context.Context, q db.Queryer, id int64) (*Contract, error) {
	c, err := scanContract(q.QueryRowContext(ctx, `SELECT `+contractCols+contractFrom+` WHERE c.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	if err != nil {
		return nil, err
	}
	if err := c.loadParts(ctx, q); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Contract) loadParts(ctx context.Context, q db.Queryer) error {
	err := eachRow(ctx, q, `SELECT id, kind, title, target, actual, verified_at FROM procurement_deliverables WHERE contract_id = $1 ORDER BY position`,
		c.ID, func(r *sql.Rows) error {
			var d DeliverableRow
			var v sql.NullTime
			err := r.Scan(&d.ID, &d.Kind, &d.Title, &d.Target, &d.Actual, &v)
			d.VerifiedAt = v.Time
			c.Deliverables = append(c.Deliverables, d)
			c.Input.Deliverables = append(c.Input.Deliverables, d.Deliverable)
			return err
		})
	if err != nil {
		return err
	}
	err = eachRow(ctx, q, `SELECT m.id, m.title, m.amount_fen, m.due_on,
			(SELECT COALESCE(SUM(amount_fen), 0) FROM procurement_payments pay WHERE pay.milestone_id = m.id)
		FROM procurement_milestones m WHERE m.contract_id = $1 ORDER BY m.position`, c.ID, func(r *sql.Rows) error {
		var m MilestoneRow
		err := r.Scan(&m.ID, &m.Title, &m.AmountFen, &m.DueOn, &m.PaidFen)
		c.Milestones = append(c.Milestones, m)
		c.Input.Milestones = append(c.Input.Milestones, m.Milestone)
		return err
	})
	if err != nil {
		return err
	}
	err = eachRow(ctx, q, `SELECT id, period_from, period_to, due_on, body, hours, filed_at, reminded_at, overdue_at
		FROM procurement_reports WHERE contract_id = $1 ORDER BY period_from`, c.ID, func(r *sql.Rows) error {
		var rp Report
		var f, rm, od sql.NullTime
		err := r.Scan(&rp.ID, &rp.From, &rp.To, &rp.DueOn, &rp.Body, &rp.Hours, &f, &rm, &od)
		rp.FiledAt, rp.RemindedAt, rp.OverdueAt = f.Time, rm.Time, od.Time
		c.Reports = append(c.Reports, rp)
		return err
	})
	if err != nil {
		return err
	}
	return eachRow(ctx, q, `SELECT id, milestone_id, amount_fen, paid_on, voucher, note, recorded_at FROM procurement_payments
		WHERE contract_id = $1 ORDER BY paid_on, id`, c.ID, func(r *sql.Rows) error {
		var pay Payment
		err := r.Scan(&pay.ID, &pay.MilestoneID, &pay.AmountFen, &pay.PaidOn, &pay.Voucher, &pay.Note, &pay.RecordedAt)
		c.Payments = append(c.Payments, pay)
		return err
	})
}

func eachRow(ctx context.Context, q db.Queryer, query string, id int64, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// contractFor loads a contract the caller may see: the buyer (Manage),
// the bureau (supervising) and the contracted organization's admin.
func (s *Service) contractFor(ctx context.Context, q db.Queryer, p *tiaojie.Principal, id int64) (*Contract, error) {
	c, err := loadContract(ctx, q, id)
	if err != nil {
		return nil, err
	}
	ok, err := s.mayBuyFor(ctx, p, c.AgencyID)
	if err != nil {
		return nil, err
	}
	c.Manage = ok
	c.BuyerName = s.bureau()
	if c.AgencyID > 0 {
		if err := q.QueryRowContext(ctx, `SELECT name FROM agencies WHERE id = $1`, c.AgencyID).Scan(&c.BuyerName); err != nil {
			return nil, err
		}
	}
	if ok || adminOf(p, c.OrgID) || (p.Has(tiaojie.RoleBureau) && p.Can(tiaojie.PermProcurement)) {
		return c, nil
	}
	return nil, notFound()
}

// Contract returns a contract with its verification against the
// platform's records.
func (s *Service) Contract(ctx context.Context, p *tiaojie.Principal, id int64) (*Contract, *Verification, error) {
	q := s.db.Reader()
	c, err := s.contractFor(ctx, q, p, id)
	if err != nil {
		return nil, nil, s.settle(ctx, p, "procurement.contract_read", objContract, id, err)
	}
	v, err := s.verify(ctx, q, c)
	return c, v, err
}

// Contracts returns the contracts of a project the caller may see.
func (s *Service) Contracts(ctx context.Context, p *tiaojie.Principal, projectID int64) ([]Contract, error) {
	q := s.db.Reader()
	rows, err := q.QueryContext(ctx, `SELECT c.id FROM procurement_contracts c WHERE c.project_id = $1 ORDER BY c.id`, projectID)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	var out []Contract
	for _, id := range ids {
		c, err := s.contractFor(ctx, q, p, id)
		if tiaojie.IsKind(err, tiaojie.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, nil
}

// MyContracts returns the contracts of the organizations the caller is
// admin of.
func (s *Service) MyContracts(ctx context.Context, p *tiaojie.Principal) ([]Contract, error) {
	orgs := adminOrgs(p)
	if len(orgs) == 0 {
		return nil, nil
	}
	var w db.Where
	w.Add("c.org_id IN (" + db.In(&w, orgs) + ")")
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+contractCols+contractFrom+` WHERE `+w.String()+` ORDER BY c.id DESC`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Contract
	for rows.Next() {
		c, err := scanContract(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

// Verification is a contract's deliverables and indicators beside what
// the platform's records show.
type Verification struct {
	Figures      tiaojie.CaseFigures
	Deliverables []tiaojie.Verified
	Indicators   []tiaojie.Verified
}

// verify counts, from the cases tables, the contracted organization's
// cases closed within the contract's period and the project's scope
// (dispute types, township): mediated to an end, by agreement or
// termination (a withdrawn or rejected application was never mediated);
// agreements among them; and the parties' ratings of them.
func (s *Service) verify(ctx context.Context, q db.Queryer, c *Contract) (*Verification, error) {
	pr, err := load(ctx, q, c.ProjectID)
	if err != nil {
		return nil, err
	}
	from, err := tiaojie.ParseDay(c.Input.PeriodFrom)
	if err != nil {
		return nil, err
	}
	to, err := tiaojie.ParseDay(c.Input.PeriodTo)
	if err != nil {
		return nil, err
	}
	var w db.Where
	w.Add("c.org_id = " + w.Arg(c.OrgID))
	w.Add("c.ended_at >= " + w.Arg(from.UTC()))
	w.Add("c.ended_at < " + w.Arg(to.AddDate(0, 0, 1).UTC()))
	w.Add("c.end_reason <> ''")
	w.Add("c.status NOT IN ('withdrawn', 'rejected')")
	if len(pr.Input.DisputeTypes) > 0 {
		w.Add("c.dispute_type IN (" + db.In(&w, pr.Input.DisputeTypes) + ")")
	}
	if pr.Input.Township != "" {
		w.Add("c.township = " + w.Arg(pr.Input.Township))
	}
	var f tiaojie.CaseFigures
	err = q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN c.end_reason = 'agreement' THEN 1 ELSE 0 END), 0)
		FROM cases c WHERE `+w.String(), w.Args()...).Scan(&f.Closed, &f.Agreed)
	if err != nil {
		return nil, err
	}
	err = q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(r.stars), 0) FROM case_ratings r JOIN cases c ON c.id = r.case_id
		WHERE `+w.String(), w.Args()...).Scan(&f.Ratings, &f.RatingStars)
	if err != nil {
		return nil, err
	}
	manual := map[int]int{}
	for i, d := range c.Deliverables {
		manual[i] = d.Actual
		switch d.Kind {
		case tiaojie.DeliverHours:
			f.Hours += d.Actual
		case tiaojie.DeliverOther:
			f.OtherChecked += d.Actual
		}
	}
	return &Verification{Figures: f, Deliverables: tiaojie.VerifyDeliverables(c.Input.Deliverables, f, manual),
		Indicators: tiaojie.VerifyIndicators(c.Input.MinSuccessPct, c.Input.MinSatisfaction, f)}, nil
}

// managedContract loads a contract in tx for a change by its buyer.
func (s *Service) managedContract(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, id int64) (*Contract, error) {
	c, err := loadContract(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	ok, err := s.mayBuyFor(ctx, p, c.AgencyID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, notFound()
	}
	return c, nil
}

// VerifyDeliverable records the buyer's verified figure for an hours or
// other deliverable (cases are counted from the records, not entered).
func (s *Service) VerifyDeliverable(ctx context.Context, p *tiaojie.Principal, contractID, deliverableID int64, actual int) error {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.managedContract(ctx, tx, p, contractID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(c.Deliverables, func(d DeliverableRow) bool { return d.ID == deliverableID })
		if i < 0 {
			return tiaojie.E(tiaojie.NotFound, "error.not_found")
		}
		if c.Deliverables[i].Kind == tiaojie.DeliverCases {
			return tiaojie.E(tiaojie.Conflict, "procurement.cases_counted")
		}
		if actual < 0 || actual > 1000000 {
			var fe tiaojie.FieldErrors
			fe.Add("actual", "procurement.actual")
			return fe.Err()
		}
		if _, err := tx.ExecContext(ctx, `UPDATE procurement_deliverables SET actual = $1, verified_at = $2 WHERE id = $3`,
			actual, s.now(), deliverableID); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "procurement.verify", objContract, contractID, map[string]string{
			"deliverable": itoa(deliverableID), "actual": itoa(int64(actual))})
	})
	return s.settle(ctx, p, "procurement.verify", objContract, contractID, err)
}

// FileReport files the organization's performance report for a period
// once the period has begun: what was done, and the hours of service. A
// filed report is not changed.
func (s *Service) FileReport(ctx context.Context, p *tiaojie.Principal, contractID, reportID int64, body string, hours int) error {
	body = strings.TrimSpace(body)
	var fe tiaojie.FieldErrors
	if body == "" || utf8.RuneCountInString(body) > maxProposal {
		fe.Add("body", "procurement.report_body", "max", "5000")
	}
	if hours < 0 || hours > 100000 {
		fe.Add("hours", "procurement.actual")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := loadContract(ctx, tx, contractID)
		if err != nil {
			return err
		}
		if !adminOf(p, c.OrgID) {
			return notFound()
		}
		i := slices.IndexFunc(c.Reports, func(r Report) bool { return r.ID == reportID })
		switch {
		case i < 0:
			return tiaojie.E(tiaojie.NotFound, "error.not_found")
		case c.Reports[i].Filed():
			return tiaojie.E(tiaojie.Conflict, "procurement.report_filed")
		case c.Reports[i].From > s.today():
			return tiaojie.E(tiaojie.Conflict, "procurement.report_early").With("from", c.Reports[i].From)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE procurement_reports SET body = $1, hours = $2, filed_at = $3, filed_by = $4 WHERE id = $5`,
			body, hours, s.now(), max(p.UserID, 0), reportID); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "procurement.report", objContract, contractID, map[string]string{
			"period": c.Reports[i].From + "/" + c.Reports[i].To, "hours": itoa(int64(hours))})
	})
	return s.settle(ctx, p, "procurement.report", objContract, contractID, err)
}

// Evaluate records the buyer's final evaluation of a contract, once.
func (s *Service) Evaluate(ctx context.Context, p *tiaojie.Principal, contractID int64, grade tiaojie.FinalGrade, note string) error {
	note = strings.TrimSpace(note)
	var fe tiaojie.FieldErrors
	if !slices.Contains(tiaojie.FinalGrades(), grade) {
		fe.Add("grade", "procurement.grade")
	}
	if note == "" || utf8.RuneCountInString(note) > 2000 {
		fe.Add("note", "procurement.note", "max", "2000")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.managedContract(ctx, tx, p, contractID)
		if err != nil {
			return err
		}
		if c.FinalGrade != "" {
			return tiaojie.E(tiaojie.Conflict, "procurement.evaluated")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE procurement_contracts SET final_grade = $1, final_note = $2, final_at = $3 WHERE id = $4`,
			grade, note, s.now(), contractID); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "procurement.evaluate", objContract, contractID, map[string]string{"grade": string(grade)})
	})
	return s.settle(ctx, p, "procurement.evaluate", objContract, contractID, err)
}

// PaymentInput is a payment the buyer records.
type PaymentInput struct {
	MilestoneID int64
	AmountFen   int64
	PaidOn      string // YYYY-MM-DD
	Voucher     string
	Note        string
}

// Pay records a payment against a milestone. A payment that would take
// the total paid beyond the contract amount, or the milestone's beyond
// its amount, is refused and nothing is written (tiaojie.CheckPayment).
func (s *Service) Pay(ctx context.Context, p *tiaojie.Principal, contractID int64, in PaymentInput) (int64, error) {
	in.Voucher, in.Note = strings.TrimSpace(in.Voucher), strings.TrimSpace(in.Note)
	var fe tiaojie.FieldErrors
	if _, err := tiaojie.ParseDay(in.PaidOn); err != nil {
		fe.Add("paid_on", "procurement.date")
	}
	if utf8.RuneCountInString(in.Voucher) > 100 || utf8.RuneCountInString(in.Note) > 500 {
		fe.Add("note", "procurement.note", "max", "500")
	}
	if err := fe.Err(); err != nil {
		return 0, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.managedContract(ctx, tx, p, contractID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(c.Milestones, func(m MilestoneRow) bool { return m.ID == in.MilestoneID })
		if i < 0 {
			var fe tiaojie.FieldErrors
			fe.Add("milestone", "procurement.milestone")
			return fe.Err()
		}
		m := c.Milestones[i]
		if err := tiaojie.CheckPayment(c.Input.AmountFen, c.PaidFen, m.AmountFen, m.PaidFen, in.AmountFen); err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `
			INSERT INTO procurement_payments (contract_id, milestone_id, amount_fen, paid_on, voucher, note, recorded_by, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			contractID, in.MilestoneID, in.AmountFen, in.PaidOn, in.Voucher, in.Note, max(p.UserID, 0), s.now()).Scan(&id)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "procurement.pay", objContract, contractID, map[string]string{
			"milestone": itoa(in.MilestoneID), "amount": tiaojie.FormatYuan(in.AmountFen), "paid_on": in.PaidOn})
	})
	return id, s.settle(ctx, p, "procurement.pay", objContract, contractID, err)
}
