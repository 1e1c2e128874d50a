package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// Redaction removes confidential text typed by mistake from one service's form of one round:
// the text is replaced by RedactionMarker everywhere it is kept (answer comments, the summary
// text, every submitted revision, the return reasons, the participation texts and the values of
// the audit trail about them). The audit trail then gets one "redaction" entry that says who
// removed text from which fields, never the text itself.
//
// The audit trail is append-only in the database; migration 0006 lets exactly one kind of UPDATE
// through: within a transaction that set egenkontroll.redaction to the text, the value columns
// may change by replacing that text with the marker, and nothing else may change.

// RedactionMarker replaces redacted text. It must equal redaction_marker() of migration 0006.
const RedactionMarker = "[fjernet]"

// MinRedactionLen is the shortest text that may be redacted, so a slip cannot blank out common words.
const MinRedactionLen = 4

// RedactInput names the form and the text to remove.
type RedactInput struct {
	ServiceID int64
	RoundID   int64
	Text      string
	Reason    domain.RedactionReason
}

// RedactionCount is how many places of one kind were changed.
type RedactionCount struct {
	Kind  domain.RedactionPlace `json:"kind"`
	Count int                   `json:"count"`
}

// RedactionResult says what a redaction changed. It names the form but does not carry it: the
// caller reads it again as their scope allows (an administrator does not read drafts).
type RedactionResult struct {
	SubmissionID int64
	Places       []RedactionCount
	Total        int
}

// redactedField names one changed field in the redaction's audit entry.
type redactedField struct {
	ObjectType string `json:"objectType"`
	ObjectID   int64  `json:"objectId"`
	Field      string `json:"field"`
}

// Validate checks the text to remove and the reason, before anything is read. The text is not
// screened for personal data: it is the confidential text, and it is never echoed back in an error
// message.
func (in RedactInput) Validate() error {
	_, err := redactionPhrase(in.Text)
	if err != nil {
		return err
	}
	if !in.Reason.Valid() {
		return domain.ErrRedactionReason()
	}
	return nil
}

// redactionPhrase is the text to remove, trimmed: valid characters without control characters, at
// least MinRedactionLen and at most MaxAssessmentLen of them, and not (part of) the marker.
func redactionPhrase(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", domain.ErrRedactionInvalidText()
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return "", domain.ErrRedactionInvalidText()
		}
	}
	s = strings.TrimSpace(s)
	if n := utf8.RuneCountInString(s); n < MinRedactionLen {
		return "", domain.ErrRedactionTooShort(MinRedactionLen)
	}
	if n := utf8.RuneCountInString(s); n > domain.MaxAssessmentLen {
		return "", domain.ErrRedactionTooLong()
	}
	if strings.Contains(RedactionMarker, s) {
		return "", domain.ErrRedactionDone()
	}
	return s, nil
}

// RedactText removes the text from everything kept about the service's form in the round.
func (s *Store) RedactText(ctx context.Context, in RedactInput) (*RedactionResult, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	phrase, _ := redactionPhrase(in.Text)
	res := &RedactionResult{}
	err := s.inTx(ctx, func(tx bun.Tx) error {
		var svc Service
		if err := tx.NewSelect().Model(&svc).Where("s.id = ?", in.ServiceID).Scan(ctx); err != nil {
			return notFoundIfNoRows(err, domain.NounService, in.ServiceID)
		}
		if err := auth.From(ctx).Can(auth.ActRedact, auth.Target{ServiceID: svc.ID, OfficeID: svc.OfficeID}); err != nil {
			return err
		}
		// The same lock as every edit of the form takes, so no save runs half before and half after.
		var sub Submission
		if err := tx.NewSelect().Model(&sub).Where("sub.service_id = ? AND sub.round_id = ?", in.ServiceID, in.RoundID).
			For("NO KEY UPDATE").Scan(ctx); err != nil {
			return notFoundIfNoRows(err, domain.NounSubmission, fmt.Sprintf("%d/%d", in.ServiceID, in.RoundID))
		}
		// Transaction-local: the audit trail's trigger lets this transaction replace exactly this text.
		if _, err := tx.ExecContext(ctx, "SELECT set_config('egenkontroll.redaction', ?, true)", phrase); err != nil {
			return err
		}
		r := redaction{ctx: ctx, tx: tx, phrase: phrase, sub: &sub, t: now(), counts: map[domain.RedactionPlace]int{}}
		for _, step := range []func() error{r.answers, r.submission, r.revisions, r.returnReasons, r.participation, r.auditValues} {
			if err := step(); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, "SELECT set_config('egenkontroll.redaction', '', true)"); err != nil {
			return err
		}
		for _, kind := range domain.RedactionPlaces {
			res.Places = append(res.Places, RedactionCount{Kind: kind, Count: r.counts[kind]})
			res.Total += r.counts[kind]
		}
		res.SubmissionID = sub.ID
		if res.Total == 0 {
			return nil // nothing changed, nothing to audit
		}
		return audit(ctx, tx, Change{Action: "redaction", ObjectType: "submission", ObjectID: sub.ID, ServiceID: svc.ID,
			OfficeID: svc.OfficeID, New: map[string]any{"reason": in.Reason, "roundId": in.RoundID, "places": res.Places, "fields": r.fields}})
	})
	if err != nil {
		return nil, fmt.Errorf("redact text in the form of service %d in round %d: %w", in.ServiceID, in.RoundID, err)
	}
	return res, nil
}

