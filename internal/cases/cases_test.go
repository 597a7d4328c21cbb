package cases_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/auth"
	"tiaojie/internal/cases"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/district"
	"tiaojie/internal/files"
	"tiaojie/internal/keys"
	"tiaojie/internal/notify"
	"tiaojie/internal/pii"
	"tiaojie/internal/roster"
)

// Township division codes of the default (Chongming) district.
const (
	chengqiao = "310151101" // 城桥镇
	baozhen   = "310151102" // 堡镇
)

// Phones of the people in the tests.
const (
	applicantPhone  = "13800000001"
	respondentPhone = "13900000002"
	strangerPhone   = "13700000003"
)

// start is a Monday morning in Beijing.
var start = time.Date(2026, 9, 14, 1, 0, 0, 0, time.UTC)

// env is a cases service over a fresh database with an organization, a
// mediator and the people who play each part.
type env struct {
	svc   *cases.Service
	db    *db.DB
	clock *clock.Fake
	audit *audit.Log
	keys  *keys.Master
	notes *notes
	sms   *auth.DemoSender // the texts sent, signing codes among them
	files *files.Service
	ips   int // distinct client addresses, so that per-address limits do not bite

	org, other, mediator, mediator2, removed int64
	applicant, respondent, stranger          *tiaojie.Principal
	orgAdmin, otherAdmin, mediatorUser       *tiaojie.Principal
	mediatorOther                            *tiaojie.Principal // a mediator of the organization, not assigned
	township, otherTownship, bureau          *tiaojie.Principal
	partner, admin                           *tiaojie.Principal
}

// notes collects the notices the service enqueues, worded by the real
// templates.
type notes struct {
	*notify.Templates
	mu  sync.Mutex
	all []notify.Notice
}

func (n *notes) Enqueue(_ context.Context, _ *db.Tx, _ time.Time, no notify.Notice) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.all = append(n.all, no)
	return nil
}

func (n *notes) last() notify.Notice {
	n.mu.Lock()
	defer n.mu.Unlock()
	if len(n.all) == 0 {
		return notify.Notice{}
	}
	return n.all[len(n.all)-1]
}

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	m, _, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	dist, err := district.Default()
	if err != nil {
		t.Fatal(err)
	}
	c := clock.NewFake(start)
	tpl, err := notify.LoadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	e := &env{db: d, clock: c, audit: audit.New(m, c), keys: m, notes: &notes{Templates: tpl}}
	ros := roster.New(roster.Deps{DB: d, Audit: e.audit, Keys: m, Clock: c, District: dist})
	store, err := files.OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	e.sms, e.files = auth.NewDemoSender(slog.New(slog.DiscardHandler)), files.New(store, c)
	codes, err := auth.New(auth.Deps{DB: d, Audit: e.audit, Keys: m, Clock: c, District: dist, SMS: e.sms,
		Log: slog.New(slog.DiscardHandler)}, auth.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	e.svc = cases.New(cases.Deps{DB: d, Audit: e.audit, Keys: m, Clock: c, District: dist, Notifier: e.notes, Roster: ros,
		Files: e.files, Codes: codes, BaseURL: "https://tj.example"})
	e.org = e.orgRow(t, "城桥镇人民调解委员会", chengqiao, "neighbour")
	e.setSeal(t, e.org)
	e.other = e.orgRow(t, "堡镇人民调解委员会", baozhen, "neighbour")
	e.applicant = e.user(t, "申请人", applicantPhone)
	e.respondent = e.user(t, "被申请人", respondentPhone)
	e.stranger = e.user(t, "路人", strangerPhone)
	e.orgAdmin = e.staff(t, "orgadmin", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: e.org})
	e.otherAdmin = e.staff(t, "otheradmin", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: e.other})
	e.mediatorUser = e.staff(t, "mediator", tiaojie.Grant{Role: tiaojie.RoleMediator, OrgID: e.org})
	e.mediatorOther = e.staff(t, "mediator2", tiaojie.Grant{Role: tiaojie.RoleMediator, OrgID: e.org})
	e.township = e.staff(t, "chengqiao", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})
	e.otherTownship = e.staff(t, "baozhen", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: baozhen})
	e.bureau = e.staff(t, "bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	e.partner = e.staff(t, "court", tiaojie.Grant{Role: tiaojie.RolePartner})
	e.admin = e.staff(t, "admin", tiaojie.Grant{Role: tiaojie.RoleAdmin})
	e.mediator = e.mediatorRow(t, "王调解", e.mediatorUser.UserID, e.org, tiaojie.MediatorActive)
	e.mediator2 = e.mediatorRow(t, "李调解", e.mediatorOther.UserID, e.org, tiaojie.MediatorActive)
	e.removed = e.mediatorRow(t, "赵除名", 0, e.org, tiaojie.MediatorRemoved)
	return e
}

