import { Tag } from '@digdir/designsystemet-react';
import { useI18n, type MessageKey } from '../i18n';
import { isMailKey, mailColor, mailReason, type MailStatus } from '../lib/mail';

/** MailStatusTag says whether an e-mail was sent, failed or not sent, and why not. */
export function MailStatusTag({ mail }: { mail: { status: MailStatus; error: string; attempts: number } | null | undefined }) {
  const { t } = useI18n();
  if (!mail) return <>–</>;
  const reason = mail.error ? mailReason(mail.error) : '';
  return (
    <span className="egk-tags">
      <Tag data-color={mailColor(mail.status)}>{t(`register.mail.${mail.status}` as MessageKey)}</Tag>
      {mail.status !== 'SENT' && reason && (
        <span>{isMailKey(reason) ? t(reason) : reason}</span>
      )}
    </span>
  );
}
