import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { Alert, Button, Card, Field, Heading, Label, Paragraph, Select, Tag, Textfield } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import type { CitedFigure, SummariesPageQuery, SummaryKind } from '../../gql/graphql';
import { errorMessage } from '../../api';
import { isTextWarning } from '../../lib/personaldata';
import { formatDate, formatNumber, localized, useI18n, type Lang, type MessageKey } from '../../i18n';
import { PageSkeleton } from '../../components/PageSkeleton';
import { TextWarning } from '../../components/TextWarning';
import { usePageTitle } from '../../components/usePageTitle';

const SummariesQuery = graphql(`
  query SummariesPage($roundId: ID!) {
    round(id: $roundId) { id title { nb nn en } questionnaire { id questions { id code } } }
    roundSummaries(roundId: $roundId) {
      id kind title { nb nn en } body { nb nn en } publishedAt updatedAt version
      citations { questionCode figure value withheld }
    }
  }
`);

const CommentsQuery = graphql(`
  query SummaryCountyComments($roundId: ID!) {
    countyReportDetails(roundId: $roundId) { office { id name { nb nn en } } comments { part text } }
  }
`);

const SaveSummary = graphql(`
  mutation SaveRoundSummary($input: RoundSummaryInput!) { saveRoundSummary(input: $input) { id version } }
`);

const PublishSummary = graphql(`
  mutation PublishRoundSummary($id: ID!, $v: Int) { publishRoundSummary(id: $id, expectedVersion: $v) { id publishedAt } }
`);

const FIGURES: CitedFigure[] = ['YES_SHARE', 'PARTLY_SHARE', 'NO_SHARE', 'CASES', 'SERVICES'];
const PARTS = ['INVITATIONS', 'PARTICIPATION', 'SUBMISSIONS', 'RESULTS', 'NOT_DONE', 'OWN_ACTIVITY', 'GENERAL'] as const;
const LANG_KEYS = { nb: 'between.lang.nb', nn: 'between.lang.nn', en: 'between.lang.en' } as const;

type Citation = { questionCode: string; figure: CitedFigure; value?: number | null; withheld?: boolean };
type Summary = SummariesPageQuery['roundSummaries'][number];

function CitationText({ c }: { c: Citation }) {
  const { t, lang } = useI18n();
  const share = c.figure.endsWith('_SHARE');
  const value = c.withheld ? t('between.withheld') : c.value == null ? t('between.notPublished')
    : share ? `${formatNumber(Math.round(c.value * 1000) / 10, lang)} %` : formatNumber(c.value, lang);
  return <>{t('between.citationValue', { code: c.questionCode, figure: t(`between.figure.${c.figure}` as MessageKey), value })}</>;
}

function SummaryCard({ s, onEdit }: { s: Summary; onEdit?: () => void }) {
  const { t, lang } = useI18n();
  return (
    <Card data-color="neutral">
      <article className="egk-stack" aria-labelledby={`summary-${s.id}`}>
        <div className="egk-row">
          <Tag data-color="info">{t(`between.kind.${s.kind}` as MessageKey)}</Tag>
          {s.publishedAt ? <Paragraph data-size="sm">{t('between.publishedOn', { date: formatDate(s.publishedAt) })}</Paragraph> : <Tag data-color="warning">{t('between.draft.tag')}</Tag>}
        </div>
        <Heading level={2} data-size="sm" id={`summary-${s.id}`}>{localized(s.title, lang)}</Heading>
        {localized(s.body, lang).split(/\n{2,}/).map((p, i) => <Paragraph key={i} style={{ whiteSpace: 'pre-wrap' }}>{p}</Paragraph>)}
        {s.citations.length > 0 && (
          <>
            <Heading level={3} data-size="2xs">{t('between.citations')}</Heading>
            <ul>{s.citations.map((c, i) => <li key={i}><CitationText c={c as Citation} /></li>)}</ul>
          </>
        )}
        {onEdit && <div className="egk-row"><Button variant="secondary" onClick={onEdit}>{t('between.editSummary')}</Button></div>}
      </article>
    </Card>
  );
}

