import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { isTextWarning } from '../lib/personaldata';
import { TextWarning } from './TextWarning';
import { Alert, Button, Details, Heading, Paragraph, Radio, Fieldset, Textfield, ValidationMessage } from '@digdir/designsystemet-react';
import { graphql } from '../gql';
import type { ParticipationReply } from '../gql/graphql';
import { errorMessage } from '../api';
import { formatDate, formatDateTime, useI18n } from '../i18n';

const ParticipationQuery = graphql(`
  query Participation($serviceId: ID!, $roundId: ID!) {
    service(id: $serviceId) {
      id
      participation(roundId: $roundId) {
        id invitedAt meeting { heldOn } reply repliedOn plannedFrom plannedTo declineReason nextAssessment leadRole participantRoles version
        letter { subject mailText sentAt }
      }
    }
    submission(serviceId: $serviceId, roundId: $roundId) { id revision }
  }
`);
const Reply = graphql(`
  mutation RecordReply($serviceId: ID!, $roundId: ID!, $reply: ParticipationReply!, $from: YearMonth, $to: YearMonth, $reason: String, $next: String, $lead: String, $roles: String, $v: Int, $confirmWarnings: Boolean) {
    recordReply(input: { serviceId: $serviceId, roundId: $roundId, reply: $reply, plannedFrom: $from, plannedTo: $to, declineReason: $reason, nextAssessment: $next, leadRole: $lead, participantRoles: $roles, expectedVersion: $v, confirmWarnings: $confirmWarnings }) { id nextAssessment }
  }
`);

/**
 * A service's invitation (the office's letter), meeting and reply. The reply (county advisors,
 * and the service's leader) says whether it takes part, when, who leads the self-assessment and who
 * takes part (roles), and when it expects the next self-assessment. Nothing is chosen in advance;
 * an existing reply is one line with "Endre"; once the service has submitted its form the reply
 * can no longer be changed.
 */
