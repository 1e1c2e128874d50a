import { useQuery } from 'urql';
import { Alert, Heading, Paragraph } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import { formatDate, useI18n } from '../../i18n';

const NoticeQuery = graphql(`
  query OfficeDeadlineNotice($serviceId: ID!) {
    service(id: $serviceId) { id office { id } }
  }
`);

const OfficeDeadlineForService = graphql(`
  query OfficeDeadlineForService($officeId: ID!, $roundId: ID!) {
    officeDeadline(officeId: $officeId, roundId: $roundId) { deadline reason }
  }
`);

/** Tells a service that its county office has moved the deadline, and why. */
export function OfficeDeadlineNotice({ serviceId, roundId }: { serviceId: string; roundId: string }) {
  const { t } = useI18n();
  const [{ data }] = useQuery({ query: NoticeQuery, variables: { serviceId } });
  const officeId = data?.service?.office.id;
  const [{ data: od }] = useQuery({ query: OfficeDeadlineForService, variables: { officeId: officeId ?? '', roundId }, pause: !officeId });
  const d = od?.officeDeadline;
  if (!d) return null;
  return (
    <Alert data-color="info">
      <Heading level={2} data-size="2xs">{t('between.noticeTitle')}</Heading>
      <Paragraph>{t('between.noticeBody', { date: formatDate(d.deadline), reason: d.reason })}</Paragraph>
    </Alert>
  );
}
