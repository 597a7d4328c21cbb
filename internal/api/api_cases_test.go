package api_test

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm3"
	"github.com/google/go-cmp/cmp"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/i18n"
	"tiaojie/internal/server/servertest"
)

// caseOperations are the case operations with the permission each
// declares: a party's need only a login (self), as the pages do; staff
// operations the permission of the page doing the same thing.
var caseOperations = map[string]string{
	"POST /api/v1/cases":                                     "self",
	"PUT /api/v1/cases/{id}":                                 "self",
	"POST /api/v1/cases/desk":                                "cases.desk",
	"POST /api/v1/cases/referrals":                           "self",
	"POST /api/v1/cases/import":                              "cases.desk",
	"GET /api/v1/cases/import/{source}/{external_id}/status": "cases.desk",
	"GET /api/v1/cases":                                      "cases.read",
	"GET /api/v1/cases/mine":                                 "self",
	"GET /api/v1/cases/board":                                "cases.read",
	"GET /api/v1/cases/funnel":                               "cases.read",
	"GET /api/v1/cases/taxonomy":                             "public",
	"GET /api/v1/cases/{id}":                                 "self",
	"GET /api/v1/cases/{id}/history":                         "self",
	"GET /api/v1/cases/{id}/suggestions":                     "self",
	"POST /api/v1/cases/{id}/steps":                          "self",
	"POST /api/v1/cases/{id}/assignment":                     "cases.handle",
	"POST /api/v1/cases/{id}/declaration":                    "cases.handle",
	"GET /api/v1/cases/{id}/recusals":                        "self",
	"POST /api/v1/cases/{id}/recusals":                       "self",
	"POST /api/v1/cases/{id}/recusals/{rid}/decision":        "cases.handle",
	"POST /api/v1/cases/{id}/evidence":                       "self",
	"GET /api/v1/cases/{id}/evidence":                        "self",
	"GET /api/v1/cases/{id}/evidence/{eid}":                  "self",
	"GET /api/v1/cases/{id}/agreement":                       "self",
	"GET /api/v1/cases/{id}/confirmation-application.pdf":    "self",
	"POST /api/v1/cases/{id}/agreement":                      "cases.handle",
	"POST /api/v1/cases/{id}/oral-agreement":                 "cases.handle",
	"POST /api/v1/cases/{id}/confirmations":                  "self",
	"POST /api/v1/cases/{id}/confirmations/{party}":          "cases.handle",
	"POST /api/v1/cases/{id}/confirmations/code":             "self",
	"POST /api/v1/cases/{id}/agreement/mediator-signature":   "cases.handle",
	"POST /api/v1/cases/{id}/agreement/seal":                 "cases.handle",
	"POST /api/v1/cases/{id}/visits":                         "cases.handle",
	"POST /api/v1/cases/{id}/rating":                         "self",
	"GET /api/v1/cases/{id}/payments":                        "self",
	"POST /api/v1/cases/{id}/payments":                       "cases.handle",
	"GET /api/v1/invitations/{token}":                        "public",
	"GET /api/v1/calendar":                                   "cases.read",
	"PUT /api/v1/calendar/{date}":                            "calendar.edit",
	"DELETE /api/v1/calendar/{date}":                         "calendar.edit",
}

// casePageOf names the page route doing what each case operation does;
// the operations without one (referral, import, the codes) are programs'
// work only.
var casePageOf = map[string]string{
	"POST /api/v1/cases":                                   "POST /apply",
	"PUT /api/v1/cases/{id}":                               "POST /cases/{id}/edit",
	"POST /api/v1/cases/desk":                              "POST /staff/cases",
	"GET /api/v1/cases":                                    "GET /staff/cases",
	"GET /api/v1/cases/mine":                               "GET /my/cases",
	"GET /api/v1/cases/board":                              "GET /staff/cases/board",
	"GET /api/v1/cases/funnel":                             "GET /staff/cases/board",
	"GET /api/v1/cases/{id}":                               "GET /cases/{id}",
	"GET /api/v1/cases/{id}/history":                       "GET /cases/{id}",
	"GET /api/v1/cases/{id}/suggestions":                   "GET /cases/{id}",
	"POST /api/v1/cases/{id}/steps":                        "POST /cases/{id}/act",
	"POST /api/v1/cases/{id}/assignment":                   "POST /cases/{id}/assign",
	"POST /api/v1/cases/{id}/declaration":                  "POST /cases/{id}/declare",
	"GET /api/v1/cases/{id}/recusals":                      "GET /cases/{id}",
	"POST /api/v1/cases/{id}/recusals":                     "POST /cases/{id}/recusal",
	"POST /api/v1/cases/{id}/recusals/{rid}/decision":      "POST /cases/{id}/recusal/{rid}",
	"POST /api/v1/cases/{id}/evidence":                     "POST /cases/{id}/evidence",
	"GET /api/v1/cases/{id}/evidence":                      "GET /cases/{id}",
	"GET /api/v1/cases/{id}/evidence/{eid}":                "GET /cases/{id}/evidence/{eid}",
	"GET /api/v1/cases/{id}/agreement":                     "GET /cases/{id}",
	"GET /api/v1/cases/{id}/confirmation-application.pdf":  "GET /cases/{id}/confirmation-application.pdf",
	"POST /api/v1/cases/{id}/agreement":                    "POST /cases/{id}/agreement",
	"POST /api/v1/cases/{id}/oral-agreement":               "POST /cases/{id}/agreement",
	"POST /api/v1/cases/{id}/confirmations":                "POST /cases/{id}/confirm",
	"POST /api/v1/cases/{id}/confirmations/{party}":        "POST /cases/{id}/confirm/{party}",
	"POST /api/v1/cases/{id}/confirmations/code":           "POST /cases/{id}/confirm/code",
	"POST /api/v1/cases/{id}/agreement/mediator-signature": "POST /cases/{id}/sign",
	"POST /api/v1/cases/{id}/agreement/seal":               "POST /cases/{id}/seal",
	"POST /api/v1/cases/{id}/visits":                       "POST /cases/{id}/visit",
	"POST /api/v1/cases/{id}/rating":                       "POST /cases/{id}/rate",
	"GET /api/v1/cases/{id}/payments":                      "GET /cases/{id}",
	"POST /api/v1/cases/{id}/payments":                     "POST /cases/{id}/payments",
	"GET /api/v1/invitations/{token}":                      "GET /invite/{token}",
	"GET /api/v1/calendar":                                 "GET /staff/calendar",
	"PUT /api/v1/calendar/{date}":                          "POST /staff/calendar",
	"DELETE /api/v1/calendar/{date}":                       "POST /staff/calendar/{date}/delete",
}

