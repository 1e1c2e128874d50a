import { Tag } from '@digdir/designsystemet-react';
import { formatDate, useI18n } from '../../i18n';

/** In the funnel's reply column: when the office's invitation went out, and who leads and takes part. */
export function FunnelReplyDetails({ entry }: { entry: { reply?: string | null; leadRole: string; participantRoles: string; letterSentAt?: string | null } }) {
  const { t } = useI18n();
  return (
    <>
      {entry.letterSentAt && <> <Tag data-color="neutral">{t('between.letter.sent', { date: formatDate(entry.letterSentAt) })}</Tag></>}
      {entry.reply === 'YES' && (entry.leadRole || entry.participantRoles) && (
        <span style={{ display: "block", fontSize: "0.875em" }}>
          {entry.leadRole && t('between.ledBy', { role: entry.leadRole })}
          {entry.leadRole && entry.participantRoles && ' · '}
          {entry.participantRoles && t('between.takingPart', { roles: entry.participantRoles })}
        </span>
      )}
    </>
  );
}
