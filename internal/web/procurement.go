package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/procurement"
	"tiaojie/internal/route"
)

// Government procurement pages (SPEC C9, internal/procurement): the
// buying departments' projects, contracts and budgets; organizations'
// bids and reports; experts' scoring; the public list of projects and
// results. One handler serves a page to every role; the path prefix
// carries the route's permission and the service decides what the
// caller sees there.

// procurementRoutes registers the procurement pages, one line each.
func (h *Handler) procurementRoutes(t *route.Table) {
	buy, bid, review, pub := tiaojie.PermProcurement, tiaojie.PermProcurementApply, tiaojie.PermExpertReview, tiaojie.PermPublic
	t.Handle("GET /staff/procurement", buy, h.wrap(h.procurementList))
	t.Handle("POST /staff/procurement", buy, h.wrap(h.procurementCreate))
	t.Handle("GET /staff/procurement/budgets", buy, h.wrap(h.procurementBudgets))
	t.Handle("GET /staff/procurement/budgets.xlsx", buy, h.wrap(h.procurementBudgetsExport))
	t.Handle("GET /staff/procurement/{id}", buy, h.wrap(h.procurementProject))
	t.Handle("POST /staff/procurement/{id}/step", buy, h.wrap(h.procurementStep))
	t.Handle("POST /staff/procurement/{id}/experts", buy, h.wrap(h.procurementAssign))
	t.Handle("POST /staff/procurement/{id}/award", buy, h.wrap(h.procurementAward))
	t.Handle("POST /staff/procurement/bids/{id}/contract", buy, h.wrap(h.procurementSign))
	t.Handle("GET /staff/procurement/contracts/{id}", buy, h.wrap(h.procurementContract))
	t.Handle("POST /staff/procurement/contracts/{id}/verify", buy, h.wrap(h.procurementVerify))
	t.Handle("POST /staff/procurement/contracts/{id}/pay", buy, h.wrap(h.procurementPay))
	t.Handle("POST /staff/procurement/contracts/{id}/evaluate", buy, h.wrap(h.procurementEvaluate))

	t.Handle("GET /staff/bids", bid, h.wrap(h.procurementList))
	t.Handle("GET /staff/bids/projects/{id}", bid, h.wrap(h.procurementProject))
	t.Handle("POST /staff/bids/projects/{id}", bid, h.wrap(h.procurementApply))
	t.Handle("POST /staff/bids/withdraw/{id}", bid, h.wrap(h.procurementWithdraw))
	t.Handle("GET /staff/bids/contracts/{id}", bid, h.wrap(h.procurementContract))
	t.Handle("POST /staff/bids/contracts/{id}/reports/{report}", bid, h.wrap(h.procurementReport))

	t.Handle("GET /staff/procurement-reviews", review, h.wrap(h.procurementList))
	t.Handle("GET /staff/procurement-reviews/{id}", review, h.wrap(h.procurementProject))
	t.Handle("POST /staff/procurement-reviews/bids/{id}", review, h.wrap(h.procurementScore))

	t.Handle("GET /procurement", pub, h.wrap(h.pubProcurement))
	t.Handle("GET /procurement/{id}", pub, h.wrap(h.pubProcurementProject))
}

// procBase returns the path prefix of the caller's view of procurement
// pages, from the request path.
func procBase(path string) string {
	for _, b := range []string{"/staff/procurement-reviews", "/staff/bids", "/staff/procurement"} {
		if strings.HasPrefix(path, b) {
			return b
		}
	}
	return "/staff/procurement"
}

// procProjectPath returns where the project page is under a prefix.
func procProjectPath(base string, id int64) string {
	if base == "/staff/bids" {
		return base + "/projects/" + itoa64(id)
	}
	return base + "/" + itoa64(id)
}

// procListData is the list page of any role.
type procListData struct {
	Base      string
	Projects  []procRow
	Buyers    []procurement.Buyer
	Bids      []procurement.Bid
	Contracts []procurement.Contract
	Create    bool
	Today     string
}

// procRow is a project in a list.
type procRow struct {
	procurement.Project
	Link string
}

