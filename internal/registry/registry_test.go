package registry_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/district"
	"tiaojie/internal/files"
	"tiaojie/internal/keys"
	"tiaojie/internal/registry"
	"tiaojie/internal/route"
	"tiaojie/internal/search"
)

// start is 10:00 on 2 March 2026, Beijing time.
var start = time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)

// Township codes of the default district.
const (
	chengqiao = "310151101" // 城桥镇
	baozhen   = "310151102" // 堡镇
	xinhe     = "310151103" // 新河镇
)

type env struct {
	svc   *registry.Service
	db    *db.DB
	clock *clock.Fake
	files *files.Service
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
	store, err := files.OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	c := clock.NewFake(start)
	fs := files.New(store, c)
	svc := registry.New(registry.Deps{DB: d, Audit: audit.New(m, c), Files: fs, Clock: c, District: dist})
	return &env{svc: svc, db: d, clock: c, files: fs}
}

// The callers of the tests.
var (
	system = tiaojie.System()
	anon   = tiaojie.Anonymous()
	bureau = &tiaojie.Principal{UserID: 1, Name: "bureau", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleBureau}}}
	cq     = &tiaojie.Principal{UserID: 2, Name: "chengqiao", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleTownship, Township: chengqiao}}}
	bz     = &tiaojie.Principal{UserID: 3, Name: "baozhen", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleTownship, Township: baozhen}}}
)

func orgAdmin(id int64) *tiaojie.Principal {
	return &tiaojie.Principal{UserID: 100 + id, Name: "admin", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleOrgAdmin, OrgID: id}}}
}

func mediatorOf(id int64) *tiaojie.Principal {
	return &tiaojie.Principal{UserID: 200 + id, Name: "mediator", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleMediator, OrgID: id}}}
}

// input returns a valid profile of a village people's mediation
// committee in a township.
func input(name, township string) registry.OrgInput {
	return registry.OrgInput{
		Name: name, Type: tiaojie.OrgBasic, LegalForm: tiaojie.FormPeoplesCommittee, Level: tiaojie.LevelVillage,
		Township: township, Address: "人民路 68 号", ContactName: "张老师", ContactPhone: "021-59621234",
		Description: "调解邻里纠纷和婚姻家庭纠纷。", Specialties: []string{"neighbour", "marriage_family"},
		Languages: []string{"mandarin", "chongming"},
	}
}

// commercial returns a valid profile of a district-level commercial
// mediation centre.
func commercial(name string) registry.OrgInput {
	in := input(name, chengqiao)
	in.Type, in.LegalForm, in.Level = tiaojie.OrgCommercial, tiaojie.FormSocialService, tiaojie.LevelDistrict
	in.Specialties = []string{"finance", "contract"}
	in.Description = "金融、合同等商事纠纷的调解。"
	return in
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// code returns the message code of an error: its first field's, or its
// own; "" for nil.
func code(err error) string {
	if err == nil {
		return ""
	}
	var e *tiaojie.Error
	if !errors.As(err, &e) {
		return "non-domain: " + err.Error()
	}
	if len(e.Fields) > 0 {
		return e.Fields[0].Code
	}
	return e.Code
}

// fieldCodes returns "field:code" for each field problem of err.
func fieldCodes(err error) []string {
	var e *tiaojie.Error
	if !errors.As(err, &e) {
		return nil
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Field+":"+f.Code)
	}
	return out
}

func wantCode(t testing.TB, err error, want string) {
	t.Helper()
	if got := code(err); got != want {
		t.Fatalf("error %v: code %q, want %q", err, got, want)
	}
}