// Phones of the people in the case tests.
const (
	applicantPhone  = "13800000001"
	respondentPhone = "13900000002"
	strangerPhone   = "13700000003"
	applicantID     = "11010519491231002X"
)

// smsBox is an SMS sender that keeps the last text sent to each phone,
// as a phone would.
type smsBox struct {
	mu   sync.Mutex
	last map[string]string
}

func (b *smsBox) Send(_ context.Context, phone, text string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.last[phone] = text
	return nil
}

var (
	loginCode   = regexp.MustCompile(`\d{6}`)
	placeholder = regexp.MustCompile(`\{[a-z_]+\}`) // of a message left unfilled
)

// code returns the last login code sent to phone.
func (b *smsBox) code(t *testing.T, phone string) string {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	c := loginCode.FindString(b.last[phone])
	if c == "" {
		t.Fatalf("no code sent to %s", phone)
	}
	return c
}

// caseStack is the platform with two townships' mediation committees, their
// staff and mediators (with logins) as API tokens, and three members of
// the public logged in with phone codes (session cookies).
type caseStack struct {
	*stack
	sms                       *smsBox
	org, other                int64 // 城桥 and 堡镇 committees, both serving neighbour disputes
	mediator, mediator2       int64 // roster entries of org, with logins
	orgAdmin, otherAdmin      string
	mediatorTok, mediator2Tok string
	cq, bz, bureau, partner   string
	applicant, respondent     string // sessions of the public
}

func newCaseStack(t *testing.T, d *db.DB) *caseStack {
	t.Helper()
	logs := &syncBuffer{}
	sms := &smsBox{last: map[string]string{}}
	st := servertest.New(t, d, servertest.Options{Log: slog.New(slog.NewTextHandler(logs, nil)), SMS: sms})
	s := &stack{handler: st.Server.Handler(), srv: st.Server, st: st, auth: st.Auth, db: d, cat: st.Catalog, dist: st.District, log: logs}
	c := &caseStack{stack: s, sms: sms}
	c.org = s.register(t, committee("城桥镇人民调解委员会", chengqiao, "调解邻里纠纷。", "neighbour"), "")
	c.other = s.register(t, committee("堡镇人民调解委员会", baozhen, "调解邻里纠纷。", "neighbour"), "")
	tok := func(login string, g tiaojie.Grant) (string, int64) {
		p := s.user(t, login, g)
		return s.token(t, p, auth.Grantable(p)...), p.UserID
	}
	c.orgAdmin, _ = tok("cq.admin", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: c.org})
	c.otherAdmin, _ = tok("bz.admin", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: c.other})
	var m1, m2 int64
	c.mediatorTok, m1 = tok("wang.tiaojie", tiaojie.Grant{Role: tiaojie.RoleMediator, OrgID: c.org})
	c.mediator2Tok, m2 = tok("li.tiaojie", tiaojie.Grant{Role: tiaojie.RoleMediator, OrgID: c.org})
	c.cq, _ = tok("chengqiao", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})
	c.bz, _ = tok("baozhen", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: baozhen})
	c.bureau, _ = tok("bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	c.partner, _ = tok("court", tiaojie.Grant{Role: tiaojie.RolePartner})
	c.mediator = c.linked(t, s.mediator(t, "王调解", womanID, c.org, "neighbour"), m1)
	c.mediator2 = c.linked(t, s.mediator(t, "李调解", manID, c.org, "neighbour"), m2)
	c.applicant = c.public(t, applicantPhone)
	c.respondent = c.public(t, respondentPhone)
	st.GiveSeal(t, c.org)
	// No answer holds an identity number in clear, and no message an
	// unfilled {placeholder}.
	c.trace = func(q req, r *response) {
		if m := idNumber.Find(r.body); m != nil {
			t.Errorf("%s %s: an identity number in clear: %s", q.method, q.path, m)
		}
		if r.header.Get("Content-Type") == "application/problem+json" && placeholder.Match(r.body) {
			t.Errorf("%s %s: a message with a placeholder left: %s", q.method, q.path, r.body)
		}
	}
	return c
}

// linked gives a roster entry its login, so that the cases assigned to
// the mediator are theirs.
func (c *caseStack) linked(t *testing.T, mediator, user int64) int64 {
	t.Helper()
	if err := c.st.Roster.SetLogin(context.Background(), system, mediator, user); err != nil {
		t.Fatal(err)
	}
	return mediator
}

// public logs a member of the public in with a code sent to phone and
// returns the session.
func (c *caseStack) public(t *testing.T, phone string) string {
	t.Helper()
	ctx, client := context.Background(), auth.Client{IP: "192.0.2.7", UserAgent: "test"}
	if err := c.auth.RequestCode(ctx, phone, client); err != nil {
		t.Fatal(err)
	}
	res, err := c.auth.CodeLogin(ctx, phone, c.sms.code(t, phone), client)
	if err != nil {
		t.Fatal(err)
	}
	return "cookie:" + res.Token
}

// sign has a party confirm the agreement of case id: a signing code to
// phone, then the name typed and the code.
func (c *caseStack) sign(t *testing.T, id int64, party, phone, name string) *response {
	t.Helper()
	c.st.Clock.Advance(61 * time.Second) // one code a minute per phone
	var sent struct {
		SentTo string `json:"sent_to"`
	}
	c.do(t, req{method: "POST", path: casePath(id, "/confirmations/code"), auth: party}).ok(t, 200, &sent)
	if sent.SentTo != tiaojie.MaskPhone(phone) {
		t.Fatalf("the code went to %q, want %s", sent.SentTo, tiaojie.MaskPhone(phone))
	}
	return c.do(t, req{method: "POST", path: casePath(id, "/confirmations"), auth: party,
		body: map[string]any{"name": name, "code": c.sms.code(t, phone)}})
}

// application is a neighbour dispute in 城桥镇, as JSON.
func application() map[string]any {
	return map[string]any{
		"dispute_type": "neighbour", "township": chengqiao, "title": "楼上漏水纠纷",
		"facts": "楼上住户卫生间漏水，导致我家天花板受损。", "claims": "赔偿修理费五千元", "amount_fen": 500000, "consent": true,
		"parties": []map[string]any{
			{"side": "applicant", "name": "张三", "phone": applicantPhone, "id_number": applicantID},
			{"side": "respondent", "name": "李四", "phone": respondentPhone, "email": "lisi@example.com"},
		},
	}
}

// agreementBody is an agreement with what the law requires.
func agreementBody() map[string]any {
	return map[string]any{
		"facts": "楼上卫生间漏水致楼下天花板受损。", "issues": "修理费用的承担。", "duties": "李四负主要责任。",
		"terms":       []string{"李四赔偿张三修理费人民币肆仟元。", "双方就此纠纷再无其他争议。"},
		"performance": "银行转账", "perform_by": "2030-10-30",
	}
}

