package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// SyntheticOptions size a national-scale data set for benchmarks.
type SyntheticOptions struct {
	Services int // synthetic services, spread over the counties
	Rounds   int // rounds of the campaign (rounds after 2 reuse questionnaire version 2)
	Cases    int // cases per service and round, every question answered
	// Progress is told after each round: rounds done, rounds in all, answers written so far.
	Progress func(done, total int, answers int64)
}

// SyntheticPrefix names the generated services, so they are never mistaken for real ones.
const SyntheticPrefix = "Syntetisk barneverntjeneste "

// Synthetic builds a national-scale data set: Services × Rounds × Cases forms, all submitted, with
// every question answered (350 × 8 × 25 × 20–22 questions ≈ 1.5 million answers). Rows are made
// set-wise in SQL (INSERT … SELECT from generate_series), one round per transaction, so the
// answers' integrity trigger still checks every row. Running it again adds only what is missing.
func Synthetic(ctx context.Context, st *store.Store, opts SyntheticOptions) (Report, error) {
	rep, err := Run(ctx, st, Options{})
	if err != nil {
		return rep, err
	}
	ctx = auth.WithCaller(ctx, auth.System)
	if opts.Services <= 0 || opts.Rounds <= 0 || opts.Cases <= 0 {
		return rep, fmt.Errorf("synthetic: services, rounds and cases must be positive")
	}
	var rounds []store.Round
	if err := st.Seed(ctx, func(ctx context.Context, tx bun.Tx) error {
		rounds, err = syntheticFrame(ctx, tx, opts, &rep)
		return err
	}); err != nil {
		return rep, err
	}
	var answers int64
	for i, r := range rounds {
		err := st.Seed(ctx, func(ctx context.Context, tx bun.Tx) error {
			return syntheticRound(ctx, tx, r, opts, &rep, &answers)
		})
		if err != nil {
			return rep, fmt.Errorf("synthetic round %d: %w", r.Number, err)
		}
		if opts.Progress != nil {
			opts.Progress(i+1, len(rounds), answers)
		}
	}
	if err := st.Analyze(ctx); err != nil {
		return rep, err
	}
	return rep, nil
}

// syntheticFrame adds the synthetic services and the rounds after round 2, and returns the rounds
// to fill in.
func syntheticFrame(ctx context.Context, db bun.IDB, opts SyntheticOptions, rep *Report) ([]store.Round, error) {
	// Services, round-robin over the counties.
	res, err := db.ExecContext(ctx, `INSERT INTO services (name, kind, county_id, office_id, municipalities)
		SELECT ? || lpad(n::text, 3, '0'), 'MUNICIPAL', c.id, c.office_id, '[]'::jsonb
		FROM generate_series(1, ?) AS n
		JOIN (SELECT id, office_id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS total FROM counties) AS c
		  ON c.k = (n - 1) % c.total
		ON CONFLICT (name) DO NOTHING`, SyntheticPrefix, opts.Services)
	if err != nil {
		return nil, fmt.Errorf("synthetic services: %w", err)
	}
	n, _ := res.RowsAffected()
	rep.Services += int(n)
	// Rounds 3.. on the newest questionnaire, every half year after round 2.
	if _, err := db.ExecContext(ctx, `INSERT INTO rounds (campaign_id, number, title_nb, title_nn, title_en, questionnaire_id, period_start, period_end, deadline, report_deadline)
		SELECT r.campaign_id, k, 'Egenkontroll nr. ' || k, 'Eigenkontroll nr. ' || k, 'Self-assessment no. ' || k, r.questionnaire_id,
		       (r.period_start + (k - 2) * interval '6 months')::date, (r.period_end + (k - 2) * interval '6 months')::date,
		       (r.deadline + (k - 2) * interval '6 months')::date, (r.report_deadline + (k - 2) * interval '6 months')::date
		FROM rounds r CROSS JOIN generate_series(3, ?) AS k WHERE r.number = 2
		ON CONFLICT (campaign_id, number) DO NOTHING`, opts.Rounds); err != nil {
		return nil, fmt.Errorf("synthetic rounds: %w", err)
	}
	if err := linkPreviousRounds(ctx, db); err != nil {
		return nil, err
	}
	var rounds []store.Round
	if err := db.NewSelect().Model(&rounds).Where("r.number <= ?", opts.Rounds).OrderExpr("r.number").Scan(ctx); err != nil {
		return nil, err
	}
	return rounds, nil
}

