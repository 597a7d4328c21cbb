package auth_test

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/auth"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/district"
	"tiaojie/internal/keys"
)

// fakeSMS keeps sent messages instead of sending them.
type fakeSMS struct {
	mu   sync.Mutex
	sent map[string][]string
}

func (f *fakeSMS) Send(_ context.Context, phone, text string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.sent == nil {
		f.sent = map[string][]string{}
	}
	f.sent[phone] = append(f.sent[phone], text)
	return nil
}

var codeInText = regexp.MustCompile(`\d{6}`)

func (f *fakeSMS) lastCode(t *testing.T, phone string) string {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	msgs := f.sent[phone]
	if len(msgs) == 0 {
		t.Fatalf("no SMS sent to %s", phone)
	}
	return codeInText.FindString(msgs[len(msgs)-1])
}

type env struct {
	svc   *auth.Service
	db    *db.DB
	clock *clock.Fake
	sms   *fakeSMS
	log   *audit.Log
	m     *keys.Master
}

var start = time.Date(2026, 11, 29, 1, 0, 0, 0, time.UTC)

// fastConfig keeps the default rules but cheap hashing, so tests stay fast.
func fastConfig() auth.Config {
	cfg := auth.DefaultConfig()
	cfg.Hasher = auth.Hasher{Algorithm: auth.Argon2id, Memory: 64, Time: 1, Threads: 1}
	return cfg
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
	l := audit.New(m, c)
	sms := &fakeSMS{}
	svc, err := auth.New(auth.Deps{DB: d, Audit: l, Keys: m, Clock: c, District: dist, SMS: sms, Log: nil}, fastConfig())
	if err != nil {
		t.Fatal(err)
	}
	return &env{svc: svc, db: d, clock: c, sms: sms, log: l, m: m}
}

var root = tiaojie.System()

func (e *env) user(t testing.TB, login string, grants ...tiaojie.Grant) int64 {
	t.Helper()
	id, err := e.svc.CreateUser(context.Background(), root, auth.NewUser{
		Login: login, DisplayName: "用户 " + login, Password: password(login), Grants: grants,
	})
	if err != nil {
		t.Fatalf("create %s: %v", login, err)
	}
	return id
}

// password returns the test password of an account; it must not contain
// the login, which the policy refuses.
func password(string) string { return "Qu!et-River-7" }

var client = auth.Client{IP: "192.0.2.1", UserAgent: "test"}

func (e *env) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := e.db.Reader().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func code(err error) string {
	var e *tiaojie.Error
	if err == nil {
		return ""
	}
	if te, ok := err.(*tiaojie.Error); ok {
		e = te
	} else {
		return "non-domain: " + err.Error()
	}
	if len(e.Fields) > 0 {
		return e.Fields[0].Code
	}
	return e.Code
}

func TestPasswordLoginLockout(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		e.user(t, "zhang", tiaojie.Grant{Role: tiaojie.RoleBureau})

		_, unknown := e.svc.PasswordLogin(ctx, "nobody", "Whatever1!", client)
		for i := range 5 {
			_, err := e.svc.PasswordLogin(ctx, "zhang", "Wrong-pass1", client)
			if code(err) != "auth.bad_credentials" {
				t.Fatalf("failure %d: %v", i+1, err)
			}
			if err.Error() != unknown.Error() {
				t.Errorf("a wrong password reads %q, an unknown account %q: they must match", err, unknown)
			}
		}
		_, err := e.svc.PasswordLogin(ctx, "ZHANG", password("zhang"), client)
		if code(err) != "auth.bad_credentials" {
			t.Fatalf("the right password on a locked account: %v, want refusal", err)
		}
		if n := e.count(t, "SELECT count(*) FROM audit_log WHERE action = 'auth.login' AND outcome = 'failed' AND actor_id > 0"); n != 5 {
			t.Errorf("%d failed-login audit rows, want 5", n)
		}
		if n := e.count(t, "SELECT count(*) FROM audit_log WHERE action = 'auth.lock'"); n != 1 {
			t.Errorf("%d lock audit rows, want 1", n)
		}
		e.clock.Advance(29 * time.Minute)
		if _, err := e.svc.PasswordLogin(ctx, "zhang", password("zhang"), client); err == nil {
			t.Fatal("login succeeded before the lock ended")
		}
		e.clock.Advance(time.Minute)
		res, err := e.svc.PasswordLogin(ctx, "ｚｈａｎｇ", password("zhang"), client)
		if err != nil {
			t.Fatalf("login after the lock: %v", err)
		}
		if res.Pending != auth.PendingEnrol {
			t.Errorf("staff without a second factor: pending %q, want enrol", res.Pending)
		}
	})
}