// Shapes of the case answers, as much as the tests read.
type (
	caseRefJSON struct {
		ID     int64  `json:"id"`
		Number string `json:"number"`
		Status string `json:"status"`
	}
	casePartyJSON struct {
		ID             int64  `json:"id"`
		Side           string `json:"side"`
		Name           string `json:"name"`
		IDNumberMasked string `json:"id_number_masked"`
		Phone          string `json:"phone"`
		Email          string `json:"email"`
		InvitedAt      string `json:"invited_at"`
		OpenedAt       string `json:"opened_at"`
		JoinedAt       string `json:"joined_at"`
	}
	caseJSON struct {
		ID           int64           `json:"id"`
		Number       string          `json:"number"`
		FileNo       string          `json:"file_no"`
		Status       string          `json:"status"`
		Source       string          `json:"source"`
		Title        string          `json:"title"`
		TownshipName string          `json:"township_name"`
		AmountFen    *int64          `json:"amount_fen"`
		AmountYuan   string          `json:"amount_yuan"`
		OrgID        int64           `json:"org_id"`
		MediatorID   int64           `json:"mediator_id"`
		EndReason    string          `json:"end_reason"`
		AcceptDue    string          `json:"accept_due"`
		AgreedAt     string          `json:"agreed_at"`
		Parties      []casePartyJSON `json:"parties"`
		Caller       struct {
			Roles    []string `json:"roles"`
			PartyIDs []int64  `json:"party_ids"`
		} `json:"caller"`
		Actions  []string `json:"actions"`
		Deadline *struct {
			Kind         string `json:"kind"`
			Due          string `json:"due"`
			LastDay      string `json:"last_day"`
			Overdue      bool   `json:"overdue"`
			WorkdaysLeft int    `json:"workdays_left"`
		} `json:"deadline"`
	}
	caseRowJSON struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
	}
	agreementJSON struct {
		Version        int      `json:"version"`
		Oral           bool     `json:"oral"`
		Terms          []string `json:"terms"`
		PerformBy      string   `json:"perform_by"`
		EffectiveAt    string   `json:"effective_at"`
		MediatorSigned string   `json:"mediator_signed_at"`
		SealedAt       string   `json:"sealed_at"`
		Confirmations  []struct {
			PartyID int64  `json:"party_id"`
			Method  string `json:"method"`
		} `json:"confirmations"`
	}
)

// casePath is the API path of a case, with more path segments.
func casePath(id int64, more ...string) string {
	return "/api/v1/cases/" + strconv.FormatInt(id, 10) + strings.Join(more, "")
}

// get reads a case as who.
func (c *caseStack) get(t *testing.T, id int64, who string) caseJSON {
	t.Helper()
	var v caseJSON
	c.do(t, req{method: "GET", path: casePath(id), auth: who}).ok(t, 200, &v)
	return v
}

// step takes a lifecycle step as who and expects 204.
func (c *caseStack) step(t *testing.T, id int64, who string, body map[string]any) {
	t.Helper()
	c.do(t, req{method: "POST", path: casePath(id, "/steps"), auth: who, body: body}).ok(t, 204, nil)
}

// applied applies online as the applicant and submits.
func (c *caseStack) applied(t *testing.T) int64 {
	t.Helper()
	var ref caseRefJSON
	c.do(t, req{method: "POST", path: "/api/v1/cases", auth: c.applicant, body: application()}).ok(t, 201, &ref)
	c.step(t, ref.ID, c.applicant, map[string]any{"action": "submit"})
	return ref.ID
}

// mediating walks a case to mediation: routed to 城桥, accepted, the
// mediator assigned and declared, the respondent consenting.
func (c *caseStack) mediating(t *testing.T) int64 {
	t.Helper()
	id := c.applied(t)
	c.step(t, id, c.applicant, map[string]any{"action": "route", "org_id": c.org})
	c.step(t, id, c.orgAdmin, map[string]any{"action": "accept"})
	c.do(t, req{method: "POST", path: casePath(id, "/assignment"), auth: c.orgAdmin,
		body: map[string]any{"mediator_id": c.mediator, "how": "org"}}).ok(t, 204, nil)
	c.step(t, id, c.respondent, map[string]any{"action": "consent"})
	c.do(t, req{method: "POST", path: casePath(id, "/declaration"), auth: c.mediatorTok, body: map[string]any{}}).ok(t, 204, nil)
	return id
}

// invite replaces the respondent's invitation token with a known one:
// the token the service sent waits, sealed, in the notices' job queue,
// which no runner works in the test platform. The service keeps only the
// token's SM3 digest.
func (c *caseStack) invite(t *testing.T, id int64, tok string) {
	t.Helper()
	sum := sm3.Sum([]byte(tok))
	if _, err := c.db.Writer().Exec(`UPDATE case_parties SET invite_hash = $1 WHERE case_id = $2 AND side = 'respondent'`,
		hex.EncodeToString(sum[:]), id); err != nil {
		t.Fatal(err)
	}
}

// partyOf returns the id of the party on side.
func partyOf(t *testing.T, v caseJSON, side string) int64 {
	t.Helper()
	for _, p := range v.Parties {
		if p.Side == side {
			return p.ID
		}
	}
	t.Fatalf("no %s in %+v", side, v.Parties)
	return 0
}