// setSeal gives the organization a seal image, as its admin would upload.
func (e *env) setSeal(t testing.TB, org int64) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 40))
	for i := range 40 {
		img.Set(i, i, color.RGBA{R: 200, A: 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	err := e.db.InTx(context.Background(), func(tx *db.Tx) error {
		m, err := e.files.Save(context.Background(), tx, files.Image(), "org_seal", org, files.Upload{Filename: "seal.png", Body: &buf}, false, 0)
		if err != nil {
			return err
		}
		_, err = tx.Exec(`UPDATE orgs SET seal_key = $1 WHERE id = $2`, m.Key, org)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// sign confirms the agreement as party p would online: asks for the
// signing code, reads it from the text sent, and types name and code.
func (e *env) sign(t testing.TB, p *tiaojie.Principal, id int64, name string) error {
	t.Helper()
	ctx := context.Background()
	e.clock.Advance(61 * time.Second) // one code a minute per phone
	e.ips++
	cl := auth.Client{IP: "192.0.2." + strconv.Itoa(e.ips)}
	if _, err := e.svc.RequestSigningCode(ctx, p, id, cl); err != nil {
		return err
	}
	phone := map[string]string{"张三": applicantPhone, "李四": respondentPhone}[name]
	code := lastCode(e.sms.Last(phone))
	return e.svc.Confirm(ctx, p, id, cases.Signature{Name: name, Code: code, Client: cl})
}

// signAll has both parties of the standard fixture and the mediator sign.
func (e *env) signAll(t testing.TB, id int64) {
	t.Helper()
	must(t, e.sign(t, e.applicant, id, "张三"))
	must(t, e.sign(t, e.respondent, id, "李四"))
	must(t, e.svc.SignAsMediator(context.Background(), e.mediatorUser, id))
}

// lastCode returns the six digits after 验证码 in a text.
func lastCode(text string) string {
	_, after, _ := strings.Cut(text, "验证码 ")
	return after[:min(6, len(after))]
}

func (e *env) exec(t testing.TB, q string, args ...any) {
	t.Helper()
	if _, err := e.db.Writer().Exec(q, args...); err != nil {
		t.Fatal(err)
	}
}

func (e *env) orgRow(t testing.TB, name, township, serves string) int64 {
	t.Helper()
	var id int64
	if err := e.db.Writer().QueryRow(`
		INSERT INTO orgs (name, short_name, type, legal_form, level, township, status, contact_phone, created_at, updated_at)
		VALUES ($1, $2, 'basic', 'peoples_committee', 'township', $3, 'active', '13600000009', $4, $4) RETURNING id`,
		name, string([]rune(name)[:2])+"人", township, start).Scan(&id); err != nil {
		t.Fatal(err)
	}
	e.exec(t, `INSERT INTO org_specialties (org_id, dispute_type) VALUES ($1, $2)`, id, serves)
	return id
}

func (e *env) mediatorRow(t testing.TB, name string, user, org int64, st tiaojie.MediatorStatus) int64 {
	t.Helper()
	var uid any
	if user != 0 {
		uid = user
	}
	var id int64
	if err := e.db.Writer().QueryRow(`
		INSERT INTO mediators (name, gender, status, user_id, created_at, updated_at)
		VALUES ($1, 'male', $2, $3, $4, $4) RETURNING id`, name, string(st), uid, start).Scan(&id); err != nil {
		t.Fatal(err)
	}
	e.exec(t, `INSERT INTO mediator_orgs (mediator_id, org_id, position, joined_at) VALUES ($1, $2, 'part_time', $3)`, id, org, start)
	return id
}

// user makes a public user who logged in with a phone code.
func (e *env) user(t testing.TB, name, phone string) *tiaojie.Principal {
	t.Helper()
	idx, err := pii.NewSealer(e.keys).Index("phone", phone)
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := e.db.Writer().QueryRow(`INSERT INTO users (display_name, phone_idx, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id`,
		name, idx, start).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return &tiaojie.Principal{UserID: id, Name: name, Grants: []tiaojie.Grant{{Role: tiaojie.RolePublic}}}
}

func (e *env) staff(t testing.TB, login string, g tiaojie.Grant) *tiaojie.Principal {
	t.Helper()
	var id int64
	if err := e.db.Writer().QueryRow(`INSERT INTO users (login, display_name, created_at, updated_at) VALUES ($1, $1, $2, $2) RETURNING id`,
		login, start).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return &tiaojie.Principal{UserID: id, Name: login, Grants: []tiaojie.Grant{g}, MFA: true}
}

// application is a neighbour dispute in 城桥镇.
func application() cases.Application {
	amount := int64(500000)
	return cases.Application{
		DisputeType: "neighbour", Township: chengqiao, Title: "楼上漏水纠纷",
		Facts: "楼上住户卫生间漏水，导致我家天花板受损。", Claims: "赔偿修理费五千元", AmountFen: &amount, Consent: true,
		Parties: []cases.PartyInput{
			{Side: tiaojie.SideApplicant, Name: "张三", Phone: applicantPhone, IDNumber: "11010519491231002X"},
			{Side: tiaojie.SideRespondent, Name: "李四", Phone: respondentPhone, Email: "lisi@example.com"},
		},
	}
}

// must fails the test on an error.
func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantKind checks an error's kind.
func wantKind(t *testing.T, err error, k tiaojie.Kind) {
	t.Helper()
	if !tiaojie.IsKind(err, k) {
		t.Fatalf("err = %v, want %s", err, k)
	}
}

func (e *env) status(t *testing.T, id int64) tiaojie.CaseStatus {
	t.Helper()
	var st tiaojie.CaseStatus
	must(t, e.db.Reader().QueryRow(`SELECT status FROM cases WHERE id = $1`, id).Scan(&st))
	return st
}

// submitted applies online and submits: the case waits for routing.
func (e *env) submitted(t *testing.T) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := e.svc.Apply(ctx, e.applicant, application())
	must(t, err)
	must(t, e.svc.Act(ctx, e.applicant, id, cases.Step{Action: tiaojie.CaseSubmit}))
	return id
}

// mediating walks a case to mediation with the mediator assigned and
// declared.
func (e *env) mediating(t *testing.T) int64 {
	t.Helper()
	ctx := context.Background()
	id := e.submitted(t)
	must(t, e.svc.Act(ctx, e.applicant, id, cases.Step{Action: tiaojie.CaseRoute, OrgID: e.org}))
	must(t, e.svc.Act(ctx, e.orgAdmin, id, cases.Step{Action: tiaojie.CaseAccept}))
	must(t, e.svc.Assign(ctx, e.orgAdmin, id, e.mediator, cases.ChosenByOrg))
	must(t, e.svc.Act(ctx, e.respondent, id, cases.Step{Action: tiaojie.CaseConsent}))
	must(t, e.svc.DeclareConflict(ctx, e.mediatorUser, id, ""))
	return id
}

func agreement() cases.AgreementInput {
	by := time.Date(2026, 10, 30, 0, 0, 0, 0, tiaojie.Beijing())
	return cases.AgreementInput{
		Facts: "楼上卫生间漏水致楼下天花板受损。", Issues: "修理费用的承担。", Duties: "李四负主要责任。",
		Terms: []string{"李四赔偿张三修理费人民币肆仟元。", "双方就此纠纷再无其他争议。"}, Performance: "银行转账", PerformBy: &by,
	}
}

func TestEndToEnd(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()

		// Draft, then submit.
		id, err := e.svc.Apply(ctx, e.applicant, application())
		must(t, err)
		if st := e.status(t, id); st != tiaojie.CaseDraft {
			t.Fatalf("status = %s", st)
		}
		// The respondent does not see someone else's draft.
		_, err = e.svc.Get(ctx, e.respondent, id)
		wantKind(t, err, tiaojie.NotFound)
		must(t, e.svc.Act(ctx, e.applicant, id, cases.Step{Action: tiaojie.CaseSubmit}))

		// Suggestions: the township's organization first, with reasons.
		sg, err := e.svc.SuggestFor(ctx, e.applicant, id, 5)
		must(t, err)
		if len(sg) != 2 || sg[0].OrgID != e.org || !slices.Contains(sg[0].Reasons, "case.why_township") {
			t.Fatalf("suggestions = %+v", sg)
		}

		// Route to the other township's organization, which declines.
		must(t, e.svc.Act(ctx, e.applicant, id, cases.Step{Action: tiaojie.CaseRoute, OrgID: e.other}))
		v, err := e.svc.Get(ctx, e.applicant, id)
		must(t, err)
		// Routed Monday 09:00: three working days end Thursday midnight.
		if want := time.Date(2026, 9, 18, 0, 0, 0, 0, tiaojie.Beijing()); v.AcceptDue == nil || !v.AcceptDue.Equal(want) {
			t.Fatalf("accept due = %v, want %v", v.AcceptDue, want)
		}
		wantKind(t, e.svc.Act(ctx, e.orgAdmin, id, cases.Step{Action: tiaojie.CaseAccept}), tiaojie.NotFound)
		wantKind(t, e.svc.Act(ctx, e.otherAdmin, id, cases.Step{Action: tiaojie.CaseDecline}), tiaojie.Invalid) // no reason
		must(t, e.svc.Act(ctx, e.otherAdmin, id, cases.Step{Action: tiaojie.CaseDecline, Reason: "不属本会辖区"}))
		// The decliner no longer sees it, nor is it suggested again, nor can it be routed there.
		_, err = e.svc.Get(ctx, e.otherAdmin, id)
		wantKind(t, err, tiaojie.NotFound)
		sg, err = e.svc.SuggestFor(ctx, e.applicant, id, 5)
		must(t, err)
		if len(sg) != 1 || sg[0].OrgID != e.org {
			t.Fatalf("suggestions after decline = %+v", sg)
		}
		wantKind(t, e.svc.Act(ctx, e.applicant, id, cases.Step{Action: tiaojie.CaseRoute, OrgID: e.other}), tiaojie.Invalid)
		b, err := e.svc.Board(ctx, e.township, "")
		must(t, err)
		if len(b.Returned) != 1 || b.Returned[0].ID != id {
			t.Fatalf("board returned = %+v", b.Returned)
		}

		// The respondent is not in it until invited.
		_, err = e.svc.Get(ctx, e.respondent, id)
		wantKind(t, err, tiaojie.NotFound)
		if mine, err := e.svc.Mine(ctx, e.respondent); err != nil || len(mine) != 0 {
			t.Fatalf("respondent's cases before the invitation: %v %v", mine, err)
		}

		// Route to the right one, which accepts: the respondent is invited.
		must(t, e.svc.Act(ctx, e.applicant, id, cases.Step{Action: tiaojie.CaseRoute, OrgID: e.org}))
		must(t, e.svc.Act(ctx, e.orgAdmin, id, cases.Step{Action: tiaojie.CaseAccept}))
		v, err = e.svc.Get(ctx, e.orgAdmin, id)
		must(t, err)
		if v.FileNo != "（2026）城桥人调字第1号" || v.Status != tiaojie.CaseAwaitingResp || v.MediationDue == nil {
			t.Fatalf("after accept: %q %s %v", v.FileNo, v.Status, v.MediationDue)
		}
		inv := e.notes.last()
		if inv.Phone != respondentPhone || inv.Email != "lisi@example.com" {
			t.Fatalf("invitation = %+v", inv)
		}
		opened, err := e.svc.OpenInvitation(ctx, tokenOf(t, inv.Text))
		must(t, err)
		if opened.Title != "楼上漏水纠纷" || opened.Applicants[0] != "张三" || opened.Respondent != "李四" {
			t.Fatalf("invitation view = %+v", opened)
		}
		_, err = e.svc.OpenInvitation(ctx, "wrong")
		wantKind(t, err, tiaojie.NotFound)

		// Assign: a removed mediator never; the active one yes.
		wantKind(t, e.svc.Assign(ctx, e.orgAdmin, id, e.removed, cases.ChosenByOrg), tiaojie.Conflict)
		wantKind(t, e.svc.Assign(ctx, e.mediatorUser, id, e.mediator, cases.ChosenByOrg), tiaojie.Forbidden)
		must(t, e.svc.Assign(ctx, e.orgAdmin, id, e.mediator, cases.ChosenByOrg))

		// The respondent, logged in with the invited phone, consents.
		wantKind(t, e.svc.Act(ctx, e.applicant, id, cases.Step{Action: tiaojie.CaseConsent}), tiaojie.Forbidden)
		must(t, e.svc.Act(ctx, e.respondent, id, cases.Step{Action: tiaojie.CaseConsent}))

		// The mediator must declare before drafting.
		wantKind(t, e.svc.DraftAgreement(ctx, e.mediatorUser, id, agreement()), tiaojie.Conflict)
		must(t, e.svc.DeclareConflict(ctx, e.mediatorUser, id, ""))
		must(t, e.svc.DraftAgreement(ctx, e.mediatorUser, id, agreement()))
		if st := e.status(t, id); st != tiaojie.CaseSigning {
			t.Fatalf("status = %s", st)
		}
		must(t, e.sign(t, e.applicant, id, "张三"))
		if st := e.status(t, id); st != tiaojie.CaseSigning {
			t.Fatalf("one confirmation of two: status = %s", st)
		}
		_, err = e.svc.RequestSigningCode(ctx, e.stranger, id, auth.Client{})
		wantKind(t, err, tiaojie.NotFound)
		wantKind(t, e.svc.Confirm(ctx, e.stranger, id, cases.Signature{Name: "路人", Code: "123456"}), tiaojie.NotFound)
		must(t, e.sign(t, e.respondent, id, "李四"))
		if st := e.status(t, id); st != tiaojie.CaseSigning {
			t.Fatalf("parties signed, mediator not yet: status = %s", st)
		}
		wantKind(t, e.svc.SignAsMediator(ctx, e.applicant, id), tiaojie.Forbidden)
		must(t, e.svc.SignAsMediator(ctx, e.mediatorUser, id))
		v, err = e.svc.Get(ctx, e.applicant, id)
		must(t, err)
		if v.Status != tiaojie.CaseAgreed || v.EndReason != tiaojie.EndAgreement || v.ConfirmDue == nil || v.VisitDue == nil {
			t.Fatalf("after confirmations: %s %s %v %v", v.Status, v.EndReason, v.ConfirmDue, v.VisitDue)
		}
		ag, err := e.svc.CurrentAgreement(ctx, e.applicant, id)
		must(t, err)
		if ag.EffectiveAt == nil || len(ag.Confirmed) != 2 || len(ag.Terms) != 2 {
			t.Fatalf("agreement = %+v", ag)
		}

		// Follow-up, rating, archive.
		must(t, e.svc.Act(ctx, e.mediatorUser, id, cases.Step{Action: tiaojie.CasePerform}))
		wantKind(t, e.svc.Visit(ctx, e.mediatorUser, id, cases.VisitInput{Performed: "full"}), tiaojie.Invalid)
		must(t, e.svc.Visit(ctx, e.mediatorUser, id, cases.VisitInput{Performed: "full", Note: "已全部履行，双方满意。"}))
		must(t, e.svc.Rate(ctx, e.applicant, id, 5, "很满意"))
		wantKind(t, e.svc.Rate(ctx, e.applicant, id, 4, ""), tiaojie.Conflict)
		wantKind(t, e.svc.Act(ctx, e.mediatorUser, id, cases.Step{Action: tiaojie.CaseArchive}), tiaojie.Forbidden)
		must(t, e.svc.Act(ctx, e.orgAdmin, id, cases.Step{Action: tiaojie.CaseArchive}))
		if st := e.status(t, id); st != tiaojie.CaseArchived {
			t.Fatalf("status = %s", st)
		}

		// The history has every step; the audit chain verifies.
		h, err := e.svc.History(ctx, e.township, id)
		must(t, err)
		var actions []string
		for _, ev := range h {
			actions = append(actions, ev.Action)
		}
		want := []string{"create", "submit", "route", "decline", "route", "accept", "assign", "consent", "declare",
			"draft_agreement", "conclude", "perform", "visit", "archive"}
		if !slices.Equal(actions, want) {
			t.Fatalf("history = %v\nwant      %v", actions, want)
		}
		if _, err := e.audit.Verify(ctx, d); err != nil {
			t.Fatal(err)
		}

		// The funnel counts the respondent all the way.
		f, err := e.svc.Funnel(ctx, e.bureau)
		must(t, err)
		if len(f) != 1 || f[0].Invited != 1 || f[0].Opened != 1 || f[0].Joined != 1 || f[0].Agreed != 1 {
			t.Fatalf("funnel = %+v", f)
		}

		// The statistics' total, by when the respondent was invited and where,
		// within the caller's scope.
		var invited time.Time
		must(t, d.Reader().QueryRow(`SELECT invited_at FROM case_parties WHERE case_id = $1 AND side = 'respondent'`, id).Scan(&invited))
		for _, c := range []struct {
			name    string
			who     *tiaojie.Principal
			sc      cases.FunnelScope
			invited int
		}{
			{"any time", e.bureau, cases.FunnelScope{}, 1},
			{"around the invitation", e.bureau, cases.FunnelScope{From: invited.Add(-time.Hour), To: invited.Add(time.Hour)}, 1},
			{"before it", e.bureau, cases.FunnelScope{To: invited}, 0},
			{"after it", e.bureau, cases.FunnelScope{From: invited.Add(time.Second)}, 0},
			{"its township", e.bureau, cases.FunnelScope{Township: chengqiao}, 1},
			{"another township", e.bureau, cases.FunnelScope{Township: baozhen}, 0},
			{"its township's office", e.township, cases.FunnelScope{}, 1},
			{"another township's office", e.otherTownship, cases.FunnelScope{Township: chengqiao}, 0},
		} {
			got, err := e.svc.FunnelTotal(ctx, c.who, c.sc)
			must(t, err)
			want := cases.FunnelRow{Invited: c.invited, Opened: c.invited, Joined: c.invited, Agreed: c.invited}
			if got != want {
				t.Errorf("funnel total, %s = %+v, want %+v", c.name, got, want)
			}
		}
		_, err = e.svc.FunnelTotal(ctx, e.applicant, cases.FunnelScope{})
		wantKind(t, err, tiaojie.Forbidden)
	})
}

// tokenOf cuts the invitation token from the end of an invitation text.
func tokenOf(t *testing.T, text string) string {
	t.Helper()
	const marker = "/invite/"
	i := len(text) - 1
	for i >= 0 && text[i:min(i+len(marker), len(text))] != marker {
		i--
	}
	if i < 0 {
		t.Fatalf("no invitation link in %q", text)
	}
	tok, _, _ := strings.Cut(text[i+len(marker):], "\n")
	return strings.TrimSpace(tok)
}

func TestScopes(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		id := e.mediating(t)
		for _, tc := range []struct {
			name string
			p    *tiaojie.Principal
			sees bool
		}{
			{"applicant", e.applicant, true},
			{"respondent", e.respondent, true},
			{"stranger", e.stranger, false},
			{"anonymous", tiaojie.Anonymous(), false},
			{"org admin", e.orgAdmin, true},
			{"other org admin", e.otherAdmin, false},
			{"assigned mediator", e.mediatorUser, true},
			{"other mediator of the org", e.mediatorOther, true},
			{"township office", e.township, true},
			{"other township office", e.otherTownship, false},
			{"bureau", e.bureau, true},
			{"system administrator", e.admin, false}, // 三员分立: accounts, not cases
		} {
			t.Run(tc.name, func(t *testing.T) {
				v, err := e.svc.Get(ctx, tc.p, id)
				if !tc.sees {
					wantKind(t, err, tiaojie.NotFound)
					return
				}
				must(t, err)
				if len(v.Parties) != 2 {
					t.Fatalf("parties = %d", len(v.Parties))
				}
				staff := tc.p != e.applicant && tc.p != e.respondent
				for _, p := range v.Parties {
					if p.IDNumberMasked != "" && p.IDNumberMasked == "11010519491231002X" {
						t.Error("identity number not masked")
					}
					own := p.Phone == applicantPhone && tc.p == e.applicant || p.Phone == respondentPhone && tc.p == e.respondent
					if !staff && p.Phone != "" && !own {
						t.Errorf("%s sees the other party's phone %q", tc.name, p.Phone)
					}
				}
				page, err := e.svc.List(ctx, tc.p, cases.Filter{})
				if !staff {
					wantKind(t, err, tiaojie.Forbidden)
					mine, err := e.svc.Mine(ctx, tc.p)
					must(t, err)
					if len(mine) != 1 || mine[0].ID != id {
						t.Fatalf("mine = %+v", mine)
					}
					return
				}
				must(t, err)
				if tc.p == e.mediatorOther {
					// Not assigned: reads the case, but it is not in their list.
					if page.Total != 0 {
						t.Errorf("unassigned mediator lists %d cases", page.Total)
					}
					return
				}
				if page.Total != 1 || page.Rows[0].ID != id {
					t.Errorf("list = %+v", page)
				}
			})
		}
		// Reading staff may not act.
		wantKind(t, e.svc.Act(ctx, e.mediatorOther, id, cases.Step{Action: tiaojie.CaseExtend, Reason: "各方同意"}), tiaojie.Forbidden)
		// A refusal is audited.
		var n int
		must(t, d.Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE outcome = 'denied' AND action = 'case.read'`).Scan(&n))
		if n == 0 {
			t.Error("denied reads were not audited")
		}
	})
}

func TestIntakeValidation(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		fields := func(err error) []string {
			var te *tiaojie.Error
			if !errors.As(err, &te) {
				t.Fatalf("err = %v", err)
			}
			var out []string
			for _, f := range te.Fields {
				out = append(out, f.Field)
			}
			return out
		}
		bad := application()
		bad.DisputeType, bad.Township, bad.Consent = "gossip", "nowhere", false
		bad.Parties = []cases.PartyInput{
			{Side: tiaojie.SideApplicant, Name: "张三", IDNumber: "110105194912310021"}, // no phone; bad check char
			{Side: tiaojie.SideRespondent, Name: "李四"},                                // no way to reach
		}
		_, err := e.svc.File(ctx, e.township, bad)
		got := fields(err)
		for _, want := range []string{"dispute_type", "township", "consent", "parties.0.phone", "parties.0.id_number", "parties.1.phone"} {
			if !slices.Contains(got, want) {
				t.Errorf("fields = %v, want %s", got, want)
			}
		}
		var n int
		must(t, d.Reader().QueryRow(`SELECT COUNT(*) FROM cases`).Scan(&n))
		if n != 0 {
			t.Fatalf("%d cases written by a refused application", n)
		}
		// The desk files only in its township; staff cannot apply as the public.
		other := application()
		other.Township = baozhen
		_, err = e.svc.File(ctx, e.township, other)
		wantKind(t, err, tiaojie.Forbidden)
		_, err = e.svc.Apply(ctx, e.township, application())
		wantKind(t, err, tiaojie.Forbidden)
		_, err = e.svc.File(ctx, e.applicant, application())
		wantKind(t, err, tiaojie.Forbidden)
		id, err := e.svc.File(ctx, e.township, application())
		must(t, err)
		if e.status(t, id) != tiaojie.CaseSubmitted {
			t.Fatal("a desk case starts submitted")
		}
		// A referral keeps its referrer, who can read it.
		rid, err := e.svc.Refer(ctx, e.partner, application())
		must(t, err)
		if _, err := e.svc.Get(ctx, e.partner, rid); err != nil {
			t.Fatal(err)
		}
		wantKind(t, e.svc.Act(ctx, e.partner, rid, cases.Step{Action: tiaojie.CaseWithdraw}), tiaojie.Forbidden)
	})
}

func TestImportIdempotent(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		a := application()
		a.ExternalID = "SH-2026-0001"
		id, created, err := e.svc.Import(ctx, e.bureau, a)
		must(t, err)
		if !created {
			t.Fatal("first import not created")
		}
		again, created, err := e.svc.Import(ctx, e.bureau, a)
		must(t, err)
		if created || again != id {
			t.Fatalf("second import: %d %v, want %d false", again, created, id)
		}
		_, _, err = e.svc.Import(ctx, e.township, a)
		wantKind(t, err, tiaojie.Forbidden)
		var n int
		must(t, d.Reader().QueryRow(`SELECT COUNT(*) FROM cases`).Scan(&n))
		if n != 1 {
			t.Fatalf("%d cases", n)
		}
	})
}

func TestSweep(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		late := e.submitted(t)
		must(t, e.svc.Act(ctx, e.applicant, late, cases.Step{Action: tiaojie.CaseRoute, OrgID: e.org}))
		silent := e.submitted(t)
		must(t, e.svc.Act(ctx, e.applicant, silent, cases.Step{Action: tiaojie.CaseRoute, OrgID: e.org}))
		must(t, e.svc.Act(ctx, e.orgAdmin, silent, cases.Step{Action: tiaojie.CaseAccept}))

		// Wednesday: a working day before Thursday's deadline, a reminder.
		e.clock.Set(start.Add(48 * time.Hour))
		n, err := e.svc.Sweep(ctx)
		must(t, err)
		if n != 0 {
			t.Fatalf("moved %d before the deadline", n)
		}
		if r := e.notes.last(); !strings.HasPrefix(r.Subject, "期限提醒") || r.Phone != "13600000009" {
			t.Fatalf("last notice = %+v, want a reminder", r)
		}
		// Friday: both deadlines (end of Thursday) have passed. A late
		// acceptance is refused even before the sweep runs.
		e.clock.Set(start.Add(96 * time.Hour))
		wantKind(t, e.svc.Act(ctx, e.orgAdmin, late, cases.Step{Action: tiaojie.CaseAccept}), tiaojie.Conflict)
		n, err = e.svc.Sweep(ctx)
		must(t, err)
		if n != 2 {
			t.Fatalf("moved %d, want 2", n)
		}
		if st := e.status(t, late); st != tiaojie.CaseSubmitted {
			t.Errorf("late acceptance: %s", st)
		}
		v, err := e.svc.Get(ctx, e.applicant, silent)
		must(t, err)
		if v.Status != tiaojie.CaseTerminated || v.EndReason != tiaojie.EndUnreachable {
			t.Errorf("silent respondent: %s %s", v.Status, v.EndReason)
		}
	})
}

func TestCalendarMovesDeadlines(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		wantKind(t, e.svc.SetDay(ctx, e.township, tiaojie.CalendarDay{Date: "2026-09-15", Kind: tiaojie.DayHoliday}), tiaojie.Forbidden)
		wantKind(t, e.svc.SetDay(ctx, e.bureau, tiaojie.CalendarDay{Date: "2026-13-01", Kind: tiaojie.DayHoliday}), tiaojie.Invalid)
		must(t, e.svc.SetDay(ctx, e.bureau, tiaojie.CalendarDay{Date: "2026-09-15", Kind: tiaojie.DayHoliday, Name: "测试假日"}))
		id := e.submitted(t)
		must(t, e.svc.Act(ctx, e.applicant, id, cases.Step{Action: tiaojie.CaseRoute, OrgID: e.org}))
		v, err := e.svc.Get(ctx, e.applicant, id)
		must(t, err)
		// Tuesday off: Wednesday, Thursday, Friday.
		if want := time.Date(2026, 9, 19, 0, 0, 0, 0, tiaojie.Beijing()); !v.AcceptDue.Equal(want) {
			t.Fatalf("accept due = %v, want %v", v.AcceptDue.In(tiaojie.Beijing()), want)
		}
	})
}

func TestTerminateAndRecusal(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		id := e.mediating(t)
		rid, err := e.svc.RequestRecusal(ctx, e.respondent, id, "调解员与申请人系亲属")
		must(t, err)
		wantKind(t, e.svc.DecideRecusal(ctx, e.mediatorUser, id, rid, true, "理由成立"), tiaojie.Forbidden)
		must(t, e.svc.DecideRecusal(ctx, e.orgAdmin, id, rid, true, "理由成立"))
		v, err := e.svc.Get(ctx, e.orgAdmin, id)
		must(t, err)
		if v.MediatorID != 0 {
			t.Fatal("granted recusal left the mediator assigned")
		}
		// The recused mediator no longer acts in the case.
		wantKind(t, e.svc.DraftAgreement(ctx, e.mediatorUser, id, agreement()), tiaojie.Forbidden)
		must(t, e.svc.Assign(ctx, e.orgAdmin, id, e.mediator2, cases.ChosenByParties))
		wantKind(t, e.svc.Act(ctx, e.mediatorOther, id, cases.Step{Action: tiaojie.CaseTerminate}), tiaojie.Invalid)
		must(t, e.svc.Act(ctx, e.mediatorOther, id, cases.Step{Action: tiaojie.CaseTerminate, EndReason: tiaojie.EndFarApart}))
		v, err = e.svc.Get(ctx, e.applicant, id)
		must(t, err)
		if v.Status != tiaojie.CaseTerminated || v.EndReason != tiaojie.EndFarApart || v.EndedAt == nil {
			t.Fatalf("terminated: %s %s", v.Status, v.EndReason)
		}
		// Illegal from here: no agreement after termination.
		wantKind(t, e.svc.Act(ctx, e.mediatorOther, id, cases.Step{Action: tiaojie.CaseExtend, Reason: "x"}), tiaojie.Conflict)
	})
}

func TestConcurrentStepsOneWins(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		id := e.submitted(t)
		must(t, e.svc.Act(ctx, e.applicant, id, cases.Step{Action: tiaojie.CaseRoute, OrgID: e.org}))
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, st := range []cases.Step{{Action: tiaojie.CaseAccept}, {Action: tiaojie.CaseDecline, Reason: "忙"}} {
			wg.Go(func() { errs[i] = e.svc.Act(ctx, e.orgAdmin, id, st) })
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else if !tiaojie.IsKind(err, tiaojie.Conflict) && !tiaojie.IsKind(err, tiaojie.NotFound) {
				// Losing to a decline, the organization no longer sees the case.
				t.Fatalf("err = %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d steps succeeded, want 1 (%v)", ok, errs)
		}
	})
}

// TestConfidentiality: only the parties, the assigned mediator and the
// organization's admin read a case's content; supervisors open it with a
// reason, which the audit trail keeps; others see metadata only.
func TestConfidentiality(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		id := e.mediating(t)
		facts := application().Facts
		for _, tc := range []struct {
			name    string
			p       *tiaojie.Principal
			content bool
		}{
			{"applicant", e.applicant, true},
			{"respondent", e.respondent, true},
			{"assigned mediator", e.mediatorUser, true},
			{"org admin", e.orgAdmin, true},
			{"another mediator of the org", e.mediatorOther, false},
			{"township office", e.township, false},
			{"bureau", e.bureau, false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				v, err := e.svc.Get(ctx, tc.p, id)
				must(t, err)
				if got := v.Facts == facts; got != tc.content {
					t.Errorf("sees the facts: %v, want %v", got, tc.content)
				}
				if !tc.content {
					for _, pt := range v.Parties {
						if pt.Name == "张三" || pt.Phone != "" || pt.IDNumberMasked != "" {
							t.Errorf("metadata view shows %+v", pt)
						}
					}
					if _, err := e.svc.Member(ctx, tc.p, id); !tiaojie.IsKind(err, tiaojie.NotFound) {
						t.Errorf("room member without the content: %v", err)
					}
					if ag, err := e.svc.CurrentAgreement(ctx, tc.p, id); err != nil || ag != nil {
						t.Errorf("agreement without the content: %v %v", ag, err)
					}
				}
			})
		}
		wantKind(t, e.svc.OpenContent(ctx, e.township, id, " "), tiaojie.Invalid)
		wantKind(t, e.svc.OpenContent(ctx, e.mediatorOther, id, "想看看"), tiaojie.Forbidden)
		must(t, e.svc.OpenContent(ctx, e.township, id, "投诉核查"))
		v, err := e.svc.Get(ctx, e.township, id)
		must(t, err)
		if v.Facts != facts || v.Parties[0].Phone != applicantPhone {
			t.Fatal("the opened case shows no content")
		}
		// The opening lasts a working day, not for ever.
		e.clock.Set(start.Add(9 * time.Hour))
		if v, err = e.svc.Get(ctx, e.township, id); err != nil || v.Facts != "" {
			t.Fatalf("content still open after 9 hours: %v", err)
		}
		var n int
		must(t, d.Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'case.open_content' AND outcome = 'ok'`).Scan(&n))
		if n != 1 {
			t.Errorf("%d audit rows of openings, want 1", n)
		}
	})
}