// TestFailuresOutsideWindowDoNotLock: four failures, a pause longer than
// the window, four more: no lock.
func TestFailuresOutsideWindowDoNotLock(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	e.user(t, "lisi", tiaojie.Grant{Role: tiaojie.RolePartner})
	for range 4 {
		e.svc.PasswordLogin(ctx, "lisi", "Wrong-pass1", client)
	}
	e.clock.Advance(16 * time.Minute)
	for range 4 {
		e.svc.PasswordLogin(ctx, "lisi", "Wrong-pass1", client)
	}
	if _, err := e.svc.PasswordLogin(ctx, "lisi", password("lisi"), client); err != nil {
		t.Errorf("login after spread-out failures: %v", err)
	}
}

func TestSessionExpiry(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		e.user(t, "wang", tiaojie.Grant{Role: tiaojie.RolePublic})
		res, err := e.svc.PasswordLogin(ctx, "wang", password("wang"), client)
		if err != nil {
			t.Fatal(err)
		}
		// Idle: a request at 29:59 keeps the session and slides the window.
		e.clock.Advance(29*time.Minute + 59*time.Second)
		if _, err := e.svc.Authenticate(ctx, res.Token); err != nil {
			t.Fatalf("at 29:59 idle: %v", err)
		}
		e.clock.Advance(29*time.Minute + 59*time.Second)
		if _, err := e.svc.Authenticate(ctx, res.Token); err != nil {
			t.Fatalf("29:59 after the last use: %v", err)
		}
		e.clock.Advance(30*time.Minute + time.Second)
		if _, err := e.svc.Authenticate(ctx, res.Token); !tiaojie.IsKind(err, tiaojie.Unauthorized) {
			t.Fatalf("30:01 idle: %v, want unauthorized", err)
		}
		if n := e.count(t, "SELECT count(*) FROM sessions"); n != 0 {
			t.Errorf("the expired session's row is still there (%d rows)", n)
		}

		// Absolute: used every 5 minutes, the session still ends at 12 hours.
		res, _ = e.svc.PasswordLogin(ctx, "wang", password("wang"), client)
		for elapsed := time.Duration(0); elapsed < 12*time.Hour-5*time.Minute; elapsed += 5 * time.Minute {
			e.clock.Advance(5 * time.Minute)
			if _, err := e.svc.Authenticate(ctx, res.Token); err != nil {
				t.Fatalf("active session refused after %v: %v", elapsed+5*time.Minute, err)
			}
		}
		e.clock.Advance(5*time.Minute + time.Second)
		if _, err := e.svc.Authenticate(ctx, res.Token); !tiaojie.IsKind(err, tiaojie.Unauthorized) {
			t.Fatalf("after 12 hours: %v, want unauthorized", err)
		}
	})
}

func totpCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTOTPEnrolVerifyReplayRecovery(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		e.user(t, "admin2", tiaojie.Grant{Role: tiaojie.RoleAdmin})
		res, err := e.svc.PasswordLogin(ctx, "admin2", password("admin2"), client)
		if err != nil {
			t.Fatal(err)
		}
		p, _ := e.svc.Authenticate(ctx, res.Token)
		if p.Pending != auth.PendingEnrol || p.Can(tiaojie.PermUsersManage) {
			t.Fatalf("before enrolment: pending %q, can manage users %v", p.Pending, p.Can(tiaojie.PermUsersManage))
		}
		en, err := e.svc.BeginEnrol(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if png, err := e.svc.EnrolmentQR(ctx, p); err != nil || len(png) < 100 || string(png[1:4]) != "PNG" {
			t.Fatalf("QR: %d bytes, %v", len(png), err)
		}
		if _, _, err := e.svc.ConfirmEnrol(ctx, p, res.Token, "000000", client); code(err) != "totp.code_wrong" {
			t.Fatalf("wrong enrolment code: %v", err)
		}
		tok, recovery, err := e.svc.ConfirmEnrol(ctx, p, res.Token, totpCode(t, en.Secret, e.clock.Now()), client)
		if err != nil {
			t.Fatal(err)
		}
		if len(recovery) != 10 || tok == res.Token {
			t.Fatalf("%d recovery codes; token renewed: %v", len(recovery), tok != res.Token)
		}
		if _, err := e.svc.Authenticate(ctx, res.Token); err == nil {
			t.Error("the pre-enrolment session token still works")
		}
		p, _ = e.svc.Authenticate(ctx, tok)
		if p.Pending != "" || !p.Can(tiaojie.PermUsersManage) {
			t.Fatalf("after enrolment: pending %q", p.Pending)
		}

		// Next login: the code used at enrolment (same step) is refused.
		res, _ = e.svc.PasswordLogin(ctx, "admin2", password("admin2"), client)
		p, _ = e.svc.Authenticate(ctx, res.Token)
		if p.Pending != auth.PendingTOTP {
			t.Fatalf("pending %q, want totp", p.Pending)
		}
		if _, err := e.svc.VerifyTOTP(ctx, p, res.Token, totpCode(t, en.Secret, e.clock.Now()), client); code(err) != "totp.code_wrong" {
			t.Fatalf("replayed code: %v, want refusal", err)
		}
		e.clock.Advance(30 * time.Second)
		tok, err = e.svc.VerifyTOTP(ctx, p, res.Token, totpCode(t, en.Secret, e.clock.Now()), client)
		if err != nil {
			t.Fatalf("fresh code: %v", err)
		}
		p, _ = e.svc.Authenticate(ctx, tok)
		if p.Pending != "" || !p.MFA {
			t.Errorf("after TOTP: pending %q mfa %v", p.Pending, p.MFA)
		}

		// A recovery code works once.
		for i, want := range []string{"", "totp.code_wrong"} {
			e.clock.Advance(time.Second)
			res, _ = e.svc.PasswordLogin(ctx, "admin2", password("admin2"), client)
			p, _ = e.svc.Authenticate(ctx, res.Token)
			_, err := e.svc.VerifyTOTP(ctx, p, res.Token, strings.ToUpper(recovery[3]), client)
			if code(err) != want {
				t.Errorf("recovery use %d: %v, want %q", i+1, err, want)
			}
		}
		if n, _ := e.svc.RecoveryCodesLeft(ctx, &tiaojie.Principal{UserID: p.UserID}); n != 9 {
			t.Errorf("%d recovery codes left, want 9", n)
		}
	})
}

func TestPhoneCodeLogin(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		const phone = "13812345678"
		if err := e.svc.RequestCode(ctx, "1381234", client); code(err) != "phone.format" {
			t.Fatalf("bad phone: %v", err)
		}
		if err := e.svc.RequestCode(ctx, "+86 138 1234 5678", client); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.RequestCode(ctx, phone, client); !tiaojie.IsKind(err, tiaojie.TooMany) {
			t.Fatalf("a second code within a minute: %v, want too many", err)
		}
		good := e.sms.lastCode(t, phone)
		wrong := "000000"
		if good == wrong {
			wrong = "111111"
		}
		for range 4 {
			if _, err := e.svc.CodeLogin(ctx, phone, wrong, client); code(err) != "auth.code_wrong" {
				t.Fatalf("wrong code: %v", err)
			}
		}
		res, err := e.svc.CodeLogin(ctx, phone, good, client)
		if err != nil {
			t.Fatalf("right code after 4 wrong: %v", err)
		}
		p, err := e.svc.Authenticate(ctx, res.Token)
		if err != nil || !p.Has(tiaojie.RolePublic) || p.Name != "138****5678" {
			t.Fatalf("public principal %+v, %v", p, err)
		}
		if _, err := e.svc.CodeLogin(ctx, phone, good, client); err == nil {
			t.Error("a used code worked twice")
		}

		// Five wrong guesses void the code, even the right one after them.
		e.clock.Advance(2 * time.Minute)
		e.svc.RequestCode(ctx, phone, client)
		good = e.sms.lastCode(t, phone)
		for range 5 {
			e.svc.CodeLogin(ctx, phone, wrong, client)
		}
		if _, err := e.svc.CodeLogin(ctx, phone, good, client); err == nil {
			t.Error("the code still worked after five wrong guesses")
		}
		// An expired code is refused.
		e.clock.Advance(2 * time.Minute)
		e.svc.RequestCode(ctx, phone, client)
		good = e.sms.lastCode(t, phone)
		e.clock.Advance(10*time.Minute + time.Second)
		if _, err := e.svc.CodeLogin(ctx, phone, good, client); err == nil {
			t.Error("an expired code worked")
		}
		if n := e.count(t, "SELECT count(*) FROM users"); n != 1 {
			t.Errorf("%d accounts, want 1 public account", n)
		}
	})
}

