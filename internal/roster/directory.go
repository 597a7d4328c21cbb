package roster

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/search"
)

// The public roster shows a mediator who is public, active and a current
// member of at least one organization the public sees
// (tiaojie.OrgStatus.Public). Nothing here takes a principal: these are the
// pages anyone may open, and nothing they return is personal data beyond
// what a mediator agreed to publish (never an identity number or phone).

// MaxResults caps the matches a directory search counts and pages through:
// nobody reads past it, and counting further would cost every query.
const MaxResults = 1000

// DirectoryQuery is a search of the public roster. Zero fields do not filter.
type DirectoryQuery struct {
	Q           string                // words in name, biography, certificates, specialties, background, languages
	OrgID       int64                 // members of this organization
	Township    string                // members of an organization in this township (division code)
	DisputeType string                // a specialty
	Language    string                // a language code of the district
	Grade       tiaojie.MediatorGrade // 1–4; 0 any
	Offset      int
	Limit       int // 1…50; 0 means 20
}

// DirectoryPage is one page of a directory search.
type DirectoryPage struct {
	Cards  []Card
	Total  int  // matches, at most MaxResults
	More   bool // more than MaxResults matched: narrow the search
	Offset int
	Limit  int
	Terms  []string // the query's terms, for highlighting other text
}

// Card is a mediator as a search result or on an organization's page.
type Card struct {
	ID          int64
	Name        string
	NameMarked  []search.Segment // the name with the query's terms marked
	Gender      string
	Photo       string // file key; "" for none
	Grade       tiaojie.MediatorGrade
	Orgs        []OrgRef // the organizations the public sees
	Specialties []string // dispute type codes
	Languages   []string // language codes
	Years       int      // years of practice; 0 when unknown or under a year
}

// OrgRef is an organization on a public mediator's card or page.
type OrgRef struct {
	ID       int64
	Name     string
	Township string
	Position Position
}

// Directory searches the public roster. Results are ranked the same way on
// both engines: mediators whose name contains a query term first, then by
// grade (一级 first, ungraded last), then by name and id.
func (s *Service) Directory(ctx context.Context, dq DirectoryQuery) (DirectoryPage, error) {
	release, err := s.gate.Enter(ctx)
	if err != nil {
		return DirectoryPage{}, err
	}
	defer release()
	if dq.Limit <= 0 || dq.Limit > 50 {
		dq.Limit = 20
	}
	page := DirectoryPage{Offset: max(dq.Offset, 0), Limit: dq.Limit}
	q := search.Parse(dq.Q)
	page.Terms = q.Terms()
	n, err := s.countCapped(ctx, s.directoryWhere(dq, q, true))
	if err != nil {
		return page, err
	}
	page.Total, page.More = min(n, MaxResults), n > MaxResults
	if page.Offset >= page.Total {
		return page, nil
	}
	limit := min(page.Limit, MaxResults-page.Offset)
	page.Cards, err = s.rankedCards(ctx, dq, q, limit, page.Offset, min(limit, page.Total-page.Offset))
	for i := range page.Cards {
		page.Cards[i].NameMarked = search.Highlight(page.Cards[i].Name, page.Terms)
	}
	return page, err
}

