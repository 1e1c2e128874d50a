// The review step's last part: the service confirms that the form is ready and sends it.
import { useState } from 'react';
import { Button, Checkbox, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useI18n } from '../../i18n';

interface Props {
  /** Parts still missing; the send button then leads to the list of them. */
  missing: boolean;
  busy: boolean;
  onSend: () => void;
  onBack: () => void;
}

export function SendPanel({ missing, busy, onSend, onBack }: Props) {
  const { t } = useI18n();
  const [confirmed, setConfirmed] = useState(false);
  const [confirmError, setConfirmError] = useState(false);
  const send = () => {
    if (!confirmed) { setConfirmError(true); return; }
    onSend();
  };
  return (
    <section className="egk-stack egk-noprint egk-panel" aria-labelledby="send">
      <Heading level={2} data-size="md" id="send">{t('leader.review.step')}</Heading>
      {missing && <Paragraph><a href="#missing-parts">{t('leader.review.missingTitle')}</a></Paragraph>}
      <Checkbox label={t('leader.review.confirm')} checked={confirmed} error={confirmError && !confirmed ? t('leader.review.confirmNeeded') : undefined}
        onChange={(e) => { setConfirmed(e.target.checked); setConfirmError(false); }} />
      <div className="egk-row">
        <Button disabled={busy} onClick={send}>{t('common.submit')}</Button>
        <Button variant="secondary" onClick={onBack}>{t('leader.review.back')}</Button>
      </div>
    </section>
  );
}
