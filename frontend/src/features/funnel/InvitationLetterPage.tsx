import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { AppLink as RouterLink } from '../../components/AppLink';
import { useMutation, useQuery } from 'urql';
import { Alert, Button, Details, Dialog, Field, Heading, Label, Paragraph, Select, Table, Textfield } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import { errorMessage } from '../../api';
import { isTextWarning } from '../../lib/personaldata';
import { formatDateTime, useI18n, type Lang } from '../../i18n';
import { MailStatusTag } from '../../components/MailStatusTag';
import { OfficeDeadlinePanel } from './OfficeDeadlinePanel';
import { PageSkeleton } from '../../components/PageSkeleton';
import { TableRegion } from '../../components/TableRegion';
import { TextWarning } from '../../components/TextWarning';
import { usePageTitle } from '../../components/usePageTitle';

const LetterQuery = graphql(`
  query InvitationLetterPage($officeId: ID!, $roundId: ID!) {
    invitationDraft(roundId: $roundId) { subject { nb nn en } body { nb nn en } }
    invitationLetter(officeId: $officeId, roundId: $roundId) {
      id lang subject body timeAndPlace contact mailText sentAt version
      recipients { id name }
      deliveries { status attempts error sentAt service { id name } }
    }
    office(id: $officeId) { id serviceCount }
  }
`);

const SaveLetter = graphql(`
  mutation SaveInvitationLetter($input: InvitationLetterInput!) { saveInvitationLetter(input: $input) { id version } }
`);

const SendLetter = graphql(`
  mutation SendInvitationLetter($officeId: ID!, $roundId: ID!, $v: Int) { sendInvitationLetter(officeId: $officeId, roundId: $roundId, expectedVersion: $v) { id sentAt } }
`);

type LetterField = 'subject' | 'body' | 'timeAndPlace' | 'contact';

/**
 * The county office adapts Helsetilsynet's draft invitation (time and place of its meetings, its
 * contact person, free edits), previews the e-mail and its recipients, and sends it to the leaders
 * of all its services, then sees what became of each e-mail.
 */
