// Package funding keeps the money organizations receive (SPEC C11):
// donations (捐赠) and grants (资助), and the bureau's public-interest
// venture rounds (公益创投: a call, applications, expert scoring, awards,
// published results, project reports and their reminders).
//
// The bureau records grants and donations to any registered organization;
// an organization's admin records the donations it received. Every
// donation and grant is public in the recipient's information disclosure
// (its public page lists them per year), and a venture award becomes a
// grant when the round's results are published.
//
// A round's experts are assigned by the bureau when it opens the round
// and later; one out of the pool or unavailable (internal/experts) is
// refused in the assigning transaction. An expert tied to an applying
// organization is refused when scoring its project (experts.CheckUntied,
// the rule ratings and incubation use).
//
// The rules (amounts, window, cap, budget, weighted scores) are pure
// functions in the root package (funding.go); this package decides who
// may do what and keeps the records, each change audited.
package funding

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/notify"
	"tiaojie/internal/pii"
)

// Deps are the collaborators of the Service.
type Deps struct {
	DB       *db.DB
	Audit    *audit.Log
	Clock    clock.Clock
	Log      *slog.Logger
	Notifier notify.Queuer // nil: venture reports due are only shown and flagged, no notice sent
	Sealer   *pii.Sealer   // opens the recipients' phone numbers for reminders
	BaseURL  string        // for links in reminders
}

// Service keeps funding and venture rounds.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	clock    clock.Clock
	notifier notify.Queuer
	sealer   *pii.Sealer
	baseURL  string
}

// New returns a Service.
func New(d Deps) *Service {
	return &Service{db: d.DB, audit: d.Audit, clock: d.Clock, notifier: d.Notifier, sealer: d.Sealer, baseURL: d.BaseURL}
}

func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// today is the current day in Beijing, YYYY-MM-DD.
func (s *Service) today() string { return s.clock.Now().In(tiaojie.Beijing()).Format(time.DateOnly) }

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// settle audits a refusal (and only a refusal) of action on an object.
func (s *Service) settle(ctx context.Context, p *tiaojie.Principal, action, objType string, id int64, err error) error {
	return s.audit.Settle(ctx, s.db, p, action, objType, audit.ID(id), err)
}

func (s *Service) record(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, action, objType string, id int64, detail map[string]string) error {
	return s.audit.Record(ctx, tx, p, audit.Event{Action: action, ObjectType: objType, ObjectID: itoa(id), Detail: detail})
}

// forbidden is the refusal of a caller who lacks the permission.
func forbidden(need tiaojie.Permission) *audit.Refusal {
	return audit.Refuse(tiaojie.E(tiaojie.Forbidden, "error.forbidden"), map[string]string{"need": string(need)})
}

// notFound is the refusal of a record the caller may not see or touch.
func notFound() *audit.Refusal {
	return audit.Refuse(tiaojie.E(tiaojie.NotFound, "error.not_found"), nil)
}

// orgAdmin reports whether p administers organization orgID and holds
// funding.org.
func orgAdmin(p *tiaojie.Principal, orgID int64) bool {
	return p.Can(tiaojie.PermFundingOrg) &&
		slices.ContainsFunc(p.Grants, func(g tiaojie.Grant) bool { return g.Role == tiaojie.RoleOrgAdmin && g.OrgID == orgID })
}

// receiving are the statuses of a registered organization, the only
// ones that receive funding or apply to a round.
var receiving = []tiaojie.OrgStatus{tiaojie.StatusRegistered, tiaojie.StatusActive, tiaojie.StatusRectifying, tiaojie.StatusSuspended}

// checkRecipient refuses an organization that does not exist or is not
// registered, with Invalid "funding.org" on the field org_id.
func checkRecipient(ctx context.Context, q db.Queryer, orgID int64) (string, error) {
	var name, status string
	err := q.QueryRowContext(ctx, `SELECT name, status FROM orgs WHERE id = $1`, orgID).Scan(&name, &status)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	if err != nil || !slices.Contains(receiving, tiaojie.OrgStatus(status)) {
		var fe tiaojie.FieldErrors
		fe.Add("org_id", "funding.org")
		return "", fe.Err()
	}
	return name, nil
}

