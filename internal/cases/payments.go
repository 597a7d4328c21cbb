package cases

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/db"
)

// How a fee was paid (case_payments.method).
const (
	PayCash     = "cash"
	PayTransfer = "transfer"
	PayOnline   = "online"
	PayOther    = "other"
)

// PaymentMethods lists the ways a fee is paid, in the order forms offer
// them.
func PaymentMethods() []string { return []string{PayTransfer, PayCash, PayOnline, PayOther} }

// Limits of a payment's texts, in characters.
const (
	maxPayer     = 100
	maxReceiptNo = 50
	maxPayNote   = 500
)

// PaymentInput is one payment of a commercial case's fee as the
// organization records it, or a refund (a negative amount).
type PaymentInput struct {
	Amount    tiaojie.Money // fen; negative for a refund
	Method    string        // PayCash, PayTransfer, PayOnline or PayOther
	Payer     string        // who paid (or, for a refund, who was refunded)
	ReceiptNo string        // the receipt's or invoice's number, if any
	Note      string
	PaidAt    time.Time // when it was paid; a date is midnight, Beijing time
}

// Payment is one recorded payment or refund.
type Payment struct {
	ID         int64
	Amount     tiaojie.Money // negative for a refund
	Method     string
	Payer      string // masked for readers who do not see the content
	ReceiptNo  string
	Note       string // "" for readers who do not see the content
	PaidAt     time.Time
	RecordedBy int64  // 0 for readers who are not staff
	Recorder   string // the recorder's name, for staff
	RecordedAt time.Time
}

// Refund reports whether the payment is a refund.
func (p Payment) Refund() bool { return p.Amount < 0 }

// PaymentSummary is where a case's fee stands.
type PaymentSummary struct {
	Fee      tiaojie.Money // due, computed at acceptance (cases.fee_fen)
	Paid     tiaojie.Money // the sum of the payments
	Refunded tiaojie.Money // the sum of the refunds, as a positive amount
	Balance  tiaojie.Money // Fee − (Paid − Refunded); negative never (the rules keep it so)
	// The fee standard the fee came from (its version and the day it took
	// effect), when the organization's standard in force at acceptance
	// still gives the same fee; 0 when it cannot be told.
	StandardVersion int
	StandardFrom    time.Time
	CanRecord       bool // the caller may record a payment now
}

// Net is what the organization holds: payments less refunds.
func (s PaymentSummary) Net() tiaojie.Money { return s.Paid - s.Refunded }

