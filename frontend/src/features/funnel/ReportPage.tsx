import { useRef, useState, type ReactNode } from 'react';
import { formatClock, useAutosave, useLeaveWarning } from '../../lib/autosave';
import { useParams } from 'react-router-dom';
import { AppLink as RouterLink } from '../../components/AppLink';
import { useMutation, useQuery } from 'urql';
import { Alert, Button, Heading, Link, List, Paragraph, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import type { ReportPart } from '../../gql/graphql';
import { errorCode, errorField, errorMessage } from '../../api';
import { formatDate, formatDateTime, localized, useI18n, type MessageKey } from '../../i18n';
import { isTextWarning } from '../../lib/personaldata';
import { percent } from '../../lib/stats';
import { PlanProgressPanel } from '../../components/PlanPanels';
import { BenchmarkTable } from '../../components/BenchmarkTable';
import { PageSkeleton } from '../../components/PageSkeleton';
import { TableRegion } from '../../components/TableRegion';
import { TextWarning } from '../../components/TextWarning';
import { usePageTitle } from '../../components/usePageTitle';

const ReportQuery = graphql(`
  query CountyReportPage($officeId: ID!, $roundId: ID!) {
    countyReport(officeId: $officeId, roundId: $roundId) {
      office { name { nb nn en } } round { number title { nb nn en } } previousRound { title { nb nn en } }
      reportDeadline state submittedAt version downloadPath
      serviceCount invitedCount meetingAttendedCount
      meetings { id heldOn format title attendees { id } }
      willParticipate { service { id name } plannedFrom plannedTo }
      declined { service { id name } declineReason }
      noReply { service { id name } }
      submitted { service { id name } submittedAt late planSubmitted nextAssessment
        submission { assessment wayForward { decision comment } reflections { question { code text { nb nn en } } answer }
          comparison { suppressed total { current { yes { share } partly { share } no { share } } previous { yes { share } partly { share } no { share } } } } } }
      notSubmitted { service { id name } status declineReason }
      results { service { id name } caseCount previousCaseCount yesShare previousYesShare change withinRandomVariation tooFewToTell suppressed previousSuppressed }
      activity { infoMeetings meetings contacts reminders notes }
      wayForward { submitted continue adjust makePermanent notGiven }
      comments { part text }
    }
    own: statistics(roundId: $roundId, scope: { officeId: $officeId }) {
      suppressed questions { question { code } suppressed options { yes { share } partly { share } no { share } denominator } }
    }
    publishedFigures(roundId: $roundId) { publishedAt national { ...BenchmarkFields } }
  }
`);

const SaveComments = graphql(`
  mutation SaveReport($officeId: ID!, $roundId: ID!, $v: Int, $comments: [ReportCommentInput!]!, $confirmWarnings: Boolean) {
    saveCountyReport(input: { officeId: $officeId, roundId: $roundId, expectedVersion: $v, comments: $comments, confirmWarnings: $confirmWarnings }) { version state }
  }
`);
const SubmitReport = graphql(`mutation SubmitReport($officeId: ID!, $roundId: ID!) { submitCountyReport(officeId: $officeId, roundId: $roundId) { state submittedAt } }`);

const names = (xs: readonly { service: { name: string } }[]) => xs.map((x) => x.service.name).join(', ') || '–';

/**
 * The county governor's report to Helsetilsynet for a round, part by part as Helsetilsynet's guide
 * asks: the figures computed from the data, and the advisor's comment beside each part.
 */
export default function ReportPage({ officeId }: { officeId?: string }) {
  const { roundId = '' } = useParams();
  const { t, lang } = useI18n();
  const [{ data, error }, refetch] = useQuery({ query: ReportQuery, variables: { officeId: officeId ?? '', roundId }, pause: !officeId });
  usePageTitle(t('countyReport'));
  const [saved, save] = useMutation(SaveComments);
  const [sent, submit] = useMutation(SubmitReport);
  const [comments, setComments] = useState<Record<string, string> | null>(null);
  // Every comment is saved a moment after typing stops, as the case form saves each answer.
  const version = useRef<number | null>(null);
  const report = data?.countyReport;
  const allParts = Object.keys(PART_LABELS) as ReportPart[];
  const currentComments = () => {
    const stored0: Record<string, string> = Object.fromEntries((report?.comments ?? []).map((c) => [c.part, c.text]));
    const v = comments ?? stored0;
    return allParts.map((p) => ({ part: p, text: v[p] ?? '' }));
  };
  const saveNow = async (confirmWarnings = false) => {
    const sentComments = currentComments();
    const res = await save({ officeId: officeId!, roundId, v: version.current ?? report!.version, comments: sentComments, confirmWarnings });
    if (res.data) version.current = res.data.saveCountyReport.version;
    return { ok: !res.error, content: JSON.stringify(sentComments) };
  };
  const autosave = useAutosave({ content: report ? JSON.stringify(currentComments()) : null, enabled: !!report, save: saveNow });
  useLeaveWarning(autosave.dirty, t('leaveUnsaved'));
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('errorGeneric')}</Alert>;
  const r = data?.countyReport;
  if (!r) return <PageSkeleton blocks={5} />;
  const stored: Record<string, string> = Object.fromEntries(r.comments.map((c) => [c.part, c.text]));
  const values = comments ?? stored;
  const dirty = autosave.dirty;
  const refresh = () => refetch({ requestPolicy: 'network-only' });
  const savedField = errorField(saved.error);
  const saveAll = async (confirmWarnings = false) => {
    const res = await saveNow(confirmWarnings);
    if (res.ok) autosave.markSaved(res.content);
    return res.ok;
  };
  const send = async () => {
    if (dirty && !(await saveAll())) return;
    await submit({ officeId: officeId!, roundId });
    refresh();
  };

  const part = (p: ReportPart, body: ReactNode) => (
    <section className="egk-stack egk-report-part" aria-labelledby={`part-${p}`} key={p}>
      <Heading level={2} data-size="sm" id={`part-${p}`}>{t(PART_LABELS[p])}</Heading>
      {body}
      <Textfield label={t('reportCommentOn', { part: t(PART_LABELS[p]) })} multiline rows={3} value={values[p] ?? ''}
        error={savedField === `comments.${p}` && !isTextWarning(saved.error) ? errorMessage(saved.error) : undefined}
        onChange={(e) => setComments({ ...values, [p]: e.target.value })} />
      <TextWarning error={saved.error} field={`comments.${p}`} busy={saved.fetching} onConfirm={() => void saveAll(true)} />
    </section>
  );
  const round2 = r.round.number > 1;

  return (
    <div className="egk-stack">
      <RouterLink to={`/oppfolging/${roundId}`} className="egk-noprint">← {t('funnel')}</RouterLink>
      <Heading level={1} data-size="lg">{t('countyReport')}</Heading>
      <Paragraph>{localized(r.office.name, lang)} · {localized(r.round.title, lang)}</Paragraph>
      <div className="egk-row">
        <Tag data-color={r.state === 'SUBMITTED' ? 'success' : 'neutral'}>
          {r.state === 'SUBMITTED' ? t('reportSent', { date: formatDateTime(r.submittedAt, lang) }) : t(`reportState_${r.state}` as MessageKey)}
        </Tag>
        <Paragraph>{t('reportDue', { date: formatDate(r.reportDeadline) })}</Paragraph>
        <Link href={`${r.downloadPath}.xlsx`} className="egk-noprint">{t('download')} (XLSX)</Link>
        <Link href={`${r.downloadPath}.html`} className="egk-noprint">{t('print')} (HTML)</Link>
      </div>

      {part('INVITATIONS', (
        <>
          <dl className="egk-facts-list">
            <div><dt>{t('services')}</dt><dd>{r.serviceCount}</dd></div>
            <div><dt>{t('invitedCount')}</dt><dd>{r.invitedCount}</dd></div>
            <div><dt>{t('attendedCount')}</dt><dd>{r.meetingAttendedCount}</dd></div>
          </dl>
          {r.meetings.length > 0 && (
            <List.Unordered>
              {r.meetings.map((m) => (
                <List.Item key={m.id}>
                  {formatDate(m.heldOn)} · {t(`format_${m.format}` as MessageKey)}{m.title ? ` · ${m.title}` : ''} · {t('attendeeCount', { n: m.attendees.length })}
                </List.Item>
              ))}
            </List.Unordered>
          )}
        </>
      ))}
      {part('PARTICIPATION', (
        <dl className="egk-facts-list">
          <div><dt>{t('willParticipate')} ({r.willParticipate.length})</dt><dd>{names(r.willParticipate)}</dd></div>
          <div><dt>{t('declinedCount')} ({r.declined.length})</dt><dd>{r.declined.map((d) => `${d.service.name}${d.declineReason ? ` (${d.declineReason})` : ''}`).join(', ') || '–'}</dd></div>
          <div><dt>{t('noReplyCount')} ({r.noReply.length})</dt><dd>{names(r.noReply)}</dd></div>
        </dl>
      ))}
      {part('SUBMISSIONS', (
        <ReportTable caption={`${t('submittedCount')} (${r.submitted.length})`} head={[t('service'), t('submittedCol'), t('plan'), t('nextAssessment')]}
          rows={r.submitted.map((s) => [
            s.service.name, `${formatDate(s.submittedAt)}${s.late ? ` (${t('late').toLowerCase()})` : ''}`,
            s.planSubmitted ? t('yesWord') : t('noWord'), s.nextAssessment || '–',
          ])} empty={t('noneYet')} />
      ))}
      <PlanProgressPanel roundId={roundId} officeId={officeId} />
      {round2 && part('RESULTS', (
        <>
          <ReportTable caption={r.previousRound ? `${t('comparedWith')}: ${localized(r.previousRound.title, lang)}` : t('part_RESULTS')}
            head={[t('service'), t('previousYes'), t('currentYes'), t('change')]}
            rows={r.results.map((x) => [
              // A share on fewer than 5 cases is withheld by the server, in either round.
              x.service.name, `${x.previousSuppressed ? t('resWithheld') : percent(x.previousYesShare)} (${x.previousCaseCount})`,
              `${x.suppressed ? t('resWithheld') : percent(x.yesShare)} (${x.caseCount})`,
              x.change == null ? '–' : `${x.change > 0 ? '+' : ''}${Math.round(x.change * 100)} pp, ${x.tooFewToTell ? t('tooFewToTell') : x.withinRandomVariation ? t('withinVariation') : t('beyondVariation')}`,
            ])} empty={t('noneYet')} />
          <Paragraph data-size="sm">{t('twoMeasurements')}</Paragraph>
          <Heading level={3} data-size="xs">{t('r2ServicesRound2')}</Heading>
          <Paragraph data-size="sm">{t('r2ServicesRound2Help')}</Paragraph>
          {r.submitted.map((s) => {
            const sub = s.submission;
            if (!sub) return null;
            const tot = sub.comparison && !sub.comparison.suppressed ? sub.comparison.total : null;
            const jdn = (x: { yes: { share?: number | null }; partly: { share?: number | null }; no: { share?: number | null } }) =>
              `${percent(x.yes.share)} / ${percent(x.partly.share)} / ${percent(x.no.share)}`;
            return (
              <details key={s.service.id} className="egk-stack egk-panel">
                <summary>
                  {s.service.name}
                  {sub.wayForward && ` · ${t(`r2WayForward_${sub.wayForward.decision}`)}`}
                  {tot && ` · ${t('option_YES')}/${t('option_PARTLY')}/${t('option_NO')}: ${jdn(tot.previous)} → ${jdn(tot.current)}`}
                </summary>
                <Paragraph><strong>{t('r2Assessment')}:</strong> {sub.assessment || '–'}</Paragraph>
                {sub.wayForward?.comment && <Paragraph><strong>{t('r2WayForward')}:</strong> {sub.wayForward.comment}</Paragraph>}
                {sub.reflections.map((x) => (
                  <Paragraph key={x.question.code}><strong>{x.question.code} {localized(x.question.text, lang)}</strong> {x.answer}</Paragraph>
                ))}
              </details>
            );
          })}
          <Paragraph>{t('r2WayForwardCounts', { continue: r.wayForward.continue, adjust: r.wayForward.adjust, permanent: r.wayForward.makePermanent, none: r.wayForward.notGiven, submitted: r.wayForward.submitted })}</Paragraph>
        </>
      ))}
      {data.publishedFigures && (
        <BenchmarkTable publishedAt={data.publishedFigures.publishedAt}
          own={{ label: localized(r.office.name, lang), questions: data.own.suppressed ? [] : data.own.questions.map((q) => ({
            code: q.question.code, ...(q.suppressed || !q.options.denominator ? {} : { yesShare: q.options.yes.share, partlyShare: q.options.partly.share, noShare: q.options.no.share }),
          })) }}
          columns={[{ label: t('r2National'), ...data.publishedFigures.national }]} />
      )}
      {part('NOT_DONE', (
        <ReportTable caption={`${t('notSubmitted')} (${r.notSubmitted.length})`} head={[t('service'), t('status'), t('declineReason')]}
          rows={r.notSubmitted.map((s) => [s.service.name, t(`status_${s.status}` as MessageKey), s.declineReason || '–'])} empty={t('noneYet')} />
      ))}
      {part('OWN_ACTIVITY', (
        <dl className="egk-facts-list">
          <div><dt>{t('infoMeetings')}</dt><dd>{r.activity.infoMeetings}</dd></div>
          <div><dt>{t('kind_MEETING')}</dt><dd>{r.activity.meetings}</dd></div>
          <div><dt>{t('kind_CONTACT')}</dt><dd>{r.activity.contacts}</dd></div>
          <div><dt>{t('reminders')}</dt><dd>{r.activity.reminders}</dd></div>
          <div><dt>{t('kind_NOTE')}</dt><dd>{r.activity.notes}</dd></div>
        </dl>
      ))}
      {part('GENERAL', null)}

      {errorCode(saved.error) === 'VERSION_CONFLICT' && (
        <Alert data-color="warning">
          <Paragraph>{t('reportConflict')}</Paragraph>
          <Button variant="secondary" data-size="sm" onClick={() => { version.current = null; autosave.reset(); setComments(null); refresh(); }}>{t('reloadForm')}</Button>
        </Alert>
      )}
      {saved.error && errorCode(saved.error) !== 'VERSION_CONFLICT' && savedField === undefined && <Alert data-color="danger">{errorMessage(saved.error) ?? t('errorGeneric')}</Alert>}
      {sent.error && <Alert data-color="danger">{errorMessage(sent.error) ?? t('errorGeneric')}</Alert>}
      {sent.data && !sent.error && <Alert data-color="success" role="status">{t('reportSent', { date: formatDateTime(sent.data.submitCountyReport.submittedAt, lang) })}</Alert>}
      <div className="egk-row egk-noprint">
        <Button variant="secondary" disabled={saved.fetching || !dirty} onClick={() => void saveAll()}>{t('saveComments')}</Button>
        <Button disabled={sent.fetching || saved.fetching} onClick={() => void send()}>{r.state === 'SUBMITTED' ? t('markSentAgain') : t('markSent')}</Button>
        <Paragraph data-size="sm" role="status" className="egk-save-state">
          {saved.fetching ? t('saving') : dirty ? t('unsavedChanges') : autosave.lastSaved ? t('lastSaved', { time: formatClock(autosave.lastSaved) }) : ''}
        </Paragraph>
      </div>
    </div>
  );
}

const PART_LABELS: Record<ReportPart, MessageKey> = {
  INVITATIONS: 'part_INVITATIONS', PARTICIPATION: 'part_PARTICIPATION', SUBMISSIONS: 'part_SUBMISSIONS', RESULTS: 'part_RESULTS',
  NOT_DONE: 'part_NOT_DONE', OWN_ACTIVITY: 'part_OWN_ACTIVITY', GENERAL: 'part_GENERAL',
};

function ReportTable({ caption, head, rows, empty }: { caption: string; head: string[]; rows: string[][]; empty: string }) {
  return (
    <TableRegion>
      <Table data-size="sm">
        <caption>{caption}</caption>
        <Table.Head><Table.Row>{head.map((h) => <Table.HeaderCell key={h}>{h}</Table.HeaderCell>)}</Table.Row></Table.Head>
        <Table.Body>
          {rows.map((row, i) => <Table.Row key={i}>{row.map((c, j) => <Table.Cell key={j}>{c}</Table.Cell>)}</Table.Row>)}
          {rows.length === 0 && <Table.Row><Table.Cell colSpan={head.length}>{empty}</Table.Cell></Table.Row>}
        </Table.Body>
      </Table>
    </TableRegion>
  );
}
