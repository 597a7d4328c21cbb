package demo

import (
	"context"
	"fmt"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/registry"
	"tiaojie/internal/roster"
	"tiaojie/internal/settings"
	"tiaojie/internal/training"
)

// Unified training and mentoring demo (SPEC C11): the bureau's yearly
// course held a month ago, with attendance marked and certificates issued;
// a township office's course with a session next week, enrolments open,
// and a second one a week later cancelled with its reason; an online
// session already full; two mentoring pairs in the demo
// committee, one active with notes and one completed. The bureau's
// requirement is set to 8 hours (when none is set), so the mediators the
// roster demo left untrained are flagged short on the hours page and
// cannot be assigned cases until trained.
// The past steps run on a training service whose clock is set back to
// when they would have happened.

// TrainingDeps are what LoadTraining works with.
type TrainingDeps struct {
	DB        *db.DB
	Audit     *audit.Log
	Roster    *roster.Service
	Registry  *registry.Service
	Settings  *settings.Service
	Clock     clock.Clock
	Committee int64 // the demo committee (Summary.Committee)
	Mediator  int64 // its mediator with a login (Summary.CommitteeMediator): enrolled and certified
}

// demoRequiredHours is the requirement the demo sets.
const demoRequiredHours = 8

// LoadTraining builds the training demo and returns how many mediators
// are short of the required hours.
func LoadTraining(ctx context.Context, d TrainingDeps) (int, error) {
	sys := tiaojie.System()
	ms, err := demoTrainees(ctx, d)
	if err != nil {
		return 0, err
	}
	if len(ms) < 8 {
		return 0, fmt.Errorf("demo: training: %d active mediators, need 8", len(ms))
	}
	committee, err := d.Registry.Get(ctx, sys, d.Committee)
	if err != nil {
		return 0, err
	}
	now := d.Clock.Now()
	past := clock.NewFake(now.AddDate(0, 0, -40))
	old := training.New(training.Deps{DB: d.DB, Audit: d.Audit, Clock: past, Roster: d.Roster})
	svc := training.New(training.Deps{DB: d.DB, Audit: d.Audit, Clock: d.Clock, Roster: d.Roster})

	// A month ago: the bureau's yearly course, six enrolled, five attended.
	held := now.AddDate(0, 0, -30).In(tiaojie.Beijing())
	held = time.Date(held.Year(), held.Month(), held.Day(), 9, 0, 0, 0, tiaojie.Beijing())
	yearly, err := old.CreateCourse(ctx, sys, training.CourseInput{Title: fmt.Sprintf("%d年全区人民调解员统一职业培训（春季班）", held.Year()),
		Topic: "人民调解法与民法典", Hours: 8, Description: "人民调解法、民法典婚姻家庭编与侵权责任编要点，调解协议书制作规范，典型案例研讨。"})
	if err != nil {
		return 0, err
	}
	s1, err := old.AddSession(ctx, sys, yearly, training.SessionInput{Place: "区司法局四楼多功能厅", Plan: tiaojie.SessionPlan{
		Start: held, End: held.Add(8 * time.Hour), Deadline: held.AddDate(0, 0, -2), Capacity: 60}})
	if err != nil {
		return 0, err
	}
	var enrolled []int64
	for _, m := range ms[:6] {
		id, err := old.Enrol(ctx, sys, s1, m)
		if err != nil {
			return 0, err
		}
		enrolled = append(enrolled, id)
	}
	past.Set(held.Add(9 * time.Hour))
	for i, e := range enrolled {
		mark := tiaojie.EnrolAttended
		if i == len(enrolled)-1 {
			mark = tiaojie.EnrolAbsent
		}
		if err := old.Mark(ctx, sys, e, mark); err != nil {
			return 0, err
		}
	}

	// Next week: the township office's course, enrolment open; an online
	// session of three places, full.
	next := now.AddDate(0, 0, 7).In(tiaojie.Beijing())
	next = time.Date(next.Year(), next.Month(), next.Day(), 14, 0, 0, 0, tiaojie.Beijing())
	local, err := svc.CreateCourse(ctx, sys, training.CourseInput{Title: "婚姻家庭纠纷调解实务", Topic: "婚姻家庭纠纷调解",
		Hours: 4, Township: committee.Township, Description: "家事纠纷的特点、情绪疏导与沟通技巧、赡养抚养类纠纷的调解要点。"})
	if err != nil {
		return 0, err
	}
	s2, err := svc.AddSession(ctx, sys, local, training.SessionInput{Place: "司法所二楼会议室", Plan: tiaojie.SessionPlan{
		Start: next, End: next.Add(4 * time.Hour), Deadline: next.AddDate(0, 0, -1), Capacity: 30}})
	if err != nil {
		return 0, err
	}
	for _, m := range ms[2:5] {
		if _, err := svc.Enrol(ctx, sys, s2, m); err != nil {
			return 0, err
		}
	}
	if err := demoCancelled(ctx, svc, local, next.AddDate(0, 0, 7), ms[3:5]); err != nil {
		return 0, err
	}
	online, err := svc.CreateCourse(ctx, sys, training.CourseInput{Title: "调解协议书制作规范（线上）", Topic: "调解文书", Hours: 2})
	if err != nil {
		return 0, err
	}
	soon := next.AddDate(0, 0, 3)
	s3, err := svc.AddSession(ctx, sys, online, training.SessionInput{Link: "https://meeting.example.cn/tiaojie-2026", Plan: tiaojie.SessionPlan{
		Start: soon, End: soon.Add(2 * time.Hour), Deadline: soon.Add(-time.Hour), Capacity: 3}})
	if err != nil {
		return 0, err
	}
	for _, m := range ms[5:8] {
		if _, err := svc.Enrol(ctx, sys, s3, m); err != nil {
			return 0, err
		}
	}

	if err := demoMentoring(ctx, old, past, svc, ms, now); err != nil {
		return 0, err
	}
	pol, err := d.Settings.Policy(ctx)
	if err != nil {
		return 0, err
	}
	if !pol.TrainingEnforced() {
		if err := d.Settings.SetPolicy(ctx, sys, pol.WithTraining(demoRequiredHours)); err != nil {
			return 0, err
		}
	}
	h, err := svc.Hours(ctx, sys)
	if err != nil {
		return 0, err
	}
	if h.Short == 0 {
		return 0, fmt.Errorf("demo: training: no mediator is short of %d hours", h.Required)
	}
	return h.Short, nil
}