func syntheticRound(ctx context.Context, tx bun.Tx, r store.Round, opts SyntheticOptions, rep *Report, answers *int64) error {
	submitted := r.Deadline.Time().Add(-72 * time.Hour)
	// Two in three forms are marked as gone through by the county office.
	res, err := tx.ExecContext(ctx, `INSERT INTO submissions (service_id, round_id, status, revision, version, last_case_number, started_at, submitted_at,
		reviewed_at, reviewed_revision, reviewed_by_name, updated_at)
		SELECT s.id, ?, 'SUBMITTED', 1, 2, ?, ?::timestamptz - interval '30 days', ?::timestamptz,
		       CASE WHEN s.id % 3 = 0 THEN NULL ELSE ?::timestamptz + interval '7 days' END,
		       CASE WHEN s.id % 3 = 0 THEN NULL ELSE 1 END, CASE WHEN s.id % 3 = 0 THEN NULL ELSE 'Syntetisk rådgiver' END, ?::timestamptz
		FROM services s WHERE s.name LIKE ? || '%'
		ON CONFLICT (service_id, round_id) DO NOTHING`, r.ID, opts.Cases, submitted, submitted, submitted, submitted, SyntheticPrefix)
	if err != nil {
		return err
	}
	n, _ := res.RowsAffected()
	rep.DemoSubmissions += int(n)
	// Days to first activity: a right-skewed spread around a week, where the questionnaire has it.
	res, err = tx.ExecContext(ctx, `INSERT INTO cases (submission_id, service_id, round_id, number, closed_month, outcome, days_to_first_activity)
		SELECT sub.id, sub.service_id, sub.round_id, k,
		       date_trunc('month', r.period_start - ((k % 10) || ' months')::interval)::date,
		       (ARRAY['MEASURES_DECIDED', 'DISMISSED', 'DISMISSED_NEW_INVESTIGATION_POSSIBLE', 'CARE_ORDER_PROPOSED'])[1 + (sub.id + k) % 4],
		       CASE WHEN qn.collects_days_to_first_activity THEN ((sub.id * 31 + k * 17) % 12) + ((sub.id + k) % 7) * ((k % 3)) END
		FROM submissions sub
		JOIN services s ON s.id = sub.service_id
		JOIN rounds r ON r.id = sub.round_id
		JOIN questionnaires qn ON qn.id = r.questionnaire_id
		CROSS JOIN generate_series(1, ?) AS k
		WHERE sub.round_id = ? AND s.name LIKE ? || '%'
		  AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.submission_id = sub.id)`, opts.Cases, r.ID, SyntheticPrefix)
	if err != nil {
		return err
	}
	n, _ = res.RowsAffected()
	rep.DemoCases += int(n)
	// Every question answered with an option it allows; each service has its own level and each
	// round does a little better, so comparisons and trends have something to find.
	res, err = tx.ExecContext(ctx, `INSERT INTO answers (case_id, question_id, option)
		SELECT c.id, q.id,
		       CASE
		         WHEN 'NOT_POSSIBLE' = ANY (q.options) AND h < 6 THEN 'NOT_POSSIBLE'
		         WHEN 'NOT_APPLICABLE' = ANY (q.options) AND h < 10 THEN 'NOT_APPLICABLE'
		         WHEN h < 45 + (c.service_id % 20) + r.number * 2 THEN 'YES'
		         WHEN h < 82 + r.number THEN 'PARTLY'
		         ELSE 'NO' END
		FROM cases c
		JOIN rounds r ON r.id = c.round_id
		JOIN questions q ON q.questionnaire_id = r.questionnaire_id
		CROSS JOIN LATERAL (SELECT abs(hashint8(c.id * 1000 + q.id)) % 100 AS h) AS x
		WHERE c.round_id = ? AND c.service_id IN (SELECT id FROM services WHERE name LIKE ? || '%')
		  AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.case_id = c.id)`, r.ID, SyntheticPrefix)
	if err != nil {
		return err
	}
	n, _ = res.RowsAffected()
	rep.DemoAnswers += int(n)
	*answers += n
	// Each form's first revision, as Submit stores it: the statistics count revisions.
	var subs []store.Submission
	if err := tx.NewSelect().Model(&subs).Join("JOIN services AS s ON s.id = sub.service_id").
		Where("sub.round_id = ? AND s.name LIKE ? || '%' AND sub.submitted_at IS NOT NULL", r.ID, SyntheticPrefix).
		Where("NOT EXISTS (SELECT 1 FROM submission_revisions AS rev WHERE rev.submission_id = sub.id)").
		OrderExpr("sub.id").Scan(ctx); err != nil {
		return err
	}
	for i := range subs {
		if _, err := store.StoreRevision(ctx, tx, &subs[i], *subs[i].SubmittedAt); err != nil {
			return err
		}
	}
	return nil
}

// ResubmitSynthetic stores every synthetic form as it stands now as a new revision, as if each
// service had sent it again (for tests that change the synthetic forms after seeding).
func ResubmitSynthetic(ctx context.Context, st *store.Store) error {
	return st.Seed(ctx, func(ctx context.Context, tx bun.Tx) error {
		var subs []store.Submission
		if err := tx.NewSelect().Model(&subs).Join("JOIN services AS s ON s.id = sub.service_id").
			Where("s.name LIKE ? || '%' AND sub.revision > 0", SyntheticPrefix).OrderExpr("sub.id").Scan(ctx); err != nil {
			return err
		}
		at := time.Now().UTC()
		for i := range subs {
			sub := &subs[i]
			sub.Revision++
			if _, err := tx.NewUpdate().Model(sub).Column("revision").WherePK().Exec(ctx); err != nil {
				return err
			}
			if _, err := store.StoreRevision(ctx, tx, sub, at); err != nil {
				return err
			}
		}
		return nil
	})
}
