// The top of a started summary form: its status with download, print and redaction, and what the
// county governor has said about it (reviewed, or corrections asked for).
import { useState } from 'react';
import { Alert, Button, Heading, Link, List, Paragraph, Tag } from '@digdir/designsystemet-react';
import { formatDate, formatDateTime, useI18n, type MessageKey } from '../../i18n';
import { statusColor } from '../../lib/status';
import { RedactTextDialog } from '../../components/RedactTextDialog';
import type { Submission } from './draft';

interface StatusProps {
  sub: Submission;
  serviceId: string;
  roundId: string;
  serviceName: string;
  /** The leader (or the operator) may remove confidential text typed by mistake; the server decides whose form it is. */
  canRedact: boolean;
  /** Unsaved edits, which a redaction would overwrite. */
  unsaved: boolean;
  onRedacted: () => void;
}

/** SummaryStatus is the form's status line, with its download, print and redaction. */
export function SummaryStatus({ sub, serviceId, roundId, serviceName, canRedact, unsaved, onRedacted }: StatusProps) {
  const { t } = useI18n();
  const [redactOpen, setRedactOpen] = useState(false);
  return (
    <>
      <div className="egk-row">
        <Tag data-color={statusColor(sub.status)}>{t(`common.status.${sub.status}` as MessageKey)}</Tag>
        {sub.late && <Tag data-color="warning">{t('common.late')}</Tag>}
        <Paragraph>{t('common.deadline')}: {formatDate(sub.deadline)}</Paragraph>
        <Link href={`${sub.exportPath}.xlsx`} className="egk-noprint">{t('common.download')} (XLSX)</Link>
        <Button variant="tertiary" className="egk-noprint" onClick={() => window.print()}>{t('common.print')}</Button>
        {canRedact && (
          <Button variant="tertiary" data-color="danger" className="egk-noprint" onClick={() => setRedactOpen(true)}>{t('redaction.open')}</Button>
        )}
      </div>
      {canRedact && (
        <RedactTextDialog open={redactOpen} serviceId={serviceId} roundId={roundId} serviceName={serviceName}
          warning={unsaved ? t('redaction.unsaved') : undefined} onClose={() => setRedactOpen(false)} onDone={onRedacted} />
      )}
    </>
  );
}

/** SummaryNotices say what the county governor did with the form, and whose version an outsider reads. */
export function SummaryNotices({ sub, official, inside }: { sub: Submission; official: boolean; inside: boolean }) {
  const { t, lang } = useI18n();
  const currentReasons = sub.returnReasons.filter((r) => r.revision === sub.revision);
  return (
    <>
      {!official && <Alert data-color="info">{t('common.exampleText')}</Alert>}
      {sub.reviewed && (
        <Alert data-color="success">
          <Paragraph>{t('common.reviewed.by', { by: sub.reviewed.by, date: formatDateTime(sub.reviewed.at, lang) })}
            {sub.reviewed.outdated && ` ${t('common.reviewed.outdated')}`}</Paragraph>
          <Paragraph data-size="sm">{t('common.reviewed.help')}</Paragraph>
        </Alert>
      )}
      {sub.status === 'RETURNED' && (
        <Alert data-color="warning">
          <Heading level={2} data-size="xs">{t('common.returnedTitle')}</Heading>
          <List.Unordered>
            {currentReasons.map((r, i) => <List.Item key={i}>{r.question ? `${r.question.code}: ` : ''}{r.reason}</List.Item>)}
          </List.Unordered>
          <Paragraph data-size="sm">{t('common.returnedHelp')}</Paragraph>
        </Alert>
      )}
      {!inside && <Alert data-color="info">{sub.revision > 0 ? t('forms.outsideSentVersion') : t('forms.outsideNothingSent')}</Alert>}
    </>
  );
}
