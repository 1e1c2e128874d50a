// The administrator's part of redaction: on a service's request, choose the service and the round
// and remove confidential text typed by mistake from that summary form (the same dialog the
// service leader has on the form).
import { useState, type SubmitEvent } from 'react';
import { Button, Card, Field, Heading, Label, Paragraph, Select, ValidationMessage } from '@digdir/designsystemet-react';
import { useI18n } from '../../i18n';
import { RedactTextDialog } from '../../components/RedactTextDialog';
import { ServiceField, useServiceName } from './shared';

interface Props {
  rounds: { id: string; number: number }[] | undefined;
}

export function Redaction({ rounds }: Props) {
  const { t } = useI18n();
  const [serviceId, setServiceId] = useState('');
  const [roundId, setRoundId] = useState('');
  const [missing, setMissing] = useState(false);
  const [open, setOpen] = useState(false);
  const serviceName = useServiceName(serviceId);

  const start = (e: SubmitEvent) => {
    e.preventDefault();
    if (!serviceId || !roundId) {
      setMissing(true);
      return;
    }
    setOpen(true);
  };

  return (
    <section className="egk-stack" aria-labelledby="admin-redaction">
      <Heading level={2} data-size="md" id="admin-redaction">{t('redaction.adminTitle')}</Heading>
      <Paragraph>{t('redaction.adminLead')}</Paragraph>
      <Card>
        <Card.Block>
          <form onSubmit={start} noValidate className="egk-stack" style={{ maxWidth: '40rem' }}>
            <ServiceField id="redact-service" value={serviceId} error={missing && !serviceId ? t('redaction.chooseFirst') : undefined}
              onChange={(v) => { setServiceId(v); setMissing(false); }} />
            <Field>
              <Label htmlFor="redact-round">{t('redaction.round')}</Label>
              <Select id="redact-round" value={roundId} aria-invalid={missing && !roundId} onChange={(e) => { setRoundId(e.target.value); setMissing(false); }}>
                <Select.Option value="">{t('redaction.chooseRound')}</Select.Option>
                {rounds?.map((r) => <Select.Option key={r.id} value={r.id}>{t('redaction.roundNo', { n: r.number })}</Select.Option>)}
              </Select>
              {missing && !roundId && <ValidationMessage>{t('redaction.chooseFirst')}</ValidationMessage>}
            </Field>
            <div>
              <Button type="submit" variant="secondary" data-color="danger">{t('redaction.open')}</Button>
            </div>
          </form>
        </Card.Block>
      </Card>
      <RedactTextDialog open={open} serviceId={serviceId} roundId={roundId} serviceName={serviceName} onClose={() => setOpen(false)} onDone={() => undefined} />
    </section>
  );
}