/** Helsetilsynet writes and publishes a summary; the county comments side by side beside it. */
function SummaryEditor({ roundId, summary, codes, onDone }: { roundId: string; summary: Summary | null; codes: string[]; onDone: () => void }) {
  const { t } = useI18n();
  const [saved, save] = useMutation(SaveSummary);
  const [published, publish] = useMutation(PublishSummary);
  const [kind, setKind] = useState<SummaryKind>((summary?.kind as SummaryKind) ?? 'MIDWAY');
  const [title, setTitle] = useState({ nb: summary?.title.nb ?? '', nn: summary?.title.nn ?? '', en: summary?.title.en ?? '' });
  const [body, setBody] = useState({ nb: summary?.body.nb ?? '', nn: summary?.body.nn ?? '', en: summary?.body.en ?? '' });
  const [cites, setCites] = useState<Citation[]>(summary?.citations.map((c) => ({ questionCode: c.questionCode, figure: c.figure })) ?? []);
  const [code, setCode] = useState(codes[0] ?? '');
  const [figure, setFigure] = useState<CitedFigure>('YES_SHARE');
  const [id, setId] = useState(summary?.id ?? null);
  const [version, setVersion] = useState(summary?.version ?? null);
  const doSave = async (confirmWarnings = false) => {
    const r = await save({ input: { id, roundId, kind, title, body, citations: cites.map(({ questionCode, figure }) => ({ questionCode, figure })), expectedVersion: version, confirmWarnings } });
    if (r.data) {
      setId(r.data.saveRoundSummary.id);
      setVersion(r.data.saveRoundSummary.version);
    }
    return r.data?.saveRoundSummary;
  };
  const doPublish = async () => {
    if (!window.confirm(t('between.publishConfirm'))) return;
    const s = await doSave();
    if (!s) return;
    const r = await publish({ id: s.id, v: s.version });
    if (!r.error) onDone();
  };
  return (
    <section className="egk-stack" aria-labelledby="summary-editor">
      <Heading level={2} data-size="sm" id="summary-editor">{summary ? t('between.editSummary') : t('between.newSummary')}</Heading>
      <Field>
        <Label htmlFor="summary-kind">{t('between.kind.label')}</Label>
        <Select id="summary-kind" value={kind} onChange={(e) => setKind(e.target.value as SummaryKind)}>
          <Select.Option value="MIDWAY">{t('between.kind.MIDWAY')}</Select.Option>
          <Select.Option value="FINAL">{t('between.kind.FINAL')}</Select.Option>
        </Select>
      </Field>
      {(['nb', 'nn', 'en'] as Lang[]).map((l) => (
        <fieldset key={l} className="egk-stack" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend><strong>{t(LANG_KEYS[l])}</strong></legend>
          <Textfield label={`${t('between.title')} (${t(LANG_KEYS[l])})`} lang={l} value={title[l]} onChange={(e) => setTitle({ ...title, [l]: e.target.value })} />
          <Textfield label={`${t('between.body')} (${t(LANG_KEYS[l])})`} lang={l} multiline rows={8} value={body[l]} onChange={(e) => setBody({ ...body, [l]: e.target.value })} />
          <TextWarning error={saved.error} field={`body.${l}`} busy={saved.fetching} onConfirm={() => void doSave(true)} />
        </fieldset>
      ))}
      <Heading level={3} data-size="2xs">{t('between.citations')}</Heading>
      <Paragraph data-size="sm">{t('between.citationsHelp')}</Paragraph>
      <ul>
        {cites.map((c, i) => (
          <li key={i} className="egk-row">
            <CitationText c={{ ...c, value: summary?.citations.find((x) => x.questionCode === c.questionCode && x.figure === c.figure)?.value }} />
            <Button variant="tertiary" data-size="sm" onClick={() => setCites(cites.filter((_, j) => j !== i))}>{t('between.remove')}</Button>
          </li>
        ))}
      </ul>
      <div className="egk-row">
        <Field>
          <Label htmlFor="cite-code">{t('between.questionCode')}</Label>
          <Select id="cite-code" value={code} onChange={(e) => setCode(e.target.value)}>
            {codes.map((c) => <Select.Option key={c} value={c}>{c}</Select.Option>)}
          </Select>
        </Field>
        <Field>
          <Label htmlFor="cite-figure">{t('between.figure.label')}</Label>
          <Select id="cite-figure" value={figure} onChange={(e) => setFigure(e.target.value as CitedFigure)}>
            {FIGURES.map((f) => <Select.Option key={f} value={f}>{t(`between.figure.${f}` as MessageKey)}</Select.Option>)}
          </Select>
        </Field>
        <Button variant="secondary" onClick={() => setCites([...cites, { questionCode: code, figure }])}>{t('between.addCitation')}</Button>
      </div>
      {saved.error && !isTextWarning(saved.error) && <Alert data-color="danger">{errorMessage(saved.error) ?? t('common.errorGeneric')}</Alert>}
      {published.error && <Alert data-color="danger">{errorMessage(published.error) ?? t('common.errorGeneric')}</Alert>}
      <div className="egk-row">
        <Button variant="secondary" disabled={saved.fetching} onClick={() => void doSave().then((s) => s && onDone())}>{t('between.save.summary')}</Button>
        <Button disabled={saved.fetching || published.fetching} onClick={() => void doPublish()}>{t('between.publish')}</Button>
        <Button variant="tertiary" onClick={onDone}>{t('between.cancel')}</Button>
      </div>
    </section>
  );
}