// Funding is a donation or grant an organization received.
type Funding struct {
	ID            int64
	OrgID         int64
	OrgName       string
	Kind          tiaojie.FundingKind
	Source        string // the donor or grantor
	Amount        tiaojie.Money
	ReceivedOn    string // YYYY-MM-DD
	Year          int
	Purpose       string
	Restrictions  string
	ApplicationID int64 // the venture application it awards, 0 for none
	CreatedAt     time.Time
}

// Input is a donation or grant as it is recorded.
type Input struct {
	OrgID        int64
	Kind         tiaojie.FundingKind
	Source       string
	Amount       tiaojie.Money
	ReceivedOn   string // YYYY-MM-DD, Beijing; not after today
	Purpose      string
	Restrictions string
}

// Limits of the texts, in characters.
const (
	maxTitle = 100
	maxText  = 500
	maxPlan  = 5000
)

// validate trims the input and refuses what is missing or malformed.
func (in *Input) validate(today string) error {
	var fe tiaojie.FieldErrors
	in.Source, in.Purpose, in.Restrictions = strings.TrimSpace(in.Source), strings.TrimSpace(in.Purpose), strings.TrimSpace(in.Restrictions)
	if !slices.Contains(tiaojie.FundingKinds(), in.Kind) {
		fe.Add("kind", "funding.kind")
	}
	if in.Source == "" || utf8.RuneCountInString(in.Source) > maxTitle {
		fe.Add("source", "funding.source")
	}
	if err := tiaojie.CheckFundingAmount("amount", in.Amount); err != nil {
		fe = append(fe, err.(*tiaojie.Error).Fields...)
	}
	if _, err := time.Parse(time.DateOnly, in.ReceivedOn); err != nil || in.ReceivedOn > today {
		fe.Add("received_on", "funding.date")
	}
	if in.Purpose == "" || utf8.RuneCountInString(in.Purpose) > maxText {
		fe.Add("purpose", "funding.purpose", "max", strconv.Itoa(maxText))
	}
	if utf8.RuneCountInString(in.Restrictions) > maxText {
		fe.Add("restrictions", "funding.too_long", "max", strconv.Itoa(maxText))
	}
	return fe.Err()
}

// Record records a donation or grant received by in.OrgID and returns its
// id. The bureau records both; an organization's admin only the
// donations its own organization received. The recipient must exist and
// be registered.
func (s *Service) Record(ctx context.Context, p *tiaojie.Principal, in Input) (int64, error) {
	switch {
	case p.Can(tiaojie.PermFunding):
	case in.Kind == tiaojie.FundingDonation && orgAdmin(p, in.OrgID):
	case in.Kind == tiaojie.FundingDonation && p.Can(tiaojie.PermFundingOrg):
		return 0, s.settle(ctx, p, "funding.record", "org", in.OrgID, notFound())
	default:
		return 0, s.settle(ctx, p, "funding.record", "org", in.OrgID, forbidden(tiaojie.PermFunding))
	}
	if err := in.validate(s.today()); err != nil {
		return 0, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := checkRecipient(ctx, tx, in.OrgID); err != nil {
			return err
		}
		var err error
		id, err = insertFunding(ctx, tx, in, 0, max(p.UserID, 0), s.now())
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "funding.record", "funding", id, map[string]string{
			"org": itoa(in.OrgID), "kind": string(in.Kind), "amount": strconv.FormatInt(int64(in.Amount), 10)})
	})
	return id, err
}