// redaction is one redaction in progress.
type redaction struct {
	ctx    context.Context
	tx     bun.Tx
	phrase string
	sub    *Submission
	t      time.Time
	counts map[domain.RedactionPlace]int
	fields []redactedField
}

func (r *redaction) changed(kind domain.RedactionPlace, objectType string, id int64, field string) {
	r.counts[kind]++
	r.fields = append(r.fields, redactedField{ObjectType: objectType, ObjectID: id, Field: field})
}

// Answer comments of the form's cases. The version moves on, so a colleague's stale save is refused.
func (r *redaction) answers() error {
	var ids []int64
	err := r.tx.NewRaw(`UPDATE answers AS a SET comment = replace(a.comment, ?0, redaction_marker()), version = a.version + 1, updated_at = ?1
		FROM cases AS c WHERE c.id = a.case_id AND c.submission_id = ?2 AND strpos(a.comment, ?0) > 0
		RETURNING a.id`, r.phrase, r.t, r.sub.ID).Scan(r.ctx, &ids)
	for _, id := range ids {
		r.changed(domain.RedactionInAnswerComment, "answer", id, "comment")
	}
	return err
}

// The summary text: assessment, comments per question, reflections, feedback on the supervision and improvement plan.
func (r *redaction) submission() error {
	var has struct{ Assessment, QuestionComments, Reflections, Feedback, WayForwardComment, ImprovementPlan bool }
	if err := r.tx.NewRaw(`SELECT strpos(assessment, ?0) > 0 AS assessment,
		question_comments <> redact_jsonb(question_comments, ?0, redaction_marker()) AS question_comments,
		reflections <> redact_jsonb(reflections, ?0, redaction_marker()) AS reflections,
		feedback <> redact_jsonb(feedback, ?0, redaction_marker()) AS feedback,
		strpos(way_forward_comment, ?0) > 0 AS way_forward_comment,
		improvement_plan <> redact_jsonb(improvement_plan, ?0, redaction_marker()) AS improvement_plan
		FROM submissions WHERE id = ?1`, r.phrase, r.sub.ID).Scan(r.ctx, &has); err != nil {
		return err
	}
	var set []string
	for _, f := range []struct {
		has         bool
		field, expr string
	}{
		{has.Assessment, "assessment", "assessment = replace(assessment, ?0, redaction_marker())"},
		{has.QuestionComments, "questionComments", "question_comments = redact_jsonb(question_comments, ?0, redaction_marker())"},
		{has.Reflections, "reflections", "reflections = redact_jsonb(reflections, ?0, redaction_marker())"},
		{has.Feedback, "feedback", "feedback = redact_jsonb(feedback, ?0, redaction_marker())"},
		{has.WayForwardComment, "wayForward.comment", "way_forward_comment = replace(way_forward_comment, ?0, redaction_marker())"},
		{has.ImprovementPlan, "improvementPlan", "improvement_plan = redact_jsonb(improvement_plan, ?0, redaction_marker())"},
	} {
		if f.has {
			set = append(set, f.expr)
			r.changed(domain.RedactionInSubmissionText, "submission", r.sub.ID, f.field)
		}
	}
	if len(set) == 0 {
		return nil
	}
	_, err := r.tx.NewRaw(`UPDATE submissions SET `+strings.Join(set, ", ")+`, version = version + 1, updated_at = ?1 WHERE id = ?2`,
		r.phrase, r.t, r.sub.ID).Exec(r.ctx)
	return err
}

