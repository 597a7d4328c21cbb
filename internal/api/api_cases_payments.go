package api

import (
	"context"
	"time"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/cases"
)

// Case operations: Fees of a commercial case (the fee computed at
// acceptance, payments and refunds). internal/cases decides who records
// (the organization's admin, the assigned mediator) and who sees what of
// a payment.

// payment is one recorded payment or refund.
type payment struct {
	ID         int64     `json:"id"`
	AmountFen  int64     `json:"amount_fen" doc:"金额（分），退费为负数 Amount in fen; negative for a refund"`
	AmountYuan string    `json:"amount_yuan"`
	Refund     bool      `json:"refund"`
	Method     string    `json:"method" enum:"cash,transfer,online,other" doc:"cash 现金，transfer 银行转账，online 在线支付，other 其他 How it was paid"`
	Payer      string    `json:"payer" doc:"交款人（退费为收款人）；未打开案件内容的督办人员看到脱敏姓名 Who paid (for a refund, who was refunded); masked for supervisors who have not opened the content"`
	ReceiptNo  string    `json:"receipt_no"`
	Note       string    `json:"note" doc:"只有能查看案件内容的调用者可见 Only for callers who read the case's content"`
	PaidOn     string    `json:"paid_on" doc:"收费或退费日期 YYYY-MM-DD（北京时间） The day it was paid or refunded, Beijing time"`
	RecordedBy int64     `json:"recorded_by,omitempty" doc:"登记人的用户编号，仅工作人员可见 The recorder's user ID, for staff only"`
	Recorder   string    `json:"recorder,omitempty" doc:"登记人，仅工作人员可见 The recorder's name, for staff only"`
	RecordedAt time.Time `json:"recorded_at"`
}

// feeStandardRef names the fee standard a case's fee came from.
type feeStandardRef struct {
	Version       int    `json:"version"`
	EffectiveFrom string `json:"effective_from" doc:"YYYY-MM-DD"`
}

// casePayments is where a case's fee stands, with its payments.
type casePayments struct {
	FeeFen       int64           `json:"fee_fen" doc:"应收调解费（分），受理时按收费标准计算 The fee due in fen, computed at acceptance"`
	FeeYuan      string          `json:"fee_yuan"`
	FeeStandard  *feeStandardRef `json:"fee_standard,omitempty" doc:"计费依据的收费标准 The fee standard the fee came from"`
	PaidFen      int64           `json:"paid_fen" doc:"已收合计 The sum of the payments"`
	PaidYuan     string          `json:"paid_yuan"`
	RefundedFen  int64           `json:"refunded_fen" doc:"已退合计（正数） The sum of the refunds, positive"`
	RefundedYuan string          `json:"refunded_yuan"`
	BalanceFen   int64           `json:"balance_fen" doc:"尚欠：应收 − (已收 − 已退) Outstanding: fee − (paid − refunded)"`
	BalanceYuan  string          `json:"balance_yuan"`
	CanRecord    bool            `json:"can_record" doc:"调用者现在可以登记收费 The caller may record a payment now"`
	Items        []payment       `json:"items" doc:"按日期排列 By date"`
}

