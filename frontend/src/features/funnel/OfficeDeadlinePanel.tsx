import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Alert, Button, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import { errorMessage } from '../../api';
import { isTextWarning } from '../../lib/personaldata';
import { formatDate, useI18n } from '../../i18n';
import { TextWarning } from '../../components/TextWarning';

const OfficeDeadlineQuery = graphql(`
  query OfficeDeadline($officeId: ID!, $roundId: ID!) {
    round(id: $roundId) { id deadline }
    officeDeadline(officeId: $officeId, roundId: $roundId) { deadline reason version }
  }
`);

const SetOfficeDeadline = graphql(`
  mutation SetOfficeDeadline($input: OfficeDeadlineInput!) { setOfficeDeadline(input: $input) { deadline reason version } }
`);

/** The county office moves the deadline for all its services at once, with a reason the services see. */
export function OfficeDeadlinePanel({ officeId, roundId }: { officeId: string; roundId: string }) {
  const { t } = useI18n();
  const [{ data }, refetch] = useQuery({ query: OfficeDeadlineQuery, variables: { officeId, roundId } });
  const [result, setDeadline] = useMutation(SetOfficeDeadline);
  const [date, setDate] = useState('');
  const [reason, setReason] = useState('');
  const current = data?.officeDeadline;
  const submit = async (deadline: string | null, confirmWarnings = false) => {
    const r = await setDeadline({ input: { officeId, roundId, deadline, reason: deadline ? reason : '', expectedVersion: current?.version ?? null, confirmWarnings } });
    if (!r.error) {
      setDate('');
      setReason('');
      refetch({ requestPolicy: 'network-only' });
    }
  };
  return (
    <section className="egk-stack egk-noprint" aria-labelledby="office-deadline">
      <Heading level={2} data-size="sm" id="office-deadline">{t('between.officeDeadline')}</Heading>
      <Paragraph>{t('between.officeDeadlineLead')}</Paragraph>
      {current && <Alert data-color="info">{t('between.currentOfficeDeadline', { date: formatDate(current.deadline), reason: current.reason })}</Alert>}
      <div className="egk-row">
        <Textfield label={t('between.newDeadline')} type="date" min={data?.round?.deadline} value={date} onChange={(e) => setDate(e.target.value)} />
        <Textfield label={t('between.reason')} description={t('between.reasonHelp')} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <TextWarning error={result.error} field="reason" busy={result.fetching} onConfirm={() => void submit(date, true)} />
      {result.error && !isTextWarning(result.error) && <Alert data-color="danger">{errorMessage(result.error) ?? t('common.errorGeneric')}</Alert>}
      <div className="egk-row">
        <Button variant="secondary" disabled={result.fetching || !date} onClick={() => void submit(date)}>{t('between.setDeadline')}</Button>
        {current && <Button variant="tertiary" disabled={result.fetching} onClick={() => void submit(null)}>{t('between.removeDeadline')}</Button>}
      </div>
    </section>
  );
}