// rankedCards reads one page of a directory search: limit cards from
// offset, of which want (the count says) exist.
//
// Ranking every match is cheap next to checking, for every match, that it
// belongs to a public organization (two lookups a mediator: about a
// second for 200,000 on SQLite, docs/PERFORMANCE.md), and nearly every
// mediator does. So, unless the search is narrowed to an organization or
// a township (a selective test that stays with the others), it ranks the
// best k matches of the other conditions and checks membership for those
// only. That is the same page whenever it holds want cards; if it holds
// fewer, k was too small, and it tries a larger k, then no bound at all.
func (s *Service) rankedCards(ctx context.Context, dq DirectoryQuery, q search.Query, limit, offset, want int) ([]Card, error) {
	e := s.db.Engine()
	if dq.OrgID == 0 && dq.Township == "" {
		for _, k := range []int{2*(offset+limit) + 20, 16*(offset+limit) + 200} {
			b := s.directoryWhere(dq, q, false)
			order := rankOrder(e, b, q.Terms())
			best := `SELECT ` + cardColumns + ` FROM mediators m ` + b.whereSQL() + ` ORDER BY ` + order + ` LIMIT ` + b.arg(k)
			cards, err := s.readCards(ctx, `SELECT `+cardColumns+` FROM (`+best+`) m WHERE `+memberWhere(b, 0, "")+
				` ORDER BY `+order+` LIMIT `+b.arg(limit)+` OFFSET `+b.arg(offset), b.args)
			if err != nil || len(cards) >= want {
				return cards, err
			}
		}
	}
	b := s.directoryWhere(dq, q, true)
	return s.cards(ctx, b, rankOrder(e, b, q.Terms()), limit, offset)
}

// directoryWhere builds the conditions of a directory search; without
// member, all but membership of a public organization (memberWhere).
func (s *Service) directoryWhere(dq DirectoryQuery, q search.Query, member bool) *builder {
	b := &builder{}
	listedWhere(b, s.db.Engine())
	if member {
		b.where(memberWhere(b, dq.OrgID, dq.Township))
	}
	b.where(q.Clause(s.db.Engine(), search.Mediators, "m.id", b.arg))
	if dq.DisputeType != "" {
		b.where(`EXISTS (SELECT 1 FROM mediator_specialties fs WHERE fs.mediator_id = m.id AND fs.dispute_type = ` + b.arg(dq.DisputeType) + `)`)
	}
	if dq.Language != "" {
		b.where(`EXISTS (SELECT 1 FROM mediator_languages fl WHERE fl.mediator_id = m.id AND fl.language = ` + b.arg(dq.Language) + `)`)
	}
	if dq.Grade != 0 {
		b.where("m.grade = " + b.arg(int(dq.Grade)))
	}
	return b
}

// publicWhere adds the conditions of the public roster, optionally
// narrowed to members of one organization or of a township's
// organizations (which must themselves be public).
func publicWhere(b *builder, e db.Engine, orgID int64, township string) {
	listedWhere(b, e)
	b.where(memberWhere(b, orgID, township))
}

// listedWhere adds what the public roster asks of the mediator alone:
// public and active. On SQLite the unary + keeps the planner off
// mediators_status: nearly every mediator is active, and without
// statistics SQLite takes that index for a selective one and then reads
// the whole table through it instead of starting from the search index
// (1.5–3× slower for broad searches, 16–36× for narrow ones;
// docs/PERFORMANCE.md).
func listedWhere(b *builder, e db.Engine) {
	b.where("m.public")
	status := "m.status"
	if e == db.SQLite {
		status = "+m.status"
	}
	b.where(status + " = " + b.arg(string(tiaojie.MediatorActive)))
}

// memberWhere is the condition that the mediator m is a current member of
// a public organization, optionally of one organization or of one in a
// township.
//
// Narrowed, it is a list of the members built once per query (from
// mediator_orgs_org, or orgs_township then mediator_orgs_org): written as
// a correlated EXISTS, SQLite probed every organization of the township
// for every mediator, minutes per query at 200,000 mediators
// (docs/PERFORMANCE.md). Both forms select the same mediators.
func memberWhere(b *builder, orgID int64, township string) string {
	member := `FROM mediator_orgs po JOIN orgs o ON o.id = po.org_id
		WHERE po.left_at IS NULL AND o.status IN (` + list(b, publicOrgStatuses()) + `)`
	if orgID != 0 {
		member += " AND po.org_id = " + b.arg(orgID)
	}
	if township != "" {
		member += " AND o.township = " + b.arg(township)
	}
	if orgID != 0 || township != "" {
		return "m.id IN (SELECT po.mediator_id " + member + ")"
	}
	return "EXISTS (SELECT 1 " + member + " AND po.mediator_id = m.id)"
}