func insertFunding(ctx context.Context, tx *db.Tx, in Input, appID, by int64, now time.Time) (int64, error) {
	year, _ := strconv.Atoi(in.ReceivedOn[:4])
	var id int64
	err := tx.QueryRowContext(ctx, `
		INSERT INTO fundings (org_id, kind, source, amount, received_on, year, purpose, restrictions, application_id, recorded_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		in.OrgID, string(in.Kind), in.Source, in.Amount, in.ReceivedOn, year, in.Purpose, in.Restrictions,
		nullID(appID), by, now).Scan(&id)
	return id, db.MapError(err)
}

// Filter narrows List.
type Filter struct {
	OrgID int64 // 0: every organization the caller may see
	Year  int   // 0: every year
	Kind  tiaojie.FundingKind
}

// List returns recorded donations and grants, newest first: every one to
// the bureau, its own organization's to an organization's admin.
func (s *Service) List(ctx context.Context, p *tiaojie.Principal, f Filter) ([]Funding, error) {
	var w db.Where
	switch {
	case p.Can(tiaojie.PermFunding):
	case p.Can(tiaojie.PermFundingOrg):
		w.Add("f.org_id IN (" + db.In(&w, p.AdminOrgIDs()) + ")")
	default:
		return nil, s.settle(ctx, p, "funding.list", "funding", 0, forbidden(tiaojie.PermFunding))
	}
	if f.OrgID > 0 {
		w.Add("f.org_id = " + w.Arg(f.OrgID))
	}
	if f.Year > 0 {
		w.Add("f.year = " + w.Arg(f.Year))
	}
	if f.Kind != "" {
		w.Add("f.kind = " + w.Arg(string(f.Kind)))
	}
	return listFundings(ctx, s.db.Reader(), w.String(), w.Args()...)
}

// Received returns what organization orgID received, newest first: public,
// as part of its information disclosure.
func (s *Service) Received(ctx context.Context, orgID int64) ([]Funding, error) {
	return listFundings(ctx, s.db.Reader(), "f.org_id = $1", orgID)
}

// YearTotal is what an organization received in a year.
type YearTotal struct {
	Year              int
	Donations, Grants tiaojie.Money
	Items             []Funding
}

// Total returns the year's donations and grants together.
func (y YearTotal) Total() tiaojie.Money { return y.Donations + y.Grants }

// ByYear groups fundings (newest first) by year, newest year first.
func ByYear(fs []Funding) []YearTotal {
	var out []YearTotal
	for _, f := range fs {
		if len(out) == 0 || out[len(out)-1].Year != f.Year {
			out = append(out, YearTotal{Year: f.Year})
		}
		y := &out[len(out)-1]
		y.Items = append(y.Items, f)
		if f.Kind == tiaojie.FundingDonation {
			y.Donations += f.Amount
		} else {
			y.Grants += f.Amount
		}
	}
	return out
}

// TotalFor returns the donations and grants organization orgID received
// in year, for its annual disclosure.
func TotalFor(ctx context.Context, q db.Queryer, orgID int64, year int) (tiaojie.Money, error) {
	var m tiaojie.Money
	err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(amount), 0) FROM fundings WHERE org_id = $1 AND year = $2`, orgID, year).Scan(&m)
	return m, err
}

const fundingColumns = `f.id, f.org_id, o.name, f.kind, f.source, f.amount, f.received_on, f.year, f.purpose, f.restrictions,
	COALESCE(f.application_id, 0), f.created_at`

func listFundings(ctx context.Context, q db.Queryer, where string, args ...any) ([]Funding, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+fundingColumns+` FROM fundings f JOIN orgs o ON o.id = f.org_id
		WHERE `+where+` ORDER BY f.received_on DESC, f.id DESC LIMIT 1000`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Funding{}
	for rows.Next() {
		var f Funding
		var kind string
		if err := rows.Scan(&f.ID, &f.OrgID, &f.OrgName, &kind, &f.Source, &f.Amount, &f.ReceivedOn, &f.Year, &f.Purpose,
			&f.Restrictions, &f.ApplicationID, &f.CreatedAt); err != nil {
			return nil, err
		}
		f.Kind = tiaojie.FundingKind(kind)
		out = append(out, f)
	}
	return out, rows.Err()
}

func nullID(id int64) any {
	if id <= 0 {
		return nil
	}
	return id
}
