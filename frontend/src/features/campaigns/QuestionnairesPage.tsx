import { useState, type ChangeEvent, type SubmitEvent } from 'react';
import { useClient, useMutation, useQuery } from 'urql';
import {
  Alert, Button, Checkbox, Dialog, ErrorSummary, Field, Heading, Input, Label, List, Paragraph, Table, Tabs, Tag, Textarea,
} from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import type { QuestionnairePreviewMutation } from '../../gql/graphql';
import { errorMessage } from '../../api';
import { formatDate, LANGS, translate, useI18n, localized, type Lang, type MessageKey } from '../../i18n';
import { PageSkeleton } from '../../components/PageSkeleton';
import { TableRegion } from '../../components/TableRegion';
import { usePageTitle } from '../../components/usePageTitle';

const Versions = graphql(`
  query QuestionnaireVersions {
    questionnaires { id version title { nb nn en } status publishedAt official descendsFrom { id version } }
  }
`);
const Definition = graphql(`
  query QuestionnaireDefinition($id: ID!, $next: Boolean) { questionnaire(id: $id) { id version definition(asNextVersion: $next) } }
`);
const Preview = graphql(`
  mutation QuestionnairePreview($definition: String!) {
    previewQuestionnaireImport(definition: $definition) {
      valid
      problems { path message { nb nn en } }
      descendsFrom { id version }
      replacesDraft { id version }
      definition {
        campaign version descendsFrom official title { nb nn en } removed
        caseFields { daysToFirstActivity outcome months }
        sections {
          code title { nb nn en }
          questions {
            code text { nb nn en } guidance { nb nn en } legalBasis options notPossibleGuidance { nb nn en } required comment
            lineage { kind previous }
          }
        }
        reflectionQuestions { code text { nb nn en } guidance { nb nn en } }
        feedbackQuestions { code text { nb nn en } guidance { nb nn en } }
      }
      changes { kind code previousCodes newText { nb nn en } newOptions previous { code text { nb nn en } options } guidanceChanged }
    }
  }
`);
const Import = graphql(`mutation ImportQuestionnaire($definition: String!) { importQuestionnaire(definition: $definition) { id version status } }`);
const Publish = graphql(`mutation PublishQuestionnaire($id: ID!) { publishQuestionnaire(id: $id) { id version status publishedAt } }`);

type PreviewResult = QuestionnairePreviewMutation['previewQuestionnaireImport'];
type FileDef = NonNullable<PreviewResult['definition']>;