func (h *Handler) procurementList(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "procurement.title", nil)
	return h.procurementListPage(w, r, p, http.StatusOK)
}

func (h *Handler) procurementListPage(w http.ResponseWriter, r *http.Request, p *Page, status int) error {
	ctx, base := r.Context(), procBase(r.URL.Path)
	list, err := h.Procurement.List(ctx, p.User)
	if err != nil {
		return err
	}
	d := &procListData{Base: base, Today: h.Procurement.Today()}
	for _, pr := range list {
		if base == "/staff/procurement" && !p.User.Can(tiaojie.PermProcurement) {
			continue
		}
		d.Projects = append(d.Projects, procRow{Project: pr, Link: procProjectPath(base, pr.ID)})
	}
	switch base {
	case "/staff/procurement":
		if d.Buyers, err = h.Procurement.Buyers(ctx, p.User); err != nil {
			return err
		}
		d.Create = len(d.Buyers) > 0
	case "/staff/bids":
		if d.Bids, err = h.Procurement.MyBids(ctx, p.User); err != nil {
			return err
		}
		if d.Contracts, err = h.Procurement.MyContracts(ctx, p.User); err != nil {
			return err
		}
	}
	p.Data = d
	return h.render(w, r, status, "staff_procurement", p)
}

// projectInputOf reads a project form. Criteria are lines "name weight".
func projectInputOf(f url.Values) (tiaojie.ProjectInput, error) {
	in := tiaojie.ProjectInput{Title: f.Get("title"), Scope: f.Get("scope"), Category: tiaojie.ServiceCategory(f.Get("category")),
		DisputeTypes: f["dispute_types"], Township: f.Get("township"), WindowFrom: f.Get("window_from"), WindowTo: f.Get("window_to")}
	var fe tiaojie.FieldErrors
	if m, err := tiaojie.ParseYuan(f.Get("budget")); err != nil || m <= 0 {
		fe.Add("budget", "procurement.budget")
	} else {
		in.BudgetFen = int64(m)
	}
	in.Eligibility.MinStars, _ = strconv.Atoi(f.Get("min_stars"))
	for _, t := range f["org_types"] {
		in.Eligibility.OrgTypes = append(in.Eligibility.OrgTypes, tiaojie.OrgType(t))
	}
	in.Eligibility.NoSanction = f.Get("no_sanction") == "1"
	for _, line := range strings.Split(f.Get("criteria"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		i := strings.LastIndexAny(line, " \t")
		wt, err := strconv.Atoi(strings.TrimSpace(line[i+1:]))
		if i < 0 || err != nil {
			fe.Add("criteria", "procurement.criteria_line")
			break
		}
		in.Criteria = append(in.Criteria, tiaojie.Criterion{Name: strings.TrimSpace(line[:i]), Weight: wt})
	}
	return in, fe.Err()
}

func (h *Handler) procurementCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	in, err := projectInputOf(r.PostForm)
	var id int64
	if err == nil {
		agency, _ := strconv.ParseInt(r.PostForm.Get("buyer"), 10, 64)
		id, err = h.Procurement.Create(r.Context(), auth.PrincipalFrom(r.Context()), agency, in)
	}
	if err != nil {
		p := h.page(r, "procurement.title", nil)
		if !h.problems(p, err) {
			return err
		}
		return h.procurementListPage(w, r, p, route.Status(err))
	}
	return redirect(w, r, "/staff/procurement/"+itoa64(id)+"?done=created")
}

// procProjectData is the project page of any role.
type procProjectData struct {
	Base      string
	P         *procurement.Project
	Access    procurement.Access
	Bids      []procurement.Bid
	Contracts []procurement.Contract
	Pool      []procurement.AssignedExpert
	Signable  []procurement.Bid // won bids without a contract
	Reasons   []string          // an organization's failed conditions, localized
	MyBid     *procurement.Bid
	Open      bool // bids are taken today
	Today     string
}

func (h *Handler) procurementProject(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "procurement.title", nil)
	h.notice(p, r, "procurement.done.", "created", "published", "closed", "cancelled", "assigned", "awarded", "signed", "applied", "withdrawn", "scored")
	return h.procurementProjectPage(w, r, p, http.StatusOK, nil)
}

