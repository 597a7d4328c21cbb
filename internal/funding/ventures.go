package funding

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/experts"
)

// Round is a public-interest venture round (公益创投).
type Round struct {
	ID          int64
	Title       string
	Theme       string
	Budget      tiaojie.Money
	Cap         tiaojie.Money // per project
	OpensOn     string        // YYYY-MM-DD
	ClosesOn    string
	Criteria    []tiaojie.VentureCriterion
	Status      tiaojie.VentureStatus
	PublishedAt time.Time
	Experts     []RoundExpert
	Awarded     tiaojie.Money // the awards set so far
	CreatedAt   time.Time

	logins map[int64]int64 // the experts' logins → their expert ids
}

// RoundExpert is an expert assigned to a round.
type RoundExpert struct {
	ID   int64
	Name string
}

// Window returns when the round takes applications.
func (r *Round) Window() tiaojie.VentureWindow {
	return tiaojie.VentureWindow{Opens: day(r.OpensOn), Closes: day(r.ClosesOn)}
}

// Accepting reports whether round r takes applications now.
func (s *Service) Accepting(r *Round) bool {
	return !r.Published() && r.Window().Accepts(s.clock.Now()) == nil
}

// WindowClosed reports whether round r's window has closed now: its
// experts score and the bureau awards.
func (s *Service) WindowClosed(r *Round) bool { return r.Window().Closed(s.clock.Now()) }

// Published reports whether the results are public.
func (r *Round) Published() bool { return r.Status == tiaojie.VenturePublished }

// day reads a YYYY-MM-DD day as midnight in Beijing (zero when malformed).
func day(s string) time.Time {
	t, _ := time.ParseInLocation(time.DateOnly, s, tiaojie.Beijing())
	return t
}

// RoundInput is a round as the bureau opens it.
type RoundInput struct {
	Title, Theme      string
	Budget, Cap       tiaojie.Money
	OpensOn, ClosesOn string
	Criteria          []tiaojie.VentureCriterion
	Experts           []int64
}

func (in *RoundInput) validate() error {
	var fe tiaojie.FieldErrors
	in.Title, in.Theme = strings.TrimSpace(in.Title), strings.TrimSpace(in.Theme)
	if in.Title == "" || utf8.RuneCountInString(in.Title) > maxTitle {
		fe.Add("title", "venture.title_bad", "max", strconv.Itoa(maxTitle))
	}
	if utf8.RuneCountInString(in.Theme) > maxText {
		fe.Add("theme", "funding.too_long", "max", strconv.Itoa(maxText))
	}
	for _, c := range []struct {
		name string
		m    tiaojie.Money
	}{{"budget", in.Budget}, {"cap", in.Cap}} {
		if err := tiaojie.CheckFundingAmount(c.name, c.m); err != nil {
			fe = append(fe, err.(*tiaojie.Error).Fields...)
		}
	}
	if in.Cap > in.Budget && in.Budget > 0 {
		fe.Add("cap", "venture.cap_over_budget")
	}
	if err := tiaojie.CheckVentureWindow(tiaojie.VentureWindow{Opens: day(in.OpensOn), Closes: day(in.ClosesOn)}); err != nil {
		fe = append(fe, err.(*tiaojie.Error).Fields...)
	}
	for i := range in.Criteria {
		in.Criteria[i].Name = strings.TrimSpace(in.Criteria[i].Name)
	}
	if err := tiaojie.CheckVentureCriteria(in.Criteria); err != nil {
		fe = append(fe, err.(*tiaojie.Error).Fields...)
	}
	return fe.Err()
}

// manager refuses a caller who does not run venture rounds.
func manager(p *tiaojie.Principal) error {
	if !p.Can(tiaojie.PermFunding) {
		return forbidden(tiaojie.PermFunding)
	}
	return nil
}

