// Package plan keeps the district's rollout plan (实施步骤, SPEC C14): the
// phases with their dates, each phase's tasks, the pilot townships the
// bureau chose in batches of 3, 6 and 9, and the progress board.
//
// Progress is read from the platform's own records wherever it can be
// (incubation homes approved, teams moved in, organizations registered,
// district-level organizations, featured organizations' brand materials);
// the rest are manual tasks the bureau ticks with a note and evidence. A
// district with no plan starts from the policy's four phases
// (tiaojie.DefaultPlan), stored the first time the plan is read.
//
// The bureau (plan.manage) edits and reads everything; a township office
// (plan.view) reads the phases and its own township's row only. The rules
// are the root package's (plan.go); this package decides who may do what,
// keeps the records and audits every change. A daily round of the job
// runner (Remind) reminds the bureau's staff of manual tasks due within a
// week.
package plan

import (
	"context"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/files"
	"tiaojie/internal/i18n"
	"tiaojie/internal/keys"
	"tiaojie/internal/notify"
	"tiaojie/internal/pii"
)

// Notifier sends notices by SMS and e-mail (internal/notify's Notifier),
// in the caller's transaction.
type Notifier interface {
	Render(lang i18n.Lang, m notify.Message) (notify.Content, error)
	Enqueue(ctx context.Context, tx *db.Tx, now time.Time, n notify.Notice) error
}

// Deps are the collaborators of the Service. Notifier (nil: no reminders)
// and Keys (nil: staff reached by e-mail only) are optional.
type Deps struct {
	DB       *db.DB
	Audit    *audit.Log
	Clock    clock.Clock
	Files    *files.Service
	District *tiaojie.District
	Notifier Notifier
	Keys     keys.Provider
	Log      *slog.Logger
	BaseURL  string // the platform's address, for links in notices
}

// Service keeps the rollout plan.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	clock    clock.Clock
	files    *files.Service
	district *tiaojie.District
	notifier Notifier
	sealer   *pii.Sealer
	log      *slog.Logger
	baseURL  string
}

// New returns a Service.
func New(d Deps) *Service {
	s := &Service{db: d.DB, audit: d.Audit, clock: d.Clock, files: d.Files, district: d.District, notifier: d.Notifier,
		log: d.Log, baseURL: d.BaseURL}
	if d.Keys != nil {
		s.sealer = pii.NewSealer(d.Keys)
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s
}

// Phase is one phase of the plan with its tasks and, on a board, its
// progress.
type Phase struct {
	Seq      int
	Name     string
	StartsOn string // YYYY-MM-DD
	EndsOn   string
	Batch    int      // the pilot batch it chooses (1–3), 0: every pilot township
	Pilots   []string // the townships of its batch, in the district's order
	Tasks    []Task
	Done     int // tasks done
	Percent  int // Done out of len(Tasks)
	Overdue  int // tasks overdue
}

// Task is one task of a phase.
type Task struct {
	ID       int64
	Phase    int
	Position int
	Text     string
	Owner    string
	DueOn    string
	Metric   tiaojie.PlanMetric // "" for a manual task
	Done     bool               // computed from the facts, or ticked
	Overdue  bool
	DoneOn   string // a ticked task's day
	Note     string // the bureau's note with the tick (the bureau's view only)
	FileKey  string // the evidence (the bureau's view only)
	FileName string
	DoneBy   int64
}

// Computed reports whether the platform's records decide the task.
func (t *Task) Computed() bool { return t.Metric != "" }

// Row is one pilot township on the board.
type Row struct {
	Township tiaojie.Township
	Batch    int
	Facts    tiaojie.TownshipFacts
	Checks   []Check
	Complete bool
}

// Check is one cell of a row.
type Check struct {
	Check tiaojie.PlanCheck
	Done  bool
}

func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

func (s *Service) today() string { return s.clock.Now().In(tiaojie.Beijing()).Format(time.DateOnly) }

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// settle audits a refusal (and only a refusal) of action on object.
func (s *Service) settle(ctx context.Context, p *tiaojie.Principal, action, objType string, id int64, err error) error {
	return s.audit.Settle(ctx, s.db, p, action, objType, audit.ID(id), err)
}

func (s *Service) record(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, action, objType, id string, detail map[string]string) error {
	return s.audit.Record(ctx, tx, p, audit.Event{Action: action, ObjectType: objType, ObjectID: id, Detail: detail})
}

// forbidden is the refusal of a caller who lacks the permission.
func forbidden(need tiaojie.Permission) *audit.Refusal {
	return audit.Refuse(tiaojie.E(tiaojie.Forbidden, "error.forbidden"), map[string]string{"need": string(need)})
}

// notFound is the answer for a record that does not exist.
func notFound() error { return tiaojie.E(tiaojie.NotFound, "error.not_found") }

// manager reports whether p runs the plan: the bureau.
func manager(p *tiaojie.Principal) bool { return p.Can(tiaojie.PermPlanManage) }

// viewScope returns the townships whose rows p may read, all=true for
// the bureau; an error for a caller who may read nothing.
func viewScope(p *tiaojie.Principal) (towns []string, all bool, err error) {
	switch {
	case manager(p):
		return nil, true, nil
	case p.Can(tiaojie.PermPlanView) && len(p.Townships()) > 0:
		return p.Townships(), false, nil
	}
	return nil, false, forbidden(tiaojie.PermPlanView)
}

// needManage refuses a caller who is not the bureau.
func needManage(p *tiaojie.Principal) error {
	if !manager(p) {
		return forbidden(tiaojie.PermPlanManage)
	}
	return nil
}

// sortByDistrict orders township codes as the district lists them.
func (s *Service) sortByDistrict(codes []string) {
	pos := map[string]int{}
	for i, t := range s.district.Townships {
		pos[t.Code] = i
	}
	slices.SortFunc(codes, func(a, b string) int { return pos[a] - pos[b] })
}
