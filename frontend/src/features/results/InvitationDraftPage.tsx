import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { AppLink as RouterLink } from '../../components/AppLink';
import { useMutation, useQuery } from 'urql';
import { Alert, Button, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import { errorMessage } from '../../api';
import { isTextWarning } from '../../lib/personaldata';
import { formatDateTime, useI18n, type Lang } from '../../i18n';
import { PageSkeleton } from '../../components/PageSkeleton';
import { TextWarning } from '../../components/TextWarning';
import { usePageTitle } from '../../components/usePageTitle';

const DraftQuery = graphql(`
  query InvitationDraftPage($roundId: ID!) {
    invitationDraft(roundId: $roundId) { subject { nb nn en } body { nb nn en } version updatedAt }
  }
`);

const SaveDraft = graphql(`
  mutation SaveInvitationDraft($input: InvitationDraftInput!) { saveInvitationDraft(input: $input) { version updatedAt } }
`);

type T3 = { nb: string; nn: string; en: string };
const LANG_KEYS = { nb: 'between.lang.nb', nn: 'between.lang.nn', en: 'between.lang.en' } as const;

/** Helsetilsynet writes the campaign's draft invitation in Bokmål, Nynorsk and English. */
export default function InvitationDraftPage() {
  const { roundId = '' } = useParams();
  const { t, lang } = useI18n();
  usePageTitle(t('between.draft.title'));
  const [{ data, error }, refetch] = useQuery({ query: DraftQuery, variables: { roundId } });
  const [saved, save] = useMutation(SaveDraft);
  const [subject, setSubject] = useState<T3 | null>(null);
  const [body, setBody] = useState<T3 | null>(null);
  const draft = data?.invitationDraft;
  useEffect(() => {
    if (!data || subject) return;
    const empty = { nb: '', nn: '', en: '' };
    setSubject(draft ? { nb: draft.subject.nb, nn: draft.subject.nn, en: draft.subject.en } : empty);
    setBody(draft ? { nb: draft.body.nb, nn: draft.body.nn, en: draft.body.en } : empty);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data]);
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('common.errorGeneric')}</Alert>;
  if (!data || !subject || !body) return <PageSkeleton blocks={3} />;
  const doSave = async (confirmWarnings = false) => {
    const r = await save({ input: { roundId, subject, body, expectedVersion: draft?.version ?? null, confirmWarnings } });
    if (!r.error) refetch({ requestPolicy: 'network-only' });
  };
  return (
    <div className="egk-stack">
      <RouterLink to={`/resultater/${roundId}`}>← {t('common.dashboard')}</RouterLink>
      <Heading level={1} data-size="lg">{t('between.draft.title')}</Heading>
      <Paragraph>{t('between.draft.lead')}</Paragraph>
      {(['nb', 'nn', 'en'] as Lang[]).map((l) => (
        <section key={l} className="egk-stack" aria-labelledby={`draft-${l}`}>
          <Heading level={2} data-size="sm" id={`draft-${l}`}>{t(LANG_KEYS[l])}</Heading>
          <Textfield label={`${t('between.subject')} (${t(LANG_KEYS[l])})`} lang={l} value={subject[l]} onChange={(e) => setSubject({ ...subject, [l]: e.target.value })} />
          <Textfield label={`${t('between.body')} (${t(LANG_KEYS[l])})`} lang={l} multiline rows={12} value={body[l]} onChange={(e) => setBody({ ...body, [l]: e.target.value })} />
          <TextWarning error={saved.error} field={`body.${l}`} busy={saved.fetching} onConfirm={() => void doSave(true)} />
        </section>
      ))}
      {saved.error && !isTextWarning(saved.error) && <Alert data-color="danger">{errorMessage(saved.error) ?? t('common.errorGeneric')}</Alert>}
      <div className="egk-row">
        <Button disabled={saved.fetching} onClick={() => void doSave()}>{t('between.save.draft')}</Button>
        {draft && <Paragraph role="status" data-size="sm">{t('between.saved', { time: formatDateTime(draft.updatedAt, lang) })}</Paragraph>}
      </div>
    </div>
  );
}
