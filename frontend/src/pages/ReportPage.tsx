import { useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { Alert, Button, Heading, Link, List, Paragraph, Tag, Textfield } from '@digdir/designsystemet-react';
import { graphql } from '../gql';
import { errorMessage } from '../api';
import { formatDate, localized, useI18n, type MessageKey } from '../i18n';
import { percent } from '../lib/stats';

const ReportQuery = graphql(`
  query CountyReportPage($officeId: ID!, $roundId: ID!) {
    countyReport(officeId: $officeId, roundId: $roundId) {
      office { name { nb nn en } } round { title { nb nn en } } reportDeadline state submittedAt version downloadPath
      serviceCount invitedCount meetingAttendedCount
      willParticipate { service { id name } } submitted { service { id name } planSubmitted nextAssessment }
      notSubmitted { service { id name } status declineReason }
      results { service { name } yesShare previousYesShare change withinRandomVariation }
      activity { infoMeetings meetings contacts reminders notes }
      comments { part text }
    }
  }
`);

const SaveComments = graphql(`
  mutation SaveReport($officeId: ID!, $roundId: ID!, $v: Int, $comments: [ReportCommentInput!]!) {
    saveCountyReport(input: { officeId: $officeId, roundId: $roundId, expectedVersion: $v, comments: $comments }) { version state }
  }
`);
const SubmitReport = graphql(`mutation SubmitReport($officeId: ID!, $roundId: ID!) { submitCountyReport(officeId: $officeId, roundId: $roundId) { state submittedAt } }`);

const PARTS = ['INVITATIONS', 'PARTICIPATION', 'SUBMISSIONS', 'RESULTS', 'NOT_DONE', 'OWN_ACTIVITY', 'GENERAL'] as const;

export default function ReportPage({ officeId }: { officeId?: string }) {
  const { roundId = '' } = useParams();
  const { t, lang } = useI18n();
  const [{ data, error }, refetch] = useQuery({ query: ReportQuery, variables: { officeId: officeId ?? '', roundId }, pause: !officeId });
  const [saved, save] = useMutation(SaveComments);
  const [, submit] = useMutation(SubmitReport);
  const [comments, setComments] = useState<Record<string, string> | null>(null);
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('errorGeneric')}</Alert>;
  const r = data?.countyReport;
  if (!r) return <div className="egk-skeleton" />;
  const stored = Object.fromEntries(r.comments.map((c) => [c.part, c.text]));
  const values = comments ?? stored;
  const refresh = () => refetch({ requestPolicy: 'network-only' });
  const names = (xs: { service: { name: string } }[]) => xs.map((x) => x.service.name).join(', ') || '–';
  return (
    <div className="egk-stack">
      <RouterLink to={`/oppfolging/${roundId}`}>← {t('funnel')}</RouterLink>
      <Heading level={1} data-size="lg">{t('countyReport')}</Heading>
      <Paragraph>{localized(r.office.name, lang)} · {localized(r.round.title, lang)}</Paragraph>
      <div className="egk-row">
        <Tag data-color={r.state === 'SUBMITTED' ? 'success' : 'neutral'}>
          {r.state === 'SUBMITTED' ? t('reportSent', { date: formatDate(r.submittedAt) }) : t('status_IN_PROGRESS')}
        </Tag>
        <Paragraph>{t('reportDue', { date: formatDate(r.reportDeadline) })}</Paragraph>
        <Link href={`${r.downloadPath}.xlsx`}>{t('download')} (XLSX)</Link>
        <Link href={`${r.downloadPath}.html`}>{t('print')} (HTML)</Link>
      </div>
      <List.Unordered>
        <List.Item>{t('services')}: {r.serviceCount}</List.Item>
        <List.Item>{t('invitedCount')}: {r.invitedCount}</List.Item>
        <List.Item>{t('attendedCount')}: {r.meetingAttendedCount}</List.Item>
        <List.Item>{t('willParticipate')}: {r.willParticipate.length} ({names(r.willParticipate)})</List.Item>
        <List.Item>{t('submittedCount')}: {r.submitted.length} ({names(r.submitted)})</List.Item>
        <List.Item>{t('notSubmitted')}: {r.notSubmitted.map((s) => `${s.service.name}${s.declineReason ? ` (${s.declineReason})` : ''}`).join(', ') || '–'}</List.Item>
        <List.Item>{t('ownActivity')}: {r.activity.infoMeetings + r.activity.meetings} / {r.activity.contacts} / {r.activity.reminders}</List.Item>
      </List.Unordered>
      {r.results.length > 0 && (
        <List.Unordered aria-label={t('part_RESULTS')}>
          {r.results.map((x) => (
            <List.Item key={x.service.name}>
              {x.service.name}: {percent(x.previousYesShare)} → {percent(x.yesShare)}
              {x.withinRandomVariation != null && ` (${x.withinRandomVariation ? t('withinVariation') : t('beyondVariation')})`}
            </List.Item>
          ))}
        </List.Unordered>
      )}
      {PARTS.map((p) => (
        <Textfield key={p} label={t(`part_${p}` as MessageKey)} multiline rows={3} value={values[p] ?? ''}
          onChange={(e) => setComments({ ...values, [p]: e.target.value })} />
      ))}
      {saved.error && <Alert data-color="danger">{errorMessage(saved.error) ?? t('errorGeneric')}</Alert>}
      <div className="egk-row">
        <Button variant="secondary" disabled={saved.fetching}
          onClick={() => save({ officeId: officeId!, roundId, v: r.version, comments: PARTS.map((p) => ({ part: p, text: values[p] ?? '' })) }).then(refresh)}>
          {t('saveComments')}
        </Button>
        <Button onClick={() => submit({ officeId: officeId!, roundId }).then(refresh)}>{t('markSent')}</Button>
      </div>
    </div>
  );
}
