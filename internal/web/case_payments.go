package web

import (
	"net/http"
	"time"

	"tiaojie"
	"tiaojie/internal/cases"
)

// feesView is the fees section of a commercial case's page (费用): the
// fee due and the standard it came from, what was paid and refunded, the
// balance, each payment, and for the organization's admin and the
// assigned mediator the form that records one. internal/cases decides
// who sees what of a payment (Payments).
type feesView struct {
	Fee, Paid, Refunded, Balance string // yuan, two decimals
	Settled                      bool   // nothing is outstanding
	HasRefunds                   bool
	Standard                     string // which fee standard, "" when unknown
	Payments                     []paymentView
	FiguresOnly                  bool // payers masked and notes hidden for this reader
	ShowRecorder                 bool
	Form                         *formView // nil when the caller may not record
}

// paymentView is one payment or refund as the page lists it.
type paymentView struct {
	cases.Payment
	Date, Kind, Amount, Method string
}

// caseFees builds the fees section of a case with a fee; nil for a case
// without one (people's mediation is free).
func (h *Handler) caseFees(r *http.Request, p *Page, v *cases.View, live bool) (*feesView, error) {
	if v.FeeFen == nil {
		return nil, nil
	}
	list, sum, err := h.Cases.Payments(r.Context(), p.User, v.ID)
	if err != nil {
		return nil, err
	}
	f := &feesView{Fee: yuanText(sum.Fee), Paid: yuanText(sum.Paid), Refunded: yuanText(sum.Refunded),
		Balance: yuanText(sum.Balance), Settled: sum.Balance <= 0, HasRefunds: sum.Refunded > 0, FiguresOnly: !v.Parts.Content, ShowRecorder: v.Parts.Staff()}
	if sum.StandardVersion > 0 {
		f.Standard = h.Catalog.T(p.Lang, "case.fee.standard", "v", itoa64(int64(sum.StandardVersion)), "date", day(sum.StandardFrom))
	}
	for _, pm := range list {
		kind := "case.fee.kind.payment"
		if pm.Refund() {
			kind = "case.fee.kind.refund"
		}
		f.Payments = append(f.Payments, paymentView{Payment: pm, Date: day(pm.PaidAt), Kind: h.Catalog.T(p.Lang, kind),
			Amount: yuanText(pm.Amount), Method: h.Catalog.T(p.Lang, "case.fee.method."+pm.Method)})
	}
	if sum.CanRecord {
		f.Form = h.paymentForm(p, live)
	}
	return f, nil
}

// yuanText writes an amount as yuan with thousands separators.
func yuanText(m tiaojie.Money) string { return m.FormatYuan() }

// paymentForm is the form that records a payment or a refund, dated
// today unless the refused submission said otherwise.
func (h *Handler) paymentForm(p *Page, live bool) *formView {
	kinds := []optionView{{Value: "payment", Label: h.Catalog.T(p.Lang, "case.fee.kind.payment")},
		{Value: "refund", Label: h.Catalog.T(p.Lang, "case.fee.kind.refund")}}
	return h.formOf(p, "payment", live).
		choose("kind", "case.fee.f.kind", "payment", kinds, "required").
		text("amount", "text", "case.fee.f.amount", "", "required", "inputmode=decimal", "hint=case.fee.f.amount_hint").
		choose("method", "case.fee.f.method", cases.PayTransfer, h.codeOptions(p.Lang, "case.f.choose", "case.fee.method.", cases.PaymentMethods()...), "required").
		text("payer", "text", "case.fee.f.payer", "", "required").
		text("receipt_no", "text", "case.fee.f.receipt", "").
		text("paid_at", "date", "case.fee.f.paid_at", day(time.Now()), "required").
		text("note", "text", "case.fee.f.note", "").done()
}

// recordPayment records a payment or a refund from the case page's form:
// the amount is read in yuan exactly into fen (tiaojie.ParseYuan), a
// refund recorded as a negative amount, the date as a day in Beijing.
func (h *Handler) recordPayment(r *http.Request, p *tiaojie.Principal, id int64) error {
	f := r.PostForm
	var fe tiaojie.FieldErrors
	amount, err := tiaojie.ParseYuan(f.Get("amount"))
	if err != nil {
		fe.Add("amount", "money.format")
	}
	if f.Get("kind") == "refund" {
		amount = -amount
	}
	paid, ok := beijingDay(f.Get("paid_at"))
	if !ok {
		fe.Add("paid_at", "case.f.bad_date")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	_, err = h.Cases.RecordPayment(r.Context(), p, id, cases.PaymentInput{Amount: amount, Method: f.Get("method"),
		Payer: f.Get("payer"), ReceiptNo: f.Get("receipt_no"), Note: f.Get("note"), PaidAt: paid})
	return err
}
