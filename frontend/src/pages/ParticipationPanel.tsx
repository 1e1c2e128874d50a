import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { isTextWarning } from '../lib/personaldata';
import { TextWarning } from './TextWarning';
import { Alert, Button, Heading, Paragraph, Radio, Fieldset, Textfield } from '@digdir/designsystemet-react';
import { graphql } from '../gql';
import type { ParticipationReply } from '../gql/graphql';
import { errorMessage } from '../api';
import { formatDate, useI18n } from '../i18n';

const ParticipationQuery = graphql(`
  query Participation($serviceId: ID!, $roundId: ID!) {
    service(id: $serviceId) { id participation(roundId: $roundId) { id invitedAt meeting { heldOn } reply repliedOn plannedFrom plannedTo declineReason nextAssessment version } }
  }
`);
const Reply = graphql(`
  mutation RecordReply($serviceId: ID!, $roundId: ID!, $reply: ParticipationReply!, $from: YearMonth, $to: YearMonth, $reason: String, $next: String, $v: Int, $confirmWarnings: Boolean) {
    recordReply(input: { serviceId: $serviceId, roundId: $roundId, reply: $reply, plannedFrom: $from, plannedTo: $to, declineReason: $reason, nextAssessment: $next, expectedVersion: $v, confirmWarnings: $confirmWarnings }) { id nextAssessment }
  }
`);

/**
 * A service's invitation, meeting and reply, and recording the reply (county advisors, and the service's
 * leader), with when the service expects its next self-assessment or how far it has come, which the
 * county report of round 1 asks for. Left untouched, the stored text is kept.
 */
export function ParticipationPanel({ serviceId, roundId }: { serviceId: string; roundId: string }) {
  const { t } = useI18n();
  const [{ data }, refetch] = useQuery({ query: ParticipationQuery, variables: { serviceId, roundId } });
  const [replied, reply] = useMutation(Reply);
  const [answer, setAnswer] = useState<ParticipationReply>('YES');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [next, setNext] = useState<string | null>(null); // null: untouched, keep the stored text
  const p = data?.service?.participation;
  // confirmWarnings: the writer has read the PERSONAL_DATA_WARNING at the field and saves anyway.
  const send = async (confirmWarnings = false) => {
    if (!p) return;
    const r = await reply({ serviceId, roundId, reply: answer, from: from || null, to: to || null, reason, next: next ?? undefined, v: p.version, confirmWarnings });
    if (!r.error) setNext(null);
    refetch({ requestPolicy: 'network-only' });
  };
  return (
    <section className="egk-stack egk-noprint" aria-labelledby="participation">
      <Heading level={2} data-size="sm" id="participation">{t('participation')}</Heading>
      {p ? (
        <Paragraph>
          {t('invitedOn', { date: formatDate(p.invitedAt) })}
          {p.meeting && ` · ${t('meetingOn', { date: formatDate(p.meeting.heldOn) })}`}
          {p.reply && ` · ${t('repliedOn', { date: formatDate(p.repliedOn), reply: p.reply === 'YES' ? t('replyYes') : `${t('replyNo')} (${p.declineReason})` })}`}
          {p.nextAssessment && ` · ${t('nextAssessment')}: ${p.nextAssessment}`}
        </Paragraph>
      ) : (
        <Paragraph>{t('stage_NOT_INVITED')}</Paragraph>
      )}
      {p && (
        <>
          <Fieldset>
            <Fieldset.Legend>{t('recordReply')}</Fieldset.Legend>
            <Radio name="reply" value="YES" label={t('replyYes')} checked={answer === 'YES'} onChange={() => setAnswer('YES')} />
            <Radio name="reply" value="NO" label={t('replyNo')} checked={answer === 'NO'} onChange={() => setAnswer('NO')} />
          </Fieldset>
          {answer === 'YES' ? (
            <div className="egk-row">
              <Textfield label={t('plannedFrom')} type="month" value={from} onChange={(e) => setFrom(e.target.value)} />
              <Textfield label={t('plannedTo')} type="month" value={to} onChange={(e) => setTo(e.target.value)} />
            </div>
          ) : (
            <>
              <Textfield label={t('declineReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
              <TextWarning error={replied.error} field="declineReason" busy={replied.fetching} onConfirm={() => void send(true)} />
            </>
          )}
          <Textfield label={t('nextAssessmentLabel')} description={t('nextAssessmentHelp')}
            value={next ?? p.nextAssessment} onChange={(e) => setNext(e.target.value)} />
          <TextWarning error={replied.error} field="nextAssessment" busy={replied.fetching} onConfirm={() => void send(true)} />
          {replied.error && !isTextWarning(replied.error) && <Alert data-color="danger">{errorMessage(replied.error) ?? t('errorGeneric')}</Alert>}
          <Button variant="secondary" disabled={replied.fetching} onClick={() => void send()}>
            {t('recordReply')}
          </Button>
        </>
      )}
    </section>
  );
}