export function ParticipationPanel({ serviceId, roundId }: { serviceId: string; roundId: string }) {
  const { t, lang } = useI18n();
  const [{ data }, refetch] = useQuery({ query: ParticipationQuery, variables: { serviceId, roundId } });
  const [replied, reply] = useMutation(Reply);
  const [editing, setEditing] = useState(false);
  const [answer, setAnswer] = useState<ParticipationReply | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [lead, setLead] = useState('');
  const [roles, setRoles] = useState('');
  const [next, setNext] = useState<string | null>(null); // null: untouched, keep the stored text
  const [missing, setMissing] = useState(false);
  const p = data?.service?.participation;
  const submitted = (data?.submission?.revision ?? 0) > 0;
  const startEditing = () => {
    if (!p) return;
    setAnswer(p.reply ?? null);
    setFrom(p.plannedFrom ?? '');
    setTo(p.plannedTo ?? '');
    setReason(p.declineReason);
    setLead(p.leadRole);
    setRoles(p.participantRoles);
    setEditing(true);
  };
  // confirmWarnings: the writer has read the PERSONAL_DATA_WARNING at the field and saves anyway.
  const send = async (confirmWarnings = false) => {
    if (!p) return;
    if (!answer) {
      setMissing(true);
      return;
    }
    const r = await reply({ serviceId, roundId, reply: answer, from: from || null, to: to || null, reason, next: next ?? undefined,
      lead: answer === 'YES' ? lead : undefined, roles: answer === 'YES' ? roles : undefined, v: p.version, confirmWarnings });
    if (!r.error) {
      setNext(null);
      setEditing(false);
    }
    refetch({ requestPolicy: 'network-only' });
  };
  const showForm = p && !submitted && (editing || !p.reply);
  return (
    <section className="egk-stack egk-noprint" aria-labelledby="participation">
      <Heading level={2} data-size="sm" id="participation">{t('common.participation')}</Heading>
      {p ? (
        <Paragraph>
          {t('common.invitedOn', { date: formatDate(p.invitedAt) })}
          {p.meeting && ` · ${t('common.meeting.on', { date: formatDate(p.meeting.heldOn) })}`}
          {p.nextAssessment && ` · ${t('county.next.assessment')}: ${p.nextAssessment}`}
        </Paragraph>
      ) : (
        <Paragraph>{t('common.stage.NOT_INVITED')}</Paragraph>
      )}
      {p?.letter && (
        <Details>
          <Details.Summary>{t('between.letter.fromOffice')}: {p.letter.subject}{p.letter.sentAt && ` (${formatDateTime(p.letter.sentAt, lang)})`}</Details.Summary>
          <Details.Content>
            <pre style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', margin: 0 }}>{p.letter.mailText}</pre>
          </Details.Content>
        </Details>
      )}
      {p?.reply && !editing && (
        <div className="egk-row" data-testid="reply-line">
          <Paragraph>
            {t('between.reply.line', { date: formatDate(p.repliedOn), reply: p.reply === 'YES' ? t('common.replyYes') : `${t('common.replyNo')} (${p.declineReason})` })}
            {p.reply === 'YES' && p.leadRole && ` ${t('between.ledBy', { role: p.leadRole })}.`}
            {p.reply === 'YES' && p.participantRoles && ` ${t('between.takingPart', { roles: p.participantRoles })}.`}
          </Paragraph>
          {!submitted && <Button variant="tertiary" data-size="sm" onClick={startEditing}>{t('between.change')}</Button>}
        </div>
      )}
      {p?.reply && submitted && <Paragraph data-size="sm">{t('between.reply.locked')}</Paragraph>}
      {p && !p.reply && submitted && <Paragraph data-size="sm">{t('between.submittedWithoutReply')}</Paragraph>}
      {showForm && (
        <>
          <Fieldset>
            <Fieldset.Legend>{t('between.reply.label')}</Fieldset.Legend>
            <Radio name="reply" value="YES" label={t('common.replyYes')} checked={answer === 'YES'} onChange={() => setAnswer('YES')} />
            <Radio name="reply" value="NO" label={t('common.replyNo')} checked={answer === 'NO'} onChange={() => setAnswer('NO')} />
            {missing && !answer && <ValidationMessage>{t('between.chooseReply')}</ValidationMessage>}
          </Fieldset>
          {answer === 'YES' && (
            <>
              <Fieldset>
                <Fieldset.Legend>{t('between.when')}</Fieldset.Legend>
                <div className="egk-row">
                  <Textfield label={t('common.plannedFrom')} type="month" value={from} onChange={(e) => setFrom(e.target.value)} />
                  <Textfield label={t('common.plannedTo')} type="month" value={to} onChange={(e) => setTo(e.target.value)} />
                </div>
              </Fieldset>
              <Textfield label={t('between.leadRole')} description={t('between.leadRoleHelp')} value={lead} onChange={(e) => setLead(e.target.value)} />
              <TextWarning error={replied.error} field="leadRole" busy={replied.fetching} onConfirm={() => void send(true)} />
              <Textfield label={t('between.participantRoles')} description={t('between.participantRolesHelp')} value={roles} onChange={(e) => setRoles(e.target.value)} />
              <TextWarning error={replied.error} field="participantRoles" busy={replied.fetching} onConfirm={() => void send(true)} />
            </>
          )}
          {answer === 'NO' && (
            <>
              <Textfield label={t('common.declineReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
              <TextWarning error={replied.error} field="declineReason" busy={replied.fetching} onConfirm={() => void send(true)} />
            </>
          )}
          <Textfield label={t('county.next.assessmentLabel')} description={t('county.next.assessmentHelp')}
            value={next ?? p.nextAssessment} onChange={(e) => setNext(e.target.value)} />
          <TextWarning error={replied.error} field="nextAssessment" busy={replied.fetching} onConfirm={() => void send(true)} />
          {replied.error && !isTextWarning(replied.error) && <Alert data-color="danger">{errorMessage(replied.error) ?? t('common.errorGeneric')}</Alert>}
          <div className="egk-row">
            <Button variant="secondary" disabled={replied.fetching} onClick={() => void send()}>{t('between.send.reply')}</Button>
            {editing && <Button variant="tertiary" onClick={() => setEditing(false)}>{t('between.cancel')}</Button>}
          </div>
        </>
      )}
    </section>
  );
}
