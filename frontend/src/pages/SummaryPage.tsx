import { useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { Alert, Button, Heading, Link, List, Paragraph, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { graphql } from '../gql';
import { errorCode, errorMessage } from '../api';
import { formatDate, localized, useI18n } from '../i18n';
import { percent } from '../lib/stats';
import { statusColor } from './ServicePage';

const SummaryQuery = graphql(`
  query Summary($serviceId: ID!, $roundId: ID!) {
    service(id: $serviceId) { id name }
    round(id: $roundId) { id title { nb nn en } }
    viewer { canSubmitForms }
    submission(serviceId: $serviceId, roundId: $roundId) {
      id status late revision version submittedAt assessment exportPath
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
  mutation SaveDraft($serviceId: ID!, $roundId: ID!, $assessment: String, $expectedVersion: Int) {
    saveSubmissionDraft(input: { serviceId: $serviceId, roundId: $roundId, assessment: $assessment, expectedVersion: $expectedVersion }) { id version assessment status }
  }
`);
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
  const [assessment, setAssessment] = useState<string | null>(null);
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('errorGeneric')}</Alert>;
  if (!data?.service || !data.round) return null;
  const sub = data.submission;
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
          <div className="egk-table-wrap">
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
            readOnly={!data.viewer.canSubmitForms || sub.status === 'SUBMITTED' || sub.status === 'ACCEPTED'}
            error={draft.error ? errorMessage(draft.error) ?? t('errorGeneric') : undefined} />
          {data.viewer.canSubmitForms && (
            <div className="egk-row egk-noprint">
              {(sub.status === 'IN_PROGRESS' || sub.status === 'RETURNED') && (
                <>
                  <Button variant="secondary" disabled={draft.fetching}
                    onClick={() => saveDraft({ serviceId, roundId, assessment: assessment ?? sub.assessment, expectedVersion: sub.version }).then(refresh)}>
                    {t('saveDraft')}
                  </Button>
                  <Button disabled={submitted.fetching} onClick={() => submit({ id: sub.id, v: sub.version }).then(refresh)}>{t('submit')}</Button>
                </>
              )}
              {(sub.status === 'SUBMITTED' || sub.status === 'RETURNED') && <Button variant="tertiary" onClick={() => reopen({ id: sub.id }).then(refresh)}>{t('reopen')}</Button>}
            </div>
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