// TestCaseWalk takes a dispute from the online application to the archive
// through the API alone, each step by the person whose part it is.
func TestCaseWalk(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		c := newCaseStack(t, d)

		// A member of the public applies: a draft, theirs alone.
		var ref caseRefJSON
		r := c.do(t, req{method: "POST", path: "/api/v1/cases", auth: c.applicant, body: application()})
		r.ok(t, 201, &ref)
		id := ref.ID
		if ref.Status != "draft" || !strings.HasPrefix(ref.Number, "TJ") || r.header.Get("Location") != casePath(id) {
			t.Fatalf("applied: %+v, Location %q", ref, r.header.Get("Location"))
		}
		c.do(t, req{method: "GET", path: casePath(id), auth: c.respondent}).problem(t, 404, "error.not_found")
		edit := application()
		edit["title"] = "楼上卫生间漏水纠纷"
		delete(edit, "parties") // absent parties keep those on record
		c.do(t, req{method: "PUT", path: casePath(id), auth: c.applicant, body: edit}).ok(t, 204, nil)
		v := c.get(t, id, c.applicant)
		if v.Title != "楼上卫生间漏水纠纷" || len(v.Parties) != 2 || v.AmountYuan != "5000.00" || !slices.Contains(v.Actions, "submit") {
			t.Fatalf("draft: %+v", v)
		}
		c.step(t, id, c.applicant, map[string]any{"action": "submit"})
		c.do(t, req{method: "PUT", path: casePath(id), auth: c.applicant, body: edit}).problem(t, 409, "case.not_draft")

		// Suggestions, then routing to the township's committee.
		var sg struct {
			Items []struct {
				OrgID   int64    `json:"org_id"`
				Reasons []string `json:"reasons"`
			} `json:"items"`
		}
		c.do(t, req{method: "GET", path: casePath(id, "/suggestions"), auth: c.applicant}).ok(t, 200, &sg)
		if len(sg.Items) == 0 || sg.Items[0].OrgID != c.org || !slices.Contains(sg.Items[0].Reasons, "township") {
			t.Fatalf("suggestions = %+v", sg)
		}
		c.step(t, id, c.applicant, map[string]any{"action": "route", "org_id": c.org, "reason": "离家近"})
		if v := c.get(t, id, c.applicant); v.Status != "awaiting_org" || v.AcceptDue == "" || v.Deadline == nil || v.Deadline.Kind != "accept" {
			t.Fatalf("routed: %+v", v)
		}

		// The organization's admin accepts; the respondent is invited.
		c.step(t, id, c.orgAdmin, map[string]any{"action": "accept"})
		v = c.get(t, id, c.orgAdmin)
		if v.Status != "awaiting_resp" || v.FileNo == "" || v.Deadline == nil || v.Deadline.Kind != "respondent" ||
			!slices.Equal(v.Caller.Roles, []string{"org"}) {
			t.Fatalf("accepted: %+v", v)
		}
		for _, p := range v.Parties {
			if p.Phone == "" || p.IDNumberMasked == applicantID {
				t.Errorf("staff see %+v", p)
			}
		}
		c.invite(t, id, "known-token")
		var inv struct {
			CaseID     int64    `json:"case_id"`
			Title      string   `json:"title"`
			OrgName    string   `json:"org_name"`
			Applicants []string `json:"applicants"`
			Respondent string   `json:"respondent"`
		}
		r = c.do(t, req{method: "GET", path: "/api/v1/invitations/known-token"})
		r.ok(t, 200, &inv)
		if inv.CaseID != id || inv.Title != "楼上卫生间漏水纠纷" || inv.OrgName != "城桥镇人民调解委员会" ||
			!slices.Equal(inv.Applicants, []string{"张三"}) || inv.Respondent != "李四" {
			t.Errorf("invitation = %+v", inv)
		}
		if strings.Contains(string(r.body), applicantPhone) || strings.Contains(string(r.body), respondentPhone) {
			t.Errorf("the invitation holds a phone: %s", r.body)
		}
		c.do(t, req{method: "GET", path: "/api/v1/invitations/wrong-token"}).problem(t, 404, "error.not_found")

		// Assignment, then the respondent, logged in with the invited phone.
		c.do(t, req{method: "POST", path: casePath(id, "/assignment"), auth: c.orgAdmin,
			body: map[string]any{"mediator_id": c.mediator, "how": "org"}}).ok(t, 204, nil)
		var mine listJSON[caseRowJSON]
		c.do(t, req{method: "GET", path: "/api/v1/cases/mine", auth: c.respondent}).ok(t, 200, &mine)
		if len(mine.Items) != 1 || mine.Items[0].ID != id || mine.Total != 1 {
			t.Fatalf("the respondent's cases = %+v", mine)
		}
		v = c.get(t, id, c.respondent)
		if !slices.Equal(v.Caller.Roles, []string{"respondent"}) || !slices.Contains(v.Actions, "consent") || len(v.Caller.PartyIDs) != 1 {
			t.Fatalf("the respondent's view: %+v", v)
		}
		for _, p := range v.Parties {
			if p.Side == "applicant" && (p.Phone != "" || p.Email != "") || p.Side == "respondent" && p.Phone != respondentPhone {
				t.Errorf("the respondent sees %+v", p)
			}
			if p.Side == "respondent" && (p.InvitedAt == "" || p.OpenedAt == "") {
				t.Errorf("the invitation's funnel: %+v", p)
			}
		}
		c.step(t, id, c.respondent, map[string]any{"action": "consent"})

		// The mediator declares, and puts the agreement to both parties.
		c.do(t, req{method: "POST", path: casePath(id, "/agreement"), auth: c.mediatorTok, body: agreementBody()}).problem(t, 409, "case.declare_first")
		c.do(t, req{method: "POST", path: casePath(id, "/declaration"), auth: c.mediatorTok, body: map[string]any{}}).ok(t, 204, nil)
		c.do(t, req{method: "POST", path: casePath(id, "/agreement"), auth: c.mediatorTok, body: agreementBody()}).ok(t, 204, nil)
		var ag agreementJSON
		c.do(t, req{method: "GET", path: casePath(id, "/agreement"), auth: c.applicant}).ok(t, 200, &ag)
		if ag.Version != 1 || ag.Oral || len(ag.Terms) != 2 || ag.PerformBy != "2030-10-30" || ag.EffectiveAt != "" || len(ag.Confirmations) != 0 {
			t.Fatalf("agreement = %+v", ag)
		}
		// Each party confirms with the name on the case and a code sent
		// to the phone on the case; the mediator signs; the seal on file
		// is applied with the last signature.
		c.do(t, req{method: "POST", path: casePath(id, "/confirmations"), auth: c.applicant,
			body: map[string]any{"name": "张三", "code": "123456"}}).problem(t, 422, "error.invalid_input")
		c.sign(t, id, c.applicant, applicantPhone, "王五").problem(t, 422, "error.invalid_input")
		c.sign(t, id, c.applicant, applicantPhone, "张三").ok(t, 204, nil)
		if v := c.get(t, id, c.applicant); v.Status != "signing" {
			t.Fatalf("one confirmation of two: %s", v.Status)
		}
		c.sign(t, id, c.respondent, respondentPhone, "李四").ok(t, 204, nil)
		if v := c.get(t, id, c.applicant); v.Status != "signing" {
			t.Fatalf("without the mediator's signature: %s", v.Status)
		}
		c.do(t, req{method: "POST", path: casePath(id, "/agreement/mediator-signature"), auth: c.mediator2Tok}).problem(t, 403, "case.not_your_step")
		c.do(t, req{method: "POST", path: casePath(id, "/agreement/mediator-signature"), auth: c.mediatorTok}).ok(t, 204, nil)
		v = c.get(t, id, c.applicant)
		if v.Status != "agreed" || v.EndReason != "agreement" || v.AgreedAt == "" {
			t.Fatalf("after both confirmations: %+v", v)
		}
		c.do(t, req{method: "GET", path: casePath(id, "/agreement"), auth: c.respondent}).ok(t, 200, &ag)
		if ag.EffectiveAt == "" || len(ag.Confirmations) != 2 || ag.Confirmations[0].Method != "online" ||
			ag.MediatorSigned == "" || ag.SealedAt == "" {
			t.Fatalf("agreement in effect = %+v", ag)
		}

		// Follow-up, rating, archive.
		c.do(t, req{method: "POST", path: casePath(id, "/visits"), auth: c.mediatorTok,
			body: map[string]any{"performed": "full", "note": "已全部履行，双方满意。"}}).ok(t, 204, nil)
		c.do(t, req{method: "POST", path: casePath(id, "/rating"), auth: c.applicant, body: map[string]any{"stars": 5, "comment": "很满意"}}).ok(t, 204, nil)
		c.do(t, req{method: "POST", path: casePath(id, "/rating"), auth: c.applicant, body: map[string]any{"stars": 4}}).problem(t, 409, "case.rated_already")
		c.do(t, req{method: "POST", path: casePath(id, "/steps"), auth: c.mediatorTok, body: map[string]any{"action": "archive"}}).problem(t, 403, "case.not_your_step")
		c.step(t, id, c.orgAdmin, map[string]any{"action": "archive"})
		if v := c.get(t, id, c.cq); v.Status != "archived" || len(v.Actions) != 0 {
			t.Fatalf("archived: %s %v", v.Status, v.Actions)
		}

		// A step the status does not allow: 409, the status and the step
		// named in the caller's language.
		for _, tc := range []struct {
			accept string
			lang   i18n.Lang
		}{{"", i18n.Zh}, {"en", i18n.En}} {
			p := c.do(t, req{method: "POST", path: casePath(id, "/steps"), auth: c.orgAdmin, lang: tc.accept,
				body: map[string]any{"action": "accept"}}).problem(t, 409, "case.bad_transition")
			want := c.cat.T(tc.lang, "case.bad_transition", "status", c.cat.T(tc.lang, "case.status.archived"),
				"action", c.cat.T(tc.lang, "case.action.accept"))
			if p.Detail != want {
				t.Errorf("detail %q, want %q", p.Detail, want)
			}
		}
		if want := "案件当前状态为“已归档”，不能执行“受理”。"; c.cat.T(i18n.Zh, "case.bad_transition", "status", "已归档", "action", "受理") != want {
			t.Errorf("the zh message changed; expected %q", want)
		}

		// The history has every step; the supervisors see the outcome.
		var hist struct {
			Items []struct {
				Action string `json:"action"`
				Role   string `json:"role"`
				Actor  string `json:"actor"`
			} `json:"items"`
		}
		c.do(t, req{method: "GET", path: casePath(id, "/history"), auth: c.cq}).ok(t, 200, &hist)
		var actions []string
		for _, e := range hist.Items {
			actions = append(actions, e.Action)
		}
		want := []string{"create", "submit", "route", "accept", "assign", "consent", "declare", "draft_agreement", "conclude", "visit", "archive"}
		if diff := cmp.Diff(want, actions); diff != "" {
			t.Errorf("history (-want +got):\n%s", diff)
		}
		var fun struct {
			Items []struct {
				OrgID                           int64 `json:"org_id"`
				Invited, Opened, Joined, Agreed int
			} `json:"items"`
		}
		c.do(t, req{method: "GET", path: "/api/v1/cases/funnel", auth: c.bureau}).ok(t, 200, &fun)
		if len(fun.Items) != 1 || fun.Items[0].OrgID != c.org || fun.Items[0].Invited != 1 || fun.Items[0].Opened != 1 ||
			fun.Items[0].Joined != 1 || fun.Items[0].Agreed != 1 {
			t.Errorf("funnel = %+v", fun)
		}
		var board struct {
			Counts []struct {
				Status string `json:"status"`
				Count  int    `json:"count"`
			} `json:"counts"`
			Open int `json:"open"`
		}
		c.do(t, req{method: "GET", path: "/api/v1/cases/board", auth: c.cq}).ok(t, 200, &board)
		archived := slices.IndexFunc(board.Counts, func(s struct {
			Status string `json:"status"`
			Count  int    `json:"count"`
		}) bool {
			return s.Status == "archived"
		})
		if archived < 0 || board.Counts[archived].Count != 1 || board.Open != 0 || board.Counts[0].Status != "submitted" {
			t.Errorf("board = %+v", board)
		}
		var list listJSON[caseRowJSON]
		c.do(t, req{method: "GET", path: "/api/v1/cases?status=archived", auth: c.cq}).ok(t, 200, &list)
		if list.Total != 1 || list.Items[0].ID != id {
			t.Errorf("城桥's archived list = %+v", list)
		}
		c.do(t, req{method: "GET", path: "/api/v1/cases", auth: c.bz}).ok(t, 200, &list)
		if list.Total != 0 || len(list.Items) != 0 {
			t.Errorf("堡镇's list = %+v", list)
		}
	})
}

