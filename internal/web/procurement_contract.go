package web

import (
	"net/http"
	"strconv"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/procurement"
	"tiaojie/internal/route"
)

// procContractData is the contract page of the buyer and the
// contracted organization.
type procContractData struct {
	Base    string
	C       *procurement.Contract
	V       *procurement.Verification
	Mine    bool // the caller is the organization's admin: may report
	Today   string
	LeftFen int64
}

func (h *Handler) procurementContract(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "procurement.contract", nil)
	h.notice(p, r, "procurement.done.", "signed", "verified", "paid", "evaluated", "reported")
	return h.procurementContractPage(w, r, p, http.StatusOK)
}

func (h *Handler) procurementContractPage(w http.ResponseWriter, r *http.Request, p *Page, status int) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, v, err := h.Procurement.Contract(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	base := procBase(r.URL.Path)
	mine := false
	for _, g := range p.User.Grants {
		if g.Role == tiaojie.RoleOrgAdmin && g.OrgID == c.OrgID {
			mine = true
		}
	}
	if base == "/staff/procurement" && !c.Manage && !p.User.Has(tiaojie.RoleBureau) {
		return tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	p.Data = &procContractData{Base: base, C: c, V: v, Mine: mine && base == "/staff/bids", Today: h.Procurement.Today(),
		LeftFen: c.Input.AmountFen - c.PaidFen}
	return h.render(w, r, status, "staff_procurement_contract", p)
}

// contractDone redirects back to the contract page with a notice, or
// shows it again with the problem.
func (h *Handler) contractDone(w http.ResponseWriter, r *http.Request, done string, err error) error {
	id, _ := pathID(r)
	if err == nil {
		return redirect(w, r, procBase(r.URL.Path)+"/contracts/"+itoa64(id)+"?done="+done)
	}
	p := h.page(r, "procurement.contract", nil)
	if !h.problems(p, err) {
		return err
	}
	return h.procurementContractPage(w, r, p, route.Status(err))
}

func (h *Handler) procurementVerify(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	del, _ := strconv.ParseInt(r.PostForm.Get("deliverable"), 10, 64)
	actual, aerr := strconv.Atoi(r.PostForm.Get("actual"))
	if aerr != nil {
		actual = -1
	}
	err = h.Procurement.VerifyDeliverable(r.Context(), auth.PrincipalFrom(r.Context()), id, del, actual)
	return h.contractDone(w, r, "verified", err)
}

func (h *Handler) procurementPay(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	in := procurement.PaymentInput{PaidOn: f.Get("paid_on"), Voucher: f.Get("voucher"), Note: f.Get("note")}
	in.MilestoneID, _ = strconv.ParseInt(f.Get("milestone"), 10, 64)
	m, merr := tiaojie.ParseYuan(f.Get("amount"))
	if merr != nil {
		var fe tiaojie.FieldErrors
		fe.Add("amount", "procurement.payment_amount")
		return h.contractDone(w, r, "", fe.Err())
	}
	in.AmountFen = int64(m)
	_, err = h.Procurement.Pay(r.Context(), auth.PrincipalFrom(r.Context()), id, in)
	return h.contractDone(w, r, "paid", err)
}

func (h *Handler) procurementEvaluate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	err = h.Procurement.Evaluate(r.Context(), auth.PrincipalFrom(r.Context()), id, tiaojie.FinalGrade(r.PostForm.Get("grade")), r.PostForm.Get("note"))
	return h.contractDone(w, r, "evaluated", err)
}

func (h *Handler) procurementReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	rid, _ := strconv.ParseInt(r.PathValue("report"), 10, 64)
	hours, herr := strconv.Atoi(r.PostForm.Get("hours"))
	if herr != nil {
		hours = 0
	}
	err = h.Procurement.FileReport(r.Context(), auth.PrincipalFrom(r.Context()), id, rid, r.PostForm.Get("body"), hours)
	return h.contractDone(w, r, "reported", err)
}

// procBudgetsData is the budgets page.
type procBudgetsData struct{ Rows []procurement.Budget }

func (h *Handler) procurementBudgets(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "procurement.budgets", nil)
	rows, err := h.Procurement.Budgets(r.Context(), p.User)
	if err != nil {
		return err
	}
	p.Data = &procBudgetsData{Rows: rows}
	return h.render(w, r, http.StatusOK, "staff_procurement_budgets", p)
}

func (h *Handler) procurementBudgetsExport(w http.ResponseWriter, r *http.Request) error {
	rows, err := h.Procurement.Budgets(r.Context(), auth.PrincipalFrom(r.Context()))
	if err != nil {
		return err
	}
	words := h.words(r)
	return writeXLSX(w, words.Lang, "政府购买服务预算执行", "procurement-budgets", procurement.BudgetSheet(rows, words))
}

// pubProcData is the public list or one public project.
type pubProcData struct {
	Projects []procurement.Project
	P        *procurement.Project
	Results  []procurement.Result
}

func (h *Handler) pubProcurement(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "procurement.public_title", nil)
	list, err := h.Procurement.Public(r.Context())
	if err != nil {
		return err
	}
	p.Data = &pubProcData{Projects: list}
	return h.render(w, r, http.StatusOK, "procurement_public", p)
}

func (h *Handler) pubProcurementProject(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p := h.page(r, "procurement.public_title", nil)
	pr, res, err := h.Procurement.PublicProject(r.Context(), id)
	if err != nil {
		return err
	}
	p.Data = &pubProcData{P: pr, Results: res}
	return h.render(w, r, http.StatusOK, "procurement_public", p)
}
