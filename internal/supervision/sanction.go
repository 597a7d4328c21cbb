package supervision

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/files"
)

// Sanction is a sanction or a reward recorded about an organization: one
// line of its 奖惩情况.
type Sanction struct {
	ID           int64
	OrgID        int64
	OrgName      string
	Kind         tiaojie.SanctionKind
	Title        string // a reward's title
	GrantedBy    string // the deciding or granting body
	DecidedOn    string // YYYY-MM-DD
	Reason       string
	Document     string // the decision's text, when no file
	FileKey      string // the decision document, a public file
	Levels       int    // downgrade: stars taken away
	StarsBefore  int    // downgrade: 0 for none
	StarsAfter   int
	MediatorID   int64  // removal
	MediatorName string // removal; staff only (Record leaves it out)
	Deadline     string // rectify: last day
	InspectionID int64  // rectify: the inspection that ordered it
	Recorder     string
	Role         string
	CreatedAt    time.Time
}

// SanctionInput is a sanction or reward to record.
type SanctionInput struct {
	OrgID        int64
	Kind         tiaojie.SanctionKind
	Title        string // required for a reward
	GrantedBy    string
	DecidedOn    string // YYYY-MM-DD, not after today
	Reason       string // required for a sanction
	Document     string // the decision's text; or a file (Upload)
	Levels       int    // downgrade: 1–5
	MediatorID   int64  // removal
	Deadline     string // rectify: required when standalone
	InspectionID int64
}

func (in *SanctionInput) validate(today string, file bool) error {
	var fe tiaojie.FieldErrors
	in.Title, in.GrantedBy = strings.TrimSpace(in.Title), strings.TrimSpace(in.GrantedBy)
	in.Reason, in.Document = strings.TrimSpace(in.Reason), strings.TrimSpace(in.Document)
	if !slices.Contains(tiaojie.SanctionKinds(), in.Kind) {
		fe.Add("kind", "supervision.sanction_kind")
	}
	if in.Kind == tiaojie.Reward && in.Title == "" || utf8.RuneCountInString(in.Title) > maxItem {
		fe.Add("title", "supervision.title")
	}
	if utf8.RuneCountInString(in.GrantedBy) > maxItem {
		fe.Add("granted_by", "supervision.text_length")
	}
	if _, ok := parseDay(in.DecidedOn); !ok || in.DecidedOn > today || in.DecidedOn < "2000-01-01" {
		fe.Add("decided_on", "supervision.date")
	}
	if in.Kind.Sanction() && in.Reason == "" || utf8.RuneCountInString(in.Reason) > tiaojie.MaxSupervisionText {
		fe.Add("reason", "supervision.reason")
	}
	if utf8.RuneCountInString(in.Document) > 20000 {
		fe.Add("document", "supervision.text_length")
	}
	if !file && in.Document == "" && in.InspectionID == 0 {
		fe.Add("document", "supervision.document")
	}
	switch in.Kind {
	case tiaojie.SanctionDowngrade:
		if in.Levels < 1 || in.Levels > 5 {
			fe.Add("levels", "supervision.levels")
		}
	case tiaojie.SanctionRemoval:
		if in.MediatorID <= 0 {
			fe.Add("mediator_id", "supervision.mediator")
		}
	case tiaojie.SanctionRectify:
		if _, ok := parseDay(in.Deadline); in.InspectionID == 0 && (!ok || in.Deadline < today) {
			fe.Add("deadline", "supervision.deadline")
		}
	}
	return fe.Err()
}