// TestPhoneLoginOfStaffIsPublicOnly: a staff member's phone gives a
// public session; staff powers need password and second factor.
func TestPhoneLoginOfStaffIsPublicOnly(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	_, err := e.svc.CreateUser(ctx, root, auth.NewUser{Login: "chen", DisplayName: "陈", Phone: "13900001111",
		Password: password("chen"), Grants: []tiaojie.Grant{{Role: tiaojie.RoleAdmin}}})
	if err != nil {
		t.Fatal(err)
	}
	e.svc.RequestCode(ctx, "13900001111", client)
	res, err := e.svc.CodeLogin(ctx, "13900001111", e.sms.lastCode(t, "13900001111"), client)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := e.svc.Authenticate(ctx, res.Token)
	if p.Has(tiaojie.RoleAdmin) || p.Can(tiaojie.PermUsersManage) || !p.Has(tiaojie.RolePublic) {
		t.Errorf("phone session of an admin has grants %+v", p.Grants)
	}
}

func TestCreateUserValidation(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	e.user(t, "taken", tiaojie.Grant{Role: tiaojie.RoleExpert})
	before := e.count(t, "SELECT count(*) FROM users")
	cases := []struct {
		name string
		u    auth.NewUser
		want string
	}{
		{"short login", auth.NewUser{Login: "ab", DisplayName: "x", Password: "Mediat10n!!"}, "user.login_format"},
		{"taken login", auth.NewUser{Login: "TAKEN", DisplayName: "x", Password: "Mediat10n!!", Grants: []tiaojie.Grant{{Role: tiaojie.RoleExpert}}}, "user.login_taken"},
		{"no name", auth.NewUser{Login: "abc", Password: "Mediat10n!!"}, "user.name_length"},
		{"bad email", auth.NewUser{Login: "abc", DisplayName: "x", Email: "a@", Password: "Mediat10n!!"}, "user.email_format"},
		{"bad phone", auth.NewUser{Login: "abc", DisplayName: "x", Phone: "123", Password: "Mediat10n!!"}, "phone.format"},
		{"short password", auth.NewUser{Login: "abc", DisplayName: "x", Password: "Ab1!"}, "password.too_short"},
		{"two classes", auth.NewUser{Login: "abc", DisplayName: "x", Password: "abcdefgh12"}, "password.classes"},
		{"common", auth.NewUser{Login: "abc", DisplayName: "x", Password: "Woaini@1314"}, "password.common"},
		{"contains login", auth.NewUser{Login: "zhaoliu", DisplayName: "x", Password: "Zhaoliu#2026"}, "password.context"},
		{"township without code", auth.NewUser{Login: "abc", DisplayName: "x", Password: "Mediat10n!!", Grants: []tiaojie.Grant{{Role: tiaojie.RoleTownship}}}, "role.township_required"},
		{"unknown township", auth.NewUser{Login: "abc", DisplayName: "x", Password: "Mediat10n!!", Grants: []tiaojie.Grant{{Role: tiaojie.RoleTownship, Township: "999999999"}}}, "role.township_unknown"},
		{"admin and auditor", auth.NewUser{Login: "abc", DisplayName: "x", Password: "Mediat10n!!", Grants: []tiaojie.Grant{{Role: tiaojie.RoleAdmin}, {Role: tiaojie.RoleAuditor}}}, "role.separation"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.svc.CreateUser(ctx, root, tc.u)
			if got := code(err); got != tc.want {
				t.Errorf("got %q (%v), want %q", got, err, tc.want)
			}
		})
	}
	if after := e.count(t, "SELECT count(*) FROM users"); after != before {
		t.Errorf("refused creations left %d rows behind", after-before)
	}
	if n := e.count(t, "SELECT count(*) FROM user_roles"); n != 1 {
		t.Errorf("refused creations left role rows: %d, want 1", n)
	}
}

