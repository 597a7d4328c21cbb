package registry

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/search"
)

// DirectoryQuery is a search of the public directory. Zero fields do not
// filter; a filter value that names nothing known matches nothing.
type DirectoryQuery struct {
	Q            string // words, as typed (search.Parse)
	Township     string // division code
	Type         tiaojie.OrgType
	LegalForm    tiaojie.LegalForm
	DisputeTypes []string // serves any of these (as a specialty or in its service list)
	MinStars     int      // a valid star rating of at least this
	Paid         *bool    // true: charges (has published a fee standard); false: free
	Online       *bool    // offers online mediation
	Language     string   // language or dialect code, e.g. "chongming"
	Offset       int
	Limit        int // 1…50; 0 means 20
}

// DirectoryPage is one page of directory results.
type DirectoryPage struct {
	Cards       []OrgCard
	Total       int  // matches, counted up to MaxCounted
	TotalCapped bool // there are more than MaxCounted matches
	Offset      int
	Limit       int
	Terms       []string // the query's terms, as highlighted
}

// MaxCounted bounds the count of directory matches: counting a whole
// corpus for a one-character query costs more than the page itself, and
// "1000+" tells the reader as much.
const MaxCounted = 1000

// OrgCard is an organization as a result list shows it.
type OrgCard struct {
	ID             int64
	Name           string
	NameSegments   []search.Segment // the name with query matches marked
	ShortName      string
	Snippet        []search.Segment // about 80 characters of the description around the first match
	Type           tiaojie.OrgType
	LegalForm      tiaojie.LegalForm
	Township       string
	TownshipName   string
	Stars          int // valid star rating; 0 when none
	Paid           bool
	Online         bool
	Featured       bool
	FeaturedReason string
	Specialties    []string
	Logo           string // public file key; "" when none
	Abnormal       bool   // marked 活动异常 (internal/disclosure): shown as a badge
}

// snippetRunes is the length of a card's description snippet.
const snippetRunes = 80

// Directory searches the public directory. Only organizations whose status
// is public (tiaojie.OrgStatus.Public) appear. Ranking, the same on both
// engines: names containing a query term first, then featured ones, then
// by valid star rating, then by name (code-point order) and id.
func (s *Service) Directory(ctx context.Context, dq DirectoryQuery) (DirectoryPage, error) {
	release, err := s.gate.Enter(ctx)
	if err != nil {
		return DirectoryPage{}, err
	}
	defer release()
	switch {
	case dq.Limit <= 0:
		dq.Limit = 20
	case dq.Limit > 50:
		dq.Limit = 50
	}
	dq.Offset = max(dq.Offset, 0)
	q := search.Parse(dq.Q)
	w := s.directoryWhere(dq, q)
	page := DirectoryPage{Offset: dq.Offset, Limit: dq.Limit, Terms: q.Terms()}
	if err := s.countCapped(ctx, w, &page); err != nil {
		return DirectoryPage{}, err
	}
	order := s.directoryOrder(w, q)
	n := len(w.Args())
	// The page's ids are ranked first, then their cards read, ranked again
	// (a total order) among themselves: ranking narrow rows keeps
	// PostgreSQL's sort of every match in memory, where with the cards'
	// columns it spilled to disk (docs/PERFORMANCE.md).
	rows, err := s.db.Lagging().QueryContext(ctx, `SELECT `+cardColumns+` FROM orgs o WHERE o.id IN (
		SELECT o.id FROM orgs o WHERE `+w.String()+` ORDER BY `+order+` LIMIT $`+strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2)+`)
		ORDER BY `+order, append(w.Args(), dq.Limit, dq.Offset)...)
	if err != nil {
		return DirectoryPage{}, fmt.Errorf("registry: directory: %w", err)
	}
	if page.Cards, err = s.scanCards(ctx, rows, page.Terms); err != nil {
		return DirectoryPage{}, err
	}
	return page, nil
}