func (e *env) count(t testing.TB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := e.db.Reader().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// audits counts audit rows with the action and outcome.
func (e *env) audits(t testing.TB, action string, outcome audit.Outcome) int {
	t.Helper()
	return e.count(t, `SELECT count(*) FROM audit_log WHERE action = $1 AND outcome = $2`, action, string(outcome))
}

func (e *env) create(t testing.TB, p *tiaojie.Principal, in registry.OrgInput) int64 {
	t.Helper()
	id, err := e.svc.Create(context.Background(), p, in)
	if err != nil {
		t.Fatalf("create %s: %v", in.Name, err)
	}
	return id
}

func pdf(name string) files.Upload {
	return files.Upload{Filename: name, Body: bytes.NewReader([]byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"))}
}

func pngUpload(t testing.TB, name string) files.Upload {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{200, 30, 30, 255})
	var b bytes.Buffer
	must(t, png.Encode(&b, img))
	return files.Upload{Filename: name, Body: &b}
}

// creditCode returns a valid unified social credit code ending in the
// two characters given.
func creditCode(t testing.TB, tail string) string {
	t.Helper()
	first := "51310151MJ00000" + tail
	c, err := tiaojie.USCCCheckChar(first)
	must(t, err)
	return first + string(c)
}

// prepare fills the pre-review file of an organization: materials and a
// charter.
func (e *env) prepare(t testing.TB, p *tiaojie.Principal, id int64) {
	t.Helper()
	ctx := context.Background()
	must(t, e.svc.SetPrereview(ctx, p, id, registry.Prereview{
		Founders: "城桥镇人民政府", Mediators: "王某（一级调解员）等 5 人", Premises: "人民路 68 号二楼", Funding: "镇财政保障",
	}))
	if _, err := e.svc.AddDocument(ctx, p, id, registry.DocCharter, "章程", pdf("charter.pdf"), false); err != nil {
		t.Fatal(err)
	}
}

// activate takes an organization through the whole lifecycle as the
// platform itself, for tests that need a public organization.
func (e *env) activate(t testing.TB, id int64, tail string) {
	t.Helper()
	ctx := context.Background()
	e.prepare(t, system, id)
	must(t, e.svc.Act(ctx, system, id, tiaojie.ActSubmit, "", ""))
	o, err := e.svc.Get(ctx, system, id)
	must(t, err)
	if o.Stage == tiaojie.StageTownship {
		must(t, e.svc.Act(ctx, system, id, tiaojie.ActOpinion, "材料齐全", registry.OpinionSupport))
	}
	must(t, e.svc.Act(ctx, system, id, tiaojie.ActApprove, "", ""))
	must(t, e.svc.SetRegistration(ctx, system, id, tiaojie.Registration{
		CreditCode: creditCode(t, tail), Authority: "上海市崇明区司法局", Date: start.AddDate(0, 0, -1),
	}))
	must(t, e.svc.Act(ctx, system, id, tiaojie.ActActivate, "", ""))
}

// active creates an organization and makes it active.
func (e *env) active(t testing.TB, in registry.OrgInput, tail string) int64 {
	t.Helper()
	id := e.create(t, system, in)
	e.activate(t, id, tail)
	return id
}

func money(yuan int64) tiaojie.Money { return tiaojie.Money(yuan * 100) }

func ptr[T any](v T) *T { return &v }

// TestDirectoryGate: when the directories' gate is full, a search waits
// its turn and is then refused as Unavailable (503), never run late; once
// a slot is free it runs.
func TestDirectoryGate(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	gate := search.NewGate(1, 10*time.Millisecond)
	svc := registry.New(registry.Deps{DB: e.db, Audit: audit.New(mustKeys(t), e.clock), Files: e.files, Clock: e.clock, Gate: gate})
	ctx := context.Background()
	release, err := gate.Enter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Directory(ctx, registry.DirectoryQuery{Q: "调解"}); tiaojie.ErrorKind(err) != tiaojie.Unavailable || route.Code(err) != "search.busy" {
		t.Fatalf("search with the gate full: %v, want Unavailable search.busy", err)
	}
	release()
	if _, err := svc.Directory(ctx, registry.DirectoryQuery{Q: "调解"}); err != nil {
		t.Fatalf("search with the gate free: %v", err)
	}
}

func mustKeys(t *testing.T) *keys.Master {
	t.Helper()
	m, _, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	return m
}
