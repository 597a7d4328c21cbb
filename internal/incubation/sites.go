package incubation

import (
	"context"
	"database/sql"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
)

// The kinds of site.
const (
	KindBase = "base" // the district incubation base (培育基地)
	KindHome = "home" // a township's incubation home (培育之家)
)

// Site is the base or a township's home.
type Site struct {
	ID        int64
	Kind      string
	Township  string // "" for the base
	Name      string
	Host      string // the public legal service workstation, or the base's host unit
	Address   string
	Status    tiaojie.IncubationSiteStatus
	Note      string
	CreatedAt time.Time
	DecidedAt *time.Time
}

// SiteInput is a proposal: a home for a township ("" with KindBase for
// the base). Name and Host default to the district profile's units.
type SiteInput struct {
	Kind     string
	Township string
	Name     string
	Host     string
	Address  string
}

// defaults fills the name and host from the district profile: the base
// is the district's IncubationBase unit, a home is hosted at its
// township's public legal service workstation.
func (s *Service) defaults(in *SiteInput) error {
	var fe tiaojie.FieldErrors
	switch in.Kind {
	case KindBase:
		in.Township = ""
		if in.Name == "" {
			in.Name = s.district.IncubationBase.Name
		}
		if in.Host == "" {
			in.Host = s.district.IncubationBase.Name
		}
	case KindHome:
		t, ok := s.district.Township(in.Township)
		if !ok {
			fe.Add("township", "incubation.township")
			return fe.Err()
		}
		if in.Name == "" {
			in.Name = t.Name + "调解组织培育之家"
		}
		if in.Host == "" {
			in.Host = t.Workstation.Name
		}
		if in.Address == "" {
			in.Address = t.Workstation.Address
		}
	default:
		fe.Add("kind", "incubation.site_kind")
		return fe.Err()
	}
	text(&fe, "name", &in.Name, true, 100)
	text(&fe, "host", &in.Host, true, 100)
	text(&fe, "address", &in.Address, false, 200)
	return fe.Err()
}

// ProposeSite proposes a site: a township office its own township's home,
// the bureau any home or the base. It waits for the bureau's approval.
func (s *Service) ProposeSite(ctx context.Context, p *tiaojie.Principal, in SiteInput) (int64, error) {
	if err := needManage(p); err != nil {
		return 0, s.settle(ctx, p, "incubation.site.propose", objSite, 0, err)
	}
	if err := s.defaults(&in); err != nil {
		return 0, err
	}
	if !runsSite(p, in.Kind, in.Township) {
		return 0, s.settle(ctx, p, "incubation.site.propose", objSite, 0, forbid("township", in.Township))
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRowContext(ctx, `
			INSERT INTO incubation_sites (kind, township, name, host, address, proposed_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			in.Kind, in.Township, in.Name, in.Host, in.Address, max(p.UserID, 0), s.now()).Scan(&id)
		if db.IsUnique(err) {
			return tiaojie.E(tiaojie.Conflict, "incubation.site_exists")
		}
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, "incubation.site.propose", objSite, id, map[string]string{"kind": in.Kind, "township": in.Township})
	})
	return id, err
}

// DecideSite approves or refuses a proposed site; the bureau's alone. A
// refusal needs a note.
func (s *Service) DecideSite(ctx context.Context, p *tiaojie.Principal, id int64, approve bool, note string) error {
	if !p.IsSystem() && !(p.Can(tiaojie.PermIncubation) && p.Has(tiaojie.RoleBureau)) {
		return s.settle(ctx, p, "incubation.site.decide", objSite, id, forbid("need", "district_bureau"))
	}
	var fe tiaojie.FieldErrors
	text(&fe, "note", &note, !approve, 500)
	if err := fe.Err(); err != nil {
		return err
	}
	status := map[bool]tiaojie.IncubationSiteStatus{true: tiaojie.SiteApproved, false: tiaojie.SiteRejected}[approve]
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE incubation_sites SET status = $1, note = $2, decided_by = $3, decided_at = $4
			WHERE id = $5 AND status = 'proposed'`, string(status), note, max(p.UserID, 0), s.now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := loadSite(ctx, tx, id); err != nil {
				return err
			}
			return tiaojie.E(tiaojie.Conflict, "incubation.site_decided")
		}
		return s.record(ctx, tx, p, "incubation.site.decide", objSite, id, map[string]string{"status": string(status)})
	})
}

const siteColumns = `si.id, si.kind, si.township, si.name, si.host, si.address, si.status, si.note, si.created_at, si.decided_at`

func scanSite(sc interface{ Scan(...any) error }) (*Site, error) {
	var st Site
	var decided sql.NullTime
	if err := sc.Scan(&st.ID, &st.Kind, &st.Township, &st.Name, &st.Host, &st.Address, &st.Status, &st.Note,
		&st.CreatedAt, &decided); err != nil {
		return nil, err
	}
	st.DecidedAt = nullTime(decided)
	return &st, nil
}

func loadSite(ctx context.Context, q db.Queryer, id int64) (*Site, error) {
	st, err := scanSite(q.QueryRowContext(ctx, `SELECT `+siteColumns+` FROM incubation_sites si WHERE si.id = $1`, id))
	return st, notFound(err)
}

// Site returns a site p runs; NotFound for any other.
func (s *Service) Site(ctx context.Context, p *tiaojie.Principal, id int64) (*Site, error) {
	st, err := loadSite(ctx, s.db.Reader(), id)
	if err != nil {
		return nil, err
	}
	if !runsSite(p, st.Kind, st.Township) {
		return nil, s.settle(ctx, p, "incubation.site.read", objSite, id, hide("scope"))
	}
	return st, nil
}

// Sites lists the sites p runs (every site for the bureau), the base
// first, then homes by township.
func (s *Service) Sites(ctx context.Context, p *tiaojie.Principal) ([]Site, error) {
	if err := needManage(p); err != nil {
		return nil, s.settle(ctx, p, "incubation.site.list", objSite, 0, err)
	}
	var w db.Where
	staffScope(p, &w)
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+siteColumns+` FROM incubation_sites si WHERE `+w.String()+`
		ORDER BY si.kind, si.township, si.id`, w.Args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Site
	for rows.Next() {
		st, err := scanSite(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *st)
	}
	return out, rows.Err()
}