// Every submitted revision's snapshot.
func (r *redaction) revisions() error {
	var ids []int64
	err := r.tx.NewRaw(`UPDATE submission_revisions SET snapshot = redact_jsonb(snapshot, ?0, redaction_marker())
		WHERE submission_id = ?1 AND snapshot <> redact_jsonb(snapshot, ?0, redaction_marker()) RETURNING id`,
		r.phrase, r.sub.ID).Scan(r.ctx, &ids)
	for _, id := range ids {
		r.changed(domain.RedactionInRevisionSnapshot, "submission_revision", id, "snapshot")
	}
	return err
}

// The county governor's reasons for returning the form (they may quote it).
func (r *redaction) returnReasons() error {
	var ids []int64
	err := r.tx.NewRaw(`UPDATE return_reasons SET reason = replace(reason, ?0, redaction_marker())
		WHERE submission_id = ?1 AND strpos(reason, ?0) > 0 RETURNING id`, r.phrase, r.sub.ID).Scan(r.ctx, &ids)
	for _, id := range ids {
		r.changed(domain.RedactionInReturnReason, "return_reason", id, "reason")
	}
	return err
}

// The service's participation in the round: reasons and plans written in free text.
func (r *redaction) participation() error {
	var rows []struct {
		ID                                             int64
		DeclineReason, NextAssessment, ExtensionReason bool
	}
	if err := r.tx.NewRaw(`SELECT id, strpos(decline_reason, ?0) > 0 AS decline_reason, strpos(next_assessment, ?0) > 0 AS next_assessment,
		strpos(extension_reason, ?0) > 0 AS extension_reason
		FROM participations WHERE service_id = ?1 AND round_id = ?2 FOR UPDATE`, r.phrase, r.sub.ServiceID, r.sub.RoundID).Scan(r.ctx, &rows); err != nil {
		return err
	}
	for _, p := range rows {
		var set []string
		for _, f := range []struct {
			has         bool
			field, expr string
		}{
			{p.DeclineReason, "declineReason", "decline_reason = replace(decline_reason, ?0, redaction_marker())"},
			{p.NextAssessment, "nextAssessment", "next_assessment = replace(next_assessment, ?0, redaction_marker())"},
			{p.ExtensionReason, "extensionReason", "extension_reason = replace(extension_reason, ?0, redaction_marker())"},
		} {
			if f.has {
				set = append(set, f.expr)
				r.changed(domain.RedactionInParticipationText, "participation", p.ID, f.field)
			}
		}
		if len(set) == 0 {
			continue
		}
		if _, err := r.tx.NewRaw(`UPDATE participations SET `+strings.Join(set, ", ")+`, version = version + 1, updated_at = ?1 WHERE id = ?2`,
			r.phrase, r.t, p.ID).Exec(r.ctx); err != nil {
			return err
		}
	}
	return nil
}

// The old and new values of the audit entries about the form, its cases (also deleted ones), their
// answers and the service's participation in the round. Only the trigger-permitted change is made.
func (r *redaction) auditValues() error {
	var ids []int64
	err := r.tx.NewRaw(`WITH case_ids AS (
			SELECT id FROM cases WHERE submission_id = ?1
			UNION
			SELECT object_id FROM audit_log
			 WHERE service_id = ?2 AND object_type = 'case' AND (coalesce(new_value, old_value)->>'submissionId')::bigint = ?1
		)
		UPDATE audit_log AS al
		   SET old_value = redact_jsonb(al.old_value, ?0, redaction_marker()),
		       new_value = redact_jsonb(al.new_value, ?0, redaction_marker())
		 WHERE al.service_id = ?2
		   AND ((al.object_type = 'submission' AND al.object_id = ?1)
		     OR (al.object_type = 'case' AND al.object_id IN (SELECT id FROM case_ids))
		     OR (al.object_type = 'answer' AND (coalesce(al.new_value, al.old_value)->>'caseId')::bigint IN (SELECT id FROM case_ids))
		     OR (al.object_type = 'participation' AND (coalesce(al.new_value, al.old_value)->>'roundId')::bigint = ?3))
		   AND (al.old_value IS DISTINCT FROM redact_jsonb(al.old_value, ?0, redaction_marker())
		     OR al.new_value IS DISTINCT FROM redact_jsonb(al.new_value, ?0, redaction_marker()))
		RETURNING al.id`, r.phrase, r.sub.ID, r.sub.ServiceID, r.sub.RoundID).Scan(r.ctx, &ids)
	for _, id := range ids {
		r.changed(domain.RedactionInAuditValue, "audit_log", id, "value")
	}
	return err
}
