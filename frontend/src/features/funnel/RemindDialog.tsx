import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Alert, Button, Dialog, Heading, List, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import type { MailStatus } from '../../gql/graphql';
import { errorMessage } from '../../api';
import { formatDateTime, useI18n, type MessageKey } from '../../i18n';
import { isTextWarning } from '../../lib/personaldata';
import { isMailKey, mailReason } from '../../lib/mail';
import { TextWarning } from '../../components/TextWarning';
import { MailStatusTag } from '../../components/MailStatusTag';

const RemindServices = graphql(`
  mutation RemindServices($officeId: ID!, $roundId: ID!, $serviceIds: [ID!]!, $message: String!, $confirm: Boolean) {
    recordFollowUp(input: { officeId: $officeId, roundId: $roundId, kind: REMINDER, serviceIds: $serviceIds, note: $message, message: $message, confirmWarnings: $confirm }) {
      id createdAt mail { service { id name } status sentAt error attempts }
    }
  }
`);

const ReminderMail = graphql(`
  query ReminderMail($officeId: ID!, $roundId: ID!) {
    followUpActivities(officeId: $officeId, roundId: $roundId) { id mail { service { id name } status sentAt error attempts } }
  }
`);

type Mail = { service: { id: string; name: string }; status: MailStatus; sentAt?: string | null; error: string; attempts: number };

/** outcomeLine says in words what became of one service's reminder e-mail. */
export function outcomeLine(m: Mail, t: (k: MessageKey, p?: Record<string, string | number>) => string, lang: 'nb' | 'nn' | 'en'): string {
  const reason = m.error ? mailReason(m.error) : '';
  const why = isMailKey(reason) ? t(reason) : reason;
  switch (m.status) {
    case 'SENT': return t('funnel.remind.outcomeSent', { service: m.service.name, time: formatDateTime(m.sentAt, lang) });
    case 'NOT_SENT': return t('funnel.remind.outcomeNotSent', { service: m.service.name, reason: why });
    case 'FAILED': return t('funnel.remind.outcomeFailed', { service: m.service.name, reason: why });
    default: return t('funnel.remind.outcomePending', { service: m.service.name });
  }
}

/**
 * The reminder dialog: who gets it, the text (editable), and afterwards exactly what happened per
 * service: sent and when, waiting in the outbox, or recorded but not sent and why.
 */
export function RemindDialog({ open, officeId, roundId, services, defaultText, onClose, onDone }: {
  open: boolean; officeId: string; roundId: string; services: { id: string; name: string }[]; defaultText: string;
  onClose: () => void; onDone: () => void;
}) {
  const { t, lang } = useI18n();
  const [text, setText] = useState(defaultText);
  const [result, setResult] = useState<{ id: string; createdAt: string; mail: Mail[] } | null>(null);
  const [sent, send] = useMutation(RemindServices);
  const outcome = useRef<HTMLDivElement>(null);
  // Every opening starts afresh with the default text.
  useEffect(() => {
    if (open) {
      setText(defaultText);
      setResult(null);
    }
  }, [open, defaultText]);
  // The outbox sends in the background: ask again while any e-mail is still waiting, a few times.
  const pending = !!result && result.mail.some((m) => m.status === 'PENDING');
  const [polls, setPolls] = useState(0);
  const [mail, refetchMail] = useQuery({ query: ReminderMail, variables: { officeId, roundId }, pause: !pending, requestPolicy: 'network-only' });
  useEffect(() => {
    if (!pending || polls >= 6) return;
    const timer = setTimeout(() => { setPolls((n) => n + 1); refetchMail({ requestPolicy: 'network-only' }); }, 1500);
    return () => clearTimeout(timer);
  }, [pending, polls, refetchMail]);
  useEffect(() => {
    const fresh = mail.data?.followUpActivities.find((a) => a.id === result?.id);
    if (fresh && result && JSON.stringify(fresh.mail) !== JSON.stringify(result.mail)) setResult({ ...result, mail: fresh.mail });
  }, [mail.data, result]);
  useEffect(() => {
    if (result) outcome.current?.focus();
  }, [result?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const submit = async (confirm = false) => {
    const res = await send({ officeId, roundId, serviceIds: services.map((s) => s.id), message: text.trim(), confirm });
    if (res.data) {
      setPolls(0);
      setResult(res.data.recordFollowUp);
      onDone();
    }
  };
  const failed = sent.error && !isTextWarning(sent.error);

  return (
    <Dialog open={open} onClose={onClose} closeButton={t('funnel.remind.close')} aria-labelledby="remind-title">
      <Dialog.Block>
        <Heading level={2} data-size="xs" id="remind-title">{result ? t('funnel.remind.outcomeTitle') : t('funnel.remind.title')}</Heading>
      </Dialog.Block>
      <Dialog.Block className="egk-stack">
        {!result ? (
          <form className="egk-stack" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
            <Paragraph><strong>{t('funnel.remind.recipients')}</strong></Paragraph>
            <List.Unordered data-size="sm">
              {services.map((s) => <List.Item key={s.id}>{s.name}</List.Item>)}
            </List.Unordered>
            <Textfield id="remind-text" label={t('funnel.remind.text')} description={t('funnel.remind.textHelp')} multiline rows={4} value={text}
              onChange={(e) => setText(e.target.value)} required />
            <TextWarning error={sent.error} field="note" busy={sent.fetching} onConfirm={() => void submit(true)} />
            {failed && <Alert data-color="danger">{errorMessage(sent.error) ?? t('common.errorGeneric')}</Alert>}
            <div className="egk-row">
              <Button type="submit" disabled={sent.fetching || !text.trim()}>{sent.fetching ? t('funnel.remind.sending') : t('funnel.remind.send')}</Button>
              <Button type="button" variant="secondary" onClick={onClose}>{t('forms.cancel')}</Button>
            </div>
          </form>
        ) : (
          <div ref={outcome} tabIndex={-1} role="status" className="egk-stack">
            <Paragraph>{t('funnel.remind.outcomeRecorded', { time: formatDateTime(result.createdAt, lang) })}</Paragraph>
            <List.Unordered>
              {result.mail.map((m) => (
                <List.Item key={m.service.id}>
                  {outcomeLine(m, t, lang)} <MailStatusTag mail={m} />
                </List.Item>
              ))}
            </List.Unordered>
            <div className="egk-row">
              <Button onClick={onClose}>{t('funnel.remind.close')}</Button>
            </div>
          </div>
        )}
      </Dialog.Block>
    </Dialog>
  );
}