func (h *Handler) procurementProjectPage(w http.ResponseWriter, r *http.Request, p *Page, status int, reasons []string) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	pr, a, err := h.Procurement.Get(ctx, p.User, id)
	if err != nil {
		return err
	}
	d := &procProjectData{Base: procBase(r.URL.Path), P: pr, Access: a, Reasons: reasons, Today: h.Procurement.Today()}
	d.Open = pr.Status == tiaojie.ProjectPublished && pr.Window(d.Today) == tiaojie.WindowOpen
	if d.Bids, err = h.Procurement.Bids(ctx, p.User, id); err != nil {
		return err
	}
	if a.Manage || p.User.Has(tiaojie.RoleBureau) {
		if d.Contracts, err = h.Procurement.Contracts(ctx, p.User, id); err != nil {
			return err
		}
	}
	if a.Manage {
		if d.Pool, err = h.Procurement.Pool(ctx, p.User); err != nil {
			return err
		}
		signed := map[int64]bool{}
		for _, c := range d.Contracts {
			signed[c.BidID] = true
		}
		for _, b := range d.Bids {
			if b.Status == "won" && !signed[b.ID] {
				d.Signable = append(d.Signable, b)
			}
		}
	}
	for i := range d.Bids {
		if len(a.Orgs) > 0 && d.Bids[i].Status != "withdrawn" {
			d.MyBid = &d.Bids[i]
		}
	}
	p.Data = d
	return h.render(w, r, status, "staff_procurement_project", p)
}

// procDone redirects back to the project page with a notice, or shows
// the page again with the problem.
func (h *Handler) procDone(w http.ResponseWriter, r *http.Request, projectPath, done string, err error) error {
	if err == nil {
		return redirect(w, r, projectPath+"?done="+done)
	}
	p := h.page(r, "procurement.title", nil)
	var reasons []string
	var te *tiaojie.Error
	if errors.As(err, &te) && te.Code == "procurement.ineligible" {
		for _, f := range te.Fields {
			reasons = append(reasons, h.Catalog.Tm(p.Lang, f.Code, h.reasonArgs(p, f.Args)))
		}
		p.Problem = h.Catalog.T(p.Lang, te.Code)
	} else if !h.problems(p, err) {
		return err
	}
	return h.procurementProjectPage(w, r, p, route.Status(err), reasons)
}

// reasonArgs names an eligibility reason's arguments in words.
func (h *Handler) reasonArgs(p *Page, args map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range args {
		out[k] = v
		switch k {
		case "status":
			out[k] = h.Catalog.T(p.Lang, "org.status."+v)
		case "type":
			out[k] = h.Catalog.T(p.Lang, "org.type."+v)
		}
	}
	return out
}

func (h *Handler) procurementStep(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	ctx, pr := r.Context(), auth.PrincipalFrom(r.Context())
	var done string
	switch r.PostForm.Get("action") {
	case "publish":
		err, done = h.Procurement.Publish(ctx, pr, id), "published"
	case "close":
		err, done = h.Procurement.Close(ctx, pr, id), "closed"
	case "cancel":
		err, done = h.Procurement.Cancel(ctx, pr, id, r.PostForm.Get("reason")), "cancelled"
	default:
		return tiaojie.E(tiaojie.Invalid, "error.bad_request")
	}
	return h.procDone(w, r, "/staff/procurement/"+itoa64(id), done, err)
}

func (h *Handler) procurementAssign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	expert, _ := strconv.ParseInt(r.PostForm.Get("expert"), 10, 64)
	err = h.Procurement.AssignExpert(r.Context(), auth.PrincipalFrom(r.Context()), id, expert)
	return h.procDone(w, r, "/staff/procurement/"+itoa64(id), "assigned", err)
}

func (h *Handler) procurementAward(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	var winners []int64
	for _, v := range r.PostForm["winner"] {
		if b, err := strconv.ParseInt(v, 10, 64); err == nil {
			winners = append(winners, b)
		}
	}
	err = h.Procurement.Award(r.Context(), auth.PrincipalFrom(r.Context()), id, winners, r.PostForm.Get("note"))
	return h.procDone(w, r, "/staff/procurement/"+itoa64(id), "awarded", err)
}

