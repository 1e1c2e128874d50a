// The summary form of a service's round: the figures, the service's assessment and answers, its
// improvement plan, and the review step that sends it. The service's people edit it (autosaved);
// the county governor and Helsetilsynet read the version last sent.
import { useEffect, useRef } from 'react';
import { useLocation, useParams, useSearchParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { Alert, Button, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { errorCode, errorField, errorMessage } from '../../api';
import { formatDateTime, localized, useI18n } from '../../i18n';
import { formIsOpen } from '../../lib/caseform';
import { formatClock, useAutosave, useLeaveWarning } from '../../lib/autosave';
import { isTextWarning } from '../../lib/personaldata';
import { PageSkeleton } from '../../components/PageSkeleton';
import { ParticipationPanel } from '../../components/ParticipationPanel';
import { AdvisorPanel } from '../../components/AdvisorPanel';
import { ServicePlanPanel } from '../../components/PlanPanels';
import { Crumbs } from '../../components/Crumbs';
import { SupportPanel } from '../../components/SupportPanel';
import { TextWarning } from '../../components/TextWarning';
import { usePageTitle } from '../../components/usePageTitle';
import { PreviousGoalsPanel } from './FollowUpPanels';
import { HistoryPanel } from './HistoryPanel';
import { MissingSummary } from './MissingSummary';
import { PlanEditor } from './PlanEditor';
import { RevisionsTable } from './RevisionsTable';
import { SendPanel } from './SendPanel';
import { AnswerSection, QuestionComments, WayForwardSection } from './SummaryAnswers';
import { SummaryNotices, SummaryStatus } from './SummaryNotices';
import { SummaryResults } from './SummaryResults';
import { draftInput } from './draft';
import { Reopen, SaveDraft, Submit, SummaryCases, SummaryQuery } from './operations';
import { useSummaryDraft } from './useSummaryDraft';
import styles from './SummaryPage.module.css';

const REVIEW = 'send-inn';

export default function SummaryPage() {
  const { serviceId = '', roundId = '' } = useParams();
  const { t, lang } = useI18n();
  const [{ data, error }, refetch] = useQuery({ query: SummaryQuery, variables: { serviceId, roundId }, requestPolicy: 'cache-and-network' });
  usePageTitle(data?.service ? `${t('common.summaryForm')}: ${data.service.name}` : t('common.summaryForm'));
  const [draft, saveDraft] = useMutation(SaveDraft);
  const [submitted, submit] = useMutation(Submit);
  const [reopened, reopen] = useMutation(Reopen);
  const edits = useSummaryDraft(data?.submission);
  const [params, setParams] = useSearchParams();
  const review = params.get('steg') === REVIEW;
  const location = useLocation();
  // The version this page last saved (autosave sends it, so a quick second save does not wait for a refetch).
  const version = useRef<number | null>(null);
  const [casesResult] = useQuery({ query: SummaryCases, variables: { serviceId, roundId }, pause: !data?.viewer.canEditForms });
  const sub0 = data?.submission;
  const editable0 = !!data?.viewer.canSubmitForms && formIsOpen(sub0?.status) && !!sub0;
  // Everything a draft save sends, from the stored form and what is typed here.
  const buildDraft = () => draftInput(serviceId, roundId, data!.round!, data!.submission, edits.values);
  const draftVariables = () => ({ ...buildDraft(), expectedVersion: version.current ?? sub0?.version ?? 0 });
  const autosave = useAutosave({
    content: data?.round && sub0 && editable0 ? JSON.stringify(buildDraft()) : null,
    enabled: editable0 && !review,
    save: async () => {
      const res = await saveDraft(draftVariables());
      if (res.data) version.current = res.data.saveSubmissionDraft.version;
      return { ok: !res.error };
    },
  });
  useLeaveWarning(autosave.dirty, t('leader.leaveUnsaved'));
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

  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('common.errorGeneric')}</Alert>;
  if (!data) return <PageSkeleton blocks={4} />;
  if (!data.service || !data.round) return <Alert data-color="warning">{t('forms.notFound')}</Alert>;
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
  const here = { label: t('common.summaryForm'), to: `${base}/samleskjema` };
  const crumbs = inside
    ? [{ label: data.service.name, to: base }, here]
    : advisor
      ? [{ label: t('leader.crumbsFollowUp'), to: `/oppfolging/${roundId}` }, { label: data.service.name, to: `/oppfolging/${roundId}/tjenester/${serviceId}` }, here]
      : [{ label: t('forms.backToStart'), to: '/' }, here];
  const values = edits.values;
  const laterRound = round.number > 1;
  const refresh = () => refetch({ requestPolicy: 'network-only' });
  // After a save the stored values are the truth again: drop the local drafts.
  const saved = () => {
    version.current = null;
    autosave.reset();
    edits.reset();
    refresh();
  };
  // Refused personal data (and other field errors) are shown next to the field they came from (extensions.field);
  // a PERSONAL_DATA_WARNING is shown as a warning at each field it concerns, with "Lagre likevel".
  const draftField = errorField(draft.error);
  const fieldError = (field: string) => (draftField === field && draft.error && !isTextWarning(draft.error) ? errorMessage(draft.error) : undefined);
  const saveAnyway = () => saveDraft({ ...draftVariables(), confirmWarnings: true }).then((r) => { if (!r.error) saved(); });
  const fieldWarning = (field: string) => <TextWarning error={draft.error} field={field} busy={draft.fetching} onConfirm={() => void saveAnyway()} />;
  const feedbackProps = { fieldError, fieldWarning };
  const conflict = [draft, submitted, reopened].some((r) => errorCode(r.error) === 'VERSION_CONFLICT');
  const otherError = [draft, submitted, reopened].map((r) => r.error)
    .find((e) => e && !['VERSION_CONFLICT', 'REQUIRED_ANSWERS_MISSING'].includes(errorCode(e) ?? '') && !(e === draft.error && draftField !== undefined));
  const caseIds = new Map((casesResult.data?.cases ?? []).map((c) => [c.number, c.id]));

  const doSubmit = async () => {
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
    setParams({ steg: REVIEW });
  };

  return (
    <div className="egk-stack">
      <Crumbs items={review ? [...crumbs, { label: t('leader.review.step'), to: `${base}/samleskjema?steg=${REVIEW}` }] : crumbs} />
      <Heading level={1} data-size="lg">{t('common.summaryForm')}: {data.service.name}</Heading>
      <Paragraph>{localized(round.title, lang)}</Paragraph>
      {review && canEdit && sub && (
        <Alert data-color="info">
          <Heading level={2} data-size="xs">{t('leader.review.step')}</Heading>
          <Paragraph>{t('leader.review.intro')}</Paragraph>
        </Alert>
      )}
      {review && canEdit && sub && <MissingSummary parts={sub.missingParts ?? []} base={base} caseIds={caseIds} />}
      {advisor && <AdvisorPanel serviceId={serviceId} roundId={roundId} submission={sub} questions={round.questionnaire.questions} onDone={refresh} />}
      {inside && <SupportPanel resources={round.supportResources} office={data.service.office} />}
      {!sub ? (
        <Alert data-color="info">{t('forms.summary.notStarted')}</Alert>
      ) : (
        <>
          <SummaryStatus sub={sub} serviceId={serviceId} roundId={roundId} serviceName={data.service.name} unsaved={edits.unsaved}
            canRedact={data.viewer.role === 'SERVICE_LEADER' || data.viewer.role === 'ADMIN'} onRedacted={saved} />
          {submitted.data && !submitted.error && (
            <Alert data-color="success" role="status">
              <Heading level={2} data-size="xs">{t('forms.receiptTitle')}</Heading>
              {t('common.submitted', { time: formatDateTime(submitted.data.submitSubmission.submittedAt, lang), revision: submitted.data.submitSubmission.revision })}
              {submitted.data.submitSubmission.late && ` ${t('forms.receiptLate')}`}
            </Alert>
          )}
          <SummaryNotices sub={sub} official={round.questionnaire.official} inside={inside} />
          <SummaryResults sub={sub} service={data.service} roundComparison={data.roundComparison} publishedFigures={data.publishedFigures} />
          {laterRound && <ServicePlanPanel serviceId={serviceId} roundId={roundId} />}
          <PreviousGoalsPanel goals={sub.previousGoals} editable={editable} values={values.judgements}
            onChange={(i, r) => edits.set('judgements', { ...values.judgements, [i]: r })} />
          <QuestionComments questions={round.questionnaire.questions} values={values.comments} editable={editable}
            open={sub.questionComments.length > 0 || edits.edited('comments')} onChange={(v) => edits.set('comments', v)} {...feedbackProps} />

          {!editable && <Heading level={2} data-size="md">{t('common.assessment')}</Heading>}
          {editable && <Paragraph data-size="sm">{t('leader.requiredPartsHelp')} {t('leader.autosaveHelp')}</Paragraph>}
          {editable ? (
            <>
              <Textfield id="summary-assessment" label={`${t('common.assessment')} (${t('leader.requiredMark')})`} description={t('forms.assessmentHelp')} multiline rows={5}
                value={values.assessment} onChange={(e) => edits.set('assessment', e.target.value)} error={fieldError('assessment')} />
              {fieldWarning('assessment')}
            </>
          ) : (
            <Paragraph className={styles.prose}>{sub.assessment || '–'}</Paragraph>
          )}
          <AnswerSection id="reflections" headingId="reflections" title={t('common.reflections')} questions={round.questionnaire.reflectionQuestions}
            values={values.reflections} editable={editable} onChange={(v) => edits.set('reflections', v)} {...feedbackProps} />
          {laterRound && (
            <WayForwardSection value={values.wayForward} stored={sub.wayForward} editable={editable}
              onChange={(v) => edits.set('wayForward', v)} {...feedbackProps} />
          )}
          <AnswerSection id="feedback" headingId="supervision-feedback" title={t('roundtwo.feedback.label')} help={t('roundtwo.feedback.help')}
            questions={round.questionnaire.feedbackQuestions} values={values.feedback} editable={editable}
            onChange={(v) => edits.set('feedback', v)} {...feedbackProps} />
          <section className="egk-stack" aria-labelledby="plan">
            <Heading level={2} data-size="md" id="plan">{t('common.plan')}</Heading>
            <PlanEditor goals={values.goals} onChange={(g) => edits.set('goals', g)} editable={editable} questions={round.questionnaire.questions}
              fieldError={fieldError} fieldWarning={fieldWarning} />
          </section>

          {conflict && (
            <Alert data-color="warning">
              <Paragraph>{t('leader.autosaveConflict')}</Paragraph>
              <Button variant="secondary" data-size="sm" onClick={saved}>{t('leader.reloadForm')}</Button>
            </Alert>
          )}
          {errorCode(submitted.error) === 'REQUIRED_ANSWERS_MISSING' && (sub.missingParts ?? []).length === 0 && (
            <Alert data-color="warning">{errorMessage(submitted.error) ?? t('common.errorGeneric')}</Alert>
          )}
          {otherError && <Alert data-color="danger">{errorMessage(otherError) ?? t('common.errorGeneric')}</Alert>}
          {data.viewer.canSubmitForms && review && canEdit && (
            <SendPanel missing={(sub.missingParts ?? []).length > 0} busy={submitted.fetching || draft.fetching}
              onSend={() => void doSubmit()} onBack={() => setParams({})} />
          )}
          {data.viewer.canSubmitForms && !review && (
            <div className="egk-row egk-noprint">
              {editable && (
                <>
                  <Button onClick={() => void toReview()} disabled={draft.fetching}>{t('leader.review.step')}</Button>
                  <Button variant="secondary" disabled={draft.fetching || !autosave.dirty} onClick={() => void autosave.flush()}>
                    {t('common.saveDraft')}
                  </Button>
                </>
              )}
              {sub.status === 'SUBMITTED' && (
                <Button variant="tertiary" disabled={reopened.fetching} onClick={() => reopen({ id: sub.id, v: sub.version }).then(saved)}>{t('common.reopen')}</Button>
              )}
              {editable && (
                <Paragraph data-size="sm" role="status" className={styles.saveState}>
                  {draft.fetching ? t('common.saving') : autosave.dirty ? t('leader.unsavedChanges')
                    : autosave.lastSaved ? t('leader.lastSaved', { time: formatClock(autosave.lastSaved) }) : ''}
                </Paragraph>
              )}
            </div>
          )}
          <RevisionsTable sub={sub} />
        </>
      )}
      {sub && inside && <HistoryPanel serviceId={serviceId} roundId={roundId} />}
      {advisor && <ParticipationPanel serviceId={serviceId} roundId={roundId} />}
    </div>
  );
}
