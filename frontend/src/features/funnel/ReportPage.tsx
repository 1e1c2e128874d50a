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
  usePageTitle(t('common.county.report'));
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
  useLeaveWarning(autosave.dirty, t('leader.leaveUnsaved'));
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('common.errorGeneric')}</Alert>;
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
      <Textfield label={t('county.report.commentOn', { part: t(PART_LABELS[p]) })} multiline rows={3} value={values[p] ?? ''}
        error={savedField === `comments.${p}` && !isTextWarning(saved.error) ? errorMessage(saved.error) : undefined}
        onChange={(e) => setComments({ ...values, [p]: e.target.value })} />
      <TextWarning error={saved.error} field={`comments.${p}`} busy={saved.fetching} onConfirm={() => void saveAll(true)} />
    </section>
  );
  const round2 = r.round.number > 1;

  return (
    <div className="egk-stack">
      <RouterLink to={`/oppfolging/${roundId}`} className="egk-noprint">← {t('common.funnel')}</RouterLink>
      <Heading level={1} data-size="lg">{t('common.county.report')}</Heading>
      <Paragraph>{localized(r.office.name, lang)} · {localized(r.round.title, lang)}</Paragraph>
      <div className="egk-row">
        <Tag data-color={r.state === 'SUBMITTED' ? 'success' : 'neutral'}>
          {r.state === 'SUBMITTED' ? t('common.report.sent', { date: formatDateTime(r.submittedAt, lang) }) : t(`county.report.state.${r.state}` as MessageKey)}
        </Tag>
        <Paragraph>{t('common.report.due', { date: formatDate(r.reportDeadline) })}</Paragraph>
        <Link href={`${r.downloadPath}.xlsx`} className="egk-noprint">{t('common.download')} (XLSX)</Link>
        <Link href={`${r.downloadPath}.html`} className="egk-noprint">{t('common.print')} (HTML)</Link>
      </div>

      {part('INVITATIONS', (
        <>
          <dl className="egk-facts-list">
            <div><dt>{t('common.services')}</dt><dd>{r.serviceCount}</dd></div>
            <div><dt>{t('common.invitedCount')}</dt><dd>{r.invitedCount}</dd></div>
            <div><dt>{t('common.attendedCount')}</dt><dd>{r.meetingAttendedCount}</dd></div>
          </dl>
          {r.meetings.length > 0 && (
            <List.Unordered>
              {r.meetings.map((m) => (
                <List.Item key={m.id}>
                  {formatDate(m.heldOn)} · {t(`common.format.${m.format}` as MessageKey)}{m.title ? ` · ${m.title}` : ''} · {t('county.attendeeCount', { n: m.attendees.length })}
                </List.Item>
              ))}
            </List.Unordered>
          )}
        </>
      ))}
      {part('PARTICIPATION', (
        <dl className="egk-facts-list">
          <div><dt>{t('common.willParticipate')} ({r.willParticipate.length})</dt><dd>{names(r.willParticipate)}</dd></div>
          <div><dt>{t('county.declinedCount')} ({r.declined.length})</dt><dd>{r.declined.map((d) => `${d.service.name}${d.declineReason ? ` (${d.declineReason})` : ''}`).join(', ') || '–'}</dd></div>
          <div><dt>{t('county.no.replyCount')} ({r.noReply.length})</dt><dd>{names(r.noReply)}</dd></div>
        </dl>
      ))}
      {part('SUBMISSIONS', (
        <ReportTable caption={`${t('common.submittedCount')} (${r.submitted.length})`} head={[t('common.service'), t('county.submittedCol'), t('common.plan'), t('county.next.assessment')]}
          rows={r.submitted.map((s) => [
            s.service.name, `${formatDate(s.submittedAt)}${s.late ? ` (${t('common.late').toLowerCase()})` : ''}`,
            s.planSubmitted ? t('county.yesWord') : t('county.no.word'), s.nextAssessment || '–',
          ])} empty={t('county.noneYet')} />
      ))}
      <PlanProgressPanel roundId={roundId} officeId={officeId} />
      {round2 && part('RESULTS', (
        <>
          <ReportTable caption={r.previousRound ? `${t('common.comparedWith')}: ${localized(r.previousRound.title, lang)}` : t('common.part.RESULTS')}
            head={[t('common.service'), t('county.previousYes'), t('county.currentYes'), t('common.change')]}
            rows={r.results.map((x) => [
              // A share on fewer than 5 cases is withheld by the server, in either round.
              x.service.name, `${x.previousSuppressed ? t('results.withheld') : percent(x.previousYesShare)} (${x.previousCaseCount})`,
              `${x.suppressed ? t('results.withheld') : percent(x.yesShare)} (${x.caseCount})`,
              x.change == null ? '–' : `${x.change > 0 ? '+' : ''}${Math.round(x.change * 100)} pp, ${x.tooFewToTell ? t('common.tooFewToTell') : x.withinRandomVariation ? t('common.withinVariation') : t('common.beyondVariation')}`,
            ])} empty={t('county.noneYet')} />
          <Paragraph data-size="sm">{t('common.twoMeasurements')}</Paragraph>
          <Heading level={3} data-size="xs">{t('roundtwo.servicesRound2')}</Heading>
          <Paragraph data-size="sm">{t('roundtwo.servicesRound2Help')}</Paragraph>
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
                  {sub.wayForward && ` · ${t(`roundtwo.way.forward.${sub.wayForward.decision}`)}`}
                  {tot && ` · ${t('common.option.YES')}/${t('common.option.PARTLY')}/${t('common.option.NO')}: ${jdn(tot.previous)} → ${jdn(tot.current)}`}
                </summary>
                <Paragraph><strong>{t('roundtwo.assessment')}:</strong> {sub.assessment || '–'}</Paragraph>
                {sub.wayForward?.comment && <Paragraph><strong>{t('roundtwo.way.forward.label')}:</strong> {sub.wayForward.comment}</Paragraph>}
                {sub.reflections.map((x) => (
                  <Paragraph key={x.question.code}><strong>{x.question.code} {localized(x.question.text, lang)}</strong> {x.answer}</Paragraph>
                ))}
              </details>
            );
          })}
          <Paragraph>{t('roundtwo.way.forwardCounts', { continue: r.wayForward.continue, adjust: r.wayForward.adjust, permanent: r.wayForward.makePermanent, none: r.wayForward.notGiven, submitted: r.wayForward.submitted })}</Paragraph>
        </>
      ))}
      {data.publishedFigures && (
        <BenchmarkTable publishedAt={data.publishedFigures.publishedAt}
          own={{ label: localized(r.office.name, lang), questions: data.own.suppressed ? [] : data.own.questions.map((q) => ({
            code: q.question.code, ...(q.suppressed || !q.options.denominator ? {} : { yesShare: q.options.yes.share, partlyShare: q.options.partly.share, noShare: q.options.no.share }),
          })) }}
          columns={[{ label: t('roundtwo.national'), ...data.publishedFigures.national }]} />
      )}
      {part('NOT_DONE', (
        <ReportTable caption={`${t('common.notSubmitted')} (${r.notSubmitted.length})`} head={[t('common.service'), t('common.status.label'), t('common.declineReason')]}
          rows={r.notSubmitted.map((s) => [s.service.name, t(`common.status.${s.status}` as MessageKey), s.declineReason || '–'])} empty={t('county.noneYet')} />
      ))}
      {part('OWN_ACTIVITY', (
        <dl className="egk-facts-list">
          <div><dt>{t('county.infoMeetings')}</dt><dd>{r.activity.infoMeetings}</dd></div>
          <div><dt>{t('common.kind.MEETING')}</dt><dd>{r.activity.meetings}</dd></div>
          <div><dt>{t('common.kind.CONTACT')}</dt><dd>{r.activity.contacts}</dd></div>
          <div><dt>{t('county.reminders')}</dt><dd>{r.activity.reminders}</dd></div>
          <div><dt>{t('common.kind.NOTE')}</dt><dd>{r.activity.notes}</dd></div>
        </dl>
      ))}
      {part('GENERAL', null)}

      {errorCode(saved.error) === 'VERSION_CONFLICT' && (
        <Alert data-color="warning">
          <Paragraph>{t('county.report.conflict')}</Paragraph>
          <Button variant="secondary" data-size="sm" onClick={() => { version.current = null; autosave.reset(); setComments(null); refresh(); }}>{t('leader.reloadForm')}</Button>
        </Alert>
      )}
      {saved.error && errorCode(saved.error) !== 'VERSION_CONFLICT' && savedField === undefined && <Alert data-color="danger">{errorMessage(saved.error) ?? t('common.errorGeneric')}</Alert>}
      {sent.error && <Alert data-color="danger">{errorMessage(sent.error) ?? t('common.errorGeneric')}</Alert>}
      {sent.data && !sent.error && <Alert data-color="success" role="status">{t('common.report.sent', { date: formatDateTime(sent.data.submitCountyReport.submittedAt, lang) })}</Alert>}
      <div className="egk-row egk-noprint">
        <Button variant="secondary" disabled={saved.fetching || !dirty} onClick={() => void saveAll()}>{t('common.saveComments')}</Button>
        <Button disabled={sent.fetching || saved.fetching} onClick={() => void send()}>{r.state === 'SUBMITTED' ? t('county.markSentAgain') : t('common.markSent')}</Button>
        <Paragraph data-size="sm" role="status" className="egk-save-state">
          {saved.fetching ? t('common.saving') : dirty ? t('leader.unsavedChanges') : autosave.lastSaved ? t('leader.lastSaved', { time: formatClock(autosave.lastSaved) }) : ''}
        </Paragraph>
      </div>
    </div>
  );
}

const PART_LABELS: Record<ReportPart, MessageKey> = {
  INVITATIONS: 'common.part.INVITATIONS', PARTICIPATION: 'common.part.PARTICIPATION', SUBMISSIONS: 'common.part.SUBMISSIONS', RESULTS: 'common.part.RESULTS',
  NOT_DONE: 'common.part.NOT_DONE', OWN_ACTIVITY: 'common.part.OWN_ACTIVITY', GENERAL: 'common.part.GENERAL',
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
