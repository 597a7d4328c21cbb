package rating

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"tiaojie"
	"tiaojie/internal/db"
	"tiaojie/internal/settings"
)

// Figures are what the platform knows of an organization over a round's
// period, shown beside the indicators whose Source names them. They come
// from the platform's own records: cases routed to the organization,
// the parties' ratings, complaints against it (answered in the period),
// its annual disclosure and its active mediators' training.
type Figures struct {
	Cases        int     // cases routed to it in the period
	Ended        int     // of them, ended
	Agreed       int     // of them, ended by agreement
	Timely       int     // deadlines met: accepted by accept_due, closed by mediation_due
	TimelyOf     int     // deadlines that applied
	Ratings      int     // parties' ratings
	Satisfaction float64 // their mean stars (1–5)
	Upheld       int     // complaints upheld wholly or in part
	DisclosureYr int     // the year whose annual disclosure counts
	Disclosed    bool    // filed by its deadline
	Training     int     // hours of training of its active mediators in the period
	Mediators    int     // its active mediators
}

// Percent returns n of d as a percentage with one decimal, "—" when d is 0.
func Percent(n, d int) string {
	if d == 0 {
		return "—"
	}
	return strconv.FormatFloat(float64(n)*100/float64(d), 'f', 1, 64) + "%"
}

// For returns the figure of a source as a short text (in Chinese, the
// language of the rating's records), "" for none.
func (f Figures) For(source string) string {
	switch source {
	case tiaojie.SourceCaseVolume:
		return fmt.Sprintf("受理案件 %d 件", f.Cases)
	case tiaojie.SourceSuccessRate:
		return fmt.Sprintf("调解成功率 %s（%d/%d）", Percent(f.Agreed, f.Ended), f.Agreed, f.Ended)
	case tiaojie.SourceTimeliness:
		return fmt.Sprintf("按期受理、结案 %s（%d/%d）", Percent(f.Timely, f.TimelyOf), f.Timely, f.TimelyOf)
	case tiaojie.SourceSatisfaction:
		if f.Ratings == 0 {
			return "当事人评价 0 条"
		}
		return fmt.Sprintf("当事人满意度 %.1f 星（%d 条评价）", f.Satisfaction, f.Ratings)
	case tiaojie.SourceComplaints:
		return fmt.Sprintf("投诉成立（含部分成立）%d 件", f.Upheld)
	case tiaojie.SourceDisclosure:
		if f.Disclosed {
			return fmt.Sprintf("%d 年度信息公开按期报送", f.DisclosureYr)
		}
		return fmt.Sprintf("%d 年度信息公开未按期报送", f.DisclosureYr)
	case tiaojie.SourceTraining:
		return fmt.Sprintf("在册调解员 %d 人，培训 %d 学时", f.Mediators, f.Training)
	}
	return ""
}

// figures computes an organization's figures over a round's period (its
// first day to the end of its last, Beijing time). The annual disclosure
// that counts is that of the year before the round opened.
func (s *Service) figures(ctx context.Context, q db.Queryer, orgID int64, r *Round) (Figures, error) {
	var f Figures
	from, err := time.ParseInLocation(time.DateOnly, r.PeriodFrom, tiaojie.Beijing())
	if err != nil {
		return f, err
	}
	to, err := time.ParseInLocation(time.DateOnly, r.PeriodTo, tiaojie.Beijing())
	if err != nil {
		return f, err
	}
	end := to.AddDate(0, 0, 1)
	err = q.QueryRowContext(ctx, `
		SELECT COUNT(*),
			COALESCE(SUM(CASE WHEN end_reason <> '' THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN end_reason = 'agreement' THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN accepted_at IS NOT NULL AND accepted_at <= accept_due THEN 1 ELSE 0 END), 0)
			+ COALESCE(SUM(CASE WHEN ended_at IS NOT NULL AND ended_at <= mediation_due THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN accept_due IS NOT NULL THEN 1 ELSE 0 END), 0)
			+ COALESCE(SUM(CASE WHEN mediation_due IS NOT NULL AND ended_at IS NOT NULL THEN 1 ELSE 0 END), 0)
		FROM cases WHERE org_id = $1 AND routed_at >= $2 AND routed_at < $3`, orgID, from, end).
		Scan(&f.Cases, &f.Ended, &f.Agreed, &f.Timely, &f.TimelyOf)
	if err != nil {
		return f, fmt.Errorf("rating: case figures: %w", err)
	}
	var mean sql.NullFloat64
	err = q.QueryRowContext(ctx, `
		SELECT COUNT(*), AVG(CAST(r.stars AS DOUBLE PRECISION)) FROM case_ratings r JOIN cases c ON c.id = r.case_id
		WHERE c.org_id = $1 AND r.created_at >= $2 AND r.created_at < $3`, orgID, from, end).Scan(&f.Ratings, &mean)
	if err != nil {
		return f, fmt.Errorf("rating: satisfaction: %w", err)
	}
	f.Satisfaction = mean.Float64
	if err := s.otherFigures(ctx, q, orgID, r, from, end, &f); err != nil {
		return f, err
	}
	return f, nil
}

// otherFigures reads complaints, disclosure and training.
func (s *Service) otherFigures(ctx context.Context, q db.Queryer, orgID int64, r *Round, from, end time.Time, f *Figures) error {
	err := q.QueryRowContext(ctx, `
		SELECT COUNT(*) FROM complaints WHERE subject_org_id = $1 AND outcome IN ('upheld', 'partly_upheld')
		AND answered_at >= $2 AND answered_at < $3`, orgID, from, end).Scan(&f.Upheld)
	if err != nil {
		return fmt.Errorf("rating: complaints: %w", err)
	}
	f.DisclosureYr = r.CreatedAt.In(tiaojie.Beijing()).Year() - 1
	var n int
	err = q.QueryRowContext(ctx, `
		SELECT COUNT(*) FROM disclosures WHERE org_id = $1 AND year = $2 AND kind = 'annual' AND status = 'filed'
		AND filed_at <= due_at`, orgID, f.DisclosureYr).Scan(&n)
	if err != nil {
		return fmt.Errorf("rating: disclosure: %w", err)
	}
	f.Disclosed = n > 0
	err = q.QueryRowContext(ctx, `
		SELECT COUNT(DISTINCT m.id), COALESCE(SUM(t.hours), 0)
		FROM mediators m JOIN mediator_orgs mo ON mo.mediator_id = m.id AND mo.org_id = $1 AND mo.left_at IS NULL
		LEFT JOIN mediator_training t ON t.mediator_id = m.id AND t.held_on >= $2 AND t.held_on <= $3
		WHERE m.status = 'active'`, orgID, r.PeriodFrom, r.PeriodTo).Scan(&f.Mediators, &f.Training)
	if err != nil {
		return fmt.Errorf("rating: training: %w", err)
	}
	return nil
}

// Policy returns the district's policy (for pages that show the star
// thresholds beside the results).
func (s *Service) Policy(ctx context.Context) (tiaojie.Policy, error) {
	return settings.Load(ctx, s.db.Reader())
}