export default function InvitationLetterPage({ officeId }: { officeId?: string }) {
  const { roundId = '' } = useParams();
  const { t, lang } = useI18n();
  usePageTitle(t('between.letter.title'));
  const [{ data, error }, refetch] = useQuery({ query: LetterQuery, variables: { officeId: officeId ?? '', roundId }, pause: !officeId });
  const [saved, save] = useMutation(SaveLetter);
  const [sent, send] = useMutation(SendLetter);
  const [letterLang, setLetterLang] = useState<Lang>(lang);
  const [form, setForm] = useState<Record<LetterField, string> | null>(null);
  const [confirming, setConfirming] = useState(false);
  const letter = data?.invitationLetter;
  const draft = data?.invitationDraft;
  const fromDraft = (l: Lang) => ({ subject: draft?.subject[l] ?? '', body: draft?.body[l] ?? '', timeAndPlace: form?.timeAndPlace ?? '', contact: form?.contact ?? '' });
  useEffect(() => {
    if (!data || form) return;
    if (letter) {
      setLetterLang(letter.lang as Lang);
      setForm({ subject: letter.subject, body: letter.body, timeAndPlace: letter.timeAndPlace, contact: letter.contact });
    } else {
      setForm(fromDraft(letterLang));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data]);
  if (!officeId) return <Alert data-color="warning">{t('forms.notFound')}</Alert>;
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('common.errorGeneric')}</Alert>;
  if (!data || !form) return <PageSkeleton blocks={3} />;
  const doSave = async (confirmWarnings = false) => {
    const r = await save({ input: { officeId, roundId, lang: letterLang, ...form, expectedVersion: letter?.version ?? null, confirmWarnings } });
    if (!r.error) refetch({ requestPolicy: 'network-only' });
  };
  const doSend = async () => {
    if (!letter) return;
    const r = await send({ officeId, roundId, v: letter.version });
    setConfirming(false);
    if (!r.error) refetch({ requestPolicy: 'network-only' });
  };
  const recipients = letter?.recipients ?? [];
  return (
    <div className="egk-stack">
      <RouterLink to={`/oppfolging/${roundId}`}>← {t('common.funnel')}</RouterLink>
      <Heading level={1} data-size="lg">{t('between.letter.title')}</Heading>
      <Paragraph>{t('between.letter.lead')}</Paragraph>
      {!draft && <Alert data-color="info">{t('between.no.draft')}</Alert>}
      <section className="egk-stack" aria-labelledby="letter-edit">
        <Heading level={2} data-size="sm" id="letter-edit">{t('between.invitation')}</Heading>
        <div className="egk-row">
          <Field>
            <Label htmlFor="letter-lang">{t('between.letter.lang')}</Label>
            <Select id="letter-lang" value={letterLang} onChange={(e) => setLetterLang(e.target.value as Lang)}>
              <Select.Option value="nb">{t('between.lang.nb')}</Select.Option>
              <Select.Option value="nn">{t('between.lang.nn')}</Select.Option>
              <Select.Option value="en">{t('between.lang.en')}</Select.Option>
            </Select>
          </Field>
          {draft && <Button variant="tertiary" onClick={() => setForm(fromDraft(letterLang))}>{t('between.fromDraft')}</Button>}
        </div>
        <Textfield label={t('between.subject')} value={form.subject} onChange={(e) => setForm({ ...form, subject: e.target.value })} />
        <Textfield label={t('between.timeAndPlace')} description={t('between.timeAndPlaceHelp')} value={form.timeAndPlace}
          onChange={(e) => setForm({ ...form, timeAndPlace: e.target.value })} />
        <TextWarning error={saved.error} field="timeAndPlace" busy={saved.fetching} onConfirm={() => void doSave(true)} />
        <Textfield label={t('between.contact')} description={t('between.contactHelp')} value={form.contact} onChange={(e) => setForm({ ...form, contact: e.target.value })} />
        <TextWarning error={saved.error} field="contact" busy={saved.fetching} onConfirm={() => void doSave(true)} />
        <Textfield label={t('between.body')} multiline rows={14} value={form.body} onChange={(e) => setForm({ ...form, body: e.target.value })} />
        <TextWarning error={saved.error} field="body" busy={saved.fetching} onConfirm={() => void doSave(true)} />
        {saved.error && !isTextWarning(saved.error) && <Alert data-color="danger">{errorMessage(saved.error) ?? t('common.errorGeneric')}</Alert>}
        <div className="egk-row">
          <Button variant="secondary" disabled={saved.fetching} onClick={() => void doSave()}>{t('between.save.letter')}</Button>
        </div>
      </section>
      {letter && (
        <section className="egk-stack" aria-labelledby="letter-preview">
          <Heading level={2} data-size="sm" id="letter-preview">{t('between.preview')}</Heading>
          <Paragraph><strong>{t('between.subject')}:</strong> {letter.subject}</Paragraph>
          <pre style={{ whiteSpace: "pre-wrap", fontFamily: "inherit", margin: 0 }}>{letter.mailText}</pre>
          <Details>
            <Details.Summary>{t('between.recipients', { n: recipients.length })}</Details.Summary>
            <Details.Content>
              <Paragraph data-size="sm">{t('between.recipientsHelp')}</Paragraph>
              <ul>{recipients.map((s) => <li key={s.id}>{s.name}</li>)}</ul>
            </Details.Content>
          </Details>
          <Paragraph role="status">{letter.sentAt ? t('between.sentOn', { time: formatDateTime(letter.sentAt, lang) }) : t('between.notSentYet')}</Paragraph>
          {sent.error && <Alert data-color="danger">{errorMessage(sent.error) ?? t('common.errorGeneric')}</Alert>}
          <div className="egk-row">
            <Button onClick={() => setConfirming(true)}>{letter.sentAt ? t('between.send.again') : t('between.send.label')}</Button>
          </div>
        </section>
      )}
      {letter && letter.deliveries.length > 0 && (
        <section className="egk-stack" aria-labelledby="letter-deliveries">
          <Heading level={2} data-size="sm" id="letter-deliveries">{t('between.deliveries')}</Heading>
          <TableRegion label={t('between.deliveries')}>
            <Table data-size="sm">
              <caption className="ds-sr-only">{t('between.deliveries')}</caption>
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>{t('between.service')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('between.mail')}</Table.HeaderCell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {letter.deliveries.map((d) => (
                  <Table.Row key={d.service.id}>
                    <Table.HeaderCell>{d.service.name}</Table.HeaderCell>
                    <Table.Cell>
                      <MailStatusTag mail={d} />
                      {d.sentAt && ` ${formatDateTime(d.sentAt, lang)}`}
                    </Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </TableRegion>
        </section>
      )}
      <OfficeDeadlinePanel officeId={officeId} roundId={roundId} />
      <Dialog open={confirming} onClose={() => setConfirming(false)} closeButton={t('between.cancel')} aria-labelledby="letter-confirm-title">
        <Dialog.Block>
          <Heading level={2} data-size="xs" id="letter-confirm-title">{t('between.confirmTitle')}</Heading>
        </Dialog.Block>
        <Dialog.Block className="egk-stack">
          <Paragraph>{t('between.confirmBody', { n: recipients.length })}</Paragraph>
          <div className="egk-row">
            <Button onClick={() => void doSend()} disabled={sent.fetching}>{t('between.send.label')}</Button>
            <Button variant="secondary" onClick={() => setConfirming(false)}>{t('between.cancel')}</Button>
          </div>
        </Dialog.Block>
      </Dialog>
    </div>
  );
}