// TestCaseImport checks that an import is idempotent by its external id
// and that the outcome can be read back by it.
func TestCaseImport(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		c := newCaseStack(t, d)
		body := application()
		body["external_id"] = "SH-2026-0001"
		var first, again caseRefJSON
		r := c.do(t, req{method: "POST", path: "/api/v1/cases/import", auth: c.bureau, body: body})
		r.ok(t, 201, &first)
		if first.Status != "submitted" || first.Number == "" || r.header.Get("Location") != casePath(first.ID) {
			t.Fatalf("first import: %+v, Location %q", first, r.header.Get("Location"))
		}
		body["title"] = "换了标题再次导入"
		r = c.do(t, req{method: "POST", path: "/api/v1/cases/import", auth: c.bureau, body: body})
		r.ok(t, 200, &again)
		if again != first || r.header.Get("Location") != "" {
			t.Fatalf("second import: %+v, want %+v", again, first)
		}
		if n := c.count(t, `SELECT count(*) FROM cases`); n != 1 {
			t.Fatalf("%d cases after two imports", n)
		}
		if v := c.get(t, first.ID, c.bureau); v.Source != "city" || v.Title != "楼上漏水纠纷" {
			t.Errorf("imported case: %s %q", v.Source, v.Title)
		}
		// Only the bureau imports; the external id is required.
		c.do(t, req{method: "POST", path: "/api/v1/cases/import", auth: c.cq, body: body}).problem(t, 403, "error.forbidden")
		body["external_id"] = " "
		p := c.do(t, req{method: "POST", path: "/api/v1/cases/import", auth: c.bureau, body: body}).problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"external_id", "case.external_id"}}, p.fields()); diff != "" {
			t.Errorf("blank external id (-want +got):\n%s", diff)
		}

		// The outcome, as the city platform reads it back.
		c.step(t, first.ID, c.bureau, map[string]any{"action": "route", "org_id": c.org})
		c.step(t, first.ID, c.orgAdmin, map[string]any{"action": "accept"})
		var st struct {
			ID         int64  `json:"id"`
			Status     string `json:"status"`
			FileNo     string `json:"file_no"`
			ExternalID string `json:"external_id"`
			EndReason  string `json:"end_reason"`
		}
		c.do(t, req{method: "GET", path: "/api/v1/cases/import/city/SH-2026-0001/status", auth: c.bureau}).ok(t, 200, &st)
		if st.ID != first.ID || st.Status != "awaiting_resp" || st.FileNo == "" || st.ExternalID != "SH-2026-0001" || st.EndReason != "" {
			t.Errorf("status = %+v", st)
		}
		c.step(t, first.ID, c.orgAdmin, map[string]any{"action": "unreachable"})
		c.do(t, req{method: "GET", path: "/api/v1/cases/import/city/SH-2026-0001/status", auth: c.bureau}).ok(t, 200, &st)
		if st.Status != "terminated" || st.EndReason != "unreachable" {
			t.Errorf("ended: %+v", st)
		}
		for _, path := range []string{"/api/v1/cases/import/city/SH-2026-0002/status", "/api/v1/cases/import/court/SH-2026-0001/status"} {
			c.do(t, req{method: "GET", path: path, auth: c.bureau}).problem(t, 404, "error.not_found")
		}
		c.do(t, req{method: "GET", path: "/api/v1/cases/import/city/SH-2026-0001/status", auth: c.bz}).problem(t, 404, "error.not_found")
		p = c.do(t, req{method: "GET", path: "/api/v1/cases/import/web/SH-2026-0001/status", auth: c.bureau}).problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"source", "api.field.enum"}}, p.fields()); diff != "" {
			t.Errorf("unknown source (-want +got):\n%s", diff)
		}
	})
}

