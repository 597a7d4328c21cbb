package supervision

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
	"tiaojie/internal/files"
)

// Finding is one checklist item of an inspection and what was found.
type Finding struct {
	Item   string
	Result tiaojie.FindingResult
	Note   string
}

// Evidence is a file attached to an inspection: the inspector's photo of
// a finding, or the organization's evidence of its rectification.
type Evidence struct {
	Key      string
	Filename string
	Kind     string // "finding" or "response"
	At       time.Time
}

// Step is one step of an inspection's history.
type Step struct {
	Action   string // a tiaojie.InspectionAction, or "open"
	From, To tiaojie.InspectionStatus
	Text     string
	Actor    string
	At       time.Time
}

// Inspection is an inspection of an organization and its rectification.
type Inspection struct {
	ID          int64
	OrgID       int64
	OrgName     string
	Township    string
	Kind        tiaojie.InspectionKind
	InspectedOn string // YYYY-MM-DD
	ComplaintID int64  // 0: not opened from a complaint
	Summary     string
	Status      tiaojie.InspectionStatus
	Order       string // 整改要求
	Deadline    string // last day to rectify, YYYY-MM-DD; "" before an order
	Response    string
	Note        string // the inspector's last verification note
	Overdue     bool   // rectifying past the deadline
	Inspector   string
	Role        string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Version     int
	Findings    []Finding
	Evidence    []Evidence
	Steps       []Step
}

// Count counts the findings of a result.
func (in *Inspection) Count(r tiaojie.FindingResult) int {
	n := 0
	for _, f := range in.Findings {
		if f.Result == r {
			n++
		}
	}
	return n
}

// InspectionInput is a new inspection with its findings.
type InspectionInput struct {
	OrgID       int64
	Kind        tiaojie.InspectionKind
	InspectedOn string // YYYY-MM-DD, not after today
	ComplaintID int64
	Summary     string
	Findings    []Finding
}

// Limits of an inspection's texts, in characters.
const (
	maxItem     = 100
	maxNote     = 500
	maxFindings = 50
)

func (in *InspectionInput) validate(today string) error {
	var fe tiaojie.FieldErrors
	if !slices.Contains(tiaojie.InspectionKinds(), in.Kind) {
		fe.Add("kind", "supervision.kind")
	}
	if _, ok := parseDay(in.InspectedOn); !ok || in.InspectedOn > today || in.InspectedOn < "2000-01-01" {
		fe.Add("inspected_on", "supervision.date")
	}
	if in.ComplaintID < 0 {
		fe.Add("complaint_id", "supervision.complaint")
	}
	in.Summary = strings.TrimSpace(in.Summary)
	if utf8.RuneCountInString(in.Summary) > tiaojie.MaxSupervisionText {
		fe.Add("summary", "supervision.text_length")
	}
	if len(in.Findings) == 0 || len(in.Findings) > maxFindings {
		fe.Add("findings", "supervision.findings")
	}
	for i := range in.Findings {
		f := &in.Findings[i]
		f.Item, f.Note = strings.TrimSpace(f.Item), strings.TrimSpace(f.Note)
		field := "finding." + strconv.Itoa(i)
		if f.Item == "" || utf8.RuneCountInString(f.Item) > maxItem {
			fe.Add(field, "supervision.item")
		}
		if !slices.Contains(tiaojie.FindingResults(), f.Result) {
			fe.Add(field, "supervision.result")
		}
		if utf8.RuneCountInString(f.Note) > maxNote || f.Result != tiaojie.FindingConforms && f.Note == "" {
			fe.Add(field, "supervision.finding_note")
		}
	}
	return fe.Err()
}

