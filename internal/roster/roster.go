// Package roster keeps the mediator roster (调解员名册, SPEC C3): who mediates
// for which organizations, with their grade, specialties, languages, photo
// and standing, and the public roster that the directory shows.
//
// Identity numbers and phones are personal data (SECURITY.md CRY-02): they
// are stored sealed with SM4-GCM, bound to their row, beside a blind index
// for exact lookups, and every staff view shows them masked (PI-05). Only
// the district bureau can reveal an identity number, for a stated purpose
// that the audit trail keeps (AUD-06).
//
// Every rule lives in Service, so the pages, the API and the seeder enforce
// the same ones; the SQL each method runs sits next to it.
package roster

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/files"
	"tiaojie/internal/keys"
	"tiaojie/internal/pii"
	"tiaojie/internal/search"
)

// Deps are the collaborators of the Service, passed in so that tests can
// use a fake clock and a throw-away database.
type Deps struct {
	DB       *db.DB
	Audit    *audit.Log
	Keys     keys.Provider
	Files    *files.Service
	Clock    clock.Clock
	District *tiaojie.District // languages a mediator may list
	Log      *slog.Logger      // nil discards
	Gate     *search.Gate      // bounds the directory searches at once; nil admits all
}

// Service is the mediator roster. It is the only code that reads or writes
// the mediator tables; everything else calls it.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	sealer   *pii.Sealer
	files    *files.Service
	clock    clock.Clock
	district *tiaojie.District
	log      *slog.Logger
	gate     *search.Gate
}

// New returns a Service. It holds a pii.Sealer built on d.Keys rather than
// the keys themselves, so no roster code handles raw keys.
func New(d Deps) *Service {
	log := d.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{db: d.DB, audit: d.Audit, sealer: pii.NewSealer(d.Keys), files: d.Files,
		clock: d.Clock, district: d.District, log: log, gate: d.Gate}
}

// now returns the service's time, truncated to what both engines store.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// Position is what a mediator is in one organization.
type Position string

// The positions, as the schema allows them.
const (
	PositionChief    Position = "chief"     // 首席调解员 / 调委会主任
	PositionFullTime Position = "full_time" // 专职调解员
	PositionPartTime Position = "part_time" // 兼职调解员
)

// Positions lists the positions in display order.
func Positions() []Position { return []Position{PositionChief, PositionFullTime, PositionPartTime} }

// Valid reports whether p is a known position.
func (p Position) Valid() bool {
	return p == PositionChief || p == PositionFullTime || p == PositionPartTime
}

// Name returns the position's Chinese name, as exports and pages show it.
func (p Position) Name() string {
	return map[Position]string{PositionChief: "首席调解员", PositionFullTime: "专职调解员", PositionPartTime: "兼职调解员"}[p]
}

// NameEn returns the position's English name.
func (p Position) NameEn() string {
	return map[Position]string{PositionChief: "Chief mediator", PositionFullTime: "Full-time mediator", PositionPartTime: "Part-time mediator"}[p]
}

// rank orders positions for display: chief first.
func (p Position) rank() int {
	switch p {
	case PositionChief:
		return 0
	case PositionFullTime:
		return 1
	}
	return 2
}

// Background is a professional background with its names. The root package
// holds the stable codes (tiaojie.Backgrounds); the names are here because
// the search index and the Excel export need the Chinese ones.
type Background struct {
	Code   string
	Name   string // zh-CN
	NameEn string
}

// Backgrounds returns the backgrounds of tiaojie.Backgrounds with their
// names, in the same order.
func Backgrounds() []Background {
	names := map[string][2]string{
		"law": {"法律", "Law"}, "medicine": {"医学", "Medicine"}, "finance": {"金融", "Finance"},
		"psychology": {"心理学", "Psychology"}, "education": {"教育", "Education"},
		"engineering": {"工程", "Engineering"}, "social_work": {"社会工作", "Social work"},
		"community": {"社区工作", "Community work"}, "other": {"其他", "Other"},
	}
	codes := tiaojie.Backgrounds()
	out := make([]Background, 0, len(codes))
	for _, c := range codes {
		n := names[c]
		if n[0] == "" {
			n = [2]string{c, c}
		}
		out = append(out, Background{Code: c, Name: n[0], NameEn: n[1]})
	}
	return out
}

// BackgroundByCode returns the background with the code.
func BackgroundByCode(code string) (Background, bool) {
	for _, b := range Backgrounds() {
		if b.Code == code {
			return b, true
		}
	}
	return Background{}, false
}

// GradeName returns the Chinese name of a grade (一级 … 四级, 未定级), as
// exports show it.
func GradeName(g tiaojie.MediatorGrade) string {
	names := []string{"未定级", "一级", "二级", "三级", "四级"}
	if g.Valid() {
		return names[g]
	}
	return ""
}

// itoa formats a record id for the audit trail and the aad of sealed fields.
func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// idNumberAAD binds a sealed identity number to its row and column.
func idNumberAAD(id int64) string { return "mediators.id_number:" + itoa(id) }

// phoneAAD binds a sealed phone to its row and column.
func phoneAAD(id int64) string { return "mediators.phone:" + itoa(id) }

// Blind-index kinds: the namespaces of pii.Index, shared with other
// capabilities that store identity numbers and phones.
const (
	idNumberKind = "idcard"
	phoneKind    = "phone"
)

// denial is returned from inside a transaction when the caller turns out to
// lack a right that only the data could tell (an organization outside their
// scope). The transaction rolls back; write then audits the refusal in a
// transaction of its own (on SQLite the single writer is busy until then).
type denial struct {
	action   string
	objectID string
	reason   string
	err      *tiaojie.Error
}

// Error describes the denial for logs; users see d.err's message.
func (d *denial) Error() string { return "roster: denied " + d.action + ": " + d.err.Error() }

// write runs fn in a write transaction and audits a denial it returns.
func (s *Service) write(ctx context.Context, p *tiaojie.Principal, fn func(tx *db.Tx) error) error {
	err := s.db.InTx(ctx, fn)
	var d *denial
	if errors.As(err, &d) {
		return s.deny(ctx, p, d)
	}
	return err
}

// deny audits a refused action and returns the refusal: every refusal
// leaves a trace, which is how probing for other people's records is
// noticed.
func (s *Service) deny(ctx context.Context, p *tiaojie.Principal, d *denial) error {
	e := audit.Event{Action: d.action, ObjectType: "mediator", ObjectID: d.objectID, Outcome: audit.Denied, Reason: d.reason}
	if err := s.audit.RecordAlone(ctx, s.db, p, e); err != nil {
		return err
	}
	return d.err
}

// forbidden returns the denial of an action for want of a permission.
func forbidden(action string, id int64, perm tiaojie.Permission) *denial {
	return &denial{action: action, objectID: objectID(id), reason: string(perm), err: tiaojie.E(tiaojie.Forbidden, "error.forbidden")}
}

// record writes an audit row for a change of mediator id inside tx.
func (s *Service) record(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, action string, id int64, detail map[string]string) error {
	return s.audit.Record(ctx, tx, p, audit.Event{Action: action, ObjectType: "mediator", ObjectID: itoa(id), Detail: detail})
}

// notFound is the answer for a record that does not exist or lies outside
// the caller's scope: the two are indistinguishable on purpose.
func notFound() error { return tiaojie.E(tiaojie.NotFound, "error.not_found") }