// countCapped counts the matches, up to MaxCounted.
func (s *Service) countCapped(ctx context.Context, w *db.Where, page *DirectoryPage) error {
	var n int
	err := s.db.Lagging().QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM orgs o WHERE `+w.String()+
		` LIMIT `+strconv.Itoa(MaxCounted+1)+`) c`, w.Args()...).Scan(&n)
	if err != nil {
		return fmt.Errorf("registry: directory count: %w", err)
	}
	page.Total, page.TotalCapped = min(n, MaxCounted), n > MaxCounted
	return nil
}

// publicStatuses returns the statuses shown in the directory.
func publicStatuses() []string {
	var out []string
	for _, st := range tiaojie.OrgStatuses() {
		if st.Public() {
			out = append(out, string(st))
		}
	}
	return out
}

// directoryWhere builds the directory's conditions.
func (s *Service) directoryWhere(dq DirectoryQuery, q search.Query) *db.Where {
	w := &db.Where{}
	// On SQLite the unary + keeps the planner off orgs_status: nearly every
	// organization is public, and without statistics SQLite takes that
	// index for a selective one, then reads the whole table through it, or
	// scans it instead of starting from the search index (1.2–4× slower on
	// the benchmark corpus, docs/PERFORMANCE.md). It changes no result.
	status := "o.status"
	if s.db.Engine() == db.SQLite {
		status = "+o.status"
	}
	w.Add(status + " IN (" + db.In(w, publicStatuses()) + ")")
	for _, c := range []struct{ col, v string }{
		{"o.township", dq.Township}, {"o.type", string(dq.Type)}, {"o.legal_form", string(dq.LegalForm)},
	} {
		if c.v != "" {
			w.Add(c.col + " = " + w.Arg(c.v))
		}
	}
	if types := dedupe(dq.DisputeTypes); len(types) > 0 {
		in := db.In(w, types)
		w.Add(`(EXISTS (SELECT 1 FROM org_specialties sp WHERE sp.org_id = o.id AND sp.dispute_type IN (` + in + `))
			OR EXISTS (SELECT 1 FROM services sv JOIN service_dispute_types sd ON sd.service_id = sv.id
			           WHERE sv.org_id = o.id AND sd.dispute_type IN (` + in + `)))`)
	}
	if dq.MinStars > 0 {
		w.Add(s.starsExpr(w) + " >= " + w.Arg(min(dq.MinStars, 5)))
	}
	if dq.Paid != nil {
		w.Add("o.charges = " + w.Arg(*dq.Paid))
	}
	if dq.Online != nil {
		w.Add("o.online = " + w.Arg(*dq.Online))
	}
	if dq.Language != "" {
		w.Add("EXISTS (SELECT 1 FROM org_languages la WHERE la.org_id = o.id AND la.language = " + w.Arg(dq.Language) + ")")
	}
	if c := q.Clause(s.db.Engine(), search.Orgs, "o.id", w.Arg); c != "" {
		w.Add(c)
	}
	return w
}

// starsExpr is an organization's valid star rating: its stars while the
// rating has not expired, else 0.
func (s *Service) starsExpr(w *db.Where) string {
	return "(CASE WHEN o.stars IS NOT NULL AND (o.stars_until IS NULL OR o.stars_until >= " + w.Arg(s.now()) +
		") THEN o.stars ELSE 0 END)"
}

// directoryOrder returns the ORDER BY of the directory, registering its
// arguments after the conditions'. Names are compared by code point on
// both engines (SQLite's BINARY, PostgreSQL's "C"), so both order alike
// whatever the database's collation. "Name contains a term" folds ASCII
// letters only on both engines, as SQLite's LIKE does (on PostgreSQL,
// lower() under the C collation, like the roster's ranking); the terms
// are folded already. ILIKE would also fold other letters, and it cost
// PostgreSQL about 100 ms over 50,000 Chinese names (docs/PERFORMANCE.md).
func (s *Service) directoryOrder(w *db.Where, q search.Query) string {
	var parts []string
	if terms := q.Terms(); len(terms) > 0 {
		name := "o.name"
		if s.db.Engine() == db.Postgres {
			name = `lower(o.name COLLATE "C")`
		}
		hits := make([]string, len(terms))
		for i, t := range terms {
			hits[i] = name + " LIKE " + w.Arg("%"+db.EscapeLike(t)+"%") + ` ESCAPE '\'`
		}
		parts = append(parts, "CASE WHEN "+strings.Join(hits, " OR ")+" THEN 0 ELSE 1 END")
	}
	parts = append(parts, "CASE WHEN o.featured THEN 0 ELSE 1 END", s.starsExpr(w)+" DESC", nameOrder(s.db.Engine()), "o.id")
	return strings.Join(parts, ", ")
}

// nameOrder sorts by name in code-point order on either engine.
func nameOrder(e db.Engine) string {
	if e == db.Postgres {
		return `o.name COLLATE "C"`
	}
	return "o.name"
}

// cardColumns are the columns of an OrgCard; the last is the valid star
// rating, computed by the caller's query.
const cardColumns = `o.id, o.name, o.short_name, o.description, o.type, o.legal_form, o.township, o.charges, o.online,
	o.featured, o.featured_reason, COALESCE(o.logo_file, ''), COALESCE(o.stars, 0), o.stars_until,
	CASE WHEN o.abnormal_since IS NULL THEN 0 ELSE 1 END`

// scanCards reads result rows into cards, highlighting terms and adding
// specialties.
func (s *Service) scanCards(ctx context.Context, rows *sql.Rows, terms []string) ([]OrgCard, error) {
	defer rows.Close()
	cards := []OrgCard{}
	now := s.now()
	for rows.Next() {
		var c OrgCard
		var desc, typ, form string
		var until sql.NullTime
		if err := rows.Scan(&c.ID, &c.Name, &c.ShortName, &desc, &typ, &form, &c.Township, &c.Paid, &c.Online,
			&c.Featured, &c.FeaturedReason, &c.Logo, &c.Stars, &until, &c.Abnormal); err != nil {
			return nil, err
		}
		if until.Valid && until.Time.Before(now) {
			c.Stars = 0
		}
		c.Type, c.LegalForm, c.TownshipName = tiaojie.OrgType(typ), tiaojie.LegalForm(form), s.townshipName(c.Township)
		c.NameSegments = search.Highlight(c.Name, terms)
		c.Snippet = search.Highlight(search.Snippet(desc, terms, snippetRunes), terms)
		cards = append(cards, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	return cards, s.cardSpecialties(ctx, cards)
}

// cardSpecialties fills the specialties of cards in one query.
func (s *Service) cardSpecialties(ctx context.Context, cards []OrgCard) error {
	orgs := make([]*Org, len(cards))
	for i := range cards {
		orgs[i] = &Org{ID: cards[i].ID}
	}
	if err := loadTags(ctx, s.db.Reader(), orgs); err != nil {
		return err
	}
	for i := range cards {
		cards[i].Specialties = orgs[i].Specialties
	}
	return nil
}
