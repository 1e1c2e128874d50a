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
  usePageTitle(t('btLetterTitle'));
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
  if (!officeId) return <Alert data-color="warning">{t('notFound')}</Alert>;
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('errorGeneric')}</Alert>;
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
      <RouterLink to={`/oppfolging/${roundId}`}>← {t('funnel')}</RouterLink>
      <Heading level={1} data-size="lg">{t('btLetterTitle')}</Heading>
      <Paragraph>{t('btLetterLead')}</Paragraph>
      {!draft && <Alert data-color="info">{t('btNoDraft')}</Alert>}
      <section className="egk-stack" aria-labelledby="letter-edit">
        <Heading level={2} data-size="sm" id="letter-edit">{t('btInvitation')}</Heading>
        <div className="egk-row">
          <Field>
            <Label htmlFor="letter-lang">{t('btLetterLang')}</Label>
            <Select id="letter-lang" value={letterLang} onChange={(e) => setLetterLang(e.target.value as Lang)}>
              <Select.Option value="nb">{t('btLangNb')}</Select.Option>
              <Select.Option value="nn">{t('btLangNn')}</Select.Option>
              <Select.Option value="en">{t('btLangEn')}</Select.Option>
            </Select>
          </Field>
          {draft && <Button variant="tertiary" onClick={() => setForm(fromDraft(letterLang))}>{t('btFromDraft')}</Button>}
        </div>
        <Textfield label={t('btSubject')} value={form.subject} onChange={(e) => setForm({ ...form, subject: e.target.value })} />
        <Textfield label={t('btTimeAndPlace')} description={t('btTimeAndPlaceHelp')} value={form.timeAndPlace}
          onChange={(e) => setForm({ ...form, timeAndPlace: e.target.value })} />
        <TextWarning error={saved.error} field="timeAndPlace" busy={saved.fetching} onConfirm={() => void doSave(true)} />
        <Textfield label={t('btContact')} description={t('btContactHelp')} value={form.contact} onChange={(e) => setForm({ ...form, contact: e.target.value })} />
        <TextWarning error={saved.error} field="contact" busy={saved.fetching} onConfirm={() => void doSave(true)} />
        <Textfield label={t('btBody')} multiline rows={14} value={form.body} onChange={(e) => setForm({ ...form, body: e.target.value })} />
        <TextWarning error={saved.error} field="body" busy={saved.fetching} onConfirm={() => void doSave(true)} />
        {saved.error && !isTextWarning(saved.error) && <Alert data-color="danger">{errorMessage(saved.error) ?? t('errorGeneric')}</Alert>}
        <div className="egk-row">
          <Button variant="secondary" disabled={saved.fetching} onClick={() => void doSave()}>{t('btSaveLetter')}</Button>
        </div>
      </section>
      {letter && (
        <section className="egk-stack" aria-labelledby="letter-preview">
          <Heading level={2} data-size="sm" id="letter-preview">{t('btPreview')}</Heading>
          <Paragraph><strong>{t('btSubject')}:</strong> {letter.subject}</Paragraph>
          <pre style={{ whiteSpace: "pre-wrap", fontFamily: "inherit", margin: 0 }}>{letter.mailText}</pre>
          <Details>
            <Details.Summary>{t('btRecipients', { n: recipients.length })}</Details.Summary>
            <Details.Content>
              <Paragraph data-size="sm">{t('btRecipientsHelp')}</Paragraph>
              <ul>{recipients.map((s) => <li key={s.id}>{s.name}</li>)}</ul>
            </Details.Content>
          </Details>
          <Paragraph role="status">{letter.sentAt ? t('btSentOn', { time: formatDateTime(letter.sentAt, lang) }) : t('btNotSentYet')}</Paragraph>
          {sent.error && <Alert data-color="danger">{errorMessage(sent.error) ?? t('errorGeneric')}</Alert>}
          <div className="egk-row">
            <Button onClick={() => setConfirming(true)}>{letter.sentAt ? t('btSendAgain') : t('btSend')}</Button>
          </div>
        </section>
      )}
      {letter && letter.deliveries.length > 0 && (
        <section className="egk-stack" aria-labelledby="letter-deliveries">
          <Heading level={2} data-size="sm" id="letter-deliveries">{t('btDeliveries')}</Heading>
          <TableRegion label={t('btDeliveries')}>
            <Table data-size="sm">
              <caption className="ds-sr-only">{t('btDeliveries')}</caption>
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>{t('btService')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('btMail')}</Table.HeaderCell>
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
      <Dialog open={confirming} onClose={() => setConfirming(false)} closeButton={t('btCancel')} aria-labelledby="letter-confirm-title">
        <Dialog.Block>
          <Heading level={2} data-size="xs" id="letter-confirm-title">{t('btConfirmTitle')}</Heading>
        </Dialog.Block>
        <Dialog.Block className="egk-stack">
          <Paragraph>{t('btConfirmBody', { n: recipients.length })}</Paragraph>
          <div className="egk-row">
            <Button onClick={() => void doSend()} disabled={sent.fetching}>{t('btSend')}</Button>
            <Button variant="secondary" onClick={() => setConfirming(false)}>{t('btCancel')}</Button>
          </div>
        </Dialog.Block>
      </Dialog>
    </div>
  );
}
