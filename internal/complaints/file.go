package complaints

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/auth"
	"tiaojie/internal/db"
	"tiaojie/internal/settings"
)

// Input is a complaint as the complainant files it.
type Input struct {
	OrgID      int64  // the organization complained about (or the mediator's)
	MediatorID int64  // the mediator complained about; 0 for the organization itself
	Name       string // the complainant's name, 1–50 characters
	Phone      string // where to reach them; "" for the phone of their login
	Title      string // 1–100 characters
	Content    string // what happened, 1–2000 characters
	Request    string // what they ask for, up to 1000 characters
}

// The bounds of a complaint's texts, in characters.
const (
	maxName    = 50
	maxTitle   = 100
	maxRequest = 1000
)

func (in *Input) validate() error {
	in.Name, in.Title = strings.TrimSpace(in.Name), strings.TrimSpace(in.Title)
	in.Content, in.Request = strings.TrimSpace(in.Content), strings.TrimSpace(in.Request)
	in.Phone = tiaojie.NormalizePhone(in.Phone)
	var fe tiaojie.FieldErrors
	if in.OrgID <= 0 {
		fe.Add("org_id", "complaint.org_required")
	}
	if n := utf8.RuneCountInString(in.Name); n < 1 || n > maxName {
		fe.Add("name", "complaint.name")
	}
	if in.Phone != "" && tiaojie.ValidatePhone(in.Phone) != nil {
		fe.Add("phone", "complaint.phone")
	}
	if n := utf8.RuneCountInString(in.Title); n < 1 || n > maxTitle {
		fe.Add("title", "complaint.title")
	}
	if n := utf8.RuneCountInString(in.Content); n < 1 || n > tiaojie.MaxComplaintText {
		fe.Add("content", "complaint.content")
	}
	if utf8.RuneCountInString(in.Request) > maxRequest {
		fe.Add("request", "complaint.too_long", "max", "1000")
	}
	return fe.Err()
}

// complainable lists the statuses of an organization the public may
// complain about: those that serve or have served the public.
const complainable = `('registered', 'active', 'rectifying', 'suspended', 'dissolved')`