// OpenRound opens a venture round with its experts and returns its id.
// An expert out of the pool or unavailable today is refused and nothing
// is written.
func (s *Service) OpenRound(ctx context.Context, p *tiaojie.Principal, in RoundInput) (int64, error) {
	if err := manager(p); err != nil {
		return 0, s.settle(ctx, p, "venture.open", "venture_round", 0, err)
	}
	if err := in.validate(); err != nil {
		return 0, err
	}
	criteria, err := json.Marshal(in.Criteria)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		err := tx.QueryRowContext(ctx, `
			INSERT INTO venture_rounds (title, theme, budget, project_cap, opens_on, closes_on, criteria, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			in.Title, in.Theme, in.Budget, in.Cap, in.OpensOn, in.ClosesOn, string(criteria), max(p.UserID, 0), now).Scan(&id)
		if err != nil {
			return db.MapError(err)
		}
		if err := s.record(ctx, tx, p, "venture.open", "venture_round", id, map[string]string{
			"title": in.Title, "budget": strconv.FormatInt(int64(in.Budget), 10)}); err != nil {
			return err
		}
		for _, e := range in.Experts {
			if err := s.assignTx(ctx, tx, p, id, e); err != nil {
				return err
			}
		}
		return nil
	})
	return id, err
}

// AssignExpert adds an expert to an open round. An expert out of the pool
// or unavailable today is refused (experts.CheckAvailable, in this
// transaction).
func (s *Service) AssignExpert(ctx context.Context, p *tiaojie.Principal, roundID, expertID int64) error {
	if err := manager(p); err != nil {
		return s.settle(ctx, p, "venture.assign", "venture_round", roundID, err)
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := loadRound(ctx, tx, roundID)
		if err != nil {
			return err
		}
		if r.Published() {
			return tiaojie.E(tiaojie.Conflict, "venture.published")
		}
		return s.assignTx(ctx, tx, p, roundID, expertID)
	})
}

func (s *Service) assignTx(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, roundID, expertID int64) error {
	if err := experts.CheckAvailable(ctx, tx, expertID, s.today()); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO venture_experts (round_id, expert_id, assigned_by, assigned_at) VALUES ($1, $2, $3, $4)`,
		roundID, expertID, max(p.UserID, 0), s.now())
	if db.IsUnique(err) {
		return tiaojie.E(tiaojie.Conflict, "venture.already_assigned")
	}
	if err != nil {
		return err
	}
	return s.record(ctx, tx, p, "venture.assign", "venture_round", roundID, map[string]string{"expert": itoa(expertID)})
}

// Rounds lists the rounds, newest first. The calls are public.
func (s *Service) Rounds(ctx context.Context) ([]Round, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+roundColumns+` FROM venture_rounds v ORDER BY v.opens_on DESC, v.id DESC LIMIT 200`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Round{}
	for rows.Next() {
		r, err := scanRound(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

// Round returns a round with its experts. The call is public; the
// experts' names are shown to the bureau and to the round's experts only.
func (s *Service) Round(ctx context.Context, p *tiaojie.Principal, id int64) (*Round, error) {
	r, err := loadRound(ctx, s.db.Reader(), id)
	if err != nil {
		return nil, err
	}
	if !p.Can(tiaojie.PermFunding) && !assigned(p, r) {
		r.Experts = nil
	}
	return r, nil
}

// assigned reports whether p's expert record is assigned to round r.
func assigned(p *tiaojie.Principal, r *Round) bool {
	return p.Can(tiaojie.PermExpertReview) && r.expertOf(p.UserID) > 0
}

const roundColumns = `v.id, v.title, v.theme, v.budget, v.project_cap, v.opens_on, v.closes_on, v.criteria, v.status,
	v.published_at, v.created_at, (SELECT COALESCE(SUM(award), 0) FROM venture_applications WHERE round_id = v.id)`

type scanner interface{ Scan(...any) error }

func scanRound(sc scanner) (*Round, error) {
	var r Round
	var criteria, status string
	var published sql.NullTime
	if err := sc.Scan(&r.ID, &r.Title, &r.Theme, &r.Budget, &r.Cap, &r.OpensOn, &r.ClosesOn, &criteria, &status,
		&published, &r.CreatedAt, &r.Awarded); err != nil {
		return nil, err
	}
	r.Status, r.PublishedAt = tiaojie.VentureStatus(status), published.Time
	return &r, json.Unmarshal([]byte(criteria), &r.Criteria)
}

// loadRound reads a round with its experts (and their logins, kept
// unexported for the authorization checks).
func loadRound(ctx context.Context, q db.Queryer, id int64) (*Round, error) {
	r, err := scanRound(q.QueryRowContext(ctx, `SELECT `+roundColumns+` FROM venture_rounds v WHERE v.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT e.id, e.name, COALESCE(e.user_id, 0) FROM venture_experts ve JOIN experts e ON e.id = ve.expert_id
		WHERE ve.round_id = $1 ORDER BY e.name, e.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	r.logins = map[int64]int64{}
	for rows.Next() {
		var e RoundExpert
		var user int64
		if err := rows.Scan(&e.ID, &e.Name, &user); err != nil {
			return nil, err
		}
		r.Experts = append(r.Experts, e)
		if user > 0 {
			r.logins[user] = e.ID
		}
	}
	return r, rows.Err()
}

// expertOf returns the id of the round's expert whose login is userID, 0
// when none.
func (r *Round) expertOf(userID int64) int64 {
	if userID <= 0 {
		return 0
	}
	return r.logins[userID]
}
