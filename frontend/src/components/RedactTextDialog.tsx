// Removing confidential text typed by mistake from a service's summary form of a round, in a
// dialog: paste the text and say why, confirm, and see how many places were changed. The service
// leader opens it from the summary form, the administrator from the administrator's page.
import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { useMutation } from 'urql';
import { Alert, Button, Dialog, Fieldset, Heading, List, Paragraph, Radio, Textfield } from '@digdir/designsystemet-react';
import { graphql } from '../gql';
import type { RedactionReason } from '../gql/graphql';
import { errorCode, errorField, errorMessage } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { changedPlaces, redactionTextProblem } from '../lib/redaction';

const RedactText = graphql(`
  mutation RedactText($input: RedactTextInput!) {
    redactText(input: $input) { submissionId total places { kind count } }
  }
`);

const REASONS: RedactionReason[] = ['PERSONAL_DATA', 'CONFIDENTIAL', 'OTHER'];

interface Props {
  open: boolean;
  serviceId: string;
  roundId: string;
  /** The service's name in the confirmation; "this service" when not given. */
  serviceName?: string;
  /** A warning shown first, for example that unsaved changes are discarded. */
  warning?: string;
  onClose: () => void;
  /** Called after text was removed, so the page reloads what it shows. */
  onDone: () => void;
}

type Step = 'edit' | 'confirm' | 'done';

export function RedactTextDialog({ open, serviceId, roundId, serviceName, warning, onClose, onDone }: Props) {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>('edit');
  const [text, setText] = useState('');
  const [reason, setReason] = useState<RedactionReason>('PERSONAL_DATA');
  const [textError, setTextError] = useState<string | undefined>();
  const [general, setGeneral] = useState<string | undefined>();
  const [result, setResult] = useState<{ total: number; places: { key: MessageKey; count: number }[] } | null>(null);
  const [running, redact] = useMutation(RedactText);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  // Every opening starts afresh; the pasted text is not kept after the dialog is closed.
  useEffect(() => {
    if (open) {
      setStep('edit');
      setText('');
      setReason('PERSONAL_DATA');
      setTextError(undefined);
      setGeneral(undefined);
      setResult(null);
    } else {
      setText('');
    }
  }, [open, serviceId, roundId]);
  useEffect(() => { if (step === 'confirm') confirmButton.current?.focus(); }, [step]);
  useEffect(() => { if (step === 'done') resultRef.current?.focus(); }, [step]);

  const next = (e: SubmitEvent) => {
    e.preventDefault();
    const problem = redactionTextProblem(text);
    if (problem) {
      setTextError(t(problem));
      requestAnimationFrame(() => document.getElementById('redact-text')?.focus());
      return;
    }
    setGeneral(undefined);
    setStep('confirm');
  };

  const confirm = async () => {
    const res = await redact({ input: { serviceId, roundId, text, reason } });
    if (res.error) {
      if (errorCode(res.error) === 'BAD_USER_INPUT' && errorField(res.error) === 'text') {
        setTextError(errorMessage(res.error));
      } else {
        setGeneral(errorMessage(res.error) ?? t('common.errorGeneric'));
      }
      setStep('edit');
      return;
    }
    const r = res.data!.redactText;
    setResult({ total: r.total, places: changedPlaces(r.places) });
    setText('');
    setStep('done');
    if (r.total > 0) onDone();
  };

  return (
    <Dialog open={open} onClose={onClose} closeButton={t('redaction.close')} aria-labelledby="redact-title">
      <Dialog.Block>
        <Heading level={2} data-size="xs" id="redact-title">{step === 'confirm' ? t('redaction.confirm.title') : t('redaction.title')}</Heading>
      </Dialog.Block>
      <Dialog.Block className="egk-stack">
        {step === 'edit' && (
          <form onSubmit={next} noValidate className="egk-stack">
            {warning && <Alert data-color="warning">{warning}</Alert>}
            <Paragraph>{t('redaction.lead')}</Paragraph>
            <Textfield id="redact-text" label={t('redaction.textLabel')} description={t('redaction.textHelp')} multiline rows={3}
              autoComplete="off" spellCheck={false} value={text} error={textError}
              onChange={(e) => { setText(e.target.value); setTextError(undefined); }} />
            <Fieldset>
              <Fieldset.Legend>{t('redaction.reason.label')}</Fieldset.Legend>
              {REASONS.map((r) => (
                <Radio key={r} id={`redact-reason-${r}`} name="redact-reason" value={r} checked={reason === r}
                  label={t(`redaction.reason.${r}` as MessageKey)} onChange={() => setReason(r)} />
              ))}
            </Fieldset>
            {general && <Alert data-color="danger">{general}</Alert>}
            <div className="egk-row">
              <Button type="submit" data-color="danger">{t('redaction.next')}</Button>
              <Button type="button" variant="secondary" onClick={onClose}>{t('forms.cancel')}</Button>
            </div>
          </form>
        )}
        {step === 'confirm' && (
          <>
            <Paragraph>{t('redaction.confirm.text', { service: serviceName ?? t('redaction.thisService') })}</Paragraph>
            <div className="egk-row">
              <Button data-color="danger" ref={confirmButton} disabled={running.fetching} onClick={() => void confirm()}>{t('redaction.confirm.label')}</Button>
              <Button variant="secondary" disabled={running.fetching} onClick={() => setStep('edit')}>{t('redaction.back')}</Button>
            </div>
          </>
        )}
        {step === 'done' && result && (
          <>
            <div ref={resultRef} tabIndex={-1} role="status">
              {result.total === 0 ? (
                <Alert data-color="warning">{t('redaction.nothing')}</Alert>
              ) : (
                <Alert data-color="success">
                  <Paragraph>{t('redaction.done', { n: result.total })}</Paragraph>
                  <List.Unordered>
                    {result.places.map((p) => <List.Item key={p.key}>{t(p.key)}: {p.count}</List.Item>)}
                  </List.Unordered>
                </Alert>
              )}
            </div>
            <div className="egk-row">
              <Button variant="secondary" onClick={onClose}>{t('redaction.close')}</Button>
            </div>
          </>
        )}
      </Dialog.Block>
    </Dialog>
  );
}