func TestUserScopes(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		chengqiao, baozhen := "310151101", "310151102"
		e.user(t, "cq-office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})
		bz := e.user(t, "bz-office", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: baozhen})
		e.user(t, "cq-second", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: chengqiao})
		e.user(t, "org1-admin", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: 1})
		e.user(t, "org1-med", tiaojie.Grant{Role: tiaojie.RoleMediator, OrgID: 1})
		e.user(t, "org2-med", tiaojie.Grant{Role: tiaojie.RoleMediator, OrgID: 2})

		cq := &tiaojie.Principal{UserID: 1, Grants: []tiaojie.Grant{{Role: tiaojie.RoleTownship, Township: chengqiao}}}
		users, total, err := e.svc.ListUsers(ctx, cq, auth.UserFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if total != 2 || len(users) != 2 {
			t.Errorf("township office sees %d users (total %d), want its 2", len(users), total)
		}
		if _, err := e.svc.GetUser(ctx, cq, bz); !tiaojie.IsKind(err, tiaojie.NotFound) {
			t.Errorf("another township's user: %v, want not found", err)
		}
		org := &tiaojie.Principal{UserID: 4, Grants: []tiaojie.Grant{{Role: tiaojie.RoleOrgAdmin, OrgID: 1}}}
		_, total, _ = e.svc.ListUsers(ctx, org, auth.UserFilter{})
		if total != 2 {
			t.Errorf("organization admin sees %d users, want 2", total)
		}
		med := &tiaojie.Principal{UserID: 5, Grants: []tiaojie.Grant{{Role: tiaojie.RoleMediator, OrgID: 1}}}
		if _, _, err := e.svc.ListUsers(ctx, med, auth.UserFilter{}); !tiaojie.IsKind(err, tiaojie.Forbidden) {
			t.Errorf("mediator listing users: %v, want forbidden", err)
		}
		if _, err := e.svc.CreateUser(ctx, cq, auth.NewUser{Login: "sneaky", DisplayName: "x", Password: "Mediat10n!!"}); !tiaojie.IsKind(err, tiaojie.Forbidden) {
			t.Errorf("township creating a user: %v, want forbidden", err)
		}
		if n := e.count(t, "SELECT count(*) FROM audit_log WHERE outcome = 'denied'"); n != 2 {
			t.Errorf("%d denied audit rows, want 2", n)
		}
		adm := &tiaojie.Principal{UserID: 99, Grants: []tiaojie.Grant{{Role: tiaojie.RoleAdmin}}}
		_, total, _ = e.svc.ListUsers(ctx, adm, auth.UserFilter{Query: "MED"})
		if total != 2 {
			t.Errorf("admin search 'MED' found %d, want 2", total)
		}
		_, total, _ = e.svc.ListUsers(ctx, adm, auth.UserFilter{Role: tiaojie.RoleTownship})
		if total != 3 {
			t.Errorf("admin filter by township role found %d, want 3", total)
		}
	})
}

