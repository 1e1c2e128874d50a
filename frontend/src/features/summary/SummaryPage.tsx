import { useEffect, useRef, useState } from 'react';
import { useLocation, useParams, useSearchParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { Alert, Button, Checkbox, Fieldset, Heading, Link, List, Paragraph, Radio, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import type { GoalResult, WayForward } from '../../gql/graphql';
import { errorCode, errorField, errorMessage } from '../../api';
import { formatDate, formatDateTime, formatNumber, localized, useI18n, type MessageKey } from '../../i18n';
import { formIsOpen } from '../../lib/caseform';
import { formatClock, useAutosave, useLeaveWarning } from '../../lib/autosave';
import { isTextWarning } from '../../lib/personaldata';
import { goalDrafts, planInput, type GoalDraft } from '../../lib/plan';
import { statusColor } from '../../lib/status';
import { PageSkeleton } from '../../components/PageSkeleton';
import { ParticipationPanel } from '../../components/ParticipationPanel';
import { AdvisorPanel } from '../../components/AdvisorPanel';
import { ComparisonPanel, PreviousGoalsPanel } from './FollowUpPanels';
import { ServicePlanPanel } from '../../components/PlanPanels';
import { HistoryPanel } from './HistoryPanel';
import { MissingSummary } from './MissingSummary';
import { PlanEditor } from './PlanEditor';
import { RedactTextDialog } from '../../components/RedactTextDialog';
import { Crumbs } from '../../components/Crumbs';
import { SummaryTable } from './SummaryTable';
import { BenchmarkTable } from '../../components/BenchmarkTable';
import { SupportPanel } from '../../components/SupportPanel';
import { TableRegion } from '../../components/TableRegion';
import { TextWarning } from '../../components/TextWarning';
import { usePageTitle } from '../../components/usePageTitle';

const SummaryQuery = graphql(`
  query Summary($serviceId: ID!, $roundId: ID!) {
    service(id: $serviceId) { id name office { name { nb nn en } webUrl } county { id name } }
    publishedFigures(roundId: $roundId) { publishedAt national { ...BenchmarkFields } counties { county { id } ...BenchmarkFields } }
    round(id: $roundId) { id number title { nb nn en } questionnaire { official questions { id code text { nb nn en } } reflectionQuestions { id code text { nb nn en } } feedbackQuestions { id code text { nb nn en } } }
      supportResources { kind title { nb nn en } description { nb nn en } url } }
    viewer { canSubmitForms canEditForms role }
    submission(serviceId: $serviceId, roundId: $roundId) {
      id status late revision version submittedAt assessment exportPath deadline
      questionComments { question { id } comment }
      reflections { question { id } answer }
      feedback { question { id } answer }
      wayForward { decision comment }
      previousGoals { index judgement goal { description target question { code } }
        results { question { code } previous { yes partly no denominator } current { yes partly no denominator } previousSuppressed currentSuppressed } }
      missingParts { field caseNumber questionCode message }
      comparison { provisional suppressed suppressedReason previousRound { title { nb nn en } }
        total { ...ComparisonTotalFields } focus { ...ComparisonTotalFields }
        questions { question { id code } focus comparability withinRandomVariation tooFewToTell yesChange { difference } } }
      improvementPlan { goals { question { id } description target measure actions { description owner startDate dueDate status } } }
      returnReasons { revision reason question { code } createdAt }
      reviewed { by at revision outdated }
      summary { caseCount completeCaseCount suppressed
        overall { yes partly no denominator yesShare partlyShare noShare }
        questions { question { id code text { nb nn en } } distribution { yes partly no notPossible notApplicable denominator yesShare partlyShare noShare } }
        daysToFirstActivity { count median min max } }
      revisions { revision submittedAt late caseCount }
    }
    roundComparison(roundId: $roundId, scope: { serviceId: $serviceId }) {
      previousRound { id number title { nb nn en } }
      questions { question { id } comparability focus withinRandomVariation tooFewToTell yesChange { difference } }
    }
  }
`);

graphql(`
  fragment BenchmarkFields on Statistics {
    suppressed
    questions { question { code } suppressed options { yes { share } partly { share } no { share } denominator } }
  }
`);

graphql(`
  fragment ComparisonTotalFields on ComparisonTotal {
    questions { code }
    current { yes { count share } partly { count share } no { count share } denominator }
    previous { yes { count share } partly { count share } no { count share } denominator }
    yesChange { difference significant } partlyChange { difference significant } noChange { difference significant }
  }
`);

const SummaryCases = graphql(`
  query SummaryCases($serviceId: ID!, $roundId: ID!) { cases(serviceId: $serviceId, roundId: $roundId) { id number } }
`);

const SaveDraft = graphql(`
  mutation SaveDraft($serviceId: ID!, $roundId: ID!, $assessment: String, $questionComments: [QuestionCommentInput!], $reflections: [ReflectionAnswerInput!], $feedback: [ReflectionAnswerInput!], $wayForward: WayForwardInput, $goalResults: [GoalResultInput!], $plan: ImprovementPlanInput, $expectedVersion: Int, $confirmWarnings: Boolean) {
    saveSubmissionDraft(input: { serviceId: $serviceId, roundId: $roundId, assessment: $assessment, questionComments: $questionComments, reflections: $reflections, feedback: $feedback, wayForward: $wayForward, goalResults: $goalResults, improvementPlan: $plan, expectedVersion: $expectedVersion, confirmWarnings: $confirmWarnings }) { id version assessment status }
  }
`);
const Submit = graphql(`
  mutation Submit($id: ID!, $v: Int) { submitSubmission(input: { submissionId: $id, expectedVersion: $v }) { id status revision submittedAt late version } }
`);
const Reopen = graphql(`mutation Reopen($id: ID!, $v: Int) { reopenSubmission(input: { submissionId: $id, expectedVersion: $v }) { id status version } }`);

const WAY_FORWARD: WayForward[] = ['CONTINUE', 'ADJUST', 'MAKE_PERMANENT'];

const REVIEW = 'send-inn';

export default function SummaryPage() {
  const { serviceId = '', roundId = '' } = useParams();
  const { t, lang } = useI18n();
  const [{ data, error }, refetch] = useQuery({ query: SummaryQuery, variables: { serviceId, roundId }, requestPolicy: 'cache-and-network' });
  usePageTitle(data?.service ? `${t('summaryForm')}: ${data.service.name}` : t('summaryForm'));
  const [draft, saveDraft] = useMutation(SaveDraft);
  const [submitted, submit] = useMutation(Submit);
  const [reopened, reopen] = useMutation(Reopen);
  const [assessment, setAssessment] = useState<string | null>(null);
  const [reflections, setReflections] = useState<Record<string, string> | null>(null);
  const [feedback, setFeedback] = useState<Record<string, string> | null>(null);
  const [judgements, setJudgements] = useState<Record<number, GoalResult | null> | null>(null);
  const [wayForward, setWayForward] = useState<{ decision: WayForward | null; comment: string } | null>(null);
  const [comments, setComments] = useState<Record<string, string> | null>(null);
  const [goals, setGoals] = useState<GoalDraft[] | null>(null);
  const [redactOpen, setRedactOpen] = useState(false);
  const [params, setParams] = useSearchParams();
  const review = params.get('steg') === REVIEW;
  const [confirmed, setConfirmed] = useState(false);
  const [confirmError, setConfirmError] = useState(false);
  const location = useLocation();
  // The version this page last saved (autosave sends it, so a quick second save does not wait for a refetch).
  const version = useRef<number | null>(null);
  const inside0 = !!data?.viewer.canEditForms;
  const [casesResult] = useQuery({ query: SummaryCases, variables: { serviceId, roundId }, pause: !inside0 });
  const sub0 = data?.submission;
  const editable0 = !!data?.viewer.canSubmitForms && formIsOpen(sub0?.status) && !!sub0;
  const draftContent = data?.round && sub0 && editable0 ? JSON.stringify(buildDraft()) : null;
  const autosave = useAutosave({
    content: draftContent,
    enabled: editable0 && !review,
    save: async () => {
      const res = await saveDraft({ ...buildDraft(), expectedVersion: version.current ?? sub0?.version ?? 0 });
      if (res.data) version.current = res.data.saveSubmissionDraft.version;
      return { ok: !res.error };
    },
  });
  useLeaveWarning(autosave.dirty, t('leaveUnsaved'));
  // A link from the review step's error summary lands on the field it names.
  useEffect(() => {
    if (!data || review || !location.hash) return;
    const el = document.getElementById(location.hash.slice(1));
    if (el) {
      el.scrollIntoView({ block: 'center' });
      el.focus();
    }
  }, [data, review, location.hash]);
  useEffect(() => {
    if (review) window.scrollTo(0, 0);
  }, [review]);

  // Everything a draft save sends, from the stored form and what is typed here.
  function buildDraft() {
    const round = data!.round!;
    const sub = data!.submission;
    const laterRound = round.number > 1;
    const reflectionValues = reflections ?? Object.fromEntries((sub?.reflections ?? []).map((r) => [r.question.id, r.answer]));
    const feedbackValues = feedback ?? Object.fromEntries((sub?.feedback ?? []).map((r) => [r.question.id, r.answer]));
    const wayForwardValue = wayForward ?? { decision: sub?.wayForward?.decision ?? null, comment: sub?.wayForward?.comment ?? '' };
    const judgementValues = judgements ?? Object.fromEntries((sub?.previousGoals ?? []).map((g) => [g.index, g.judgement ?? null]));
    const goalValues = goals ?? goalDrafts(sub?.improvementPlan.goals ?? []);
    const commentValues = comments ?? Object.fromEntries((sub?.questionComments ?? []).map((c) => [c.question.id, c.comment]));
    return {
      serviceId, roundId, assessment: assessment ?? sub?.assessment ?? '',
      questionComments: round.questionnaire.questions.map((q) => ({ questionId: q.id, comment: commentValues[q.id] ?? '' })),
      reflections: round.questionnaire.reflectionQuestions.map((q) => ({ questionId: q.id, answer: reflectionValues[q.id] ?? '' })),
      feedback: round.questionnaire.feedbackQuestions.map((q) => ({ questionId: q.id, answer: feedbackValues[q.id] ?? '' })),
      ...(laterRound && (sub?.previousGoals.length ?? 0) > 0
        ? { goalResults: (sub?.previousGoals ?? []).map((g) => ({ goal: g.index, result: judgementValues[g.index] ?? null })) } : {}),
      ...(laterRound ? { wayForward: { decision: wayForwardValue.decision, comment: wayForwardValue.decision ? wayForwardValue.comment : '' } } : {}),
      plan: planInput(goalValues),
    };
  }
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('errorGeneric')}</Alert>;
  if (!data) return <PageSkeleton blocks={4} />;
  if (!data.service || !data.round) return <Alert data-color="warning">{t('notFound')}</Alert>;
  const round = data.round;
  const sub = data.submission;
  const canEdit = data.viewer.canSubmitForms && formIsOpen(sub?.status);
  // On the review step everything is shown as it will be sent: read-only.
  const editable = canEdit && !review;
  const advisor = data.viewer.role === 'COUNTY_ADVISOR';
  // Only the service's own people read its cases and drafts; everyone else reads the form as last sent.
  const inside = data.viewer.canEditForms;
  const base = `/tjenester/${serviceId}/runder/${roundId}`;
  // Each role's own way here: the leader's round page, or the advisor's follow-up of the service.
  const here = { label: t('summaryForm'), to: `${base}/samleskjema` };
  const crumbs = inside
    ? [{ label: data.service.name, to: base }, here]
    : advisor
      ? [{ label: t('crumbsFollowUp'), to: `/oppfolging/${roundId}` }, { label: data.service.name, to: `/oppfolging/${roundId}/tjenester/${serviceId}` }, here]
      : [{ label: t('backToStart'), to: '/' }, here];
  const reflectionValues = reflections ?? Object.fromEntries((sub?.reflections ?? []).map((r) => [r.question.id, r.answer]));
  const feedbackValues = feedback ?? Object.fromEntries((sub?.feedback ?? []).map((r) => [r.question.id, r.answer]));
  const wayForwardValue = wayForward ?? { decision: sub?.wayForward?.decision ?? null, comment: sub?.wayForward?.comment ?? '' };
  const laterRound = round.number > 1;
  const judgementValues = judgements ?? Object.fromEntries((sub?.previousGoals ?? []).map((g) => [g.index, g.judgement ?? null]));
  const goalValues = goals ?? goalDrafts(sub?.improvementPlan.goals ?? []);
  const commentValues = comments ?? Object.fromEntries((sub?.questionComments ?? []).map((c) => [c.question.id, c.comment]));
  const draftVariables = () => ({ ...buildDraft(), expectedVersion: version.current ?? sub?.version ?? 0 });
  const refresh = () => refetch({ requestPolicy: 'network-only' });
  // After a save the stored values are the truth again: drop the local drafts.
  const saved = () => {
    version.current = null;
    autosave.reset();
    setAssessment(null);
    setReflections(null);
    setFeedback(null);
    setWayForward(null);
    setJudgements(null);
    setComments(null);
    setGoals(null);
    refresh();
  };
  // Refused personal data (and other field errors) are shown next to the field they came from (extensions.field);
  // a PERSONAL_DATA_WARNING is shown as a warning at each field it concerns, with "Lagre likevel".
  const draftField = errorField(draft.error);
  const fieldError = (field: string) => (draftField === field && draft.error && !isTextWarning(draft.error) ? errorMessage(draft.error) : undefined);
  const saveAnyway = () => saveDraft({ ...draftVariables(), confirmWarnings: true }).then((r) => { if (!r.error) saved(); });
  const fieldWarning = (field: string) => <TextWarning error={draft.error} field={field} busy={draft.fetching} onConfirm={() => void saveAnyway()} />;
  const conflict = [draft, submitted, reopened].some((r) => errorCode(r.error) === 'VERSION_CONFLICT');
  const otherError = [draft, submitted, reopened].map((r) => r.error)
    .find((e) => e && !['VERSION_CONFLICT', 'REQUIRED_ANSWERS_MISSING'].includes(errorCode(e) ?? '') && !(e === draft.error && draftField !== undefined));
  const caseIds = new Map((casesResult.data?.cases ?? []).map((c) => [c.number, c.id]));
  const compared = !!data.roundComparison.previousRound;
  const days = sub?.summary.daysToFirstActivity;
  const currentReasons = sub ? sub.returnReasons.filter((r) => r.revision === sub.revision) : [];
  // The leader removes confidential text typed by mistake; the server decides whose form it is.
  const canRedact = data.viewer.role === 'SERVICE_LEADER' || data.viewer.role === 'ADMIN';
  const unsaved = assessment !== null || reflections !== null || feedback !== null || wayForward !== null || judgements !== null || comments !== null || goals !== null;

  const doSubmit = async () => {
    if (!confirmed) {
      setConfirmError(true);
      return;
    }
    if ((sub?.missingParts ?? []).length > 0) {
      document.getElementById('missing-parts')?.focus();
      return;
    }
    const res = await saveDraft(draftVariables());
    if (res.error) return;
    const done = await submit({ id: res.data!.saveSubmissionDraft.id, v: res.data?.saveSubmissionDraft.version });
    saved();
    if (!done.error) setParams({});
    else refresh();
  };
  const toReview = async () => {
    if (autosave.dirty && !(await autosave.flush())) return;
    refresh();
    setConfirmed(false);
    setParams({ steg: REVIEW });
  };

  return (
    <div className="egk-stack">
      <Crumbs items={review ? [...crumbs, { label: t('reviewStep'), to: `${base}/samleskjema?steg=${REVIEW}` }] : crumbs} />
      <Heading level={1} data-size="lg">{t('summaryForm')}: {data.service.name}</Heading>
      <Paragraph>{localized(round.title, lang)}</Paragraph>
      {review && canEdit && sub && (
        <Alert data-color="info">
          <Heading level={2} data-size="xs">{t('reviewStep')}</Heading>
          <Paragraph>{t('reviewIntro')}</Paragraph>
        </Alert>
      )}
      {review && canEdit && sub && <MissingSummary parts={sub.missingParts ?? []} base={base} caseIds={caseIds} />}
      {advisor && <AdvisorPanel serviceId={serviceId} roundId={roundId} submission={sub} questions={round.questionnaire.questions} onDone={refresh} />}
      {inside && <SupportPanel resources={round.supportResources} office={data.service.office} />}
      {!sub ? (
        <Alert data-color="info">{t('summaryNotStarted')}</Alert>
      ) : (
        <>
          <div className="egk-row">
            <Tag data-color={statusColor(sub.status)}>{t(`status_${sub.status}` as MessageKey)}</Tag>
            {sub.late && <Tag data-color="warning">{t('late')}</Tag>}
            <Paragraph>{t('deadline')}: {formatDate(sub.deadline)}</Paragraph>
            <Link href={`${sub.exportPath}.xlsx`} className="egk-noprint">{t('download')} (XLSX)</Link>
            <Button variant="tertiary" className="egk-noprint" onClick={() => window.print()}>{t('print')}</Button>
            {canRedact && (
              <Button variant="tertiary" data-color="danger" className="egk-noprint" onClick={() => setRedactOpen(true)}>{t('redactOpen')}</Button>
            )}
          </div>
          {canRedact && (
            <RedactTextDialog open={redactOpen} serviceId={serviceId} roundId={roundId} serviceName={data.service.name}
              warning={unsaved ? t('redactUnsaved') : undefined} onClose={() => setRedactOpen(false)} onDone={saved} />
          )}
          {submitted.data && !submitted.error && (
            <Alert data-color="success" role="status">
              <Heading level={2} data-size="xs">{t('receiptTitle')}</Heading>
              {t('submitted', { time: formatDateTime(submitted.data.submitSubmission.submittedAt, lang), revision: submitted.data.submitSubmission.revision })}
              {submitted.data.submitSubmission.late && ` ${t('receiptLate')}`}
            </Alert>
          )}
          {!round.questionnaire.official && <Alert data-color="info">{t('exampleText')}</Alert>}
          {sub.reviewed && (
            <Alert data-color="success">
              <Paragraph>{t('reviewedBy', { by: sub.reviewed.by, date: formatDateTime(sub.reviewed.at, lang) })}
                {sub.reviewed.outdated && ` ${t('reviewedOutdated')}`}</Paragraph>
              <Paragraph data-size="sm">{t('reviewedHelp')}</Paragraph>
            </Alert>
          )}
          {sub.status === 'RETURNED' && (
            <Alert data-color="warning">
              <Heading level={2} data-size="xs">{t('returnedTitle')}</Heading>
              <List.Unordered>
                {currentReasons.map((r, i) => <List.Item key={i}>{r.question ? `${r.question.code}: ` : ''}{r.reason}</List.Item>)}
              </List.Unordered>
              <Paragraph data-size="sm">{t('returnedHelp')}</Paragraph>
            </Alert>
          )}
          {!inside && <Alert data-color="info">{sub.revision > 0 ? t('outsideSentVersion') : t('outsideNothingSent')}</Alert>}
          <Heading level={2} data-size="md">{t('summaryResults')}</Heading>
          {sub.summary.suppressed && <Alert data-color="info">{t('summarySuppressed')}</Alert>}
          <Paragraph>
            {t('cases')}: {sub.summary.caseCount} · {t('complete')}: {sub.summary.completeCaseCount}
            {days && days.count > 0 &&
              ` · ${t('daysSummary', { median: formatNumber(days.median, lang), min: formatNumber(days.min, lang), max: formatNumber(days.max, lang) })}`}
          </Paragraph>
          <SummaryTable rows={sub.summary.questions} overall={sub.summary.overall} compared={compared}
            provisional={!!sub.comparison?.provisional}
            changes={new Map((sub.comparison && !sub.comparison.suppressed ? sub.comparison.questions : data.roundComparison.questions).map((q) => [q.question.id, q]))} />
          {compared && !sub.comparison && <Paragraph data-size="sm">{t('twoMeasurements')}</Paragraph>}
          {sub.comparison && <ComparisonPanel comparison={sub.comparison} />}
          {data.publishedFigures && !sub.summary.suppressed && (
            <BenchmarkTable publishedAt={data.publishedFigures.publishedAt}
              own={{ label: data.service.name, questions: sub.summary.questions.map((q) => ({ code: q.question.code, ...q.distribution })) }}
              columns={[
                { label: data.service.county.name, ...data.publishedFigures.counties.find((c) => c.county?.id === data.service?.county.id)! },
                { label: t('r2National'), ...data.publishedFigures.national },
              ].filter((c) => c.questions)} />
          )}
          {laterRound && <ServicePlanPanel serviceId={serviceId} roundId={roundId} />}
          <PreviousGoalsPanel goals={sub.previousGoals} editable={editable} values={judgementValues}
            onChange={(i, r) => setJudgements({ ...judgementValues, [i]: r })} />
          {editable ? (
            <details className="egk-stack" open={sub.questionComments.length > 0 || comments !== null}>
              <summary>{t('questionComments')}</summary>
              <Paragraph data-size="sm">{t('questionCommentsHelp')}</Paragraph>
              {round.questionnaire.questions.map((q, i) => (
                <div key={q.id} className="egk-stack">
                  <Textfield label={`${q.code} ${localized(q.text, lang)}`} multiline rows={2}
                    error={fieldError(`questionComments[${i}].comment`)}
                    value={commentValues[q.id] ?? ''} onChange={(e) => setComments({ ...commentValues, [q.id]: e.target.value })} />
                  {fieldWarning(`questionComments[${i}].comment`)}
                </div>
              ))}
            </details>
          ) : sub.questionComments.length > 0 && (
            <section className="egk-stack" aria-labelledby="question-comments">
              <Heading level={2} data-size="md" id="question-comments">{t('questionComments')}</Heading>
              {round.questionnaire.questions.filter((q) => commentValues[q.id]).map((q) => (
                <div key={q.id}>
                  <Heading level={3} data-size="2xs">{q.code} {localized(q.text, lang)}</Heading>
                  <Paragraph className="egk-prose">{commentValues[q.id]}</Paragraph>
                </div>
              ))}
            </section>
          )}

          {!editable && <Heading level={2} data-size="md">{t('assessment')}</Heading>}
          {editable && <Paragraph data-size="sm">{t('requiredPartsHelp')} {t('autosaveHelp')}</Paragraph>}
          {editable ? (
            <>
              <Textfield id="summary-assessment" label={`${t('assessment')} (${t('requiredMark')})`} description={t('assessmentHelp')} multiline rows={5} value={assessment ?? sub.assessment}
                onChange={(e) => setAssessment(e.target.value)} error={fieldError('assessment')} />
              {fieldWarning('assessment')}
            </>
          ) : (
            <Paragraph className="egk-prose">{sub.assessment || '–'}</Paragraph>
          )}
          {round.questionnaire.reflectionQuestions.length > 0 && (
            <section className="egk-stack" aria-labelledby="reflections">
              <Heading level={2} data-size="md" id="reflections">{t('reflections')}</Heading>
              {round.questionnaire.reflectionQuestions.map((q, i) => editable ? (
                <div key={q.id} className="egk-stack">
                  <Textfield label={`${q.code} ${localized(q.text, lang)}`} multiline rows={3}
                    error={fieldError(`reflections[${i}].answer`)}
                    value={reflectionValues[q.id] ?? ''} onChange={(e) => setReflections({ ...reflectionValues, [q.id]: e.target.value })} />
                  {fieldWarning(`reflections[${i}].answer`)}
                </div>
              ) : (
                <div key={q.id}>
                  <Heading level={3} data-size="2xs">{q.code} {localized(q.text, lang)}</Heading>
                  <Paragraph className="egk-prose">{reflectionValues[q.id] || '–'}</Paragraph>
                </div>
              ))}
            </section>
          )}
          {laterRound && (
            <section className="egk-stack" aria-labelledby="way-forward">
              <Heading level={2} data-size="md" id="way-forward">{t('r2WayForward')}</Heading>
              {editable ? (
                <>
                  <Fieldset>
                    <Fieldset.Legend>{t('r2WayForwardHelp')}</Fieldset.Legend>
                    {WAY_FORWARD.map((w) => (
                      <Radio key={w} name="way-forward" value={w} label={t(`r2WayForward_${w}`)} checked={wayForwardValue.decision === w}
                        onChange={() => setWayForward({ ...wayForwardValue, decision: w })} />
                    ))}
                  </Fieldset>
                  {wayForwardValue.decision && (
                    <>
                      <Textfield label={t('r2WayForwardComment')} multiline rows={3} value={wayForwardValue.comment}
                        error={fieldError('wayForward.comment')} onChange={(e) => setWayForward({ ...wayForwardValue, comment: e.target.value })} />
                      {fieldWarning('wayForward.comment')}
                      <Button variant="tertiary" data-size="sm" onClick={() => setWayForward({ decision: null, comment: '' })}>{t('r2WayForwardClear')}</Button>
                    </>
                  )}
                </>
              ) : (
                <>
                  <Paragraph><strong>{sub.wayForward ? t(`r2WayForward_${sub.wayForward.decision}`) : t('r2WayForwardNone')}</strong></Paragraph>
                  {sub.wayForward?.comment && <Paragraph className="egk-prose">{sub.wayForward.comment}</Paragraph>}
                </>
              )}
            </section>
          )}
          {round.questionnaire.feedbackQuestions.length > 0 && (
            <section className="egk-stack" aria-labelledby="supervision-feedback">
              <Heading level={2} data-size="md" id="supervision-feedback">{t('r2Feedback')}</Heading>
              <Paragraph data-size="sm">{t('r2FeedbackHelp')}</Paragraph>
              {round.questionnaire.feedbackQuestions.map((q, i) => editable ? (
                <div key={q.id} className="egk-stack">
                  <Textfield label={`${q.code} ${localized(q.text, lang)}`} multiline rows={3}
                    error={fieldError(`feedback[${i}].answer`)}
                    value={feedbackValues[q.id] ?? ''} onChange={(e) => setFeedback({ ...feedbackValues, [q.id]: e.target.value })} />
                  {fieldWarning(`feedback[${i}].answer`)}
                </div>
              ) : (
                <div key={q.id}>
                  <Heading level={3} data-size="2xs">{q.code} {localized(q.text, lang)}</Heading>
                  <Paragraph className="egk-prose">{feedbackValues[q.id] || '–'}</Paragraph>
                </div>
              ))}
            </section>
          )}
          <section className="egk-stack" aria-labelledby="plan">
            <Heading level={2} data-size="md" id="plan">{t('plan')}</Heading>
            <PlanEditor goals={goalValues} onChange={setGoals} editable={editable} questions={round.questionnaire.questions} fieldError={fieldError} fieldWarning={fieldWarning} />
          </section>

          {conflict && (
            <Alert data-color="warning">
              <Paragraph>{t('autosaveConflict')}</Paragraph>
              <Button variant="secondary" data-size="sm" onClick={saved}>{t('reloadForm')}</Button>
            </Alert>
          )}
          {errorCode(submitted.error) === 'REQUIRED_ANSWERS_MISSING' && (sub.missingParts ?? []).length === 0 && (
            <Alert data-color="warning">{errorMessage(submitted.error) ?? t('errorGeneric')}</Alert>
          )}
          {otherError && <Alert data-color="danger">{errorMessage(otherError) ?? t('errorGeneric')}</Alert>}
          {data.viewer.canSubmitForms && review && canEdit && (
            <section className="egk-stack egk-noprint egk-panel" aria-labelledby="send">
              <Heading level={2} data-size="md" id="send">{t('reviewStep')}</Heading>
              {(sub.missingParts ?? []).length > 0 && <Paragraph><a href="#missing-parts">{t('reviewMissingTitle')}</a></Paragraph>}
              <Checkbox label={t('reviewConfirm')} checked={confirmed} error={confirmError && !confirmed ? t('reviewConfirmNeeded') : undefined}
                onChange={(e) => { setConfirmed(e.target.checked); setConfirmError(false); }} />
              <div className="egk-row">
                <Button disabled={submitted.fetching || draft.fetching} onClick={() => void doSubmit()}>{t('submit')}</Button>
                <Button variant="secondary" onClick={() => setParams({})}>{t('reviewBack')}</Button>
              </div>
            </section>
          )}
          {data.viewer.canSubmitForms && !review && (
            <div className="egk-row egk-noprint">
              {editable && (
                <>
                  <Button onClick={() => void toReview()} disabled={draft.fetching}>{t('reviewStep')}</Button>
                  <Button variant="secondary" disabled={draft.fetching || !autosave.dirty} onClick={() => void autosave.flush()}>
                    {t('saveDraft')}
                  </Button>
                </>
              )}
              {sub.status === 'SUBMITTED' && (
                <Button variant="tertiary" disabled={reopened.fetching} onClick={() => reopen({ id: sub.id, v: sub.version }).then(saved)}>{t('reopen')}</Button>
              )}
              {editable && (
                <Paragraph data-size="sm" role="status" className="egk-save-state">
                  {draft.fetching ? t('saving') : autosave.dirty ? t('unsavedChanges')
                    : autosave.lastSaved ? t('lastSaved', { time: formatClock(autosave.lastSaved) }) : ''}
                </Paragraph>
              )}
            </div>
          )}

          {sub.revisions.length > 0 && (
            <section className="egk-stack" aria-labelledby="revisions">
              <Heading level={2} data-size="sm" id="revisions">{t('revisions')}</Heading>
              <TableRegion>
                <Table data-size="sm">
                  <Table.Head>
                    <Table.Row>
                      <Table.HeaderCell>{t('revision')}</Table.HeaderCell><Table.HeaderCell>{t('submittedAt')}</Table.HeaderCell>
                      <Table.HeaderCell>{t('cases')}</Table.HeaderCell><Table.HeaderCell>{t('returnReasonsCol')}</Table.HeaderCell>
                    </Table.Row>
                  </Table.Head>
                  <Table.Body>
                    {sub.revisions.map((r) => {
                      const reasons = sub.returnReasons.filter((x) => x.revision === r.revision);
                      return (
                        <Table.Row key={r.revision}>
                          <Table.Cell>{r.revision}</Table.Cell>
                          <Table.Cell>{formatDateTime(r.submittedAt, lang)}{r.late ? ` (${t('late').toLowerCase()})` : ''}</Table.Cell>
                          <Table.Cell>{r.caseCount}</Table.Cell>
                          <Table.Cell>{reasons.length ? reasons.map((x) => `${x.question ? `${x.question.code}: ` : ''}${x.reason}`).join('; ') : '–'}</Table.Cell>
                        </Table.Row>
                      );
                    })}
                  </Table.Body>
                </Table>
              </TableRegion>
            </section>
          )}
        </>
      )}
      {sub && inside && <HistoryPanel serviceId={serviceId} roundId={roundId} />}
      {advisor && <ParticipationPanel serviceId={serviceId} roundId={roundId} />}
    </div>
  );
}
