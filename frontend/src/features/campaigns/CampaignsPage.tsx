import { useRef, useState, type SubmitEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import {
  Alert, Button, Card, ErrorSummary, Field, Fieldset, Heading, Label, Paragraph, Select, Table, Textarea, Textfield, ValidationMessage,
} from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import { errorField, errorMessage } from '../../api';
import { formatDate, useI18n, type Lang, type MessageKey } from '../../i18n';
import { PageSkeleton } from '../../components/PageSkeleton';
import { TableRegion } from '../../components/TableRegion';
import { usePageTitle } from '../../components/usePageTitle';

const CampaignsQuery = graphql(`
  query CampaignsPage {
    campaigns {
      id code title { nb nn en } topic { nb nn en }
      rounds {
        id number title { nb nn en } periodStart periodEnd deadline reportDeadline
        questionnaire { id version } previousRound { id number title { nb nn en } }
      }
    }
    questionnaires { id version official title { nb nn en } }
  }
`);
const CreateCampaign = graphql(`
  mutation CreateCampaign($input: CreateCampaignInput!) { createCampaign(input: $input) { id code title { nb nn en } } }
`);
const CreateRound = graphql(`
  mutation CreateRound($input: CreateRoundInput!) { createRound(input: $input) { id number title { nb nn en } campaign { id title { nb nn en } } } }
`);

type Text3 = { nb: string; nn: string; en: string };
const EMPTY: Text3 = { nb: '', nn: '', en: '' };
const LANG_KEYS: Record<Lang, MessageKey> = { nb: 'campaigns.lang.nb', nn: 'campaigns.lang.nn', en: 'campaigns.lang.en' };
type Problem = { id: string; message: string };

/** The element id of an input field named as the server names it: "resources[0].url" → "round-resources-0-url". */
export function fieldId(prefix: string, field: string): string {
  return `${prefix}-${field.replace(/[[\].]+/g, '-').replace(/-+$/, '')}`;
}

/** Three text fields, one per language, for one localized text. */
function TextInLanguages({ prefix, name, label, value, onChange, problems, multiline, optional }: {
  prefix: string; name: string; label: string; value: Text3; onChange: (v: Text3) => void; problems: Problem[]; multiline?: boolean; optional?: boolean;
}) {
  const { t } = useI18n();
  return (
    <Fieldset>
      <Fieldset.Legend>{label}</Fieldset.Legend>
      {(['nb', 'nn', 'en'] as const).map((l) => {
        const id = fieldId(prefix, `${name}.${l}`);
        const error = problems.find((p) => p.id === id)?.message;
        const fieldLabel = t('campaigns.inLang', { label, lang: t(LANG_KEYS[l]) });
        return multiline ? (
          <Field key={l}>
            <Label htmlFor={id}>{fieldLabel}</Label>
            <Textarea id={id} lang={l} rows={3} value={value[l]} aria-invalid={!!error} required={!optional}
              onChange={(e) => onChange({ ...value, [l]: e.target.value })} />
            {error && <ValidationMessage>{error}</ValidationMessage>}
          </Field>
        ) : (
          <Textfield key={l} id={id} lang={l} label={fieldLabel} value={value[l]} error={error} required={!optional}
            onChange={(e) => onChange({ ...value, [l]: e.target.value })} />
        );
      })}
    </Fieldset>
  );
}

function Problems({ problems, focusRef }: { problems: Problem[]; focusRef: React.RefObject<HTMLDivElement | null> }) {
  const { t } = useI18n();
  if (problems.length === 0) return null;
  return (
    <div ref={focusRef} tabIndex={-1}>
    <ErrorSummary>
      <ErrorSummary.Heading>{t('campaigns.errorSummaryTitle')}</ErrorSummary.Heading>
      <ErrorSummary.List>
        {problems.map((p) => (
          <ErrorSummary.Item key={p.id + p.message}>
            <ErrorSummary.Link href={`#${p.id}`}>{p.message}</ErrorSummary.Link>
          </ErrorSummary.Item>
        ))}
      </ErrorSummary.List>
    </ErrorSummary>
    </div>
  );
}

/** Required localized texts that are empty, as problems to show. */
function missingTexts(prefix: string, name: string, label: string, v: Text3, t: (k: MessageKey, p?: Record<string, string>) => string): Problem[] {
  return (['nb', 'nn', 'en'] as const).filter((l) => !v[l].trim()).map((l) => ({
    id: fieldId(prefix, `${name}.${l}`), message: t('campaigns.fieldRequired', { label: t('campaigns.inLang', { label, lang: t(LANG_KEYS[l]) }) }),
  }));
}

/** Helsetilsynet's campaigns and their rounds, with forms to create both. */
export default function CampaignsPage() {
  const { t, lang } = useI18n();
  usePageTitle(t('campaigns.title'));
  const [{ data, error }, refetch] = useQuery({ query: CampaignsQuery, requestPolicy: 'cache-and-network' });
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('common.errorGeneric')}</Alert>;
  if (!data) return <PageSkeleton blocks={2} />;
  const refresh = () => refetch({ requestPolicy: 'network-only' });
  return (
    <div className="egk-stack">
      <Heading level={1} data-size="lg">{t('campaigns.title')}</Heading>
      <Paragraph>{t('campaigns.lead')}</Paragraph>
      {data.campaigns.length === 0 && <Paragraph>{t('campaigns.none')}</Paragraph>}
      {data.campaigns.map((c) => (
        <section key={c.id} className="egk-stack" aria-labelledby={`campaign-${c.id}`}>
          <Heading level={2} data-size="md" id={`campaign-${c.id}`}>{c.title[lang]}</Heading>
          <Paragraph data-size="sm">
            {t('campaigns.campaign.code')}: <code>{c.code}</code>{c.topic[lang] ? ` · ${t('campaigns.campaign.topic')}: ${c.topic[lang]}` : ''}
          </Paragraph>
          {c.rounds.length === 0 ? <Paragraph data-size="sm">{t('campaigns.campaign.noRounds')}</Paragraph> : (
            <TableRegion label={c.title[lang]}>
              <Table>
                <Table.Head>
                  <Table.Row>
                    <Table.HeaderCell>{t('campaigns.round.colTitle')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('campaigns.round.colPeriod')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('campaigns.round.colDeadline')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('campaigns.round.colReport')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('campaigns.round.colQuestionnaire')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('campaigns.round.colPrevious')}</Table.HeaderCell>
                  </Table.Row>
                </Table.Head>
                <Table.Body>
                  {c.rounds.map((r) => (
                    <Table.Row key={r.id}>
                      <Table.Cell>{r.title[lang]}</Table.Cell>
                      <Table.Cell>{formatDate(r.periodStart)}–{formatDate(r.periodEnd)}</Table.Cell>
                      <Table.Cell>{formatDate(r.deadline)}</Table.Cell>
                      <Table.Cell>{formatDate(r.reportDeadline)}</Table.Cell>
                      <Table.Cell>{r.questionnaire.version}</Table.Cell>
                      <Table.Cell>{r.previousRound ? r.previousRound.title[lang] : t('campaigns.round.noPrevious')}</Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            </TableRegion>
          )}
        </section>
      ))}
      <NewCampaignForm onCreated={refresh} />
      <NewRoundForm campaigns={data.campaigns} questionnaires={data.questionnaires} onCreated={refresh} />
    </div>
  );
}

function NewCampaignForm({ onCreated }: { onCreated: () => void }) {
  const { t, lang } = useI18n();
  const [name, setName] = useState<Text3>(EMPTY);
  const [topic, setTopic] = useState<Text3>(EMPTY);
  const [description, setDescription] = useState<Text3>(EMPTY);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [done, setDone] = useState('');
  const [state, create] = useMutation(CreateCampaign);
  const summary = useRef<HTMLDivElement>(null);
  const show = (p: Problem[]) => { setProblems(p); requestAnimationFrame(() => summary.current?.focus()); };
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setDone('');
    const missing = [...missingTexts('campaign', 'name', t('campaigns.campaign.name'), name, t), ...missingTexts('campaign', 'topic', t('campaigns.campaign.topic'), topic, t)];
    if (missing.length > 0) { show(missing); return; }
    const hasDescription = !!(description.nb || description.nn || description.en);
    const res = await create({ input: { name, topic, description: hasDescription ? description : null } });
    if (res.error) { show([{ id: fieldId('campaign', errorField(res.error) ?? 'name.nb'), message: errorMessage(res.error) ?? t('common.errorGeneric') }]); return; }
    setProblems([]);
    setName(EMPTY); setTopic(EMPTY); setDescription(EMPTY);
    setDone(t('campaigns.campaign.created', { name: res.data?.createCampaign.title[lang] ?? '' }));
    onCreated();
  };
  return (
    <Card>
      <Card.Block>
        <form className="egk-stack" onSubmit={submit} noValidate aria-labelledby="new-campaign" style={{ maxWidth: '44rem' }}>
          <Heading level={2} data-size="md" id="new-campaign">{t('campaigns.newCampaign')}</Heading>
          <Problems problems={problems} focusRef={summary} />
          <TextInLanguages prefix="campaign" name="name" label={t('campaigns.campaign.name')} value={name} onChange={setName} problems={problems} />
          <TextInLanguages prefix="campaign" name="topic" label={t('campaigns.campaign.topic')} value={topic} onChange={setTopic} problems={problems} />
          <TextInLanguages prefix="campaign" name="description" label={t('campaigns.campaign.description')} value={description} onChange={setDescription}
            problems={problems} multiline optional />
          {done && <Alert data-color="success" role="status">{done}</Alert>}
          <div><Button type="submit" disabled={state.fetching}>{t('campaigns.createCampaign')}</Button></div>
        </form>
      </Card.Block>
    </Card>
  );
}

type CampaignRow = { id: string; title: Text3; rounds: { id: string; number: number; title: Text3 }[] };
type QuestionnaireRow = { id: string; version: number; official: boolean; title: Text3 };
type Link = { title: Text3; url: string };

function NewRoundForm({ campaigns, questionnaires, onCreated }: { campaigns: CampaignRow[]; questionnaires: QuestionnaireRow[]; onCreated: () => void }) {
  const { t, lang } = useI18n();
  const [campaignId, setCampaignId] = useState('');
  const [dates, setDates] = useState({ periodStart: '', periodEnd: '', deadline: '', reportDeadline: '' });
  const [questionnaireId, setQuestionnaireId] = useState('');
  const [previousRoundId, setPreviousRoundId] = useState('');
  const [title, setTitle] = useState<Text3>(EMPTY);
  const [guidance, setGuidance] = useState<Text3>(EMPTY);
  const [links, setLinks] = useState<Link[]>([]);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [done, setDone] = useState('');
  const [state, create] = useMutation(CreateRound);
  const summary = useRef<HTMLDivElement>(null);
  const campaign = campaigns.find((c) => c.id === campaignId);
  const err = (field: string) => problems.find((p) => p.id === fieldId('round', field))?.message;
  const show = (p: Problem[]) => { setProblems(p); requestAnimationFrame(() => summary.current?.focus()); };
  const dateLabels = { periodStart: t('campaigns.periodStart'), periodEnd: t('campaigns.periodEnd'), deadline: t('campaigns.servicesDeadline'), reportDeadline: t('campaigns.reportDeadlineLabel') };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setDone('');
    const missing: Problem[] = [];
    if (!campaignId) missing.push({ id: fieldId('round', 'campaignId'), message: t('campaigns.fieldRequired', { label: t('campaigns.round.campaign') }) });
    for (const [k, label] of Object.entries(dateLabels)) {
      if (!dates[k as keyof typeof dates]) missing.push({ id: fieldId('round', k), message: t('campaigns.fieldRequired', { label }) });
    }
    if (!questionnaireId) missing.push({ id: fieldId('round', 'questionnaireId'), message: t('campaigns.fieldRequired', { label: t('campaigns.questionnaire.version') }) });
    links.forEach((l, i) => {
      missing.push(...missingTexts('round', `resources[${i}].title`, `${t('campaigns.link.n', { n: String(i + 1) })}: ${t('campaigns.link.title')}`, l.title, t));
      if (!l.url.trim()) missing.push({ id: fieldId('round', `resources[${i}].url`), message: t('campaigns.fieldRequired', { label: `${t('campaigns.link.n', { n: String(i + 1) })}: ${t('campaigns.link.url')}` }) });
    });
    if (missing.length > 0) { show(missing); return; }
    const hasGuidance = !!(guidance.nb || guidance.nn || guidance.en);
    const hasTitle = !!(title.nb || title.nn || title.en);
    const res = await create({
      input: {
        campaignId, title: hasTitle ? title : null, ...dates, questionnaireId, previousRoundId: previousRoundId || null, samplingGuidance: hasGuidance ? guidance : null,
        resources: links.map((l) => ({ kind: 'LINK', title: l.title, url: l.url.trim() })),
      },
    });
    if (res.error) { show([{ id: fieldId('round', errorField(res.error) ?? 'campaignId'), message: errorMessage(res.error) ?? t('common.errorGeneric') }]); return; }
    const r = res.data?.createRound;
    setProblems([]);
    setDates({ periodStart: '', periodEnd: '', deadline: '', reportDeadline: '' });
    setPreviousRoundId(''); setTitle(EMPTY); setGuidance(EMPTY); setLinks([]);
    setDone(t('campaigns.round.created', { title: r?.title[lang] ?? '', campaign: r?.campaign.title[lang] ?? '' }));
    onCreated();
  };

  return (
    <Card>
      <Card.Block>
        <form className="egk-stack" onSubmit={submit} noValidate aria-labelledby="new-round" style={{ maxWidth: '44rem' }}>
          <Heading level={2} data-size="md" id="new-round">{t('campaigns.newRound')}</Heading>
          <Problems problems={problems} focusRef={summary} />
          <Field>
            <Label htmlFor="round-campaignId">{t('campaigns.round.campaign')}</Label>
            <Select id="round-campaignId" value={campaignId} aria-invalid={!!err('campaignId')} required
              onChange={(e) => { setCampaignId(e.target.value); setPreviousRoundId(''); }}>
              <Select.Option value="">{t('campaigns.chooseCampaign')}</Select.Option>
              {campaigns.map((c) => <Select.Option key={c.id} value={c.id}>{c.title[lang]}</Select.Option>)}
            </Select>
            {err('campaignId') && <ValidationMessage>{err('campaignId')}</ValidationMessage>}
          </Field>
          <TextInLanguages prefix="round" name="title" label={t('campaigns.round.titleLabel')} value={title} onChange={setTitle} problems={problems} optional />
          <div className="egk-dates">
            {(Object.keys(dateLabels) as (keyof typeof dates)[]).map((k) => (
              <Textfield key={k} id={fieldId('round', k)} type="date" label={dateLabels[k]} value={dates[k]} error={err(k)} required
                onChange={(e) => setDates({ ...dates, [k]: e.target.value })} />
            ))}
          </div>
          <Field>
            <Label htmlFor="round-questionnaireId">{t('campaigns.questionnaire.version')}</Label>
            <Select id="round-questionnaireId" value={questionnaireId} aria-invalid={!!err('questionnaireId')} required
              onChange={(e) => setQuestionnaireId(e.target.value)}>
              <Select.Option value="">{t('campaigns.chooseQuestionnaire')}</Select.Option>
              {questionnaires.map((q) => (
                <Select.Option key={q.id} value={q.id}>
                  {t('campaigns.questionnaire.option', { version: String(q.version), title: q.title[lang] })}{q.official ? '' : ` ${t('campaigns.questionnaire.example')}`}
                </Select.Option>
              ))}
            </Select>
            {err('questionnaireId') && <ValidationMessage>{err('questionnaireId')}</ValidationMessage>}
          </Field>
          <Field>
            <Label htmlFor="round-previousRoundId">{t('campaigns.previousRoundLabel')}</Label>
            <Field.Description>{t('campaigns.previousRoundHelp')}</Field.Description>
            <Select id="round-previousRoundId" value={previousRoundId} aria-invalid={!!err('previousRoundId')}
              onChange={(e) => setPreviousRoundId(e.target.value)}>
              <Select.Option value="">{t('campaigns.noPreviousRound')}</Select.Option>
              {campaign?.rounds.map((r) => <Select.Option key={r.id} value={r.id}>{r.title[lang]}</Select.Option>)}
            </Select>
            {err('previousRoundId') && <ValidationMessage>{err('previousRoundId')}</ValidationMessage>}
          </Field>
          <TextInLanguages prefix="round" name="samplingGuidance" label={t('campaigns.samplingGuidanceLabel')} value={guidance} onChange={setGuidance}
            problems={problems} multiline optional />
          <Fieldset>
            <Fieldset.Legend>{t('campaigns.supportLinks')}</Fieldset.Legend>
            {links.map((l, i) => (
              <div key={i} className="egk-stack egk-link-row">
                <TextInLanguages prefix="round" name={`resources[${i}].title`} label={`${t('campaigns.link.n', { n: String(i + 1) })}: ${t('campaigns.link.title')}`}
                  value={l.title} problems={problems} onChange={(v) => setLinks(links.map((x, j) => (j === i ? { ...x, title: v } : x)))} />
                <Textfield id={fieldId('round', `resources[${i}].url`)} type="url" label={`${t('campaigns.link.n', { n: String(i + 1) })}: ${t('campaigns.link.url')}`}
                  value={l.url} error={err(`resources[${i}].url`)} required
                  onChange={(e) => setLinks(links.map((x, j) => (j === i ? { ...x, url: e.target.value } : x)))} />
                <div>
                  <Button type="button" variant="tertiary" data-size="sm" onClick={() => setLinks(links.filter((_, j) => j !== i))}>
                    {t('campaigns.removeLink', { n: String(i + 1) })}
                  </Button>
                </div>
              </div>
            ))}
            <div>
              <Button type="button" variant="secondary" data-size="sm" onClick={() => setLinks([...links, { title: EMPTY, url: 'https://' }])}>
                {t('campaigns.addLink')}
              </Button>
            </div>
          </Fieldset>
          {done && <Alert data-color="success" role="status">{done}</Alert>}
          <div><Button type="submit" disabled={state.fetching}>{t('campaigns.createRound')}</Button></div>
        </form>
      </Card.Block>
    </Card>
  );
}