// TestCaseScopes checks that a case is 404 to whoever plays no part in it,
// and that the public cannot reach the staff operations.
func TestCaseScopes(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		c := newCaseStack(t, d)
		stranger := c.public(t, strangerPhone)
		id := c.applied(t)
		c.step(t, id, c.applicant, map[string]any{"action": "route", "org_id": c.org})

		missing := c.do(t, req{method: "GET", path: casePath(999999), auth: c.cq}).problem(t, 404, "error.not_found")
		for name, who := range map[string]string{"a stranger": stranger, "another township's office": c.bz, "another organization": c.otherAdmin} {
			p := c.do(t, req{method: "GET", path: casePath(id), auth: who}).problem(t, 404, "error.not_found")
			if p.Detail != missing.Detail {
				t.Errorf("%s: %q, a missing case %q", name, p.Detail, missing.Detail)
			}
			for _, sub := range []string{"/history", "/agreement", "/recusals", "/suggestions"} {
				c.do(t, req{method: "GET", path: casePath(id, sub), auth: who}).problem(t, 404, "error.not_found")
			}
		}
		c.do(t, req{method: "POST", path: casePath(id, "/steps"), auth: c.bz, body: map[string]any{"action": "reject", "reason": "x"}}).problem(t, 404, "error.not_found")
		c.do(t, req{method: "POST", path: casePath(id, "/confirmations"), auth: stranger, body: map[string]any{"name": "路人", "code": "123456"}}).problem(t, 404, "error.not_found")
		if v := c.get(t, id, c.cq); !slices.Equal(v.Caller.Roles, []string{"desk"}) || v.TownshipName == "" {
			t.Errorf("城桥's office: %+v", v.Caller)
		}
		c.do(t, req{method: "GET", path: casePath(id)}).problem(t, 401, "api.unauthorized")
		if n := c.count(t, `SELECT count(*) FROM audit_log WHERE action = 'case.read' AND outcome = 'denied'`); n < 3 {
			t.Errorf("%d denied reads audited, want one per stranger", n)
		}

		// The public has no staff operations; staff lists are scoped.
		for _, path := range []string{"/api/v1/cases", "/api/v1/cases/board", "/api/v1/cases/funnel", "/api/v1/calendar"} {
			c.do(t, req{method: "GET", path: path, auth: c.applicant}).problem(t, 403, "error.forbidden")
		}
		c.do(t, req{method: "POST", path: "/api/v1/cases/desk", auth: c.applicant, body: application()}).problem(t, 403, "error.forbidden")
		c.do(t, req{method: "POST", path: "/api/v1/cases", auth: c.cq, body: application()}).problem(t, 403, "case.apply_login")
		var list listJSON[caseRowJSON]
		c.do(t, req{method: "GET", path: "/api/v1/cases", auth: c.otherAdmin}).ok(t, 200, &list)
		if list.Total != 0 {
			t.Errorf("another organization lists %+v", list)
		}
		c.do(t, req{method: "GET", path: "/api/v1/cases/mine", auth: stranger}).ok(t, 200, &list)
		if len(list.Items) != 0 {
			t.Errorf("a stranger's cases: %+v", list)
		}

		// A partner agency refers a case and follows it, but takes no step.
		var ref caseRefJSON
		c.do(t, req{method: "POST", path: "/api/v1/cases/referrals", auth: c.partner, body: application()}).ok(t, 201, &ref)
		if ref.Status != "submitted" {
			t.Errorf("referred: %+v", ref)
		}
		if v := c.get(t, ref.ID, c.partner); v.Source != "referral" || !slices.Equal(v.Caller.Roles, []string{"referrer"}) {
			t.Errorf("the referrer's view: %s %v", v.Source, v.Caller.Roles)
		}
		c.do(t, req{method: "POST", path: casePath(ref.ID, "/steps"), auth: c.partner, body: map[string]any{"action": "withdraw"}}).problem(t, 403, "case.not_your_step")
		c.do(t, req{method: "POST", path: "/api/v1/cases/referrals", auth: c.applicant, body: application()}).problem(t, 403, "error.forbidden")
	})
}