// pngBytes is a small real PNG.
func pngBytes(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestEvidence(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		id := e.mediating(t)
		up := func(name string, data []byte) files.Upload {
			return files.Upload{Filename: name, Body: bytes.NewReader(data)}
		}
		eid, err := e.svc.AddEvidence(ctx, e.applicant, id, "天花板受损照片", up("ceiling.png", pngBytes(t)))
		must(t, err)
		// Checked by content, not by name; size-limited; titled.
		_, err = e.svc.AddEvidence(ctx, e.applicant, id, "伪装的图片", up("fake.png", []byte("#!/bin/sh\necho hi\n")))
		wantKind(t, err, tiaojie.Invalid)
		_, err = e.svc.AddEvidence(ctx, e.applicant, id, "太大", up("big.pdf", append([]byte("%PDF-1.4\n"), make([]byte, 11<<20)...)))
		wantKind(t, err, tiaojie.Invalid)
		_, err = e.svc.AddEvidence(ctx, e.applicant, id, " ", up("x.png", pngBytes(t)))
		wantKind(t, err, tiaojie.Invalid)
		_, err = e.svc.AddEvidence(ctx, e.stranger, id, "路人", up("x.png", pngBytes(t)))
		wantKind(t, err, tiaojie.NotFound)
		var n int
		must(t, d.Reader().QueryRow(`SELECT COUNT(*) FROM case_evidence`).Scan(&n))
		if n != 1 {
			t.Fatalf("%d evidence rows, want 1", n)
		}
		// The other party and the mediator read it; a supervisor without
		// the content and a stranger do not.
		for _, p := range []*tiaojie.Principal{e.respondent, e.mediatorUser, e.orgAdmin} {
			list, err := e.svc.EvidenceList(ctx, p, id)
			must(t, err)
			if len(list) != 1 || list[0].Title != "天花板受损照片" || list[0].SM3 == "" || list[0].ContentType != "image/png" {
				t.Fatalf("evidence list = %+v", list)
			}
			m, data, err := e.svc.OpenEvidence(ctx, p, id, eid)
			must(t, err)
			if m.Size != int64(len(data)) || !bytes.Equal(data, pngBytes(t)) {
				t.Fatal("evidence bytes differ")
			}
		}
		if list, err := e.svc.EvidenceList(ctx, e.township, id); err != nil || list != nil {
			t.Fatalf("supervisor without the content sees %v (%v)", list, err)
		}
		_, _, err = e.svc.OpenEvidence(ctx, e.township, id, eid)
		wantKind(t, err, tiaojie.Forbidden)
		_, _, err = e.svc.OpenEvidence(ctx, e.stranger, id, eid)
		wantKind(t, err, tiaojie.NotFound)
	})
}