/** Questionnaire versions as files, for Helsetilsynet's campaign staff: download, upload and check, preview, import, publish. */
export default function QuestionnairesPage() {
  const { t, lang } = useI18n();
  usePageTitle(t('questionnaire.title'));
  const client = useClient();
  const [{ data, error }, refetch] = useQuery({ query: Versions, requestPolicy: 'cache-and-network' });
  const [text, setText] = useState('');
  const [checked, setChecked] = useState<{ text: string; result: PreviewResult } | null>(null);
  const [previewed, preview] = useMutation(Preview);
  const [imported, doImport] = useMutation(Import);
  const [published, publish] = useMutation(Publish);
  const [confirm, setConfirm] = useState<{ id: string; version: number } | null>(null);

  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('common.errorGeneric')}</Alert>;
  if (!data) return <PageSkeleton />;
  const refresh = () => refetch({ requestPolicy: 'network-only' });
  const newest = data.questionnaires.reduce((n, q) => Math.max(n, q.version), 0);

  const download = async (id: string, next: boolean) => {
    const res = await client.query(Definition, { id, next }, { requestPolicy: 'network-only' }).toPromise();
    const q = res.data?.questionnaire;
    if (!q) return;
    const blob = new Blob([q.definition], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `sporreskjema-versjon-${next ? q.version + 1 : q.version}${next ? '-utkast' : ''}.json`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  const readFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    if (f) { setText(await f.text()); setChecked(null); }
  };
  const check = async (e: SubmitEvent) => {
    e.preventDefault();
    const res = await preview({ definition: text });
    if (res.data) setChecked({ text, result: res.data.previewQuestionnaireImport });
  };
  const importIt = async () => {
    if (!checked) return;
    const res = await doImport({ definition: checked.text });
    if (res.data) { refresh(); }
  };
  const publishIt = async () => {
    if (!confirm) return;
    const res = await publish({ id: confirm.id });
    setConfirm(null);
    if (res.data) refresh();
  };
  const result = checked?.result;
  const importedQ = imported.data?.importQuestionnaire;
  return (
    <div className="egk-stack">
      <Heading level={1} data-size="lg">{t('questionnaire.title')}</Heading>
      <Paragraph>{t('questionnaire.lead')}</Paragraph>

      <section className="egk-stack" aria-labelledby="qf-versions">
        <Heading level={2} data-size="md" id="qf-versions">{t('questionnaire.versions')}</Heading>
        {published.data && <Alert data-color="success">{t('questionnaire.published', { n: published.data.publishQuestionnaire.version })}</Alert>}
        {published.error && <Alert data-color="danger">{errorMessage(published.error) ?? t('common.errorGeneric')}</Alert>}
        <TableRegion label={t('questionnaire.versions')}>
          <Table data-size="sm">
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t('questionnaire.version')}</Table.HeaderCell>
                <Table.HeaderCell>{t('questionnaire.name')}</Table.HeaderCell>
                <Table.HeaderCell>{t('questionnaire.status.label')}</Table.HeaderCell>
                <Table.HeaderCell>{t('questionnaire.actions')}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {data.questionnaires.map((q) => (
                <Table.Row key={q.id}>
                  <Table.Cell>{q.version}</Table.Cell>
                  <Table.Cell>
                    {localized(q.title, lang)}
                    {q.descendsFrom && <><br /><small>{t('questionnaire.descendsFrom', { n: q.descendsFrom.version })}</small></>}
                  </Table.Cell>
                  <Table.Cell>
                    <Tag data-color={q.status === 'PUBLISHED' ? 'success' : 'warning'}>{t(`questionnaire.status.${q.status}` as MessageKey)}</Tag>
                    {q.publishedAt && <><br /><small>{t('questionnaire.publishedAt', { date: formatDate(q.publishedAt.slice(0, 10)) })}</small></>}
                  </Table.Cell>
                  <Table.Cell>
                    <div className="egk-row">
                      <Button variant="secondary" data-size="sm" onClick={() => download(q.id, false)}
                        aria-label={`${t('questionnaire.download')} ${t('questionnaire.versionN', { n: q.version })}`}>{t('questionnaire.download')}</Button>
                      {q.status === 'PUBLISHED' && q.version === newest && (
                        <Button variant="tertiary" data-size="sm" onClick={() => download(q.id, true)}>{t('questionnaire.downloadNext', { n: q.version + 1 })}</Button>
                      )}
                      {q.status === 'DRAFT' && (
                        <Button data-size="sm" onClick={() => setConfirm({ id: q.id, version: q.version })}
                          aria-label={`${t('questionnaire.publish')} ${t('questionnaire.versionN', { n: q.version })}`}>{t('questionnaire.publish')}</Button>
                      )}
                    </div>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </TableRegion>
      </section>

      <section className="egk-stack egk-noprint" aria-labelledby="qf-upload">
        <Heading level={2} data-size="md" id="qf-upload">{t('questionnaire.upload')}</Heading>
        <form className="egk-stack" onSubmit={check}>
          <Field>
            <Label htmlFor="qf-file">{t('questionnaire.file')}</Label>
            <Input id="qf-file" type="file" accept="application/json,.json" onChange={readFile} />
          </Field>
          <Field>
            <Label htmlFor="qf-definition">{t('questionnaire.paste')}</Label>
            <Textarea id="qf-definition" rows={6} value={text} spellCheck={false}
              onChange={(e) => { setText(e.target.value); setChecked(null); }} />
          </Field>
          {previewed.error && <Alert data-color="danger">{errorMessage(previewed.error) ?? t('common.errorGeneric')}</Alert>}
          <div><Button type="submit" disabled={previewed.fetching || !text.trim()}>{t('questionnaire.check')}</Button></div>
        </form>
        {result && !result.valid && (
          <ErrorSummary className="egk-break">
            <ErrorSummary.Heading>{t('questionnaire.errorsHeading', { n: result.problems.length })}</ErrorSummary.Heading>
            <ErrorSummary.List>
              {result.problems.map((p, i) => (
                <ErrorSummary.Item key={i}>
                  <ErrorSummary.Link href="#qf-definition"><code>{p.path || t('questionnaire.wholeFile')}</code>: {localized(p.message, lang)}</ErrorSummary.Link>
                </ErrorSummary.Item>
              ))}
            </ErrorSummary.List>
          </ErrorSummary>
        )}
        {result?.valid && result.definition && (
          <ValidFile result={result} def={result.definition} onImport={importIt} importing={imported.fetching}
            importedVersion={importedQ?.version ?? null} importError={errorMessage(imported.error)}
            onPublish={importedQ && importedQ.status === 'DRAFT' && !published.data ? () => setConfirm({ id: importedQ.id, version: importedQ.version }) : null} />
        )}
      </section>

      <Dialog open={confirm !== null} onClose={() => setConfirm(null)} closeButton={t('questionnaire.cancel')} aria-labelledby="qf-confirm-title">
        <Dialog.Block>
          <Heading level={2} data-size="sm" id="qf-confirm-title">{t('questionnaire.confirm.title', { n: confirm?.version ?? '' })}</Heading>
        </Dialog.Block>
        <Dialog.Block className="egk-stack">
          <Paragraph>{t('questionnaire.confirm.body')}</Paragraph>
          <div className="egk-row">
            <Button onClick={publishIt} disabled={published.fetching}>{t('questionnaire.confirm.label', { n: confirm?.version ?? '' })}</Button>
            <Button variant="secondary" onClick={() => setConfirm(null)}>{t('questionnaire.cancel')}</Button>
          </div>
        </Dialog.Block>
      </Dialog>
    </div>
  );
}

function ValidFile({ result, def, onImport, importing, importedVersion, importError, onPublish }: {
  result: PreviewResult; def: FileDef; onImport: () => void; importing: boolean; importedVersion: number | null;
  importError: string | undefined; onPublish: (() => void) | null;
}) {
  const { t, lang } = useI18n();
  const [tab, setTab] = useState<string>(lang);
  const [onlyChanges, setOnlyChanges] = useState(true);
  const questions = def.sections.reduce((n, s) => n + s.questions.length, 0);
  const changes = result.changes.filter((c) => !onlyChanges || c.kind !== 'SAME' || c.guidanceChanged);
  const changedCount = result.changes.filter((c) => c.kind !== 'SAME').length;
  return (
    <div className="egk-stack">
      <Alert data-color="success">
        {t('questionnaire.valid', { version: def.version, questions, sections: def.sections.length })}
        {result.replacesDraft && <> {t('questionnaire.replacesDraft', { n: result.replacesDraft.version })}</>}
      </Alert>

      <Heading level={3} data-size="sm" id="qf-diff">{result.descendsFrom ? t('questionnaire.diff.label', { n: result.descendsFrom.version }) : t('questionnaire.diff.none')}</Heading>
      {result.descendsFrom && (
        <>
          <Paragraph>{t('questionnaire.diff.summary', { changed: changedCount, total: result.changes.length })}</Paragraph>
          <Checkbox label={t('questionnaire.diff.onlyChanges')} checked={onlyChanges} onChange={(e) => setOnlyChanges(e.target.checked)} />
          <TableRegion label={result.descendsFrom ? t('questionnaire.diff.label', { n: result.descendsFrom.version }) : undefined}>
            <Table data-size="sm">
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>{t('questionnaire.code')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('questionnaire.kind.label')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('questionnaire.previous')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('questionnaire.old')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('questionnaire.new')}</Table.HeaderCell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {changes.map((c, i) => (
                  <Table.Row key={i}>
                    <Table.Cell>{c.code || '–'}</Table.Cell>
                    <Table.Cell><Tag data-color={c.kind === 'SAME' ? 'neutral' : c.kind === 'REMOVED' ? 'danger' : c.kind === 'NEW' ? 'success' : 'warning'}>{t(`questionnaire.kind.${c.kind}` as MessageKey)}</Tag></Table.Cell>
                    <Table.Cell>{c.previousCodes.join(', ') || '–'}</Table.Cell>
                    <Table.Cell>
                      {c.previous.map((x) => <div key={x.code}>{localized(x.text, lang)} <small>({optionList(x.options, lang)})</small></div>)}
                    </Table.Cell>
                    <Table.Cell>
                      {c.newText ? <>{localized(c.newText, lang)} <small>({optionList(c.newOptions, lang)})</small></> : '–'}
                      {c.guidanceChanged && <div><small>{t('questionnaire.guidanceChanged')}</small></div>}
                    </Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </TableRegion>
        </>
      )}

      <Heading level={3} data-size="sm">{t('questionnaire.preview')}</Heading>
      <Tabs value={tab} onChange={setTab} aria-label={t('questionnaire.previewLang')}>
        <Tabs.List>
          {LANGS.map((l) => <Tabs.Tab key={l} value={l} lang={l}>{{ nb: 'Bokmål', nn: 'Nynorsk', en: 'English' }[l]}</Tabs.Tab>)}
        </Tabs.List>
        {LANGS.map((l) => (
          <Tabs.Panel key={l} value={l} lang={l}>
            <FilePreview def={def} lang={l} />
          </Tabs.Panel>
        ))}
      </Tabs>

      {importError && <Alert data-color="danger">{importError}</Alert>}
      {importedVersion !== null ? (
        <Alert data-color="success">{t('questionnaire.imported', { n: importedVersion })}</Alert>
      ) : (
        <div><Button onClick={onImport} disabled={importing}>{t('questionnaire.import')}</Button></div>
      )}
      {onPublish && <div><Button variant="secondary" onClick={onPublish}>{t('questionnaire.confirm.label', { n: def.version })}</Button></div>}
    </div>
  );
}

function optionList(options: readonly string[], lang: Lang): string {
  return options.map((o) => translate(lang, `common.option.${o}` as MessageKey)).join(' / ');
}

/** One questionnaire file in one language, as the services will read it. */
function FilePreview({ def, lang }: { def: FileDef; lang: Lang }) {
  const tr = (key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params);
  const fields = [def.caseFields.daysToFirstActivity && tr('questionnaire.field.days'), def.caseFields.outcome && tr('questionnaire.field.outcome'),
    def.caseFields.months && tr('questionnaire.field.months')].filter(Boolean).join(', ');
  return (
    <div className="egk-stack">
      <Heading level={4} data-size="sm">{def.title[lang]}</Heading>
      <Paragraph data-size="sm"><strong>{tr('questionnaire.caseFields')}:</strong> {fields || '–'}</Paragraph>
      {def.sections.map((s) => (
        <section key={s.code} className="egk-stack">
          <Heading level={5} data-size="xs">{s.code}. {s.title[lang]}</Heading>
          <List.Ordered>
            {s.questions.map((q) => (
              <List.Item key={q.code}>
                <strong>{q.code}</strong> {q.text[lang]}
                <br /><small>{tr('questionnaire.options')}: {optionList(q.options, lang)}{q.required ? ` · ${tr('questionnaire.required')}` : ''}{q.comment ? ` · ${tr('questionnaire.comment')}` : ''}{q.legalBasis ? ` · ${q.legalBasis}` : ''}</small>
                {q.guidance && <><br /><small>{tr('questionnaire.guidance')}: {q.guidance[lang]}</small></>}
                {q.notPossibleGuidance && <><br /><small>{tr('questionnaire.notPossible')}: {q.notPossibleGuidance[lang]}</small></>}
              </List.Item>
            ))}
          </List.Ordered>
        </section>
      ))}
      {def.reflectionQuestions.length > 0 && (
        <>
          <Heading level={5} data-size="xs">{tr('questionnaire.reflection')}</Heading>
          <List.Unordered>{def.reflectionQuestions.map((r) => <List.Item key={r.code}>{r.text[lang]}</List.Item>)}</List.Unordered>
        </>
      )}
      {def.feedbackQuestions.length > 0 && (
        <>
          <Heading level={5} data-size="xs">{tr('questionnaire.feedback')}</Heading>
          <List.Unordered>{def.feedbackQuestions.map((r) => <List.Item key={r.code}>{r.text[lang]}</List.Item>)}</List.Unordered>
        </>
      )}
    </div>
  );
}
