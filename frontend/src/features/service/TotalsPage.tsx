import { useState, type SubmitEvent } from 'react';
import { useParams } from 'react-router-dom';
import { AppLink as RouterLink } from '../../components/AppLink';
import { useMutation, useQuery } from 'urql';
import { Alert, Button, ErrorSummary, Fieldset, Heading, Link, List, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import type { AnswerOption, InvestigationOutcome } from '../../gql/graphql';
import { errorCode, errorMessage } from '../../api';
import { currentLang, localized, useI18n, type MessageKey } from '../../i18n';
import { PageSkeleton } from '../../components/PageSkeleton';
import { usePageTitle } from '../../components/usePageTitle';

// The summary form without re-typing (issue 12): the Excel workbooks of the round to download and
// upload, and the totals entered directly. Only the service's own people reach this page.

const TotalsQuery = graphql(`
  query Totals($serviceId: ID!, $roundId: ID!) {
    service(id: $serviceId) { id name }
    round(id: $roundId) { id title { nb nn en } questionnaire { collectsDaysToFirstActivity questions { id code text { nb nn en } options } } }
    viewer { canEditForms }
    submission(serviceId: $serviceId, roundId: $roundId) {
      id version status entryMode
      summary { caseCount daysValues outcomes { outcome count }
        questions { question { id } distribution { yes partly no notPossible notApplicable } } }
    }
  }
`);

const SaveTotals = graphql(`
  mutation SaveTotals($input: SaveSummaryTotalsInput!) {
    saveSummaryTotals(input: $input) { id version entryMode }
  }
`);

const OPTIONS: AnswerOption[] = ['YES', 'PARTLY', 'NO', 'NOT_POSSIBLE', 'NOT_APPLICABLE'];
const FIELD: Record<AnswerOption, 'yes' | 'partly' | 'no' | 'notPossible' | 'notApplicable'> = {
  YES: 'yes', PARTLY: 'partly', NO: 'no', NOT_POSSIBLE: 'notPossible', NOT_APPLICABLE: 'notApplicable',
};
const OUTCOMES: InvestigationOutcome[] = ['DISMISSED', 'DISMISSED_NEW_INVESTIGATION_POSSIBLE', 'MEASURES_DECIDED', 'CARE_ORDER_PROPOSED'];

type Problem = { path: string; code: string; message: { nb: string; nn: string; en: string } };

/** fieldId is the id of the input a problem's path is about (the first of a question's counts for its sum). */
export function fieldId(path: string): string {
  let m = /^questions\[(\d+)\]\.counts\.([A-Z_]+)$/.exec(path);
  if (m) return `totals-q${m[1]}-${m[2]}`;
  m = /^questions\[(\d+)\]/.exec(path);
  if (m) return `totals-q${m[1]}`;
  if (path.startsWith('daysValues')) return 'totals-days';
  m = /^outcomes\[(\d+)\]$/.exec(path);
  if (m) return `totals-outcome-${OUTCOMES[Number(m[1])]}`;
  if (path.startsWith('outcomes')) return 'totals-outcomes';
  return 'totals-caseCount';
}

export function parseDays(s: string): number[] | null {
  const parts = s.split(/[\s,;]+/).filter((p) => p !== '');
  if (parts.some((p) => !/^-?\d+$/.test(p))) return null;
  return parts.map(Number);
}

export default function TotalsPage() {
  const { serviceId = '', roundId = '' } = useParams();
  const { t, lang } = useI18n();
  usePageTitle(t('totals.title'));
  const [{ data, error }, refetch] = useQuery({ query: TotalsQuery, variables: { serviceId, roundId }, requestPolicy: 'cache-and-network' });
  const [saved, save] = useMutation(SaveTotals);
  const [values, setValues] = useState<Record<string, string> | null>(null);
  const [daysError, setDaysError] = useState(false);
  const [upload, setUpload] = useState<{ busy: boolean; ok?: string; problems?: Problem[]; message?: string }>({ busy: false });
  const [file, setFile] = useState<File | null>(null);
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('common.errorGeneric')}</Alert>;
  if (!data) return <PageSkeleton blocks={3} />;
  if (!data.service || !data.round || !data.viewer.canEditForms) return <Alert data-color="warning">{t('forms.notFound')}</Alert>;
  const questions = data.round.questionnaire.questions;
  const sub = data.submission;
  const base = `/workbooks/${serviceId}/${roundId}`;
  const msg = (p: Problem) => p.message[lang] ?? p.message.nb;

  // The stored totals are the starting values; what the leader types overrides them.
  const stored: Record<string, string> = {};
  if (sub?.entryMode === 'TOTALS') {
    stored['caseCount'] = String(sub.summary.caseCount);
    sub.summary.questions.forEach((q, i) => OPTIONS.forEach((o) => {
      const n = q.distribution[FIELD[o]];
      if (n) stored[`q${i}-${o}`] = String(n);
    }));
    stored['days'] = sub.summary.daysValues.join(', ');
    sub.summary.outcomes.forEach((o) => { stored[`outcome-${o.outcome}`] = String(o.count); });
  }
  const v = values ?? stored;
  const set = (k: string, s: string) => setValues({ ...v, [k]: s });
  const num = (k: string) => Number(v[k] || 0);

  const problems: Problem[] = errorCode(saved.error) === 'INVALID_TOTALS'
    ? ((saved.error?.graphQLErrors[0]?.extensions?.['problems'] as Problem[] | undefined) ?? []) : [];
  const byField = new Map<string, string>();
  for (const p of problems) if (!byField.has(fieldId(p.path))) byField.set(fieldId(p.path), msg(p));
  if (daysError) byField.set('totals-days', t('totals.days.invalid'));
  const otherError = saved.error && problems.length === 0 ? errorMessage(saved.error) ?? t('common.errorGeneric') : undefined;
  const hasCases = sub?.entryMode === 'CASES' && (sub?.summary.caseCount ?? 0) > 0;

  const submitTotals = async (e: SubmitEvent) => {
    e.preventDefault();
    const days = data.round!.questionnaire.collectsDaysToFirstActivity ? parseDays(v['days'] ?? '') : [];
    setDaysError(days === null);
    if (days === null) return;
    const res = await save({ input: {
      serviceId, roundId, caseCount: num('caseCount'), expectedVersion: sub?.version,
      questions: questions.map((q, i) => ({
        questionId: q.id, yes: num(`q${i}-YES`), partly: num(`q${i}-PARTLY`), no: num(`q${i}-NO`),
        notPossible: num(`q${i}-NOT_POSSIBLE`), notApplicable: num(`q${i}-NOT_APPLICABLE`),
      })),
      daysValues: days,
      outcomes: OUTCOMES.map((o) => ({ outcome: o, count: num(`outcome-${o}`) })),
    } });
    if (!res.error) {
      setValues(null);
      refetch({ requestPolicy: 'network-only' });
    } else if (errorCode(res.error) === 'INVALID_TOTALS') {
      setTimeout(() => document.getElementById('totals-errors')?.focus(), 0);
    }
  };

  const sendWorkbook = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!file) return;
    setUpload({ busy: true });
    try {
      const res = await fetch(base, { method: 'POST', body: file, credentials: 'same-origin',
        headers: { 'Accept-Language': currentLang, 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
      const body = (await res.json().catch(() => ({}))) as { kind?: string; cases: number; message?: string; problems?: Problem[] };
      if (res.ok) {
        setUpload({ busy: false, ok: t(body.kind === 'cases' ? 'totals.uploadedCases' : 'totals.uploadedSummary', { n: body.cases }) });
        refetch({ requestPolicy: 'network-only' });
      } else {
        setUpload({ busy: false, problems: body.problems ?? [], message: body.message ?? t('common.errorGeneric') });
      }
    } catch {
      setUpload({ busy: false, message: t('common.errorGeneric') });
    }
  };

  return (
    <div className="egk-stack">
      <RouterLink to={`/tjenester/${serviceId}/runder/${roundId}`}>← {t('totals.back')}</RouterLink>
      <Heading level={1} data-size="lg">{t('totals.title')}</Heading>
      <Paragraph>{data.service.name} · {localized(data.round.title, lang)}</Paragraph>
      <Paragraph>{t('totals.lead')}</Paragraph>

      <section className="egk-stack" aria-labelledby="totals-excel">
        <Heading level={2} data-size="md" id="totals-excel">{t('totals.excelHeading')}</Heading>
        <div className="egk-row">
          <Link href={`${base}/egenkontrollskjema.xlsx`} download>{t('totals.downloadCases')}</Link>
          <Link href={`${base}/samleskjema.xlsx`} download>{t('totals.downloadSummary')}</Link>
        </div>
        <form className="egk-stack" onSubmit={(e) => void sendWorkbook(e)}>
          <label htmlFor="totals-file">{t('totals.upload.label')}</label>
          <Paragraph data-size="sm" id="totals-file-help">{t('totals.upload.help')}</Paragraph>
          <input id="totals-file" type="file" aria-describedby="totals-file-help"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          <div><Button type="submit" disabled={!file || upload.busy}>{t('totals.upload.text')}</Button></div>
        </form>
        {upload.ok && <Alert data-color="success" role="status">{upload.ok}</Alert>}
        {upload.message && (
          <Alert data-color="danger" role="alert">
            <Paragraph>{upload.problems?.length ? t('totals.upload.errors', { n: upload.problems.length }) : upload.message}</Paragraph>
            {!!upload.problems?.length && (
              <List.Unordered data-testid="upload-problems">
                {upload.problems.map((p, i) => <List.Item key={i}>{p.path ? <strong>{p.path}</strong> : null}{p.path ? ': ' : ''}{msg(p)}</List.Item>)}
              </List.Unordered>
            )}
          </Alert>
        )}
      </section>

      <section className="egk-stack" aria-labelledby="totals-direct">
        <Heading level={2} data-size="md" id="totals-direct">{t('totals.directHeading')}</Heading>
        {hasCases && <Alert data-color="info">{t('totals.modeCases')}</Alert>}
        {sub?.entryMode === 'TOTALS' && <Alert data-color="info">{t('totals.modeTotals')}</Alert>}
        {saved.data && !saved.error && values === null && <Alert data-color="success" role="status">{t('totals.saved')}</Alert>}
        {problems.length > 0 && (
          <ErrorSummary id="totals-errors" tabIndex={-1}>
            <ErrorSummary.Heading>{t('totals.errorsHeading')}</ErrorSummary.Heading>
            <ErrorSummary.List>
              {problems.map((p, i) => (
                <ErrorSummary.Item key={i}><ErrorSummary.Link href={`#${fieldId(p.path)}`}>{msg(p)}</ErrorSummary.Link></ErrorSummary.Item>
              ))}
            </ErrorSummary.List>
          </ErrorSummary>
        )}
        {otherError && <Alert data-color="danger">{otherError}</Alert>}
        <form className="egk-stack" onSubmit={(e) => void submitTotals(e)} noValidate>
          <Textfield id="totals-caseCount" label={t('totals.caseCount')} type="number" min={0} inputMode="numeric" style={{ maxWidth: '12rem' }}
            value={v['caseCount'] ?? ''} onChange={(e) => set('caseCount', e.target.value)} error={byField.get('totals-caseCount')} />
          {questions.map((q, i) => (
            <Fieldset key={q.id} id={`totals-q${i}`} tabIndex={-1}>
              <Fieldset.Legend>{t('totals.questionLegend', { code: q.code, text: localized(q.text, lang) })}</Fieldset.Legend>
              {byField.get(`totals-q${i}`) && <Paragraph data-color="danger" data-size="sm">{byField.get(`totals-q${i}`)}</Paragraph>}
              <div className="egk-row">
                {OPTIONS.filter((o) => q.options.includes(o)).map((o) => (
                  <Textfield key={o} id={`totals-q${i}-${o}`} label={t(`common.option.${o}` as MessageKey)} type="number" min={0} inputMode="numeric"
                    style={{ maxWidth: '8rem' }} value={v[`q${i}-${o}`] ?? ''} onChange={(e) => set(`q${i}-${o}`, e.target.value)}
                    error={byField.get(`totals-q${i}-${o}`)} />
                ))}
              </div>
            </Fieldset>
          ))}
          {data.round.questionnaire.collectsDaysToFirstActivity && (
            <Textfield id="totals-days" label={t('totals.days.label')} description={t('totals.days.help')} multiline rows={2}
              value={v['days'] ?? ''} onChange={(e) => set('days', e.target.value)} error={byField.get('totals-days')} />
          )}
          <Fieldset id="totals-outcomes" tabIndex={-1}>
            <Fieldset.Legend>{t('totals.outcomes')}</Fieldset.Legend>
            {byField.get('totals-outcomes') && <Paragraph data-color="danger" data-size="sm">{byField.get('totals-outcomes')}</Paragraph>}
            <div className="egk-row">
              {OUTCOMES.map((o) => (
                <Textfield key={o} id={`totals-outcome-${o}`} label={t(`forms.outcome.${o}` as MessageKey)} type="number" min={0} inputMode="numeric"
                  style={{ maxWidth: '14rem' }} value={v[`outcome-${o}`] ?? ''} onChange={(e) => set(`outcome-${o}`, e.target.value)}
                  error={byField.get(`totals-outcome-${o}`)} />
              ))}
            </div>
          </Fieldset>
          <div><Button type="submit" disabled={saved.fetching || hasCases}>{t('totals.save')}</Button></div>
        </form>
      </section>
    </div>
  );
}
