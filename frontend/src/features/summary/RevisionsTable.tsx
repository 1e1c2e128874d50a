// Every version of the summary form the service has sent, with the corrections asked for each.
import { Heading, Table } from '@digdir/designsystemet-react';
import { formatDateTime, useI18n } from '../../i18n';
import { TableRegion } from '../../components/TableRegion';
import type { Submission } from './draft';

export function RevisionsTable({ sub }: { sub: Submission }) {
  const { t, lang } = useI18n();
  if (sub.revisions.length === 0) return null;
  return (
    <section className="egk-stack" aria-labelledby="revisions">
      <Heading level={2} data-size="sm" id="revisions">{t('forms.revisions')}</Heading>
      <TableRegion>
        <Table data-size="sm">
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t('forms.revision')}</Table.HeaderCell><Table.HeaderCell>{t('forms.submittedAt')}</Table.HeaderCell>
              <Table.HeaderCell>{t('common.cases')}</Table.HeaderCell><Table.HeaderCell>{t('forms.returnReasonsCol')}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {sub.revisions.map((r) => {
              const reasons = sub.returnReasons.filter((x) => x.revision === r.revision);
              return (
                <Table.Row key={r.revision}>
                  <Table.Cell>{r.revision}</Table.Cell>
                  <Table.Cell>{formatDateTime(r.submittedAt, lang)}{r.late ? ` (${t('common.late').toLowerCase()})` : ''}</Table.Cell>
                  <Table.Cell>{r.caseCount}</Table.Cell>
                  <Table.Cell>{reasons.length ? reasons.map((x) => `${x.question ? `${x.question.code}: ` : ''}${x.reason}`).join('; ') : '–'}</Table.Cell>
                </Table.Row>
              );
            })}
          </Table.Body>
        </Table>
      </TableRegion>
    </section>
  );
}