// contractInputOf reads a contract form. Deliverables are lines
// "kind title target"; milestones lines "title amount due".
func contractInputOf(f url.Values) (tiaojie.ContractInput, error) {
	in := tiaojie.ContractInput{PeriodFrom: f.Get("period_from"), PeriodTo: f.Get("period_to"), ReportEvery: tiaojie.ReportEvery(f.Get("report_every"))}
	var fe tiaojie.FieldErrors
	if m, err := tiaojie.ParseYuan(f.Get("amount")); err == nil {
		in.AmountFen = int64(m)
	}
	in.MinSuccessPct, _ = strconv.Atoi(f.Get("min_success"))
	if s := strings.TrimSpace(f.Get("min_satisfaction")); s != "" {
		m, err := tiaojie.ParseYuan(s) // one decimal, read like an amount
		if err != nil {
			fe.Add("indicators", "procurement.indicators")
		}
		in.MinSatisfaction = int(m) / 10
	}
	for _, line := range lines(f.Get("deliverables")) {
		parts := strings.Fields(line)
		if len(parts) < 3 {
			fe.Add("deliverables", "procurement.deliverables")
			break
		}
		n, _ := strconv.Atoi(parts[len(parts)-1])
		in.Deliverables = append(in.Deliverables, tiaojie.Deliverable{Kind: tiaojie.DeliverableKind(parts[0]),
			Title: strings.Join(parts[1:len(parts)-1], " "), Target: n})
	}
	for _, line := range lines(f.Get("milestones")) {
		parts := strings.Fields(line)
		if len(parts) < 3 {
			fe.Add("milestones", "procurement.milestone")
			break
		}
		m, _ := tiaojie.ParseYuan(parts[len(parts)-2])
		in.Milestones = append(in.Milestones, tiaojie.Milestone{Title: strings.Join(parts[:len(parts)-2], " "), AmountFen: int64(m), DueOn: parts[len(parts)-1]})
	}
	return in, fe.Err()
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func (h *Handler) procurementSign(w http.ResponseWriter, r *http.Request) error {
	bid, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	project, _ := strconv.ParseInt(r.PostForm.Get("project"), 10, 64)
	in, err := contractInputOf(r.PostForm)
	var cid int64
	if err == nil {
		cid, err = h.Procurement.Sign(r.Context(), auth.PrincipalFrom(r.Context()), bid, in)
	}
	if err == nil {
		return redirect(w, r, "/staff/procurement/contracts/"+itoa64(cid)+"?done=signed")
	}
	r.SetPathValue("id", itoa64(project))
	return h.procDone(w, r, "", "", err)
}

func (h *Handler) procurementApply(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	org, _ := strconv.ParseInt(f.Get("org"), 10, 64)
	price, perr := tiaojie.ParseYuan(f.Get("price"))
	if perr != nil {
		price = 0
	}
	_, err = h.Procurement.Apply(r.Context(), auth.PrincipalFrom(r.Context()), id, org, f.Get("proposal"), int64(price))
	return h.procDone(w, r, "/staff/bids/projects/"+itoa64(id), "applied", err)
}

func (h *Handler) procurementWithdraw(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	project, _ := strconv.ParseInt(r.PostForm.Get("project"), 10, 64)
	err = h.Procurement.Withdraw(r.Context(), auth.PrincipalFrom(r.Context()), id)
	r.SetPathValue("id", itoa64(project))
	return h.procDone(w, r, "/staff/bids/projects/"+itoa64(project), "withdrawn", err)
}

func (h *Handler) procurementScore(w http.ResponseWriter, r *http.Request) error {
	bid, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	project, _ := strconv.ParseInt(r.PostForm.Get("project"), 10, 64)
	var scores []int
	for _, v := range r.PostForm["score"] {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			n = -1
		}
		scores = append(scores, n)
	}
	err = h.Procurement.Score(r.Context(), auth.PrincipalFrom(r.Context()), bid, scores)
	r.SetPathValue("id", itoa64(project))
	return h.procDone(w, r, "/staff/procurement-reviews/"+itoa64(project), "scored", err)
}