// countCapped counts the matches of b, stopping one past MaxResults.
func (s *Service) countCapped(ctx context.Context, b *builder) (int, error) {
	var n int
	err := s.db.Lagging().QueryRowContext(ctx, `
		SELECT count(*) FROM (SELECT m.id FROM mediators m `+b.whereSQL()+` LIMIT `+fmt.Sprint(MaxResults+1)+`) c`,
		b.args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("roster: count directory: %w", err)
	}
	return n, nil
}

// rankOrder returns the directory's ORDER BY list. "Name contains a term"
// is a LIKE over the name folded to lower case in ASCII only on both
// engines (SQLite's lower(); PostgreSQL's lower() under the C collation),
// matching the query terms, which search.Parse folded the same way; names
// then compare byte-wise. So both engines rank identically.
func rankOrder(e db.Engine, b *builder, terms []string) string {
	var parts []string
	if len(terms) > 0 {
		name := "lower(m.name)"
		if e == db.Postgres {
			name = `lower(m.name COLLATE "C")`
		}
		ors := make([]string, 0, len(terms))
		for _, t := range terms {
			ors = append(ors, name+" LIKE "+b.arg("%"+db.EscapeLike(t)+"%")+` ESCAPE '\'`)
		}
		parts = append(parts, "CASE WHEN "+strings.Join(ors, " OR ")+" THEN 0 ELSE 1 END")
	}
	return strings.Join(append(parts, gradeOrder, nameOrder(e), "m.id"), ", ")
}

// gradeOrder sorts 一级 first and ungraded (0) last.
const gradeOrder = "CASE WHEN m.grade = 0 THEN 5 ELSE m.grade END"

// cardColumns are the columns of a Card, from mediators or a subquery
// named m.
const cardColumns = `m.id, m.name, m.gender, m.photo_file, m.grade, m.practice_since`

// cards reads one page of public cards matching b in the given order.
func (s *Service) cards(ctx context.Context, b *builder, order string, limit, offset int) ([]Card, error) {
	return s.readCards(ctx, `SELECT `+cardColumns+` FROM mediators m `+b.whereSQL()+`
		ORDER BY `+order+` LIMIT `+b.arg(limit)+` OFFSET `+b.arg(offset), b.args)
}

// readCards runs a query of cardColumns and completes the cards.
func (s *Service) readCards(ctx context.Context, query string, args []any) ([]Card, error) {
	rows, err := s.db.Lagging().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("roster: directory: %w", err)
	}
	defer rows.Close()
	var out []Card
	for rows.Next() {
		var c Card
		var photo sql.NullString
		var since sql.NullInt64
		if err := rows.Scan(&c.ID, &c.Name, &c.Gender, &photo, &c.Grade, &since); err != nil {
			return nil, fmt.Errorf("roster: directory: %w", err)
		}
		c.Photo, c.Years = photo.String, years(int(since.Int64), s.clock.Now())
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("roster: directory: %w", err)
	}
	return out, s.cardDetails(ctx, out)
}

// cardDetails fills the public organizations, specialties and languages of
// the cards.
func (s *Service) cardDetails(ctx context.Context, cs []Card) error {
	if len(cs) == 0 {
		return nil
	}
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	orgs, err := publicMemberships(ctx, s.db.Reader(), ids)
	if err != nil {
		return err
	}
	specs, langs, err := s.tagsOf(ctx, s.db.Reader(), ids)
	if err != nil {
		return err
	}
	for i := range cs {
		cs[i].Orgs, cs[i].Specialties, cs[i].Languages = orgRefs(orgs[cs[i].ID]), specs[cs[i].ID], langs[cs[i].ID]
	}
	return nil
}