function CountyComments({ roundId }: { roundId: string }) {
  const { t, lang } = useI18n();
  const [{ data }] = useQuery({ query: CommentsQuery, variables: { roundId } });
  if (!data) return null;
  const reports = data.countyReportDetails;
  return (
    <section className="egk-stack" aria-labelledby="county-comments">
      <Heading level={2} data-size="sm" id="county-comments">{t('between.countyComments')}</Heading>
      <Paragraph data-size="sm">{t('between.countyCommentsLead')}</Paragraph>
      {PARTS.map((part) => {
        const rows = reports.flatMap((r) => r.comments.filter((c) => c.part === part && c.text.trim()).map((c) => ({ office: localized(r.office.name, lang), text: c.text })));
        return (
          <div key={part} className="egk-stack">
            <Heading level={3} data-size="2xs">{t(`common.part.${part}` as MessageKey)}</Heading>
            {rows.length === 0 ? <Paragraph data-size="sm">{t('between.no.countyComments')}</Paragraph> : (
              <dl>
                {rows.map((r, i) => (
                  <div key={i}><dt><strong>{r.office}</strong></dt><dd style={{ marginInlineStart: 0, whiteSpace: 'pre-wrap' }}>{r.text}</dd></div>
                ))}
              </dl>
            )}
          </div>
        );
      })}
    </section>
  );
}

/**
 * Helsetilsynet's summaries of a round. Offices and services read the published ones; analysts
 * also write drafts and publish them, with the county reports' comments side by side.
 */
export default function SummariesPage({ analyst }: { analyst: boolean }) {
  const { roundId = '' } = useParams();
  const { t, lang } = useI18n();
  usePageTitle(t('between.summaries'));
  const [{ data, error }, refetch] = useQuery({ query: SummariesQuery, variables: { roundId } });
  const [editing, setEditing] = useState<Summary | 'new' | null>(null);
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('common.errorGeneric')}</Alert>;
  if (!data) return <PageSkeleton blocks={2} />;
  if (!data.round) return <Alert data-color="warning">{t('forms.notFound')}</Alert>;
  const codes = data.round.questionnaire.questions.map((q) => q.code);
  const done = () => {
    setEditing(null);
    refetch({ requestPolicy: 'network-only' });
  };
  const list = (
    <div className="egk-stack">
      {data.roundSummaries.length === 0 && <Paragraph>{t('between.no.summaries')}</Paragraph>}
      {data.roundSummaries.map((s) => (
        <SummaryCard key={s.id} s={s} onEdit={analyst && !s.publishedAt ? () => setEditing(s) : undefined} />
      ))}
    </div>
  );
  return (
    <div className="egk-stack">
      <Heading level={1} data-size="lg">{t('between.summaries')}</Heading>
      <Paragraph>{localized(data.round.title, lang)}. {t('between.summariesLead')}</Paragraph>
      {analyst && !editing && <div className="egk-row"><Button onClick={() => setEditing('new')}>{t('between.newSummary')}</Button></div>}
      {analyst && editing ? (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 24rem), 1fr))', gap: '1.5rem', alignItems: 'start' }}>
          <SummaryEditor key={editing === 'new' ? 'new' : editing.id} roundId={roundId} summary={editing === 'new' ? null : editing} codes={codes} onDone={done} />
          <CountyComments roundId={roundId} />
        </div>
      ) : list}
    </div>
  );
}
