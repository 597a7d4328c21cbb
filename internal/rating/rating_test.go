package rating_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/experts"
	"tiaojie/internal/files"
	"tiaojie/internal/i18n"
	"tiaojie/internal/keys"
	"tiaojie/internal/rating"
)

// start is a Monday morning, Beijing time.
var start = time.Date(2026, 11, 30, 1, 0, 0, 0, time.UTC)

type env struct {
	svc                   *rating.Service
	experts               *experts.Service
	db                    *db.DB
	clock                 *clock.Fake
	bureau, township      *tiaojie.Principal
	admin, otherAdmin     *tiaojie.Principal
	zhang, li, wang       *tiaojie.Principal // experts; wang is tied to org
	zhangID, liID, wangID int64
	org, other            int64
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	m, _, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	c := clock.NewFake(start)
	log := audit.New(m, c)
	e := &env{db: d, clock: c,
		svc:     rating.New(rating.Deps{DB: d, Audit: log, Clock: c, Files: files.New(files.Local{Dir: t.TempDir()}, c)}),
		experts: experts.New(experts.Deps{DB: d, Audit: log, Clock: c})}
	user := func(login string) int64 {
		var id int64
		if err := d.Writer().QueryRow(`INSERT INTO users (login, display_name, created_at, updated_at) VALUES ($1, $1, $2, $2) RETURNING id`,
			login, start).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	org := func(name string) int64 {
		var id int64
		if err := d.Writer().QueryRow(`
			INSERT INTO orgs (name, short_name, type, legal_form, level, township, status, created_at, updated_at)
			VALUES ($1, $1, 'basic', 'peoples_committee', 'township', '310151101', 'active', $2, $2) RETURNING id`,
			name, start).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	e.org, e.other = org("城桥镇人民调解委员会"), org("堡镇人民调解委员会")
	staff := func(login string, g tiaojie.Grant) *tiaojie.Principal {
		return &tiaojie.Principal{UserID: user(login), Name: login, MFA: true, Grants: []tiaojie.Grant{g}}
	}
	e.bureau = staff("bureau", tiaojie.Grant{Role: tiaojie.RoleBureau})
	e.township = staff("cq", tiaojie.Grant{Role: tiaojie.RoleTownship, Township: "310151101"})
	e.admin = staff("admin", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: e.org})
	e.otherAdmin = staff("other", tiaojie.Grant{Role: tiaojie.RoleOrgAdmin, OrgID: e.other})
	ctx := context.Background()
	expert := func(login, name string) (*tiaojie.Principal, int64) {
		p := staff(login, tiaojie.Grant{Role: tiaojie.RoleExpert})
		id, err := e.experts.Create(ctx, e.bureau, experts.Input{Name: name, UserID: p.UserID})
		if err != nil {
			t.Fatal(err)
		}
		return p, id
	}
	e.zhang, e.zhangID = expert("zhang", "张教授")
	e.li, e.liID = expert("li", "李律师")
	e.wang, e.wangID = expert("wang", "王主任")
	if err := e.experts.DeclareTie(ctx, e.bureau, e.wangID, experts.Tie{OrgID: e.org, Kind: experts.TieAdviser}); err != nil {
		t.Fatal(err)
	}
	return e
}

func code(err error) string {
	var e *tiaojie.Error
	if errors.As(err, &e) {
		if len(e.Fields) > 0 {
			return e.Fields[0].Code
		}
		return e.Code
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func want(t *testing.T, what string, err error, c string) {
	t.Helper()
	if got := code(err); got != c {
		t.Errorf("%s: %q (%v), want %q", what, got, err, c)
	}
}

// indicators is a small set: 40 + 60 points.
var indicators = []tiaojie.RatingIndicator{
	{Category: "组织建设", Name: "机构设置规范", MaxScore: 40, Evidence: "设立文件", Rules: "缺一项扣 5 分"},
	{Category: "工作成效", Name: "调解成功率", MaxScore: 60, Source: tiaojie.SourceSuccessRate},
}

// publishedSet creates and publishes a set and returns it.
func (e *env) publishedSet(t *testing.T) *rating.Set {
	t.Helper()
	ctx := context.Background()
	id, err := e.svc.CreateSet(ctx, e.bureau, "崇明区人民调解组织星级评估指标", 0)
	must(t, err)
	must(t, e.svc.SaveSet(ctx, e.bureau, id, "崇明区人民调解组织星级评估指标", indicators))
	must(t, e.svc.PublishSet(ctx, e.bureau, id))
	st, err := e.svc.Set(ctx, e.bureau, id)
	must(t, err)
	return st
}

func TestSets(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		_, err := e.svc.CreateSet(ctx, e.township, "x", 0)
		want(t, "a township office creates a set", err, "error.forbidden")
		id, err := e.svc.CreateSet(ctx, e.bureau, "指标 2026", 0)
		must(t, err)
		must(t, e.svc.SaveSet(ctx, e.bureau, id, "指标 2026", indicators[:1]))
		want(t, "publish at 40 points", e.svc.PublishSet(ctx, e.bureau, id), "rating.total_not_100")
		_, err = e.svc.Set(ctx, e.admin, id)
		want(t, "an organization reads a draft", err, "error.not_found")
		must(t, e.svc.SaveSet(ctx, e.bureau, id, "指标 2026", indicators))
		must(t, e.svc.PublishSet(ctx, e.bureau, id))
		want(t, "edit a published set", e.svc.SaveSet(ctx, e.bureau, id, "x", indicators), "rating.set_published")
		next, err := e.svc.CreateSet(ctx, e.bureau, "指标 2027", id)
		must(t, err)
		must(t, e.svc.PublishSet(ctx, e.bureau, next))
		st, err := e.svc.Set(ctx, e.admin, next)
		must(t, err)
		if st.Version != 2 || len(st.Indicators) != 2 || st.MaxTotal() != 100 {
			t.Errorf("second version: %+v", st)
		}
	})
}

// TestRound runs one full round with the bad inputs of the issue: an
// expert tied to the organization, a score above the indicator's
// maximum, results made final before the objection period ends.
func TestRound(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		st := e.publishedSet(t)
		in := rating.RoundInput{Title: "2026年度星级评估", SetID: st.ID, PeriodFrom: "2026-01-01", PeriodTo: "2026-11-30", ApplyUntil: "2026-12-10"}
		_, err := e.svc.OpenRound(ctx, e.admin, in)
		want(t, "an organization opens a round", err, "error.forbidden")
		bad := in
		bad.ApplyUntil = "2026-01-01"
		_, err = e.svc.OpenRound(ctx, e.bureau, bad)
		want(t, "apply until a past day", err, "rating.apply_until_past")
		roundID, err := e.svc.OpenRound(ctx, e.bureau, in)
		must(t, err)

		_, err = e.svc.Apply(ctx, e.otherAdmin, roundID, e.org, "")
		want(t, "another organization's admin applies", err, "error.forbidden")
		app, err := e.svc.Apply(ctx, e.admin, roundID, e.org, "我会规范运行")
		must(t, err)
		_, err = e.svc.Apply(ctx, e.admin, roundID, e.org, "")
		want(t, "apply twice", err, "rating.already_applied")
		ind1, ind2 := st.Indicators[0].ID, st.Indicators[1].ID
		err = e.svc.SelfAssess(ctx, e.admin, app, "我会规范运行", map[int64]rating.Mark{ind1: {Score10: 410}})
		want(t, "self-assess above the maximum", err, "rating.score_above_max")
		must(t, e.svc.SelfAssess(ctx, e.admin, app, "我会规范运行", map[int64]rating.Mark{ind1: {Score10: 380, Text: "机构健全"}, ind2: {Score10: 550}}))
		want(t, "another admin self-assesses", e.svc.SelfAssess(ctx, e.otherAdmin, app, "", nil), "error.not_found")
		pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
		_, err = e.svc.AddEvidence(ctx, e.admin, app, ind1, "设立文件", files.Upload{Filename: "设立.pdf", Body: bytes.NewReader(pdf)})
		must(t, err)

		want(t, "assign a tied expert", e.svc.Assign(ctx, e.bureau, app, e.wangID), "expert.tied")
		want(t, "a township office assigns", e.svc.Assign(ctx, e.township, app, e.zhangID), "error.forbidden")
		must(t, e.svc.Assign(ctx, e.bureau, app, e.zhangID))
		must(t, e.svc.Assign(ctx, e.bureau, app, e.liID))
		want(t, "assign twice", e.svc.Assign(ctx, e.bureau, app, e.liID), "rating.already_assigned")
		want(t, "an organization unassigns", e.svc.Unassign(ctx, e.admin, app, e.liID), "error.forbidden")
		must(t, e.svc.Unassign(ctx, e.bureau, app, e.liID))
		want(t, "unassign one not assigned", e.svc.Unassign(ctx, e.bureau, app, e.liID), "rating.unassign_submitted")
		must(t, e.svc.Assign(ctx, e.bureau, app, e.liID))
		want(t, "score while applications are open", e.svc.Score(ctx, e.zhang, app, nil, false), "rating.not_scoring")
		want(t, "publish while open", e.svc.Step(ctx, e.bureau, roundID, tiaojie.RoundPublish), "rating.round_state")
		must(t, e.svc.Step(ctx, e.bureau, roundID, tiaojie.RoundClose))
		_, err = e.svc.Apply(ctx, e.otherAdmin, roundID, e.other, "")
		want(t, "apply after closing", err, "rating.applications_closed")

		want(t, "an unassigned expert scores", e.svc.Score(ctx, e.wang, app, map[int64]rating.Mark{ind1: {Score10: 10}}, false), "error.not_found")
		want(t, "a score above the maximum", e.svc.Score(ctx, e.zhang, app, map[int64]rating.Mark{ind1: {Score10: 401}}, false), "rating.score_above_max")
		want(t, "hand in an incomplete sheet", e.svc.Score(ctx, e.zhang, app, map[int64]rating.Mark{ind1: {Score10: 360}}, true), "rating.incomplete")
		must(t, e.svc.Score(ctx, e.zhang, app, map[int64]rating.Mark{ind1: {Score10: 360}, ind2: {Score10: 500, Text: "成效明显"}}, true))
		want(t, "unassign after handing in", e.svc.Unassign(ctx, e.bureau, app, e.zhangID), "rating.unassign_submitted")
		want(t, "change handed-in scores", e.svc.Score(ctx, e.zhang, app, map[int64]rating.Mark{ind1: {Score10: 400}}, false), "rating.submitted")
		want(t, "publish with a sheet missing", e.svc.Step(ctx, e.bureau, roundID, tiaojie.RoundPublish), "rating.unscored")

		// Li becomes tied to the organization after the assignment.
		must(t, e.experts.DeclareTie(ctx, e.li, e.liID, experts.Tie{OrgID: e.org, Kind: experts.TieRelative}))
		want(t, "a tied expert scores", e.svc.Score(ctx, e.li, app, map[int64]rating.Mark{ind1: {Score10: 300}}, false), "expert.tied")
		must(t, e.experts.RemoveTie(ctx, e.bureau, e.liID, e.org))
		must(t, e.svc.Score(ctx, e.li, app, map[int64]rating.Mark{ind1: {Score10: 375}, ind2: {Score10: 525}}, true))

		// The organization sees neither who scored nor how, the expert their own sheet.
		a, err := e.svc.Application(ctx, e.admin, app)
		must(t, err)
		if len(a.Assignments) != 0 || a.Figures != nil || a.Published {
			t.Errorf("the organization sees %d sheets, figures %v, published %v", len(a.Assignments), a.Figures, a.Published)
		}
		a, err = e.svc.Application(ctx, e.zhang, app)
		must(t, err)
		if len(a.Assignments) != 1 || a.Assignments[0].ExpertID != e.zhangID || a.Figures == nil || len(a.Evidence) != 1 {
			t.Errorf("the expert sees %+v", a.Assignments)
		}
		_, err = e.svc.Application(ctx, e.wang, app)
		want(t, "an unassigned expert reads", err, "error.not_found")
		_, err = e.svc.Application(ctx, e.otherAdmin, app)
		want(t, "another organization reads", err, "error.not_found")

		must(t, e.svc.Step(ctx, e.bureau, roundID, tiaojie.RoundPublish))
		a, err = e.svc.Application(ctx, e.admin, app)
		must(t, err)
		// (36+37.5)/2 + (50+52.5)/2 = 36.75 + 51.25 = 88.0
		if a.Total != 88 || a.Stars != 4 {
			t.Errorf("published total %v stars %d, want 88 and 4", a.Total, a.Stars)
		}
		_, err = e.svc.Object(ctx, e.otherAdmin, app, "不服")
		want(t, "another organization objects", err, "error.not_found")
		obj, err := e.svc.Object(ctx, e.admin, app, "调解成功率应按全年计算")
		must(t, err)
		want(t, "finalize during the objection period", e.svc.Step(ctx, e.bureau, roundID, tiaojie.RoundFinalize), "rating.objection_period")
		e.clock.Advance(8 * 24 * time.Hour) // past five working days
		_, err = e.svc.Object(ctx, e.admin, app, "再议")
		want(t, "object after the period", err, "rating.objections_closed")
		want(t, "finalize with an objection open", e.svc.Step(ctx, e.bureau, roundID, tiaojie.RoundFinalize), "rating.objections_open")
		want(t, "answer without text", e.svc.Answer(ctx, e.bureau, obj, " ", -1), "rating.answer_invalid")
		must(t, e.svc.Answer(ctx, e.bureau, obj, "经复核，调解成功率得分调整", 905))
		want(t, "answer twice", e.svc.Answer(ctx, e.bureau, obj, "x", -1), "rating.already_answered")
		must(t, e.svc.Step(ctx, e.bureau, roundID, tiaojie.RoundFinalize))

		var stars int
		var until time.Time
		must(t, d.Reader().QueryRow(`SELECT stars, stars_until FROM orgs WHERE id = $1`, e.org).Scan(&stars, &until))
		wantUntil := tiaojie.RatingValidUntil(e.clock.Now(), tiaojie.DefaultPolicy().RatingValidityMonths)
		if stars != 5 || !until.Equal(wantUntil) {
			t.Errorf("org stars %d until %v, want 5 until %v", stars, until, wantUntil)
		}
		hist, err := e.svc.StarHistory(ctx, e.org)
		must(t, err)
		if len(hist) != 1 || hist[0].Stars != 5 || hist[0].Source != "rating" {
			t.Errorf("history %+v", hist)
		}
		// A sanction downgrade (internal/supervision's record) joins the history, newest first.
		if _, err := d.Writer().Exec(`INSERT INTO org_sanctions (org_id, kind, decided_on, reason, levels, stars_before, stars_after, recorder, role, created_at)
			VALUES ($1, 'downgrade', '2026-12-15', '违规收费', 2, 5, 3, 'bureau', 'district_bureau', $2)`, e.org, e.clock.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		hist, err = e.svc.StarHistory(ctx, e.org)
		must(t, err)
		if len(hist) != 2 || hist[0].Source != "sanction" || hist[0].Stars != 3 || hist[1].Source != "rating" {
			t.Errorf("history with a downgrade %+v", hist)
		}
		_, res, err := e.svc.Results(ctx, roundID)
		must(t, err)
		if len(res) != 1 || res[0].FinalTotal != 90.5 || res[0].FinalStars != 5 {
			t.Errorf("results %+v", res)
		}
		cat, err := i18n.Load()
		must(t, err)
		for lang, want := range map[i18n.Lang]string{i18n.Zh: "星级评估结果 评估轮次", i18n.En: "Star rating results Round"} {
			sheet, err := e.svc.Export(ctx, e.bureau, roundID, cat.In(lang))
			must(t, err)
			if len(sheet.Rows) != 1 || sheet.Name+" "+sheet.Headers[0] != want {
				t.Errorf("%s export %q %q, %d rows; want %q", lang, sheet.Name, sheet.Headers, len(sheet.Rows), want)
			}
		}
		_, err = e.svc.Export(ctx, e.admin, roundID, cat.In(i18n.Zh))
		want(t, "an organization exports", err, "error.forbidden")
		tasks, err := e.svc.MyAssignments(ctx, e.zhang)
		must(t, err)
		if len(tasks) != 1 || tasks[0].AppID != app {
			t.Errorf("tasks %+v", tasks)
		}
	})
}

// TestPublicBeforePublication: results are not public before publication.
func TestPublicBeforePublication(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		st := e.publishedSet(t)
		id, err := e.svc.OpenRound(ctx, e.bureau, rating.RoundInput{Title: "2026年度", SetID: st.ID, PeriodFrom: "2026-01-01",
			PeriodTo: "2026-11-30", ApplyUntil: "2026-12-10"})
		must(t, err)
		_, _, err = e.svc.Results(ctx, id)
		want(t, "results of an open round", err, "error.not_found")
		_, err = e.svc.Round(ctx, &tiaojie.Principal{}, id)
		want(t, "the public reads an open round", err, "error.not_found")
		pub, err := e.svc.PublicRounds(ctx)
		must(t, err)
		if len(pub) != 0 {
			t.Errorf("public rounds %d", len(pub))
		}
	})
}
