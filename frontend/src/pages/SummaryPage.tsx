import { useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { Alert, Button, Field, Fieldset, Heading, Label, Link, List, Paragraph, Select, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { graphql } from '../gql';
import { errorCode, errorMessage } from '../api';
import { formatDate, localized, useI18n } from '../i18n';
import { percent } from '../lib/stats';
import { statusColor } from './ServicePage';
import { ParticipationPanel } from './ParticipationPanel';

const SummaryQuery = graphql(`
  query Summary($serviceId: ID!, $roundId: ID!) {
    service(id: $serviceId) { id name }
    round(id: $roundId) { id title { nb nn en } questionnaire { questions { id code } reflectionQuestions { id code text { nb nn en } } } }
    viewer { canSubmitForms role }
    submission(serviceId: $serviceId, roundId: $roundId) {
      id status late revision version submittedAt assessment exportPath deadline
      reflections { question { id } answer }
      improvementPlan { goals { question { id } description target measure actions { description owner dueDate status } } }
      returnReasons { reason question { code } }
      summary { caseCount completeCaseCount
        overall { yes partly no denominator yesShare partlyShare noShare }
        questions { question { id code text { nb nn en } } distribution { yes partly no notPossible notApplicable denominator yesShare partlyShare noShare } }
        daysToFirstActivity { count median min max } }
      revisions { revision submittedAt late }
    }
    roundComparison(roundId: $roundId, scope: { serviceId: $serviceId }) {
      previousRound { id number }
      questions { question { id } comparability withinRandomVariation yesChange { difference } }
    }
  }
`);

const SaveDraft = graphql(`
  mutation SaveDraft($serviceId: ID!, $roundId: ID!, $assessment: String, $reflections: [ReflectionAnswerInput!], $plan: ImprovementPlanInput, $expectedVersion: Int) {
    saveSubmissionDraft(input: { serviceId: $serviceId, roundId: $roundId, assessment: $assessment, reflections: $reflections, improvementPlan: $plan, expectedVersion: $expectedVersion }) { id version assessment status }
  }
`);
const ReturnForm = graphql(`
  mutation ReturnForm($id: ID!, $reason: String) { returnSubmission(input: { submissionId: $id, reason: $reason }) { id status } }
`);
const AcceptForm = graphql(`mutation AcceptForm($id: ID!) { acceptSubmission(input: { submissionId: $id }) { id status } }`);
const UnlockForm = graphql(`mutation UnlockForm($id: ID!) { unlockSubmission(input: { submissionId: $id }) { id status } }`);
const Extend = graphql(`
  mutation Extend($serviceId: ID!, $roundId: ID!, $until: Date!, $reason: String!) {
    grantExtension(input: { serviceId: $serviceId, roundId: $roundId, until: $until, reason: $reason }) { extensionUntil }
  }
`);

type GoalDraft = { questionId: string; description: string; target: string; measure: string; action: string; owner: string; dueDate: string };
const Submit = graphql(`
  mutation Submit($id: ID!, $v: Int) { submitSubmission(input: { submissionId: $id, expectedVersion: $v }) { id status revision submittedAt late version } }
`);
const Reopen = graphql(`mutation Reopen($id: ID!) { reopenSubmission(input: { submissionId: $id }) { id status version } }`);

export default function SummaryPage() {
  const { serviceId = '', roundId = '' } = useParams();
  const { t, lang } = useI18n();
  const [{ data, error }, refetch] = useQuery({ query: SummaryQuery, variables: { serviceId, roundId }, requestPolicy: 'cache-and-network' });
  const [draft, saveDraft] = useMutation(SaveDraft);
  const [submitted, submit] = useMutation(Submit);
  const [, reopen] = useMutation(Reopen);
  const [returned, returnForm] = useMutation(ReturnForm);
  const [, acceptForm] = useMutation(AcceptForm);
  const [, unlockForm] = useMutation(UnlockForm);
  const [extended, extend] = useMutation(Extend);
  const [assessment, setAssessment] = useState<string | null>(null);
  const [reflections, setReflections] = useState<Record<string, string> | null>(null);
  const [goals, setGoals] = useState<GoalDraft[] | null>(null);
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [extReason, setExtReason] = useState('');
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('errorGeneric')}</Alert>;
  if (!data?.service || !data.round) return null;
  const sub = data.submission;
  const editable = data.viewer.canSubmitForms && (!sub || sub.status === 'IN_PROGRESS' || sub.status === 'RETURNED' || sub.status === 'NOT_STARTED');
  const advisor = data.viewer.role === 'COUNTY_ADVISOR';
  const storedReflections = Object.fromEntries((sub?.reflections ?? []).map((r) => [r.question.id, r.answer]));
  const reflectionValues = reflections ?? storedReflections;
  const goalValues: GoalDraft[] = goals ?? (sub?.improvementPlan.goals ?? []).map((g) => ({
    questionId: g.question?.id ?? '', description: g.description, target: g.target, measure: g.measure,
    action: g.actions[0]?.description ?? '', owner: g.actions[0]?.owner ?? '', dueDate: g.actions[0]?.dueDate ?? '',
  }));
  const setGoal = (i: number, patch: Partial<GoalDraft>) => setGoals(goalValues.map((g, j) => (j === i ? { ...g, ...patch } : g)));
  const draftVariables = () => ({
    serviceId, roundId, assessment: assessment ?? sub?.assessment ?? '',
    reflections: data.round!.questionnaire.reflectionQuestions.map((q) => ({ questionId: q.id, answer: reflectionValues[q.id] ?? '' })),
    plan: {
      goals: goalValues.filter((g) => g.description.trim() !== '').map((g) => ({
        questionId: g.questionId || null, description: g.description, target: g.target, measure: g.measure,
        actions: g.action.trim() ? [{ description: g.action, owner: g.owner, dueDate: g.dueDate || null }] : [],
      })),
    },
    expectedVersion: sub?.version ?? 0,
  });
  // Refused personal data is shown next to the field it came from (extensions.field).
  const errorField = draft.error?.graphQLErrors[0]?.extensions?.['field'];
  const fieldError = (field: string) => (errorField === field && draft.error ? errorMessage(draft.error) : undefined);
  const changes = new Map(data.roundComparison.questions.map((q) => [q.question.id, q]));
  const refresh = () => refetch({ requestPolicy: 'network-only' });
  const missing = submitted.error && errorCode(submitted.error) === 'REQUIRED_ANSWERS_MISSING'
    ? ((submitted.error.graphQLErrors[0]?.extensions?.['missing'] as { caseNumber: number; questionCode?: string; field?: string }[]) ?? [])
    : [];
  return (
    <div className="egk-stack">
      <RouterLink to={`/tjenester/${serviceId}/runder/${roundId}`} className="egk-noprint">← {t('cases')}</RouterLink>
      <Heading level={1} data-size="lg">{t('summaryForm')}: {data.service.name}</Heading>
      <Paragraph>{localized(data.round.title, lang)}</Paragraph>
      {!sub ? (
        <Paragraph>{t('status_NOT_STARTED')}</Paragraph>
      ) : (
        <>
          <div className="egk-row">
            <Tag data-color={statusColor(sub.status)}>{t(`status_${sub.status}`)}</Tag>
            {sub.late && <Tag data-color="warning">{t('late')}</Tag>}
            <Link href={`${sub.exportPath}.xlsx`} className="egk-noprint">{t('download')} (XLSX)</Link>
            <Button variant="tertiary" className="egk-noprint" onClick={() => window.print()}>{t('print')}</Button>
          </div>
          {sub.status === 'RETURNED' && (
            <Alert data-color="warning">
              <Heading level={2} data-size="xs">{t('returnedTitle')}</Heading>
              <List.Unordered>
                {sub.returnReasons.map((r, i) => <List.Item key={i}>{r.question ? `${r.question.code}: ` : ''}{r.reason}</List.Item>)}
              </List.Unordered>
            </Alert>
          )}
          <Paragraph>{t('cases')}: {sub.summary.caseCount} · {t('complete')}: {sub.summary.completeCaseCount}</Paragraph>
          <div className="egk-table-wrap" role="region" tabIndex={0} aria-label={t('tableRegion')}>
            <Table>
              <caption>{data.roundComparison.previousRound ? t('comparedWith') : t('summaryForm')}</caption>
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>{t('question')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('option_YES')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('option_PARTLY')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('option_NO')}</Table.HeaderCell>
                  {data.roundComparison.previousRound && <Table.HeaderCell>{t('change')}</Table.HeaderCell>}
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {sub.summary.questions.map((q) => {
                  const c = changes.get(q.question.id);
                  return (
                    <Table.Row key={q.question.id}>
                      <Table.Cell>{q.question.code} {localized(q.question.text, lang)}</Table.Cell>
                      <Table.Cell>
                        <span className="egk-bar" style={{ width: `${Math.round((q.distribution.yesShare ?? 0) * 60)}px` }} aria-hidden /> {q.distribution.yes} ({percent(q.distribution.yesShare)})
                      </Table.Cell>
                      <Table.Cell>{q.distribution.partly} ({percent(q.distribution.partlyShare)})</Table.Cell>
                      <Table.Cell>{q.distribution.no} ({percent(q.distribution.noShare)})</Table.Cell>
                      {data.roundComparison.previousRound && (
                        <Table.Cell>
                          {c?.yesChange ? `${c.yesChange.difference > 0 ? '+' : ''}${Math.round(c.yesChange.difference * 100)} pp, ${c.withinRandomVariation ? t('withinVariation') : t('beyondVariation')}` : '–'}
                        </Table.Cell>
                      )}
                    </Table.Row>
                  );
                })}
                <Table.Row>
                  <Table.HeaderCell>{t('overall')}</Table.HeaderCell>
                  <Table.Cell>{sub.summary.overall.yes} ({percent(sub.summary.overall.yesShare)})</Table.Cell>
                  <Table.Cell>{sub.summary.overall.partly} ({percent(sub.summary.overall.partlyShare)})</Table.Cell>
                  <Table.Cell>{sub.summary.overall.no} ({percent(sub.summary.overall.noShare)})</Table.Cell>
                  {data.roundComparison.previousRound && <Table.Cell />}
                </Table.Row>
              </Table.Body>
            </Table>
          </div>
          {data.roundComparison.previousRound && <Paragraph data-size="sm">{t('twoMeasurements')}</Paragraph>}
          <Textfield label={t('assessment')} multiline rows={5} value={assessment ?? sub.assessment} onChange={(e) => setAssessment(e.target.value)}
            readOnly={!editable} error={fieldError('assessment')} />
          {data.round.questionnaire.reflectionQuestions.length > 0 && (
            <section className="egk-stack" aria-labelledby="reflections">
              <Heading level={2} data-size="sm" id="reflections">{t('reflections')}</Heading>
              {data.round.questionnaire.reflectionQuestions.map((q, i) => (
                <Textfield key={q.id} label={`${q.code} ${localized(q.text, lang)}`} multiline rows={3} readOnly={!editable}
                  error={fieldError(`reflections[${i}].answer`)}
                  value={reflectionValues[q.id] ?? ''} onChange={(e) => setReflections({ ...reflectionValues, [q.id]: e.target.value })} />
              ))}
            </section>
          )}
          <section className="egk-stack" aria-labelledby="plan">
            <Heading level={2} data-size="sm" id="plan">{t('plan')}</Heading>
            {goalValues.map((g, i) => (
              <Fieldset key={i}>
                <Fieldset.Legend>{t('goal')} {i + 1}</Fieldset.Legend>
                <Field>
                  <Label htmlFor={`goal-q-${i}`}>{t('targetQuestion')}</Label>
                  <Select id={`goal-q-${i}`} value={g.questionId} disabled={!editable} onChange={(e) => setGoal(i, { questionId: e.target.value })}>
                    <Select.Option value="">{t('none')}</Select.Option>
                    {data.round!.questionnaire.questions.map((q) => <Select.Option key={q.id} value={q.id}>{q.code}</Select.Option>)}
                  </Select>
                </Field>
                <Textfield label={t('goal')} value={g.description} readOnly={!editable} error={fieldError(`improvementPlan.goals[${i}].description`)} onChange={(e) => setGoal(i, { description: e.target.value })} />
                <Textfield label={t('target')} value={g.target} readOnly={!editable} error={fieldError(`improvementPlan.goals[${i}].target`)} onChange={(e) => setGoal(i, { target: e.target.value })} />
                <Textfield label={t('measure')} value={g.measure} readOnly={!editable} error={fieldError(`improvementPlan.goals[${i}].measure`)} onChange={(e) => setGoal(i, { measure: e.target.value })} />
                <Textfield label={t('action')} value={g.action} readOnly={!editable} error={fieldError(`improvementPlan.goals[${i}].actions[0].description`)} onChange={(e) => setGoal(i, { action: e.target.value })} />
                <Textfield label={t('owner')} value={g.owner} readOnly={!editable} error={fieldError(`improvementPlan.goals[${i}].actions[0].owner`)} onChange={(e) => setGoal(i, { owner: e.target.value })} />
                <Textfield label={t('dueDate')} type="date" value={g.dueDate} readOnly={!editable} onChange={(e) => setGoal(i, { dueDate: e.target.value })} />
                {editable && <Button variant="tertiary" onClick={() => setGoals(goalValues.filter((_, j) => j !== i))}>{t('removeGoal')}</Button>}
              </Fieldset>
            ))}
            {editable && (
              <Button variant="secondary" onClick={() => setGoals([...goalValues, { questionId: '', description: '', target: '', measure: '', action: '', owner: '', dueDate: '' }])}>
                {t('addGoal')}
              </Button>
            )}
          </section>
          {draft.error && errorCode(draft.error) !== 'PERSONAL_DATA' && <Alert data-color="danger">{errorMessage(draft.error) ?? t('errorGeneric')}</Alert>}
          {data.viewer.canSubmitForms && (
            <div className="egk-row egk-noprint">
              {editable && (
                <>
                  <Button variant="secondary" disabled={draft.fetching} onClick={() => saveDraft(draftVariables()).then(refresh)}>{t('saveDraft')}</Button>
                  <Button disabled={submitted.fetching}
                    onClick={async () => {
                      const saved = await saveDraft(draftVariables());
                      if (saved.error) return;
                      await submit({ id: sub.id, v: saved.data?.saveSubmissionDraft.version });
                      refresh();
                    }}>
                    {t('submit')}
                  </Button>
                </>
              )}
              {(sub.status === 'SUBMITTED' || sub.status === 'RETURNED') && <Button variant="tertiary" onClick={() => reopen({ id: sub.id }).then(refresh)}>{t('reopen')}</Button>}
            </div>
          )}
          {advisor && <ParticipationPanel serviceId={serviceId} roundId={roundId} />}
          {advisor && (
            <section className="egk-stack egk-noprint" aria-labelledby="advisor">
              <Heading level={2} data-size="sm" id="advisor">{t('advisorActions')}</Heading>
              {sub.status === 'SUBMITTED' && (
                <>
                  <Textfield label={t('returnReason')} multiline rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
                  <div className="egk-row">
                    <Button variant="secondary" disabled={!reason.trim() || returned.fetching} onClick={() => returnForm({ id: sub.id, reason }).then(refresh)}>{t('returnForm')}</Button>
                    <Button onClick={() => acceptForm({ id: sub.id }).then(refresh)}>{t('accept')}</Button>
                  </div>
                  {returned.error && <Alert data-color="danger">{errorMessage(returned.error) ?? t('errorGeneric')}</Alert>}
                </>
              )}
              {sub.status === 'ACCEPTED' && <Button variant="secondary" onClick={() => unlockForm({ id: sub.id }).then(refresh)}>{t('unlock')}</Button>}
              <div className="egk-row">
                <Textfield label={t('extensionUntil')} type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
                <Textfield label={t('extensionReason')} value={extReason} onChange={(e) => setExtReason(e.target.value)} />
                <Button variant="secondary" disabled={!until || !extReason.trim()} onClick={() => extend({ serviceId, roundId, until, reason: extReason }).then(refresh)}>{t('extension')}</Button>
              </div>
              {extended.error && <Alert data-color="danger">{errorMessage(extended.error) ?? t('errorGeneric')}</Alert>}
              <Paragraph>{t('deadline')}: {formatDate(sub.deadline)}</Paragraph>
            </section>
          )}
          {submitted.data && <Alert data-color="success">{t('submitted', { time: formatDate(submitted.data.submitSubmission.submittedAt), revision: submitted.data.submitSubmission.revision })}</Alert>}
          {missing.length > 0 && (
            <Alert data-color="warning">
              <Heading level={2} data-size="xs">{t('missingTitle')}</Heading>
              <List.Unordered>{missing.map((m, i) => <List.Item key={i}>{t('caseNo', { n: m.caseNumber })}: {m.questionCode ?? t('days')}</List.Item>)}</List.Unordered>
            </Alert>
          )}
          {submitted.error && missing.length === 0 && <Alert data-color="danger">{errorMessage(submitted.error) ?? t('errorGeneric')}</Alert>}
        </>
      )}
    </div>
  );
}
