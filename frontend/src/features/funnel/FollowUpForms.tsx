import { useEffect, useState, type SubmitEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { isTextWarning } from '../../lib/personaldata';
import { TextWarning } from '../../components/TextWarning';
import { Alert, Button, Checkbox, Details, Field, Fieldset, Label, Paragraph, Select, Textfield } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import type { FollowUpKind, MeetingFormat } from '../../gql/graphql';
import { errorMessage } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';

const Invite = graphql(`mutation InviteAll($roundId: ID!, $ids: [ID!]!) { inviteServices(input: { roundId: $roundId, serviceIds: $ids }) { id } }`);
const InviteOffice = graphql(`
  mutation InviteOffice($roundId: ID!, $officeId: ID!) { inviteOfficeServices(input: { roundId: $roundId, officeId: $officeId }) { id status done total error } }
`);
const JobQuery = graphql(`query InviteJob($id: ID!) { job(id: $id) { id status done total error } }`);

type JobState = { id: string; status: string; done: number; total: number; error?: string | null };

/** Invites every service of the office not yet invited, as a job on the server, and shows its progress until it is done. */
function InviteAllButton({ officeId, roundId, count, onDone }: { officeId: string; roundId: string; count: number; onDone: () => void }) {
  const { t } = useI18n();
  const [started, start] = useMutation(InviteOffice);
  const [job, setJob] = useState<JobState | null>(null);
  const [{ data }, poll] = useQuery({ query: JobQuery, variables: { id: job?.id ?? '' }, pause: !job || job.status !== 'RUNNING', requestPolicy: 'network-only' });
  const current: JobState | null = data?.job && data.job.id === job?.id ? data.job : job;
  useEffect(() => {
    if (!job || current?.status !== 'RUNNING') return;
    const timer = setInterval(() => poll({ requestPolicy: 'network-only' }), 400);
    return () => clearInterval(timer);
  }, [job, current?.status, poll]);
  const finished = current && current.status !== 'RUNNING';
  useEffect(() => {
    if (finished) onDone();
  }, [finished]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <div className="egk-stack">
      {count > 0 && (!current || finished) && (
        <div>
          <Button variant="secondary" disabled={started.fetching}
            onClick={async () => { const res = await start({ roundId, officeId }); if (res.data) setJob(res.data.inviteOfficeServices); }}>
            {t('common.inviteAll')} ({count})
          </Button>
        </div>
      )}
      {started.error && <Alert data-color="danger">{errorMessage(started.error) ?? t('common.errorGeneric')}</Alert>}
      {current && current.status === 'RUNNING' && (
        <div className="egk-stack">
          <Label htmlFor="invite-progress">{t('campaigns.invite.allProgress')}</Label>
          <progress id="invite-progress" className="egk-progress" max={Math.max(current.total, 1)} value={current.done} />
          <Paragraph data-size="sm" role="status">{t('campaigns.invite.progressText', { done: current.done, total: current.total })}</Paragraph>
        </div>
      )}
      {current && current.status === 'DONE' && <Alert data-color="success" role="status">{t('campaigns.invite.done', { total: current.total })}</Alert>}
      {current && current.status === 'FAILED' && (
        <Alert data-color="danger">{t('campaigns.invite.failed', { done: current.done, total: current.total, error: current.error ?? '' })}</Alert>
      )}
    </div>
  );
}
const Meeting = graphql(`
  mutation RecordMeeting($officeId: ID!, $roundId: ID!, $heldOn: Date!, $format: MeetingFormat!, $title: String, $ids: [ID!], $confirmWarnings: Boolean) {
    recordInfoMeeting(input: { officeId: $officeId, roundId: $roundId, heldOn: $heldOn, format: $format, title: $title, attendeeServiceIds: $ids, confirmWarnings: $confirmWarnings }) { id }
  }
`);
const Activity = graphql(`
  mutation RecordActivity($officeId: ID!, $roundId: ID!, $kind: FollowUpKind!, $occurredOn: Date, $note: String, $ids: [ID!], $confirmWarnings: Boolean) {
    recordFollowUp(input: { officeId: $officeId, roundId: $roundId, kind: $kind, occurredOn: $occurredOn, note: $note, serviceIds: $ids, confirmWarnings: $confirmWarnings }) { id }
  }
`);

type Service = { id: string; name: string; stage: string };

function ServiceChecks({ services, chosen, setChosen, legend }: { services: Service[]; chosen: string[]; setChosen: (x: string[]) => void; legend: string }) {
  return (
    <Fieldset>
      <Fieldset.Legend>{legend}</Fieldset.Legend>
      {services.map((s) => (
        <Checkbox key={s.id} label={s.name} value={s.id} checked={chosen.includes(s.id)}
          onChange={(e) => setChosen(e.target.checked ? [...chosen, s.id] : chosen.filter((x) => x !== s.id))} />
      ))}
    </Fieldset>
  );
}

/** The county advisor's own work in a round: invitations, information meetings and other activity. */
export function FollowUpForms({ officeId, roundId, services, onDone, wholeOffice }: {
  officeId: string; roundId: string; services: Service[]; onDone: () => void;
  /** The services are all of the office's: inviting them is a job with progress (inviteOfficeServices). */
  wholeOffice?: boolean;
}) {
  const { t } = useI18n();
  const [invited, invite] = useMutation(Invite);
  const [meeting, recordMeeting] = useMutation(Meeting);
  const [activity, recordActivity] = useMutation(Activity);
  const [heldOn, setHeldOn] = useState('');
  const [format, setFormat] = useState<MeetingFormat>('DIGITAL');
  const [title, setTitle] = useState('');
  const [attendees, setAttendees] = useState<string[]>([]);
  const [kind, setKind] = useState<FollowUpKind>('CONTACT');
  const [on, setOn] = useState('');
  const [note, setNote] = useState('');
  const [concerns, setConcerns] = useState<string[]>([]);
  const notInvited = services.filter((s) => s.stage === 'NOT_INVITED').map((s) => s.id);

  // confirmWarnings: the writer has read the PERSONAL_DATA_WARNING at the field and saves anyway.
  const saveMeeting = async (confirmWarnings = false) => {
    const res = await recordMeeting({ officeId, roundId, heldOn, format, title, ids: attendees, confirmWarnings });
    if (!res.error) { setAttendees([]); onDone(); }
  };
  const saveActivity = async (confirmWarnings = false) => {
    const res = await recordActivity({ officeId, roundId, kind, occurredOn: on || null, note, ids: concerns, confirmWarnings });
    if (!res.error) { setNote(''); setConcerns([]); onDone(); }
  };
  const submitMeeting = (e: SubmitEvent) => { e.preventDefault(); void saveMeeting(); };
  const submitActivity = (e: SubmitEvent) => { e.preventDefault(); void saveActivity(); };
  return (
    <div className="egk-stack egk-noprint">
      {wholeOffice ? <InviteAllButton officeId={officeId} roundId={roundId} count={notInvited.length} onDone={onDone} /> : notInvited.length > 0 && (
        <div>
          <Button variant="secondary" disabled={invited.fetching} onClick={() => invite({ roundId, ids: notInvited }).then(onDone)}>
            {t('common.inviteAll')} ({notInvited.length})
          </Button>
        </div>
      )}
      <Details>
        <Details.Summary>{t('common.record.meeting')}</Details.Summary>
        <Details.Content>
          <form className="egk-stack" onSubmit={submitMeeting}>
            <Textfield label={t('common.meeting.date')} type="date" value={heldOn} onChange={(e) => setHeldOn(e.target.value)} required />
            <Field>
              <Label htmlFor="meeting-format">{t('common.meeting.format')}</Label>
              <Select id="meeting-format" value={format} onChange={(e) => setFormat(e.target.value as MeetingFormat)}>
                {(['DIGITAL', 'PHYSICAL', 'HYBRID'] as const).map((f) => <Select.Option key={f} value={f}>{t(`common.format.${f}`)}</Select.Option>)}
              </Select>
            </Field>
            <Textfield label={t('common.meeting.title')} value={title} onChange={(e) => setTitle(e.target.value)} />
            <TextWarning error={meeting.error} field="title" busy={meeting.fetching} onConfirm={() => void saveMeeting(true)} />
            <ServiceChecks services={services} chosen={attendees} setChosen={setAttendees} legend={t('common.attendees')} />
            {meeting.error && !isTextWarning(meeting.error) && <Alert data-color="danger">{errorMessage(meeting.error) ?? t('common.errorGeneric')}</Alert>}
            {meeting.data && <Alert data-color="success">{t('common.recorded')}</Alert>}
            <Button type="submit" disabled={meeting.fetching || !heldOn}>{t('common.record.meeting')}</Button>
          </form>
        </Details.Content>
      </Details>
      <Details>
        <Details.Summary>{t('common.record.activity')}</Details.Summary>
        <Details.Content>
          <form className="egk-stack" onSubmit={submitActivity}>
            <Field>
              <Label htmlFor="activity-kind">{t('common.activityKind')}</Label>
              <Select id="activity-kind" value={kind} onChange={(e) => setKind(e.target.value as FollowUpKind)}>
                {(['CONTACT', 'MEETING', 'NOTE', 'REMINDER'] as const).map((k) => <Select.Option key={k} value={k}>{t(`common.kind.${k}` as MessageKey)}</Select.Option>)}
              </Select>
            </Field>
            <Textfield label={t('common.meeting.date')} type="date" value={on} onChange={(e) => setOn(e.target.value)} />
            <Textfield label={t('common.activityNote')} multiline rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
            <TextWarning error={activity.error} field="note" busy={activity.fetching} onConfirm={() => void saveActivity(true)} />
            <ServiceChecks services={services} chosen={concerns} setChosen={setConcerns} legend={t('common.concerns')} />
            {activity.error && !isTextWarning(activity.error) && <Alert data-color="danger">{errorMessage(activity.error) ?? t('common.errorGeneric')}</Alert>}
            {activity.data && <Alert data-color="success">{t('common.recorded')}</Alert>}
            <Button type="submit" disabled={activity.fetching}>{t('common.record.activity')}</Button>
          </form>
        </Details.Content>
      </Details>
    </div>
  );
}