// Impose records a sanction or a reward about an organization, with its
// decision document (an upload, or the text in in.Document). The bureau
// records any kind for any organization; a township office the lighter
// kinds for its township's organizations (tiaojie.SanctionRoles). A
// downgrade sets the organization's stars to max(stars − levels, 0) (its
// validity unchanged) and keeps before and after; a removal goes through
// the roster's status change to 除名 first (the mediator must serve the
// organization); a recommendation to dissolve is recorded only: the
// registration authority decides, and the bureau then dissolves the
// organization through the registry. A 责令整改 recorded here stands
// alone with its deadline; an inspection's order records its own.
func (s *Service) Impose(ctx context.Context, p *tiaojie.Principal, in SanctionInput, up *files.Upload) (int64, error) {
	o, err := loadOrg(ctx, s.db.Reader(), in.OrgID)
	if err != nil {
		return 0, err
	}
	role := actingRole(p, o, tiaojie.SanctionRoles(in.Kind))
	if role == "" {
		code := "supervision.not_yours"
		if in.Kind.Grave() {
			code = "supervision.bureau_only"
		}
		return 0, s.settle(ctx, p, "sanction."+string(in.Kind), "org", o.ID, refuse(p, o, code))
	}
	in.InspectionID = 0
	if err := in.validate(s.today(), up != nil); err != nil {
		return 0, err
	}
	if in.Kind == tiaojie.SanctionRemoval {
		if err := s.removeMediator(ctx, p, o, in); err != nil {
			return 0, err
		}
	}
	var id int64
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		id, err = s.insertSanctionTx(ctx, tx, p, role, in, up)
		return err
	})
	return id, err
}

