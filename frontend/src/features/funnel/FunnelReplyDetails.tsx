import { Tag } from '@digdir/designsystemet-react';
import { formatDate, useI18n } from '../../i18n';

/** In the funnel's reply column: when the office's invitation went out, and who leads and takes part. */
export function FunnelReplyDetails({ entry }: { entry: { reply?: string | null; leadRole: string; participantRoles: string; letterSentAt?: string | null } }) {
  const { t } = useI18n();
  return (
    <>
      {entry.letterSentAt && <> <Tag data-color="neutral">{t('btLetterSent', { date: formatDate(entry.letterSentAt) })}</Tag></>}
      {entry.reply === 'YES' && (entry.leadRole || entry.participantRoles) && (
        <span style={{ display: "block", fontSize: "0.875em" }}>
          {entry.leadRole && t('btLedBy', { role: entry.leadRole })}
          {entry.leadRole && entry.participantRoles && ' · '}
          {entry.participantRoles && t('btTakingPart', { roles: entry.participantRoles })}
        </span>
      )}
    </>
  );
}