// Checklist returns the checklist a new inspection offers: the bureau's
// template, or tiaojie.DefaultChecklist while it keeps none.
func (s *Service) Checklist(ctx context.Context) ([]string, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT item FROM inspection_checklist ORDER BY position`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var items []string
	for rows.Next() {
		var it string
		if err := rows.Scan(&it); err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	if len(items) == 0 {
		return tiaojie.DefaultChecklist(), rows.Err()
	}
	return items, rows.Err()
}

// SetChecklist replaces the checklist template (the bureau only); an
// empty list goes back to the default.
func (s *Service) SetChecklist(ctx context.Context, p *tiaojie.Principal, items []string) error {
	if !p.Can(tiaojie.PermSupervision) || !p.Has(tiaojie.RoleBureau) && !p.IsSystem() {
		return s.settle(ctx, p, "supervision.checklist", "inspection", 0,
			audit.Refuse(tiaojie.E(tiaojie.Forbidden, "supervision.bureau_only"), nil))
	}
	var clean []string
	var fe tiaojie.FieldErrors
	for _, it := range items {
		if it = strings.TrimSpace(it); it != "" && !slices.Contains(clean, it) {
			clean = append(clean, it)
		}
		if utf8.RuneCountInString(it) > maxItem {
			fe.Add("items", "supervision.item")
		}
	}
	if len(clean) > maxFindings {
		fe.Add("items", "supervision.findings")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM inspection_checklist`); err != nil {
			return err
		}
		for i, it := range clean {
			if _, err := tx.ExecContext(ctx, `INSERT INTO inspection_checklist (position, item) VALUES ($1, $2)`, i+1, it); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, p, "supervision.checklist", "inspection", 0, map[string]string{"items": strings.Join(clean, "、")})
	})
}