// File files a complaint for the logged-in caller and returns its id. The
// organization must exist and have served the public; a mediator named
// must be on that organization's current roster; otherwise nothing is
// written and the field is named. The complaint is routed, its deadline
// set from the bureau's policy and the holiday calendar, the phone sealed.
func (s *Service) File(ctx context.Context, p *tiaojie.Principal, in Input) (int64, error) {
	if !p.LoggedIn() || !p.Can(tiaojie.PermSelf) {
		return 0, tiaojie.E(tiaojie.Unauthorized, "error.unauthorized")
	}
	if err := in.validate(); err != nil {
		return 0, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		org, err := subjectOrg(ctx, tx, in.OrgID)
		if err != nil {
			return err
		}
		if err := checkMediator(ctx, tx, in.OrgID, in.MediatorID); err != nil {
			return err
		}
		phone := in.Phone
		if phone == "" {
			if phone, err = s.accountPhone(ctx, tx, p.UserID); err != nil {
				return err
			}
		}
		handler, township := tiaojie.ComplaintRoute(org.typ, org.level, org.township)
		now := s.now()
		pol, err := settings.Load(ctx, tx)
		if err != nil {
			return err
		}
		cal, err := s.calendar(ctx, tx)
		if err != nil {
			return err
		}
		due := cal.AddWorkdays(now, pol.ComplaintAnswerDays).UTC() // UTC: SQLite compares times as text
		err = tx.QueryRowContext(ctx, `
			INSERT INTO complaints (subject_org_id, subject_mediator_id, complainant_user_id, complainant_name, title, content,
				request, handler, handler_township, status, filed_at, due_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'filed', $10, $11, $10) RETURNING id`,
			in.OrgID, nullID(in.MediatorID), p.UserID, in.Name, in.Title, in.Content, in.Request,
			string(handler), township, now, due).Scan(&id)
		if err != nil {
			return db.MapError(err)
		}
		enc, err := s.sealer.SealString(phone, phoneAAD(id))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE complaints SET complainant_phone_enc = $1 WHERE id = $2`, enc, id); err != nil {
			return err
		}
		if err := addStep(ctx, tx, id, "file", "", tiaojie.ComplaintFiled, "", p.UserID, now); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "complaint.file", id, map[string]string{"org": itoa(in.OrgID),
			"mediator": itoa(in.MediatorID), "handler": string(handler), "township": township})
	})
	return id, err
}

// org is what routing needs of an organization.
type org struct {
	name, township string
	typ            tiaojie.OrgType
	level          tiaojie.OrgLevel
}

// subjectOrg reads an organization the public may complain about, or
// names the field.
func subjectOrg(ctx context.Context, q db.Queryer, id int64) (org, error) {
	var o org
	err := q.QueryRowContext(ctx, `SELECT name, township, type, level FROM orgs WHERE id = $1 AND status IN `+complainable, id).
		Scan(&o.name, &o.township, &o.typ, &o.level)
	if errors.Is(err, sql.ErrNoRows) {
		var fe tiaojie.FieldErrors
		fe.Add("org_id", "complaint.org_unknown")
		return o, fe.Err()
	}
	return o, err
}

// checkMediator refuses a mediator who does not exist or is not on the
// organization's current roster (0 names none and passes).
func checkMediator(ctx context.Context, q db.Queryer, orgID, mediatorID int64) error {
	if mediatorID == 0 {
		return nil
	}
	var exists, member int
	err := q.QueryRowContext(ctx, `
		SELECT (SELECT COUNT(*) FROM mediators WHERE id = $1),
		       (SELECT COUNT(*) FROM mediator_orgs WHERE mediator_id = $1 AND org_id = $2 AND left_at IS NULL)`,
		mediatorID, orgID).Scan(&exists, &member)
	if err != nil {
		return err
	}
	var fe tiaojie.FieldErrors
	switch {
	case mediatorID < 0 || exists == 0:
		fe.Add("mediator_id", "complaint.mediator_unknown")
	case member == 0:
		fe.Add("mediator_id", "complaint.mediator_not_of_org")
	}
	return fe.Err()
}

// accountPhone returns the phone of the caller's login, or names the
// phone field when the login has none.
func (s *Service) accountPhone(ctx context.Context, q db.Queryer, userID int64) (string, error) {
	phone, err := auth.AccountPhone(ctx, q, s.sealer, userID)
	if err == nil && phone == "" {
		var fe tiaojie.FieldErrors
		fe.Add("phone", "complaint.phone_required")
		return "", fe.Err()
	}
	return phone, err
}

func nullID(id int64) any {
	if id <= 0 {
		return nil
	}
	return id
}

// Subject is an organization or a mediator the public may complain
// about, as the complaint form offers them.
type Subject struct {
	ID   int64
	Name string
}

// Orgs lists the organizations the public may complain about, by name.
func (s *Service) Orgs(ctx context.Context) ([]Subject, error) {
	return subjects(ctx, s.db.Reader(), `SELECT id, name FROM orgs WHERE status IN `+complainable+` ORDER BY name, id LIMIT 2000`)
}

// Mediators lists the mediators on organization orgID's current public
// roster, by name.
func (s *Service) Mediators(ctx context.Context, orgID int64) ([]Subject, error) {
	return subjects(ctx, s.db.Reader(), `
		SELECT m.id, m.name FROM mediators m JOIN mediator_orgs mo ON mo.mediator_id = m.id
		WHERE mo.org_id = $1 AND mo.left_at IS NULL AND m.public = TRUE ORDER BY m.name, m.id LIMIT 500`, orgID)
}

func subjects(ctx context.Context, q db.Queryer, query string, args ...any) ([]Subject, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Subject
	for rows.Next() {
		var s Subject
		if err := rows.Scan(&s.ID, &s.Name); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