// TestCaseValidation checks the problems of a refused intake: the
// service's, with fields as the API names them, and the schema's.
func TestCaseValidation(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		c := newCaseStack(t, d)
		bad := application()
		bad["amount_fen"], bad["consent"] = -1, false
		bad["parties"] = []map[string]any{
			{"side": "applicant", "name": "张三", "phone": "123"},
			{"side": "respondent", "name": "李四"},
		}
		for _, lang := range []string{"zh-CN", "en"} {
			p := c.do(t, req{method: "POST", path: "/api/v1/cases/desk", auth: c.cq, body: bad, lang: lang}).problem(t, 422, "error.invalid_input")
			want := [][2]string{{"amount_fen", "case.amount"}, {"consent", "case.consent_required"},
				{"parties[0].phone", "case.party_phone"}, {"parties[1].phone", "case.respondent_contact"}}
			if diff := cmp.Diff(want, sorted(p.fields())); diff != "" {
				t.Errorf("%s: field problems (-want +got):\n%s", lang, diff)
			}
			l, _ := i18n.Parse(lang[:2])
			for _, f := range p.Errors {
				if f.Message != c.cat.T(l, f.Code) {
					t.Errorf("%s: %s reads %q", lang, f.Field, f.Message)
				}
			}
		}
		schema := application()
		schema["status"] = "archived"
		schema["parties"] = []map[string]any{{"side": "judge", "name": "张三", "phone": applicantPhone}}
		p := c.do(t, req{method: "POST", path: "/api/v1/cases/desk", auth: c.cq, body: schema}).problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"parties[0].side", "api.field.enum"}, {"status", "api.field.unknown"}}, sorted(p.fields())); diff != "" {
			t.Errorf("schema problems (-want +got):\n%s", diff)
		}
		elsewhere := application()
		elsewhere["township"] = baozhen
		c.do(t, req{method: "POST", path: "/api/v1/cases/desk", auth: c.cq, body: elsewhere}).problem(t, 403, "case.outside_township")
		if n := c.count(t, `SELECT count(*) FROM cases`); n != 0 {
			t.Fatalf("%d cases written by refused requests", n)
		}
		var ref caseRefJSON
		c.do(t, req{method: "POST", path: "/api/v1/cases/desk", auth: c.cq, body: application()}).ok(t, 201, &ref)
		if v := c.get(t, ref.ID, c.cq); ref.Status != "submitted" || v.Source != "desk" {
			t.Errorf("filed at the desk: %+v %s", ref, v.Source)
		}

		// A step's own problems.
		id := c.mediating(t)
		for _, tc := range []struct {
			body map[string]any
			want [][2]string
		}{
			{map[string]any{"action": "terminate"}, [][2]string{{"end_reason", "case.end_reason_required"}}},
			{map[string]any{"action": "extend", "reason": "各方同意", "until": "30.10.2026"}, [][2]string{{"until", "api.field.date"}}},
			{map[string]any{"action": "extend", "reason": "各方同意", "until": "2000-01-01"}, [][2]string{{"until", "case.extend_until"}}},
			{map[string]any{"action": "conclude"}, [][2]string{{"action", "api.field.enum"}}},
		} {
			p := c.do(t, req{method: "POST", path: casePath(id, "/steps"), auth: c.mediatorTok, body: tc.body}).problem(t, 422, "error.invalid_input")
			if diff := cmp.Diff(tc.want, p.fields()); diff != "" {
				t.Errorf("%v (-want +got):\n%s", tc.body, diff)
			}
		}
	})
}

// TestCaseRecusalAndAgreements covers a recusal, reassignment, an
// in-person confirmation, reopening, and an oral agreement.
func TestCaseRecusalAndAgreements(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		c := newCaseStack(t, d)
		id := c.mediating(t)
		c.do(t, req{method: "GET", path: casePath(id, "/agreement"), auth: c.applicant}).problem(t, 404, "api.case.no_agreement")

		var rid struct{ ID int64 }
		c.do(t, req{method: "POST", path: casePath(id, "/recusals"), auth: c.respondent,
			body: map[string]any{"reason": "调解员与申请人系亲属"}}).ok(t, 201, &rid)
		var rs struct {
			Items []struct {
				ID         int64  `json:"id"`
				MediatorID int64  `json:"mediator_id"`
				Status     string `json:"status"`
			} `json:"items"`
		}
		c.do(t, req{method: "GET", path: casePath(id, "/recusals"), auth: c.applicant}).ok(t, 200, &rs)
		if len(rs.Items) != 1 || rs.Items[0].ID != rid.ID || rs.Items[0].Status != "pending" || rs.Items[0].MediatorID != c.mediator {
			t.Fatalf("recusals = %+v", rs)
		}
		decision := casePath(id, "/recusals/", strconv.FormatInt(rid.ID, 10), "/decision")
		p := c.do(t, req{method: "POST", path: decision, auth: c.mediatorTok, body: map[string]any{"grant": true, "decision": "理由成立"}}).problem(t, 403, "case.not_your_step")
		if want := "您在本案中的身份不能执行“决定回避申请”。"; p.Detail != want {
			t.Errorf("detail %q, want %q", p.Detail, want)
		}
		c.do(t, req{method: "POST", path: decision, auth: c.orgAdmin, body: map[string]any{"grant": true, "decision": "理由成立"}}).ok(t, 204, nil)
		if v := c.get(t, id, c.orgAdmin); v.MediatorID != 0 {
			t.Fatalf("a granted recusal left mediator %d", v.MediatorID)
		}
		c.do(t, req{method: "POST", path: casePath(id, "/agreement"), auth: c.mediatorTok, body: agreementBody()}).problem(t, 403, "case.not_your_step")

		// The parties choose another mediator, who puts an agreement.
		c.do(t, req{method: "POST", path: casePath(id, "/assignment"), auth: c.orgAdmin,
			body: map[string]any{"mediator_id": c.mediator2, "how": "parties"}}).ok(t, 204, nil)
		c.do(t, req{method: "POST", path: casePath(id, "/declaration"), auth: c.mediator2Tok, body: map[string]any{}}).ok(t, 204, nil)
		c.do(t, req{method: "POST", path: casePath(id, "/agreement"), auth: c.mediator2Tok, body: agreementBody()}).ok(t, 204, nil)
		v := c.get(t, id, c.mediator2Tok)
		applicantParty := partyOf(t, v, "applicant")
		c.do(t, req{method: "POST", path: casePath(id, "/confirmations/", strconv.FormatInt(applicantParty, 10)), auth: c.mediator2Tok}).ok(t, 204, nil)
		c.do(t, req{method: "POST", path: casePath(id, "/confirmations/", strconv.FormatInt(applicantParty, 10)), auth: c.orgAdmin}).problem(t, 403, "case.not_your_step")
		var ag agreementJSON
		c.do(t, req{method: "GET", path: casePath(id, "/agreement"), auth: c.applicant}).ok(t, 200, &ag)
		if len(ag.Confirmations) != 1 || ag.Confirmations[0].PartyID != applicantParty || ag.Confirmations[0].Method != "in_person" {
			t.Fatalf("confirmations = %+v", ag.Confirmations)
		}

		// Back to mediation, then an oral agreement, in effect at once.
		c.do(t, req{method: "POST", path: casePath(id, "/steps"), auth: c.mediator2Tok, body: map[string]any{"action": "reopen"}}).problem(t, 422, "error.invalid_input")
		c.step(t, id, c.mediator2Tok, map[string]any{"action": "reopen", "reason": "被申请人要求修改付款方式"})
		c.do(t, req{method: "POST", path: casePath(id, "/oral-agreement"), auth: c.mediator2Tok, body: agreementBody()}).ok(t, 204, nil)
		c.do(t, req{method: "GET", path: casePath(id, "/agreement"), auth: c.respondent}).ok(t, 200, &ag)
		if ag.Version != 2 || !ag.Oral || ag.EffectiveAt == "" {
			t.Fatalf("oral agreement = %+v", ag)
		}
		if v := c.get(t, id, c.applicant); v.Status != "agreed" || v.EndReason != "agreement" {
			t.Fatalf("after the oral agreement: %s %s", v.Status, v.EndReason)
		}
		c.do(t, req{method: "POST", path: casePath(id, "/steps"), auth: c.mediator2Tok,
			body: map[string]any{"action": "terminate", "end_reason": "far_apart"}}).problem(t, 409, "case.bad_transition")
	})
}

