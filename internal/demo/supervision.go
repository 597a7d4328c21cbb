package demo

import (
	"context"
	"fmt"
	"time"

	"tiaojie"
	"tiaojie/internal/supervision"
)

// SupervisionDeps are what LoadSupervision works with: the service, the
// demo accounts that act (the bureau, the seat township's justice office,
// the seat committee's admin) and the committee.
type SupervisionDeps struct {
	Supervision *supervision.Service
	Bureau      *tiaojie.Principal
	Township    *tiaojie.Principal
	OrgAdmin    *tiaojie.Principal
	Committee   int64
	BureauName  string // the bureau's name, as the granting body
	Clock       interface{ Now() time.Time }
}

// LoadSupervision shows supervision at work (SPEC C8), as the demo
// accounts would do it: the township office's unannounced inspection of
// the seat committee, ordered to rectify, answered by its admin, verified
// and closed (the committee back to 正常); the bureau's planned inspection
// of another organization whose order is open and overdue (the sweep
// flags it); last year's evaluations of every serving organization but
// two, flagged missing; a warning, a star downgrade and a reward. It
// returns how many records it made.
func LoadSupervision(ctx context.Context, d SupervisionDeps) (int, error) {
	s, n := d.Supervision, 0
	today := d.Clock.Now().In(tiaojie.Beijing())
	day := func(back int) string { return today.AddDate(0, 0, -back).Format(time.DateOnly) }
	checklist := func(finding, note string) []supervision.Finding {
		var out []supervision.Finding
		for _, it := range tiaojie.DefaultChecklist() {
			f := supervision.Finding{Item: it, Result: tiaojie.FindingConforms}
			if it == finding {
				f.Result, f.Note = tiaojie.FindingSerious, note
			}
			out = append(out, f)
		}
		return out
	}
	// Closed after rectification.
	id, err := s.Open(ctx, d.Township, supervision.InspectionInput{OrgID: d.Committee, Kind: tiaojie.InspectionUnannounced,
		InspectedOn: day(21), Summary: "突击检查调委会规范化建设情况。", Findings: checklist("案件登记台账", "下半年部分案件未登记，台账与卷宗不一致。")})
	if err != nil {
		return n, fmt.Errorf("inspection: %w", err)
	}
	steps := []struct {
		p *tiaojie.Principal
		a supervision.Action
	}{
		{d.Township, supervision.Action{Action: tiaojie.InspOrder, Text: "补登全部案件，核对台账与卷宗，十个工作日内报送整改情况。"}},
		{d.OrgAdmin, supervision.Action{Action: tiaojie.InspRespond, Text: "已补登 12 件案件，台账与卷宗逐一核对一致，附台账扫描件。"}},
		{d.Township, supervision.Action{Action: tiaojie.InspVerify, Text: "现场复核，整改到位。"}},
		{d.Township, supervision.Action{Action: tiaojie.InspClose, Text: "整改完成，结案。"}},
	}
	for _, st := range steps {
		if err := s.Act(ctx, st.p, id, st.a); err != nil {
			return n, fmt.Errorf("inspection %s: %w", st.a.Action, err)
		}
	}
	n++
	orgs, err := s.Supervised(ctx, d.Bureau)
	if err != nil {
		return n, err
	}
	var other, rated *supervision.Org
	for i := range orgs {
		o := &orgs[i]
		switch {
		case o.ID == d.Committee:
		case rated == nil && o.Stars > 1:
			rated = o
		case other == nil && o.Status == tiaojie.StatusActive:
			other = o
		}
	}
	if other == nil || rated == nil {
		return n, fmt.Errorf("no organizations to supervise")
	}
	// Open and overdue.
	id, err = s.Open(ctx, d.Bureau, supervision.InspectionInput{OrgID: other.ID, Kind: tiaojie.InspectionPlanned, InspectedOn: day(45),
		Summary: "年度计划检查。", Findings: checklist("回访记录", "调解成功案件均无回访记录。")})
	if err != nil {
		return n, fmt.Errorf("overdue inspection: %w", err)
	}
	if err := s.Act(ctx, d.Bureau, id, supervision.Action{Action: tiaojie.InspOrder, Text: "建立回访制度，补做近三个月案件回访。"}); err != nil {
		return n, err
	}
	if err := s.SetDeadlineForDemo(ctx, tiaojie.System(), id, day(5)); err != nil {
		return n, err
	}
	if _, err := s.Sweep(ctx); err != nil {
		return n, err
	}
	n++
	// Last year's evaluations, two missing.
	grades := []struct {
		score int
		grade tiaojie.EvaluationGrade
	}{{95, tiaojie.GradeExcellent}, {86, tiaojie.GradePass}, {78, tiaojie.GradePass}, {65, tiaojie.GradeBasic}, {91, tiaojie.GradeExcellent}, {55, tiaojie.GradeFail}}
	for i, o := range orgs {
		if i%9 == 4 && i < 20 {
			continue // not yet evaluated
		}
		g := grades[i%len(grades)]
		err := s.Evaluate(ctx, d.Bureau, supervision.EvaluationInput{OrgID: o.ID, Year: today.Year() - 1, Score: g.score, Grade: g.grade,
			Remarks: map[bool]string{true: "制度健全，台账规范。", false: "台账不够规范，需加强回访。"}[g.score >= 80]})
		if err != nil {
			return n, fmt.Errorf("evaluation %s: %w", o.Name, err)
		}
		n++
	}
	// A warning, a downgrade and a reward.
	for _, m := range []struct {
		p  *tiaojie.Principal
		in supervision.SanctionInput
	}{
		{d.Bureau, supervision.SanctionInput{OrgID: other.ID, Kind: tiaojie.SanctionWarning, DecidedOn: day(30), GrantedBy: d.BureauName,
			Reason: "未按规定公开收费标准和调解员名册。", Document: "经查，该组织未按规定在服务场所和平台公开收费标准与调解员名册，现予以警告，责令十日内改正。"}},
		{d.Bureau, supervision.SanctionInput{OrgID: rated.ID, Kind: tiaojie.SanctionDowngrade, Levels: 1, DecidedOn: day(12), GrantedBy: d.BureauName,
			Reason: "年度考评基本合格，且被投诉查实一次。", Document: "根据星级评定管理办法，决定将该组织星级降低一级，有效期不变。"}},
		{d.Bureau, supervision.SanctionInput{OrgID: d.Committee, Kind: tiaojie.Reward, Title: fmt.Sprintf("%d年度先进人民调解委员会", today.Year()-1),
			GrantedBy: d.BureauName, DecidedOn: day(60), Document: "表彰决定：授予该调委会年度先进人民调解委员会称号。"}},
	} {
		if _, err := s.Impose(ctx, m.p, m.in, nil); err != nil {
			return n, fmt.Errorf("%s: %w", m.in.Kind, err)
		}
		n++
	}
	return n, nil
}
