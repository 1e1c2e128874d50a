import { Tag } from '@digdir/designsystemet-react';
import { useI18n, type MessageKey } from '../i18n';
import { mailColor, mailReason, type MailStatus } from '../lib/mail';

/** MailStatusTag says whether an e-mail was sent, failed or not sent, and why not. */
export function MailStatusTag({ mail }: { mail: { status: MailStatus; error: string; attempts: number } | null | undefined }) {
  const { t } = useI18n();
  if (!mail) return <>–</>;
  const reason = mail.error ? mailReason(mail.error) : '';
  const known = reason.startsWith('mail');
  return (
    <span className="egk-tags">
      <Tag data-color={mailColor(mail.status)}>{t(`mail_${mail.status}` as MessageKey)}</Tag>
      {mail.status !== 'SENT' && reason && (
        <span>{known ? t(reason as MessageKey) : reason}</span>
      )}
    </span>
  );
}
