import { useState } from 'react';
import { useQuery } from 'urql';
import { Alert, Details, Paragraph, Table } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import { errorMessage } from '../../api';
import { formatDateTime, useI18n, type MessageKey } from '../../i18n';
import { historyLine } from '../../lib/history';
import { TableRegion } from '../../components/TableRegion';

const HistoryQuery = graphql(`
  query SubmissionHistory($serviceId: ID!, $roundId: ID!) {
    submission(serviceId: $serviceId, roundId: $roundId) { id history { id at actorName action newValue } }
  }
`);

const ACTIONS: Record<string, MessageKey> = {
  'submission.draft': 'forms.history.draft', 'submission.submit': 'forms.history.submit', 'submission.return': 'forms.history.return',
  'submission.reviewed': 'forms.history.reviewed', 'submission.review_cleared': 'forms.history.reviewCleared',
};

/**
 * The summary form's change log from the audit trail: who did what, when. Loaded only when opened;
 * shown to those the server lets read it (the service itself and Helsetilsynet).
 */
export function HistoryPanel({ serviceId, roundId }: { serviceId: string; roundId: string }) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const [{ data, error, fetching }] = useQuery({ query: HistoryQuery, variables: { serviceId, roundId }, pause: !open, requestPolicy: 'network-only' });
  const entries = data?.submission?.history;
  const describe = (action: string, newValue?: string | null) => {
    const line = historyLine(action, newValue);
    if (line.kind === 'status') return t('forms.history.status', { status: t(`common.status.${line.status}` as MessageKey) });
    return ACTIONS[line.action] ? t(ACTIONS[line.action]!) : line.action;
  };
  return (
    <Details className="egk-noprint" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <Details.Summary>{t('forms.history.label')}</Details.Summary>
      <Details.Content>
        {error && <Alert data-color="danger">{errorMessage(error) ?? t('common.errorGeneric')}</Alert>}
        {fetching && !data && <Paragraph>{t('common.loading')}</Paragraph>}
        {data && !entries && <Paragraph>{t('forms.history.hidden')}</Paragraph>}
        {entries && (
          <TableRegion label={t('forms.history.label')}>
            <Table data-size="sm">
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>{t('forms.history.when')}</Table.HeaderCell><Table.HeaderCell>{t('forms.history.who')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('forms.history.what')}</Table.HeaderCell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {[...entries].reverse().map((e) => (
                  <Table.Row key={e.id}>
                    <Table.Cell className="egk-num">{formatDateTime(e.at, lang)}</Table.Cell>
                    <Table.Cell>{e.actorName}</Table.Cell>
                    <Table.Cell>{describe(e.action, e.newValue)}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </TableRegion>
        )}
      </Details.Content>
    </Details>
  );
}