// publicMemberships returns the mediators' current memberships of
// organizations the public sees, in membershipsOf's order. It keeps the
// public ones here rather than asking membershipsOf for them: with that
// condition, SQLite (without statistics) starts from every public
// organization instead of the mediators' memberships, half a second
// instead of a fraction of a millisecond at 50,000 organizations
// (docs/PERFORMANCE.md).
func publicMemberships(ctx context.Context, q db.Queryer, ids []int64) (map[int64][]OrgMembership, error) {
	all, err := membershipsOf(ctx, q, ids, false)
	if err != nil {
		return nil, err
	}
	for id, ms := range all {
		all[id] = slices.DeleteFunc(ms, func(m OrgMembership) bool { return !m.OrgStatus.Public() })
	}
	return all, nil
}

// orgRefs turns memberships into public references.
func orgRefs(ms []OrgMembership) []OrgRef {
	out := make([]OrgRef, 0, len(ms))
	for _, m := range ms {
		out = append(out, OrgRef{ID: m.OrgID, Name: m.OrgName, Township: m.Township, Position: m.Position})
	}
	return out
}

// OrgMediators returns the public mediators of one organization, for the
// organization's public page: chief first, then by grade and name. An
// organization the public does not see has none.
func (s *Service) OrgMediators(ctx context.Context, orgID int64) ([]Card, error) {
	b := &builder{}
	publicWhere(b, s.db.Engine(), orgID, "")
	order := `CASE (SELECT ro.position FROM mediator_orgs ro WHERE ro.mediator_id = m.id AND ro.org_id = ` + b.arg(orgID) + `)
		WHEN 'chief' THEN 0 WHEN 'full_time' THEN 1 ELSE 2 END, ` + gradeOrder + `, ` + nameOrder(s.db.Engine()) + `, m.id`
	return s.cards(ctx, b, order, MaxResults, 0)
}

// PublicMediator is a mediator's public page: what the mediator agreed to
// publish, never an identity number or phone.
type PublicMediator struct {
	ID            int64
	Name          string
	Gender        string
	Photo         string
	Grade         tiaojie.MediatorGrade
	Background    string
	Certificates  string
	Specialties   []string
	Languages     []string
	PracticeSince int // year; 0 unknown
	Years         int
	Bio           string
	Orgs          []OrgRef // the organizations the public sees
}

// PublicMediator returns the public page of a mediator on the public
// roster; any other mediator (not public, suspended, removed, or with no
// organization the public sees) is NotFound.
func (s *Service) PublicMediator(ctx context.Context, id int64) (*PublicMediator, error) {
	b := &builder{}
	b.where("m.id = " + b.arg(id))
	publicWhere(b, s.db.Engine(), 0, "")
	var pm PublicMediator
	var photo sql.NullString
	var since sql.NullInt64
	err := s.db.Reader().QueryRowContext(ctx, `
		SELECT m.id, m.name, m.gender, m.photo_file, m.grade, m.background, m.certificates, m.practice_since, m.bio
		FROM mediators m `+b.whereSQL(), b.args...).
		Scan(&pm.ID, &pm.Name, &pm.Gender, &photo, &pm.Grade, &pm.Background, &pm.Certificates, &since, &pm.Bio)
	if err != nil {
		return nil, db.MapError(err)
	}
	pm.Photo, pm.PracticeSince = photo.String, int(since.Int64)
	pm.Years = years(pm.PracticeSince, s.clock.Now())
	orgs, err := publicMemberships(ctx, s.db.Reader(), []int64{id})
	if err != nil {
		return nil, err
	}
	specs, langs, err := s.tagsOf(ctx, s.db.Reader(), []int64{id})
	if err != nil {
		return nil, err
	}
	pm.Orgs, pm.Specialties, pm.Languages = orgRefs(orgs[id]), specs[id], langs[id]
	return &pm, nil
}