// demoCancelled adds a second session of the township's course at start,
// enrols mediators and cancels it, so the demo shows a cancelled session
// with its reason.
func demoCancelled(ctx context.Context, svc *training.Service, course int64, start time.Time, ms []int64) error {
	sys := tiaojie.System()
	id, err := svc.AddSession(ctx, sys, course, training.SessionInput{Place: "司法所二楼会议室", Plan: tiaojie.SessionPlan{
		Start: start, End: start.Add(4 * time.Hour), Deadline: start.AddDate(0, 0, -1), Capacity: 30}})
	if err != nil {
		return err
	}
	for _, m := range ms {
		if _, err := svc.Enrol(ctx, sys, id, m); err != nil {
			return err
		}
	}
	return svc.CancelSession(ctx, sys, id, "会议室临时检修，本场次取消；下月另行安排，届时请重新报名。")
}

// demoMentoring pairs mediators of the committee: one pair active for
// three months with two notes, one completed with a closing note.
func demoMentoring(ctx context.Context, old *training.Service, past *clock.Fake, svc *training.Service, ms []int64, now time.Time) error {
	sys := tiaojie.System()
	day := func(t time.Time) time.Time {
		b := t.In(tiaojie.Beijing())
		return time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, tiaojie.Beijing())
	}
	past.Set(now.AddDate(0, -7, 0))
	done, err := old.Pair(ctx, sys, training.MentorInput{Goals: "熟悉调解受理、登记和回访流程，能独立制作调解协议书。",
		Pair: tiaojie.MentorPair{Mentor: ms[0], Apprentice: ms[6], From: day(past.Now()), To: day(past.Now().AddDate(0, 6, 0))}})
	if err != nil {
		return err
	}
	past.Set(now.AddDate(0, -5, 0))
	if err := old.Note(ctx, sys, done, "跟班参加邻里纠纷调解三次，已掌握受理登记要求。"); err != nil {
		return err
	}
	past.Set(now.AddDate(0, -1, 0))
	if err := old.Complete(ctx, sys, done, "已能独立主持一般邻里、家庭纠纷调解，协议书制作规范，同意结业。"); err != nil {
		return err
	}
	active, err := svc.Pair(ctx, sys, training.MentorInput{Goals: "三个月内独立主持婚姻家庭纠纷调解，掌握情绪疏导方法。",
		Pair: tiaojie.MentorPair{Mentor: ms[1], Apprentice: ms[7], From: day(now.AddDate(0, 0, -20)), To: day(now.AddDate(0, 3, 0))}})
	if err != nil {
		return err
	}
	for _, n := range []string{"第一次带教：旁听一起赡养纠纷调解，课后讲解背靠背调解的时机。", "第二次带教：由徒弟主持开场与事实梳理，师傅补充法律释明。"} {
		if err := svc.Note(ctx, sys, active, n); err != nil {
			return err
		}
	}
	return nil
}

// demoTrainees lists the active mediators of the demo, the committee's
// mediator with a login first, then those with training on record (so the
// untrained stay untrained and are flagged short).
func demoTrainees(ctx context.Context, d TrainingDeps) ([]int64, error) {
	return db.IDs(ctx, d.DB.Reader(), `
		SELECT m.id FROM mediators m
		WHERE m.status = 'active' AND EXISTS (SELECT 1 FROM mediator_orgs mo WHERE mo.mediator_id = m.id AND mo.left_at IS NULL)
		ORDER BY CASE WHEN m.id = $1 THEN 0 WHEN EXISTS (SELECT 1 FROM mediator_orgs mo WHERE mo.mediator_id = m.id AND mo.org_id = $2) THEN 1 ELSE 2 END,
			(SELECT COUNT(*) FROM mediator_training t WHERE t.mediator_id = m.id) DESC, m.id
		LIMIT 8`, d.Mediator, d.Committee)
}