func (h *Handler) listPayments(ctx context.Context, in *caseIDInput) (*body[casePayments], error) {
	list, sum, err := h.cases.Payments(ctx, auth.PrincipalFrom(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	out := casePayments{FeeFen: int64(sum.Fee), FeeYuan: yuan(sum.Fee), PaidFen: int64(sum.Paid), PaidYuan: yuan(sum.Paid),
		RefundedFen: int64(sum.Refunded), RefundedYuan: yuan(sum.Refunded), BalanceFen: int64(sum.Balance),
		BalanceYuan: yuan(sum.Balance), CanRecord: sum.CanRecord, Items: make([]payment, 0, len(list))}
	if sum.StandardVersion > 0 {
		out.FeeStandard = &feeStandardRef{Version: sum.StandardVersion, EffectiveFrom: dateOut(sum.StandardFrom)}
	}
	for _, p := range list {
		out.Items = append(out.Items, payment{ID: p.ID, AmountFen: int64(p.Amount), AmountYuan: yuan(p.Amount), Refund: p.Refund(),
			Method: p.Method, Payer: p.Payer, ReceiptNo: p.ReceiptNo, Note: p.Note, PaidOn: dateOut(p.PaidAt),
			RecordedBy: p.RecordedBy, Recorder: p.Recorder, RecordedAt: p.RecordedAt})
	}
	return &body[casePayments]{Body: out}, nil
}

// newPayment is a payment or a refund to record.
type newPayment struct {
	AmountFen int64  `json:"amount_fen" doc:"金额（分），不为零；退费为负数。收费累计不能超过应收调解费，退费不能超过已实收 Amount in fen, not zero; negative for a refund. Payments never exceed the fee due, refunds never exceed what was received"`
	Method    string `json:"method" enum:"cash,transfer,online,other"`
	Payer     string `json:"payer" maxLength:"400" doc:"交款人（退费为收款人），最多 100 字 Who paid (for a refund, who was refunded), at most 100 characters"`
	ReceiptNo string `json:"receipt_no,omitempty" maxLength:"200" doc:"收据或发票号，最多 50 个字符 Receipt or invoice number, at most 50 characters"`
	Note      string `json:"note,omitempty" maxLength:"2000" doc:"最多 500 字 At most 500 characters"`
	PaidOn    string `json:"paid_on,omitempty" format:"date" doc:"收费或退费日期 YYYY-MM-DD（北京时间），不晚于今天、不早于受理之日；省略为今天 The day, Beijing time, not after today nor before acceptance; absent: today"`
}

type recordPaymentInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"案件编号 Case ID"`
	Body newPayment
}

func (h *Handler) recordPayment(ctx context.Context, in *recordPaymentInput) (*body[createdID], error) {
	b := in.Body
	paid, err := dateIn("paid_on", b.PaidOn)
	if err != nil {
		return nil, err
	}
	if paid.IsZero() {
		now := time.Now().In(tiaojie.Beijing())
		paid = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, tiaojie.Beijing())
	}
	id, err := h.cases.RecordPayment(ctx, auth.PrincipalFrom(ctx), in.ID, cases.PaymentInput{Amount: tiaojie.Money(b.AmountFen),
		Method: b.Method, Payer: b.Payer, ReceiptNo: b.ReceiptNo, Note: b.Note, PaidAt: paid})
	if err != nil {
		return nil, renameFields(stepNamed(err, "payment"), paymentField)
	}
	return &body[createdID]{Body: createdID{ID: id}}, nil
}

// paymentField names a field of a payment as the API spells it (the
// amount's name is caseError's).
func paymentField(f string) string {
	if f == "paid_at" {
		return "paid_on"
	}
	return f
}

// The descriptions of the fee operations, Chinese first.
const (
	descListPayments  = "商事调解案件的调解费（受理时按当时施行的收费标准计算）、收费与退费记录及尚欠金额。当事人、承办调解员和组织管理员看到完整记录（当事人看不到登记人）；司法所、区司法局等督办人员未打开案件内容时只看到金额等数字，交款人姓名脱敏、不显示备注。不收费的案件（人民调解依法免费）返回 404 case.no_fee。\n\nA commercial case's fee (computed at acceptance under the fee standard then in force), its payments and refunds, and what is outstanding. The parties, the assigned mediator and the organization's admin see the full record (the parties without who recorded it); supervising offices that have not opened the case's content see the figures, with payers' names masked and no notes. A case without a fee (people's mediation is free by law) answers 404 case.no_fee."
	descRecordPayment = "组织管理员或承办调解员登记一笔收费或退费（金额为负数）。收费累计不能超过应收调解费，退费不能超过已实收，否则返回 422 且不作任何记录；已归档或不收费的案件返回 409。成功返回 201 与编号；每笔均记入审计日志。\n\nThe organization's admin or the assigned mediator records a payment, or a refund (a negative amount). Payments never bring the total above the fee due and a refund never exceeds what was received: otherwise 422, and nothing is written; an archived case or one without a fee answers 409. Answers 201 with the ID; every payment is audited."
)