// Open records an inspection of an organization with its findings. The
// inspector is the bureau, or the township office of the organization's
// township; another township's organization is NotFound.
func (s *Service) Open(ctx context.Context, p *tiaojie.Principal, in InspectionInput) (int64, error) {
	o, err := loadOrg(ctx, s.db.Reader(), in.OrgID)
	if err != nil {
		if tiaojie.IsKind(err, tiaojie.NotFound) {
			var fe tiaojie.FieldErrors
			fe.Add("org_id", "supervision.org")
			return 0, fe.Err()
		}
		return 0, err
	}
	role := actingRole(p, o, inspectors)
	if role == "" {
		return 0, s.settle(ctx, p, "inspection.open", "org", o.ID, refuse(p, o, "supervision.inspector_only"))
	}
	if err := in.validate(s.today()); err != nil {
		return 0, err
	}
	var id int64
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		err := tx.QueryRowContext(ctx, `
			INSERT INTO inspections (org_id, kind, inspected_on, complaint_id, summary, status,
			                         inspector_id, inspector, role, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8, $9, $9) RETURNING id`,
			o.ID, string(in.Kind), in.InspectedOn, nullID(in.ComplaintID), in.Summary, max(p.UserID, 0), p.Name, role, now).Scan(&id)
		if err != nil {
			return err
		}
		for i, f := range in.Findings {
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO inspection_findings (inspection_id, position, item, result, note) VALUES ($1, $2, $3, $4, $5)`,
				id, i+1, f.Item, string(f.Result), f.Note); err != nil {
				return err
			}
		}
		if err := s.stepTx(ctx, tx, p, id, Step{Action: "open", To: tiaojie.InspectionOpen, Text: in.Summary}); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "inspection.open", "inspection", id, map[string]string{
			"org": itoa(o.ID), "kind": string(in.Kind), "complaint": itoa(in.ComplaintID), "role": role})
	})
	return id, err
}

func (s *Service) stepTx(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, id int64, st Step) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO inspection_steps (inspection_id, action, from_status, to_status, text, actor_id, actor, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		id, st.Action, string(st.From), string(st.To), st.Text, max(p.UserID, 0), p.Name, s.now())
	return err
}

// Action is a step to take on an inspection.
type Action struct {
	Action tiaojie.InspectionAction
	Text   string // the order, the response, the reason to return, a note
	// Deadline is the last day to rectify (YYYY-MM-DD) of an order, or the
	// new one of a return; "" gives an order 20 working days and keeps a
	// returned order's.
	Deadline string
}

// defaultWorkdays is the time an order gives when the inspector names no
// deadline.
const defaultWorkdays = 20

// Act takes a step on an inspection (tiaojie.NextInspectionStatus):
// order rectification, respond (the organization's admin), return,
// verify, close. An order moves the organization to 整改 through the
// registry and records a 责令整改 in its 奖惩情况; closing the last
// pending rectification moves it back to 正常. The registry step runs
// first in its own transaction (it checks the officer's own right to
// take it); if recording the inspection's step then fails, the registry
// step is undone by the platform.
func (s *Service) Act(ctx context.Context, p *tiaojie.Principal, id int64, a Action) error {
	action := "inspection." + string(a.Action)
	in, o, err := s.loadFull(ctx, s.db.Reader(), id)
	if err != nil {
		return err
	}
	role := actingRole(p, o, tiaojie.InspectionActionRoles(a.Action))
	if role == "" {
		return s.settle(ctx, p, action, "inspection", id, refuse(p, o, "supervision.not_yours"))
	}
	a.Text = strings.TrimSpace(a.Text)
	to, err := tiaojie.NextInspectionStatus(in.Status, a.Action, a.Text)
	if err != nil {
		return err
	}
	deadline, err := s.deadline(ctx, in, a)
	if err != nil {
		return err
	}
	move, undo, err := s.lifecycle(ctx, in, o, a.Action)
	if err != nil {
		return err
	}
	if move != "" {
		reason := a.Text
		if reason == "" {
			reason = "检查整改验收通过"
		}
		if err := s.registry.Act(ctx, p, o.ID, move, reason, ""); err != nil {
			return err
		}
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		return s.actTx(ctx, tx, p, in, a, to, deadline, role)
	})
	if err != nil && move != "" {
		if uerr := s.registry.Act(ctx, tiaojie.System(), o.ID, undo, "撤销：检查记录未能保存", ""); uerr != nil {
			s.log.Error("supervision: undo lifecycle step", "org", o.ID, "err", uerr)
		}
	}
	return err
}

// lifecycle returns the registry step an inspection step brings, and the
// step that undoes it: an order moves a serving organization to 整改, the
// close of its last pending rectification moves it back.
func (s *Service) lifecycle(ctx context.Context, in *Inspection, o *Org, a tiaojie.InspectionAction) (move, undo tiaojie.OrgAction, err error) {
	switch {
	case a == tiaojie.InspOrder && o.Status == tiaojie.StatusActive:
		return tiaojie.ActRectify, tiaojie.ActRectified, nil
	case a == tiaojie.InspClose && in.Status.Pending() && o.Status == tiaojie.StatusRectifying:
		var n int
		if err := s.db.Reader().QueryRowContext(ctx, `
			SELECT COUNT(*) FROM inspections WHERE org_id = $1 AND id <> $2 AND status IN ('rectifying', 'responded', 'verified')`,
			o.ID, in.ID).Scan(&n); err != nil || n > 0 {
			return "", "", err
		}
		return tiaojie.ActRectified, tiaojie.ActRectify, nil
	}
	return "", "", nil
}

// deadline returns the last day to rectify that a step sets: an order's
// (given, or 20 working days on), a return's new one or the old one.
func (s *Service) deadline(ctx context.Context, in *Inspection, a Action) (string, error) {
	a.Deadline = strings.TrimSpace(a.Deadline)
	switch {
	case a.Action != tiaojie.InspOrder && a.Action != tiaojie.InspReturn:
		return in.Deadline, nil
	case a.Deadline == "" && a.Action == tiaojie.InspReturn:
		return in.Deadline, nil
	case a.Deadline == "":
		cal, err := s.calendarOf(ctx, s.db.Reader())
		if err != nil {
			return "", err
		}
		end := cal.AddWorkdays(s.clock.Now(), defaultWorkdays)
		return end.In(tiaojie.Beijing()).AddDate(0, 0, -1).Format(time.DateOnly), nil
	}
	if _, ok := parseDay(a.Deadline); !ok || a.Deadline < s.today() {
		var fe tiaojie.FieldErrors
		fe.Add("deadline", "supervision.deadline")
		return "", fe.Err()
	}
	return a.Deadline, nil
}

// actTx writes a step: the inspection (guarded by its version), its
// history, for an order the 责令整改 record, and the audit row.
func (s *Service) actTx(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, in *Inspection, a Action, to tiaojie.InspectionStatus, deadline, role string) error {
	set := map[tiaojie.InspectionAction]string{
		tiaojie.InspOrder:   "order_text = $5, overdue_at = NULL",
		tiaojie.InspRespond: "response = $5",
		tiaojie.InspReturn:  "note = $5, overdue_at = NULL",
		tiaojie.InspVerify:  "note = $5",
		tiaojie.InspClose:   "note = CASE WHEN $5 = '' THEN note ELSE $5 END",
	}[a.Action]
	res, err := tx.ExecContext(ctx, `
		UPDATE inspections SET status = $1, deadline = $2, updated_at = $3, version = version + 1, `+set+`
		WHERE id = $4 AND version = $6`, string(to), deadline, s.now(), in.ID, a.Text, in.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return tiaojie.E(tiaojie.Conflict, "supervision.stale")
	}
	if err := s.stepTx(ctx, tx, p, in.ID, Step{Action: string(a.Action), From: in.Status, To: to, Text: a.Text}); err != nil {
		return err
	}
	if a.Action == tiaojie.InspOrder {
		if _, err := s.insertSanctionTx(ctx, tx, p, role, SanctionInput{OrgID: in.OrgID, Kind: tiaojie.SanctionRectify,
			DecidedOn: s.today(), Reason: a.Text, Deadline: deadline, InspectionID: in.ID}, nil); err != nil {
			return err
		}
	}
	return s.record(ctx, tx, p, "inspection."+string(a.Action), "inspection", in.ID, map[string]string{
		"org": itoa(in.OrgID), "from": string(in.Status), "to": string(to), "deadline": deadline, "role": role})
}

// AddEvidence attaches a photo or scan (files.Document) to an inspection:
// the inspector's evidence of a finding while the inspection is not
// closed, the organization admin's evidence of rectification while an
// order awaits its response.
func (s *Service) AddEvidence(ctx context.Context, p *tiaojie.Principal, id int64, up files.Upload) (Evidence, error) {
	in, o, err := s.loadFull(ctx, s.db.Reader(), id)
	if err != nil {
		return Evidence{}, err
	}
	kind := ""
	switch {
	case actingRole(p, o, inspectors) != "":
		kind = "finding"
	case actingRole(p, o, []tiaojie.Role{tiaojie.RoleOrgAdmin}) != "":
		kind = "response"
	default:
		return Evidence{}, s.settle(ctx, p, "inspection.evidence", "inspection", id, refuse(p, o, "supervision.not_yours"))
	}
	if kind == "finding" && in.Status == tiaojie.InspectionClosed || kind == "response" && in.Status != tiaojie.InspectionRectifying {
		return Evidence{}, tiaojie.E(tiaojie.Conflict, "supervision.evidence_closed")
	}
	var ev Evidence
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := s.files.Save(ctx, tx, files.Document(), "inspection", id, up, false, max(p.UserID, 0))
		if err != nil {
			return err
		}
		ev = Evidence{Key: m.Key, Filename: m.Filename, Kind: kind, At: m.CreatedAt}
		if _, err := tx.ExecContext(ctx, `INSERT INTO inspection_files (inspection_id, file_key, kind, at) VALUES ($1, $2, $3, $4)`,
			id, m.Key, kind, m.CreatedAt); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "inspection.evidence", "inspection", id, map[string]string{"file": m.Key, "kind": kind})
	})
	return ev, err
}

// File returns an inspection's evidence file to those who may see the
// inspection.
func (s *Service) File(ctx context.Context, p *tiaojie.Principal, id int64, key string) (files.Meta, []byte, error) {
	in, err := s.Get(ctx, p, id)
	if err != nil {
		return files.Meta{}, nil, err
	}
	if !slices.ContainsFunc(in.Evidence, func(e Evidence) bool { return e.Key == key }) {
		return files.Meta{}, nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	m, err := s.files.Meta(ctx, s.db.Reader(), key)
	if err != nil {
		return files.Meta{}, nil, err
	}
	data, err := s.files.Read(ctx, m)
	return m, data, err
}
