package roster_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"slices"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/district"
	"tiaojie/internal/files"
	"tiaojie/internal/keys"
	"tiaojie/internal/roster"
)

// Township division codes of the default (Chongming) district.
const (
	chengqiao = "310151101" // 城桥镇
	baozhen   = "310151102" // 堡镇
)

var start = time.Date(2026, 11, 29, 1, 0, 0, 0, time.UTC)

// env is one roster service over a fresh database.
type env struct {
	svc   *roster.Service
	db    *db.DB
	clock *clock.Fake
	keys  *keys.Master
	files *files.Service
}

func newEnv(t *testing.T, d *db.DB) *env {
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
	store, err := files.OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	fs := files.New(store, c)
	svc := roster.New(roster.Deps{DB: d, Audit: audit.New(m, c), Keys: m, Files: fs, Clock: c, District: dist})
	return &env{svc: svc, db: d, clock: c, keys: m, files: fs}
}

// org inserts an organization with plain SQL (the registry is another
// package) and returns its id.
func (e *env) org(t *testing.T, name, township string, status tiaojie.OrgStatus) int64 {
	t.Helper()
	var id int64
	err := e.db.Writer().QueryRow(`
		INSERT INTO orgs (name, type, legal_form, level, township, status, created_at, updated_at)
		VALUES ($1, 'basic', 'peoples_committee', 'township', $2, $3, $4, $4) RETURNING id`,
		name, township, string(status), start).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// setOrgStatus changes an organization's status behind the registry's back.
func (e *env) setOrgStatus(t *testing.T, id int64, status tiaojie.OrgStatus) {
	t.Helper()
	if _, err := e.db.Writer().Exec(`UPDATE orgs SET status = $1 WHERE id = $2`, string(status), id); err != nil {
		t.Fatal(err)
	}
}

// create adds a mediator as the bureau and fails the test on error.
func (e *env) create(t *testing.T, in roster.MediatorInput) int64 {
	t.Helper()
	id, err := e.svc.Create(context.Background(), bureau, in)
	if err != nil {
		t.Fatalf("create %s: %v", in.Name, err)
	}
	return id
}

// count runs a count query.
func (e *env) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := e.db.Reader().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// auditRow is the part of an audit row the tests look at.
type auditRow struct {
	Action, ObjectID, Outcome, Reason, Detail string
}

// auditRows returns the audit trail, oldest first, optionally only the
// rows of one action.
func (e *env) auditRows(t *testing.T, action string) []auditRow {
	t.Helper()
	rows, err := e.db.Reader().Query(`SELECT action, object_id, outcome, reason, detail FROM audit_log ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []auditRow
	for rows.Next() {
		var r auditRow
		if err := rows.Scan(&r.Action, &r.ObjectID, &r.Outcome, &r.Reason, &r.Detail); err != nil {
			t.Fatal(err)
		}
		if action == "" || r.Action == action {
			out = append(out, r)
		}
	}
	return out
}

// The callers of the tests.
var (
	bureau      = &tiaojie.Principal{UserID: 1, Name: "bureau", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleBureau}}}
	association = &tiaojie.Principal{UserID: 2, Name: "assoc", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleAssociation}}}
	cqOffice    = &tiaojie.Principal{UserID: 3, Name: "cq.office", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleTownship, Township: chengqiao}}}
	bzOffice    = &tiaojie.Principal{UserID: 4, Name: "bz.office", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleTownship, Township: baozhen}}}
	public      = &tiaojie.Principal{UserID: 5, Name: "138****0000", Grants: []tiaojie.Grant{{Role: tiaojie.RolePublic}}}
)

// orgAdmin returns the admin of one organization.
func orgAdmin(orgID int64) *tiaojie.Principal {
	return &tiaojie.Principal{UserID: 100 + orgID, Name: "admin", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleOrgAdmin, OrgID: orgID}}}
}

// mediatorUser returns a mediator's login at one organization.
func mediatorUser(orgID int64) *tiaojie.Principal {
	return &tiaojie.Principal{UserID: 200 + orgID, Name: "mediator", MFA: true, Grants: []tiaojie.Grant{{Role: tiaojie.RoleMediator, OrgID: orgID}}}
}

// withCheck completes 17 digits into an identity number with its check
// character (ISO 7064 MOD 11-2).
func withCheck(first17 string) string {
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := range 17 {
		sum += int(first17[i]-'0') * w[i]
	}
	return first17 + string("10X98765432"[sum%11])
}

// Identity numbers of the tests: a woman born 1975-03-08 and a man born
// 1968-11-20 (the 17th digit's parity gives the sex).
var (
	womanID = withCheck("31023019750308042")
	manID   = withCheck("31023019681120003")
)

// input returns a valid input for a mediator of the organizations, each
// as a part-time member.
func input(name string, orgs ...int64) roster.MediatorInput {
	in := roster.MediatorInput{Name: name, Background: "law", Grade: 2, PracticeSince: 2010, Public: true,
		Specialties: []string{"marriage_family"}, Languages: []string{"mandarin"}}
	for _, o := range orgs {
		in.Orgs = append(in.Orgs, roster.Membership{OrgID: o, Position: roster.PositionPartTime})
	}
	return in
}

// kindCode returns "kind code" of a domain error, with its first field
// problem as "kind field:code".
func kindCode(err error) string {
	var e *tiaojie.Error
	if err == nil {
		return ""
	}
	if !errors.As(err, &e) {
		return "non-domain: " + err.Error()
	}
	if len(e.Fields) > 0 {
		return e.Kind.String() + " " + e.Fields[0].Field + ":" + e.Fields[0].Code
	}
	return e.Kind.String() + " " + e.Code
}

// fieldCodes lists every "field:code" of an Invalid error.
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

// pngUpload returns a small PNG upload.
func pngUpload(t *testing.T, name string) files.Upload {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 8, 8))); err != nil {
		t.Fatal(err)
	}
	return files.Upload{Filename: name, Body: &b}
}

// cardIDs returns the ids of cards in order.
func cardIDs(cs []roster.Card) []int64 {
	out := make([]int64, 0, len(cs))
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

// ids is a shorthand for an expected list of ids.
func ids(vs ...int64) []int64 { return slices.Clip(vs) }