// TestRemindersReachStaff: a deadline reminder goes to the phones and
// e-mail of the people who must act, on their own accounts: the
// organization's admins before acceptance, the assigned mediator after.
func TestRemindersReachStaff(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		sealer := pii.NewSealer(e.keys)
		reach := func(p *tiaojie.Principal, phone, email string, role string) {
			enc, err := sealer.SealString(phone, "users.phone:"+strconv.FormatInt(p.UserID, 10))
			must(t, err)
			e.exec(t, `UPDATE users SET phone_enc = $1, email = $2 WHERE id = $3`, enc, email, p.UserID)
			if role != "" {
				e.exec(t, `INSERT INTO user_roles (user_id, role, org_id, granted_at) VALUES ($1, $2, $3, $4)`, p.UserID, role, e.org, start)
			}
		}
		reach(e.orgAdmin, "13600000011", "admin@cq.example", "org_admin")
		reach(e.mediatorUser, "13600000012", "wang@cq.example", "")

		waiting := e.submitted(t)
		must(t, e.svc.Act(ctx, e.applicant, waiting, cases.Step{Action: tiaojie.CaseRoute, OrgID: e.org}))
		assigned := e.submitted(t)
		must(t, e.svc.Act(ctx, e.applicant, assigned, cases.Step{Action: tiaojie.CaseRoute, OrgID: e.org}))
		must(t, e.svc.Act(ctx, e.orgAdmin, assigned, cases.Step{Action: tiaojie.CaseAccept}))
		must(t, e.svc.Assign(ctx, e.orgAdmin, assigned, e.mediator, cases.ChosenByOrg))

		e.clock.Set(start.Add(48 * time.Hour))
		before := len(e.notes.all)
		_, err := e.svc.Sweep(ctx)
		must(t, err)
		got := map[string]string{} // phone → e-mail of each reminder
		for _, n := range e.notes.all[before:] {
			if strings.HasPrefix(n.Subject, "期限提醒") {
				got[n.Phone] = n.Email
			}
		}
		want := map[string]string{"13600000011": "admin@cq.example", "13600000012": "wang@cq.example"}
		if !maps.Equal(got, want) {
			t.Fatalf("reminders went to %v, want %v (the organization's own number only when nobody else is reachable)", got, want)
		}
	})
}