// RecordPayment records a payment of a commercial case's fee, or a refund
// (a negative amount), by the organization's admin or the assigned
// mediator. Only a case with a fee (commercial, accepted under a
// published standard) takes payments, and not once archived. Payments
// never bring what was paid above the fee, and a refund never exceeds
// what is held; the refused payment writes nothing. Every payment is
// audited. It returns the payment's ID.
func (s *Service) RecordPayment(ctx context.Context, p *tiaojie.Principal, caseID int64, in PaymentInput) (int64, error) {
	in.Method, in.Payer = strings.TrimSpace(in.Method), strings.TrimSpace(in.Payer)
	in.ReceiptNo, in.Note = strings.TrimSpace(in.ReceiptNo), strings.TrimSpace(in.Note)
	if err := s.validatePayment(in); err != nil {
		return 0, err
	}
	var pid int64
	err := s.withCase(ctx, p, caseID, "case.payment", func(tx *db.Tx, c *Case, ps Parts) error {
		if !ps.Org && !ps.Mediator {
			return notYours("payment")
		}
		if c.FeeFen == nil {
			return tiaojie.E(tiaojie.Conflict, "case.no_fee")
		}
		if c.Status == tiaojie.CaseArchived {
			return tiaojie.E(tiaojie.Conflict, "case.payment_archived")
		}
		if c.AcceptedAt != nil && in.PaidAt.Before(dayStart(*c.AcceptedAt)) {
			var fe tiaojie.FieldErrors
			fe.Add("paid_at", "case.payment_before_accept")
			return fe.Err()
		}
		// The version check of update serializes concurrent payments of
		// one case: the second sees case.stale rather than overpaying.
		if err := s.update(ctx, tx, c, map[string]any{"activity_at": s.now()}); err != nil {
			return err
		}
		sum, err := paymentTotals(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		if err := payable(tiaojie.Money(*c.FeeFen), sum, in.Amount); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `
			INSERT INTO case_payments (case_id, amount_fen, method, payer, receipt_no, note, paid_at, recorded_by, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			c.ID, int64(in.Amount), in.Method, in.Payer, in.ReceiptNo, in.Note, in.PaidAt.UTC(), max(p.UserID, 0), s.now()).Scan(&pid); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "case.payment", c.ID, map[string]string{"payment": itoa(pid),
			"amount_fen": itoa(int64(in.Amount)), "method": in.Method, "receipt_no": in.ReceiptNo})
	})
	return pid, err
}

// validatePayment checks what a payment says by itself.
func (s *Service) validatePayment(in PaymentInput) error {
	var fe tiaojie.FieldErrors
	if in.Amount == 0 {
		fe.Add("amount", "case.payment_amount")
	}
	if !slices.Contains(PaymentMethods(), in.Method) {
		fe.Add("method", "case.payment_method")
	}
	if in.Payer == "" || utf8.RuneCountInString(in.Payer) > maxPayer {
		fe.Add("payer", "case.payment_payer")
	}
	if utf8.RuneCountInString(in.ReceiptNo) > maxReceiptNo {
		fe.Add("receipt_no", "case.payment_receipt")
	}
	if utf8.RuneCountInString(in.Note) > maxPayNote {
		fe.Add("note", "case.payment_note")
	}
	switch {
	case in.PaidAt.IsZero():
		fe.Add("paid_at", "case.payment_paid_at")
	case in.PaidAt.After(s.now()):
		fe.Add("paid_at", "case.payment_future")
	}
	return fe.Err()
}

// payable checks an amount against where the fee stands: a payment may
// not bring the net paid above the fee, a refund may not exceed it.
func payable(fee tiaojie.Money, sum PaymentSummary, amount tiaojie.Money) error {
	var fe tiaojie.FieldErrors
	net := sum.Net()
	switch {
	case amount > 0 && net+amount > fee:
		fe.Add("amount", "case.payment_over_fee", "balance", max(fee-net, 0).FormatYuan())
	case amount < 0 && -amount > net:
		fe.Add("amount", "case.payment_over_refund", "net", net.FormatYuan())
	}
	return fe.Err()
}

// paymentTotals sums a case's payments and refunds.
func paymentTotals(ctx context.Context, q db.Queryer, caseID int64) (PaymentSummary, error) {
	var paid, refunded int64
	err := q.QueryRowContext(ctx, `
		SELECT COALESCE(SUM(CASE WHEN amount_fen > 0 THEN amount_fen ELSE 0 END), 0),
		       COALESCE(SUM(CASE WHEN amount_fen < 0 THEN -amount_fen ELSE 0 END), 0)
		FROM case_payments WHERE case_id = $1`, caseID).Scan(&paid, &refunded)
	return PaymentSummary{Paid: tiaojie.Money(paid), Refunded: tiaojie.Money(refunded)}, err
}

// Payments returns a case's payments, oldest first, and where its fee
// stands, to everyone who reads the case. The parties, the assigned
// mediator and the organization's admin (and a supervising office that
// opened the content) see each payment in full; the parties do not see
// which staff member recorded it (as in the history). The others who
// read the case (the township office and the bureau, the organization's
// other mediators, a referrer) see the figures (amounts, methods, dates,
// receipt numbers, the totals), as they see the amount in dispute, with
// the payer's name masked and no note. A case without a fee is NotFound
// case.no_fee.
func (s *Service) Payments(ctx context.Context, p *tiaojie.Principal, caseID int64) ([]Payment, PaymentSummary, error) {
	v, err := s.Get(ctx, p, caseID)
	if err != nil {
		return nil, PaymentSummary{}, err
	}
	if v.FeeFen == nil {
		return nil, PaymentSummary{}, tiaojie.E(tiaojie.NotFound, "case.no_fee")
	}
	list, err := s.paymentList(ctx, caseID)
	if err != nil {
		return nil, PaymentSummary{}, err
	}
	sum := PaymentSummary{Fee: tiaojie.Money(*v.FeeFen),
		CanRecord: (v.Parts.Org || v.Parts.Mediator) && v.Status != tiaojie.CaseArchived}
	for i := range list {
		pm := &list[i]
		if pm.Amount > 0 {
			sum.Paid += pm.Amount
		} else {
			sum.Refunded -= pm.Amount
		}
		if !v.Parts.Content {
			pm.Payer, pm.Note = tiaojie.MaskName(pm.Payer), ""
		}
		if !v.Parts.Staff() {
			pm.RecordedBy, pm.Recorder = 0, ""
		}
	}
	sum.Balance = sum.Fee - sum.Net()
	sum.StandardVersion, sum.StandardFrom = s.standardOf(ctx, v.Case)
	return list, sum, nil
}

// paymentList reads a case's payments, oldest first, with the names of
// those who recorded them.
func (s *Service) paymentList(ctx context.Context, caseID int64) ([]Payment, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `
		SELECT cp.id, cp.amount_fen, cp.method, cp.payer, cp.receipt_no, cp.note, cp.paid_at, cp.recorded_by,
		       COALESCE(u.display_name, ''), cp.recorded_at
		FROM case_payments cp LEFT JOIN users u ON u.id = cp.recorded_by
		WHERE cp.case_id = $1 ORDER BY cp.paid_at, cp.id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Payment
	for rows.Next() {
		var pm Payment
		var amount int64
		if err := rows.Scan(&pm.ID, &amount, &pm.Method, &pm.Payer, &pm.ReceiptNo, &pm.Note, &pm.PaidAt, &pm.RecordedBy,
			&pm.Recorder, &pm.RecordedAt); err != nil {
			return nil, err
		}
		pm.Amount, pm.PaidAt, pm.RecordedAt = tiaojie.Money(amount), pm.PaidAt.UTC(), pm.RecordedAt.UTC()
		out = append(out, pm)
	}
	return out, rows.Err()
}

// standardOf tells which fee standard a case's fee came from: the one in
// force at acceptance, if it still gives the fee recorded (published
// standards do not change, so it does unless the data was edited by
// hand). The case does not keep the version, so this is asked again.
func (s *Service) standardOf(ctx context.Context, c *Case) (int, time.Time) {
	if s.fees == nil || c.AcceptedAt == nil || c.AmountFen == nil || c.FeeFen == nil {
		return 0, time.Time{}
	}
	fee, std, err := s.fees.FeeFor(ctx, c.OrgID, tiaojie.Money(*c.AmountFen), *c.AcceptedAt)
	if err != nil {
		if !tiaojie.IsKind(err, tiaojie.NotFound) {
			s.log.WarnContext(ctx, "cases: fee standard of a case", "case", c.ID, "err", err)
		}
		return 0, time.Time{}
	}
	if int64(fee) != *c.FeeFen {
		return 0, time.Time{}
	}
	return std.Version, std.EffectiveFrom
}

// dayStart is midnight, Beijing time, of the day t falls on.
func dayStart(t time.Time) time.Time {
	bj := t.In(tiaojie.Beijing())
	return time.Date(bj.Year(), bj.Month(), bj.Day(), 0, 0, 0, 0, tiaojie.Beijing())
}

// paymentsText is the record of fees paid (收费记录) for the case file,
// "" when the case has no payments.
func (s *Service) paymentsText(ctx context.Context, c *Case) (string, error) {
	if c.FeeFen == nil {
		return "", nil
	}
	list, err := s.paymentList(ctx, c.ID)
	if err != nil || len(list) == 0 {
		return "", err
	}
	methods := map[string]string{PayCash: "现金", PayTransfer: "银行转账", PayOnline: "在线支付", PayOther: "其他"}
	var b strings.Builder
	fmt.Fprintf(&b, "收费记录\n\n调解费：%s 元\n\n", tiaojie.Money(*c.FeeFen).FormatYuan())
	var net tiaojie.Money
	for _, pm := range list {
		kind := "收费"
		if pm.Refund() {
			kind = "退费"
		}
		net += pm.Amount
		fmt.Fprintf(&b, "%s  %s  %s 元  %s  %s", pm.PaidAt.In(tiaojie.Beijing()).Format("2006-01-02"), kind,
			pm.Amount.FormatYuan(), methods[pm.Method], pm.Payer)
		if pm.ReceiptNo != "" {
			fmt.Fprintf(&b, "  收据号 %s", pm.ReceiptNo)
		}
		if pm.Note != "" {
			fmt.Fprintf(&b, "  %s", pm.Note)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "\n实收合计：%s 元；尚欠：%s 元\n", net.FormatYuan(), (tiaojie.Money(*c.FeeFen) - net).FormatYuan())
	return b.String(), nil
}
