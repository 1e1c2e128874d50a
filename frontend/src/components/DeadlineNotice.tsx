import { useQuery } from 'urql';
import { Alert, Heading, Paragraph } from '@digdir/designsystemet-react';
import { graphql } from '../gql';
import { formatDate, formatDateTime, useI18n, type MessageKey } from '../i18n';

const DeadlineChanges = graphql(`
  query DeadlineChanges($roundId: ID!) { round(id: $roundId) { id deadlineChanges { kind from to changedAt } } }
`);

/** "Fristen er endret": every change of the round's deadlines, from → to and when, for everyone taking part in the round. */
export function DeadlineNotice({ roundId, kinds }: { roundId: string; kinds?: ('SERVICES' | 'REPORT')[] }) {
  const { t, lang } = useI18n();
  const [{ data }] = useQuery({ query: DeadlineChanges, variables: { roundId }, pause: !roundId, requestPolicy: 'cache-and-network' });
  const changes = (data?.round?.deadlineChanges ?? []).filter((c) => !kinds || kinds.includes(c.kind));
  if (changes.length === 0) return null;
  return (
    <Alert data-color="warning" className="egk-noprint">
      <Heading level={2} data-size="xs">{t('campaigns.deadline.changedTitle')}</Heading>
      {changes.map((c, i) => (
        <Paragraph key={i} data-size="sm">
          {t(`campaigns.deadline.changed.${c.kind}` as MessageKey, { from: formatDate(c.from), to: formatDate(c.to), at: formatDateTime(c.changedAt, lang) })}
        </Paragraph>
      ))}
    </Alert>
  );
}
