package disclosure

import (
	"context"

	"tiaojie"
)

// Get returns one version. A filed version of an organization the public
// may see is public; a draft, or anything of an organization that is not
// public, only its organization's admin and its supervisors see; anyone
// else gets NotFound (drafts stay private). A draft carries the live case
// figures of its year, a filed version the frozen ones.
func (s *Service) Get(ctx context.Context, p *tiaojie.Principal, id int64) (*Disclosure, error) {
	d, err := load(ctx, s.db.Reader(), id)
	if err != nil {
		return nil, err
	}
	o, err := loadOrg(ctx, s.db.Reader(), d.OrgID)
	if err != nil {
		return nil, err
	}
	private := filer(p, d.OrgID) || supervisor(p, d.OrgID, d.Township)
	public := d.Status == tiaojie.DisclosureFiled && o.Status.Public()
	if !private && !public {
		return nil, s.settle(ctx, p, "disclosure.read", "disclosure", id, notFound())
	}
	if d.Status == tiaojie.DisclosureDraft && d.Kind == tiaojie.DisclosureAnnual {
		if d.Cases, err = caseFigures(ctx, s.db.Reader(), d.OrgID, d.Year); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// Private reports whether p sees an organization's drafts and unfiled
// requests: its own admin and its supervisors.
func Private(p *tiaojie.Principal, orgID int64, township string) bool {
	return filer(p, orgID) || supervisor(p, orgID, township)
}

// History returns every version of an organization's disclosures, newest
// year first, for its admin and its supervisors (drafts included); anyone
// else gets NotFound.
func (s *Service) History(ctx context.Context, p *tiaojie.Principal, orgID int64) ([]Disclosure, error) {
	o, err := loadOrg(ctx, s.db.Reader(), orgID)
	if err != nil {
		return nil, err
	}
	if !Private(p, o.ID, o.Township) {
		return nil, s.settle(ctx, p, "disclosure.history", "org", orgID, notFound())
	}
	return list(ctx, s.db.Reader(), `d.org_id = $1`, orgID)
}

// Public returns the filed versions of an organization's disclosures, the
// superseded ones included, for its public page: anyone may read them
// while the organization is public; otherwise NotFound.
func (s *Service) Public(ctx context.Context, orgID int64) ([]Disclosure, error) {
	o, err := loadOrg(ctx, s.db.Reader(), orgID)
	if err != nil {
		return nil, err
	}
	if !o.Status.Public() {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return list(ctx, s.db.Reader(), `d.org_id = $1 AND d.status = 'filed'`, orgID)
}

// CurrentYear returns the year whose annual disclosure is the current
// duty: the year before today's (Beijing time).
func (s *Service) CurrentYear() int { return tiaojie.DisclosureYear(s.now()) }