func TestDisableAndGrantEndSessions(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	id := e.user(t, "zhou", tiaojie.Grant{Role: tiaojie.RolePublic})
	res, _ := e.svc.PasswordLogin(ctx, "zhou", password("zhou"), client)
	if err := e.svc.SetStatus(ctx, root, id, false); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Authenticate(ctx, res.Token); err == nil {
		t.Error("a disabled user's session still works")
	}
	if _, err := e.svc.PasswordLogin(ctx, "zhou", password("zhou"), client); code(err) != "auth.bad_credentials" {
		t.Errorf("disabled login: %v", err)
	}
	e.svc.SetStatus(ctx, root, id, true)
	res, _ = e.svc.PasswordLogin(ctx, "zhou", password("zhou"), client)
	if err := e.svc.SetGrants(ctx, root, id, []tiaojie.Grant{{Role: tiaojie.RoleExpert}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Authenticate(ctx, res.Token); err == nil {
		t.Error("a session survived a change of roles")
	}
	self := &tiaojie.Principal{UserID: id, Grants: []tiaojie.Grant{{Role: tiaojie.RoleAdmin}}}
	if err := e.svc.SetStatus(ctx, self, id, false); code(err) != "user.disable_self" {
		t.Errorf("disabling oneself: %v", err)
	}
}

func TestChangePassword(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	id := e.user(t, "sun", tiaojie.Grant{Role: tiaojie.RolePublic})
	p := &tiaojie.Principal{UserID: id, Name: "sun", Grants: []tiaojie.Grant{{Role: tiaojie.RolePublic}}}
	if _, err := e.svc.ChangePassword(ctx, p, "wrong", "Another#Pass9", client); code(err) != "password.current_wrong" {
		t.Errorf("wrong current password: %v", err)
	}
	current := password("sun")
	for i, next := range []string{"Another#Pass1", "Another#Pass2", "Another#Pass3"} {
		if _, err := e.svc.ChangePassword(ctx, p, current, next, client); err != nil {
			t.Fatalf("change %d: %v", i, err)
		}
		current = next
	}
	if _, err := e.svc.ChangePassword(ctx, p, current, password("sun"), client); code(err) != "password.reused" {
		t.Errorf("reusing a recent password: %v", err)
	}

	// An administrator's reset forces a change at next login.
	if err := e.svc.ResetPassword(ctx, root, id, "Temporary#Pw1"); err != nil {
		t.Fatal(err)
	}
	res, err := e.svc.PasswordLogin(ctx, "sun", "Temporary#Pw1", client)
	if err != nil || res.Pending != auth.PendingPassword {
		t.Fatalf("after reset: %+v, %v", res, err)
	}
	p, _ = e.svc.Authenticate(ctx, res.Token)
	if p.Can(tiaojie.PermSelf) {
		t.Error("a user who must change their password can do other things")
	}
	tok, err := e.svc.ChangePassword(ctx, p, "Temporary#Pw1", "Brand#New#Pw7", client)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ = e.svc.Authenticate(ctx, tok); p == nil || p.Pending != "" {
		t.Errorf("after changing: %+v", p)
	}
}

func TestPasswordMaxAge(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	e.user(t, "qian", tiaojie.Grant{Role: tiaojie.RoleExpert})
	e.clock.Advance(91 * 24 * time.Hour)
	res, err := e.svc.PasswordLogin(ctx, "qian", password("qian"), client)
	if err != nil {
		t.Fatal(err)
	}
	if res.Pending != auth.PendingEnrol {
		t.Errorf("pending %q: the second factor comes first", res.Pending)
	}
}

func TestAPITokens(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		id := e.user(t, "bureau1", tiaojie.Grant{Role: tiaojie.RoleBureau})
		p := &tiaojie.Principal{UserID: id, Name: "bureau1", Grants: []tiaojie.Grant{{Role: tiaojie.RoleBureau}}, MFA: true}
		if _, err := e.svc.CreateToken(ctx, p, "统计脚本", []tiaojie.Permission{tiaojie.PermUsersManage}, 0); code(err) != "token.scope_not_allowed" {
			t.Errorf("scope beyond own permissions: %v", err)
		}
		secret, err := e.svc.CreateToken(ctx, p, "统计脚本", []tiaojie.Permission{tiaojie.PermUsersRead}, 24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		tp, err := e.svc.AuthenticateToken(ctx, secret)
		if err != nil {
			t.Fatal(err)
		}
		if !tp.Can(tiaojie.PermUsersRead) || tp.UserID != id {
			t.Errorf("token principal cannot read users: %+v", tp)
		}
		if _, err := e.svc.CreateToken(ctx, tp, "child", []tiaojie.Permission{tiaojie.PermUsersRead}, 0); err == nil {
			t.Error("a token minted a token")
		}
		toks, _ := e.svc.Tokens(ctx, p)
		if len(toks) != 1 || !strings.HasPrefix(secret, toks[0].Prefix) || toks[0].LastUsedAt.IsZero() {
			t.Fatalf("tokens = %+v", toks)
		}
		e.clock.Advance(24*time.Hour + time.Second)
		if _, err := e.svc.AuthenticateToken(ctx, secret); !tiaojie.IsKind(err, tiaojie.Unauthorized) {
			t.Errorf("expired token: %v", err)
		}
		secret, _ = e.svc.CreateToken(ctx, p, "second", []tiaojie.Permission{tiaojie.PermUsersRead}, 0)
		toks, _ = e.svc.Tokens(ctx, p)
		if err := e.svc.RevokeToken(ctx, p, toks[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.AuthenticateToken(ctx, secret); !tiaojie.IsKind(err, tiaojie.Unauthorized) {
			t.Errorf("revoked token: %v", err)
		}
		other := &tiaojie.Principal{UserID: id + 100}
		if err := e.svc.RevokeToken(ctx, other, toks[1].ID); !tiaojie.IsKind(err, tiaojie.NotFound) {
			t.Errorf("revoking someone else's token: %v", err)
		}
		if n := e.count(t, "SELECT count(*) FROM api_tokens WHERE token_hash = $1", secret); n != 0 {
			t.Error("a token is stored in clear")
		}
	})
}

func TestHasher(t *testing.T) {
	for _, alg := range []string{auth.Argon2id, auth.PBKDF2SM3} {
		t.Run(alg, func(t *testing.T) {
			h, _ := auth.DefaultHasher(alg)
			h.Memory, h.Time, h.Iterations = 64, 1, 1000
			a, err := h.Hash("Passw0rd-中文")
			if err != nil {
				t.Fatal(err)
			}
			b, _ := h.Hash("Passw0rd-中文")
			if a == b {
				t.Error("two hashes of one password are equal: no salt")
			}
			if !strings.HasPrefix(a, "$"+alg+"$") {
				t.Errorf("hash %q does not name its algorithm", a)
			}
			for pw, want := range map[string]bool{"Passw0rd-中文": true, "Passw0rd-中文 ": false, "passw0rd-中文": false} {
				ok, rehash, err := h.Verify(pw, a)
				if err != nil || ok != want || rehash {
					t.Errorf("Verify(%q) = %v, %v, %v; want %v", pw, ok, rehash, err, want)
				}
			}
			stronger := h
			stronger.Time, stronger.Iterations = 2, 2000
			if _, rehash, _ := stronger.Verify("Passw0rd-中文", a); !rehash {
				t.Error("a hash with old parameters is not marked for rehash")
			}
		})
	}
	if _, err := auth.DefaultHasher("md5"); err == nil {
		t.Error("an unknown algorithm was accepted")
	}
}

// TestCodePurposes: a code serves only the purpose it was sent for, and a
// code for one purpose does not void a live code for another.
func TestCodePurposes(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		const phone = "13812345678"
		if err := e.svc.RequestCode(ctx, phone, client); err != nil {
			t.Fatal(err)
		}
		login := e.sms.lastCode(t, phone)
		e.clock.Advance(2 * time.Minute)
		if err := e.svc.SendCode(ctx, phone, "agreement:7:3", func(c string) string { return "签署验证码 " + c }, client); err != nil {
			t.Fatal(err)
		}
		sign := e.sms.lastCode(t, phone)
		if ok, err := e.svc.UseCode(ctx, phone, "agreement:7:4", sign); ok || err != nil {
			t.Errorf("a code for party 3 signed for party 4: %v %v", ok, err)
		}
		if ok, _ := e.svc.UseCode(ctx, phone, "agreement:7:3", login); ok {
			t.Error("a login code signed an agreement")
		}
		if ok, err := e.svc.UseCode(ctx, phone, "agreement:7:3", sign); !ok || err != nil {
			t.Errorf("the signing code was refused: %v", err)
		}
		if ok, _ := e.svc.UseCode(ctx, phone, "agreement:7:3", sign); ok {
			t.Error("a signing code worked twice")
		}
		if _, err := e.svc.CodeLogin(ctx, phone, sign, client); err == nil {
			t.Error("a signing code logged in")
		}
	})
}