// TestCaseCalendar keeps the holiday calendar through the API.
func TestCaseCalendar(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		c := newCaseStack(t, d)
		c.do(t, req{method: "PUT", path: "/api/v1/calendar/2026-10-01", auth: c.bureau, body: map[string]any{"kind": "holiday", "name": "国庆节"}}).ok(t, 204, nil)
		c.do(t, req{method: "PUT", path: "/api/v1/calendar/2026-10-10", auth: c.bureau, body: map[string]any{"kind": "workday"}}).ok(t, 204, nil)
		c.do(t, req{method: "PUT", path: "/api/v1/calendar/2026-10-02", auth: c.cq, body: map[string]any{"kind": "holiday"}}).problem(t, 403, "error.forbidden")
		p := c.do(t, req{method: "PUT", path: "/api/v1/calendar/2026-13-01", auth: c.bureau, body: map[string]any{"kind": "holiday"}}).problem(t, 422, "error.invalid_input")
		if diff := cmp.Diff([][2]string{{"date", "calendar.date"}}, p.fields()); diff != "" {
			t.Errorf("bad date (-want +got):\n%s", diff)
		}
		var days struct {
			Items []struct{ Date, Kind, Name string } `json:"items"`
		}
		c.do(t, req{method: "GET", path: "/api/v1/calendar?year=2026", auth: c.cq}).ok(t, 200, &days)
		want := []struct{ Date, Kind, Name string }{{"2026-10-01", "holiday", "国庆节"}, {"2026-10-10", "workday", ""}}
		if diff := cmp.Diff(want, days.Items); diff != "" {
			t.Errorf("2026 (-want +got):\n%s", diff)
		}
		c.do(t, req{method: "GET", path: "/api/v1/calendar?year=2025", auth: c.cq}).ok(t, 200, &days)
		if len(days.Items) != 0 {
			t.Errorf("2025: %+v", days.Items)
		}
		c.do(t, req{method: "DELETE", path: "/api/v1/calendar/2026-10-10", auth: c.bureau}).ok(t, 204, nil)
		c.do(t, req{method: "DELETE", path: "/api/v1/calendar/2026-10-10", auth: c.bureau}).problem(t, 404, "error.not_found")
		c.do(t, req{method: "GET", path: "/api/v1/calendar", auth: c.bureau}).ok(t, 200, &days)
		if len(days.Items) != 1 {
			t.Errorf("after deleting: %+v", days.Items)
		}
	})
}

// TestCaseTaxonomy names the case codes in both languages, without a login.
func TestCaseTaxonomy(t *testing.T) {
	c := newCaseStack(t, dbtest.SQLite(t))
	var tax map[string][]struct {
		Code   string `json:"code"`
		Name   string `json:"name"`
		NameEn string `json:"name_en"`
	}
	c.do(t, req{method: "GET", path: "/api/v1/cases/taxonomy"}).ok(t, 200, &tax)
	for _, key := range []string{"statuses", "actions", "events", "end_reasons", "sources", "deadlines", "party_sides",
		"party_kinds", "performed", "assignment_hows", "day_kinds", "suggestion_reasons"} {
		if len(tax[key]) == 0 {
			t.Errorf("%s is empty", key)
		}
		for _, n := range tax[key] {
			if n.Name == "" || n.NameEn == "" || strings.Contains(n.Name, ".") || n.Name == n.NameEn {
				t.Errorf("%s: %+v is not named in both languages", key, n)
			}
		}
	}
	if len(tax["statuses"]) != len(tiaojie.CaseStatuses()) || tax["statuses"][13].Code != "archived" || tax["statuses"][13].Name != "已归档" {
		t.Errorf("statuses = %+v", tax["statuses"])
	}
}

// TestCaseOperationsInDocument checks that the OpenAPI document lists the
// case operations with their permissions, and both answers of an import.
func TestCaseOperationsInDocument(t *testing.T) {
	c := newCaseStack(t, dbtest.SQLite(t))
	var doc struct {
		Tags  []struct{ Name string } `json:"tags"`
		Paths map[string]map[string]struct {
			Permission string                     `json:"x-permission"`
			Summary    string                     `json:"summary"`
			Tags       []string                   `json:"tags"`
			Responses  map[string]json.RawMessage `json:"responses"`
		} `json:"paths"`
	}
	c.do(t, req{method: "GET", path: "/api/v1/openapi.json"}).ok(t, 200, &doc)
	got := map[string]string{}
	for path, ops := range doc.Paths {
		for method, o := range ops {
			if slices.Contains(o.Tags, "cases") || slices.Contains(o.Tags, "calendar") {
				got[strings.ToUpper(method)+" /api/v1"+path] = o.Permission
				if !strings.Contains(o.Summary, "·") {
					t.Errorf("%s %s: summary %q is not bilingual", method, path, o.Summary)
				}
			}
		}
	}
	if diff := cmp.Diff(caseOperations, got); diff != "" {
		t.Errorf("case operations (-want +got):\n%s", diff)
	}
	imp := doc.Paths["/cases/import"]["post"]
	if imp.Responses["200"] == nil || imp.Responses["201"] == nil {
		t.Errorf("the import documents %v", slices.Sorted(maps.Keys(imp.Responses)))
	}
	var tags []string
	for _, tg := range doc.Tags {
		tags = append(tags, tg.Name)
	}
	if !slices.Contains(tags, "cases") || !slices.Contains(tags, "calendar") {
		t.Errorf("tags = %v", tags)
	}
}

// TestCasePermissionsMatchPages checks that each case operation declares
// the permission of the page route that does the same thing.
func TestCasePermissionsMatchPages(t *testing.T) {
	matchPages(t, caseOperations, casePageOf, "POST /api/v1/cases/referrals", "POST /api/v1/cases/import",
		"GET /api/v1/cases/import/{source}/{external_id}/status", "GET /api/v1/cases/taxonomy")
}