// removeMediator removes a mediator of o from the roster (the roster
// checks that p is the bureau and the status change is allowed).
func (s *Service) removeMediator(ctx context.Context, p *tiaojie.Principal, o *Org, in SanctionInput) error {
	var n int
	if err := s.db.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM mediator_orgs WHERE mediator_id = $1 AND org_id = $2`,
		in.MediatorID, o.ID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		var fe tiaojie.FieldErrors
		fe.Add("mediator_id", "supervision.mediator")
		return fe.Err()
	}
	decision := in.Document
	if decision == "" {
		decision = "除名决定书（见附件）"
	}
	return s.roster.SetStatus(ctx, p, in.MediatorID, tiaojie.MediatorRemoved, in.Reason, decision)
}

// insertSanctionTx writes a sanction or reward, its document, a
// downgrade's stars, and the audit row.
func (s *Service) insertSanctionTx(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, role string, in SanctionInput, up *files.Upload) (int64, error) {
	var before, after any
	if in.Kind == tiaojie.SanctionDowngrade {
		o, err := loadOrg(ctx, tx, in.OrgID)
		if err != nil {
			return 0, err
		}
		n := tiaojie.Downgrade(o.Stars, in.Levels)
		before, after = o.Stars, n
		var stars any
		if n > 0 {
			stars = n
		}
		if _, err := tx.ExecContext(ctx, `UPDATE orgs SET stars = $1, updated_at = $2, version = version + 1 WHERE id = $3`,
			stars, s.now(), in.OrgID); err != nil {
			return 0, err
		}
	}
	var fileKey any
	if up != nil {
		m, err := s.files.Save(ctx, tx, files.Document(), "org_sanction", in.OrgID, *up, true, max(p.UserID, 0))
		if err != nil {
			return 0, err
		}
		fileKey = m.Key
	}
	var id int64
	err := tx.QueryRowContext(ctx, `
		INSERT INTO org_sanctions (org_id, kind, title, granted_by, decided_on, reason, document, file_key, levels,
		                           stars_before, stars_after, mediator_id, deadline, inspection_id,
		                           recorder_id, recorder, role, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id`,
		in.OrgID, string(in.Kind), in.Title, in.GrantedBy, in.DecidedOn, in.Reason, in.Document, fileKey, in.Levels,
		before, after, nullID(in.MediatorID), in.Deadline, nullID(in.InspectionID),
		max(p.UserID, 0), p.Name, role, s.now()).Scan(&id)
	if err != nil {
		return 0, err
	}
	detail := map[string]string{"org": itoa(in.OrgID), "kind": string(in.Kind), "role": role}
	if in.Kind == tiaojie.SanctionDowngrade {
		detail["stars_before"], detail["stars_after"] = itoa(int64(before.(int))), itoa(int64(after.(int)))
	}
	if in.MediatorID > 0 {
		detail["mediator"] = itoa(in.MediatorID)
	}
	return id, s.record(ctx, tx, p, "sanction."+string(in.Kind), "org_sanction", id, detail)
}

const sanctionColumns = `s.id, s.org_id, o.name, s.kind, s.title, s.granted_by, s.decided_on, s.reason, s.document,
	COALESCE(s.file_key, ''), s.levels, s.stars_before, s.stars_after, COALESCE(s.mediator_id, 0), COALESCE(m.name, ''),
	s.deadline, COALESCE(s.inspection_id, 0), s.recorder, s.role, s.created_at`

const sanctionFrom = ` FROM org_sanctions s JOIN orgs o ON o.id = s.org_id LEFT JOIN mediators m ON m.id = s.mediator_id`

func scanSanction(sc scanner) (Sanction, error) {
	var x Sanction
	var kind string
	var before, after sql.NullInt64
	err := sc.Scan(&x.ID, &x.OrgID, &x.OrgName, &kind, &x.Title, &x.GrantedBy, &x.DecidedOn, &x.Reason, &x.Document,
		&x.FileKey, &x.Levels, &before, &after, &x.MediatorID, &x.MediatorName, &x.Deadline, &x.InspectionID,
		&x.Recorder, &x.Role, &x.CreatedAt)
	x.Kind, x.StarsBefore, x.StarsAfter = tiaojie.SanctionKind(kind), int(before.Int64), int(after.Int64)
	return x, err
}

func querySanctions(ctx context.Context, q db.Queryer, w *db.Where, limit string) ([]Sanction, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+sanctionColumns+sanctionFrom+` WHERE `+w.String()+`
		ORDER BY s.decided_on DESC, s.id DESC LIMIT `+limit, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Sanction{}
	for rows.Next() {
		x, err := scanSanction(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// SanctionFilter narrows Sanctions.
type SanctionFilter struct {
	OrgID    int64
	Kind     tiaojie.SanctionKind
	From, To string // decided on, YYYY-MM-DD, inclusive
}

// Sanctions lists the sanctions and rewards of the organizations the
// caller supervises or administers, newest first.
func (s *Service) Sanctions(ctx context.Context, p *tiaojie.Principal, f SanctionFilter) ([]Sanction, error) {
	var w db.Where
	if !scope(p, &w) {
		return nil, s.settle(ctx, p, "sanction.list", "org_sanction", 0, refuseAll())
	}
	if f.OrgID > 0 {
		w.Add("s.org_id = " + w.Arg(f.OrgID))
	}
	if f.Kind != "" {
		w.Add("s.kind = " + w.Arg(string(f.Kind)))
	}
	if f.From != "" {
		w.Add("s.decided_on >= " + w.Arg(f.From))
	}
	if f.To != "" {
		w.Add("s.decided_on <= " + w.Arg(f.To))
	}
	return querySanctions(ctx, s.db.Reader(), &w, "1000")
}

// Record returns an organization's public record of sanctions and
// rewards (奖惩情况) decided from from to to (YYYY-MM-DD, inclusive; ""
// leaves a side open), newest first: what its public page shows, and
// what the disclosure service lists for a year (from "2026-01-01" to
// "2026-12-31"). It checks no caller: everything it returns is public,
// except that a removed mediator's name is left out. q may be a
// transaction.
func Record(ctx context.Context, q db.Queryer, orgID int64, from, to string) ([]Sanction, error) {
	var w db.Where
	w.Add("s.org_id = " + w.Arg(orgID))
	if from != "" {
		w.Add("s.decided_on >= " + w.Arg(from))
	}
	if to != "" {
		w.Add("s.decided_on <= " + w.Arg(to))
	}
	out, err := querySanctions(ctx, q, &w, "200")
	for i := range out {
		out[i].MediatorID, out[i].MediatorName, out[i].Recorder = 0, "", ""
	}
	return out, err
}

// PublicRecord is Record over the service's database, for the public page
// and the API.
func (s *Service) PublicRecord(ctx context.Context, orgID int64) ([]Sanction, error) {
	return Record(ctx, s.db.Reader(), orgID, "", "")
}
