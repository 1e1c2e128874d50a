import { useState, type SubmitEvent } from 'react';
import { useParams } from 'react-router-dom';
import { AppLink as RouterLink } from '../../components/AppLink';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { Alert, Button, Checkbox, Details, Field, Heading, Label, Paragraph, Select, Tag, Textfield } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import type { ActionStatus, PlanPageQuery } from '../../gql/graphql';
import { errorMessage } from '../../api';
import { formatDate, formatDateTime, localized, useI18n } from '../../i18n';
import { isTextWarning } from '../../lib/personaldata';
import { PageSkeleton } from '../../components/PageSkeleton';
import { TextWarning } from '../../components/TextWarning';
import { usePageTitle } from '../../components/usePageTitle';

const PlanQuery = graphql(`
  query PlanPage($serviceId: ID!, $roundId: ID!) {
    service(id: $serviceId) { id name }
    round(id: $roundId) { id number title { nb nn en } }
    viewer { canSubmitForms service { id } }
    planFollowUp(serviceId: $serviceId, roundId: $roundId) {
      version started fromRevision submittedAt lastChangedAt ownMethod ownPlanSummary ownPlanLocation
      measuresBeganOn measuresBeganSetOn remindersEnabled
      goals { position description target measure added status note adjustReason adjustedAt question { code }
        actions { position description owner dueDate status startedOn endedOn note added overdue } }
      progress { actions started done dropped overdue }
    }
  }
`);

const UpdateAction = graphql(`
  mutation UpdatePlanAction($input: UpdatePlanActionInput!) { updatePlanAction(input: $input) { version } }
`);
const AddAction = graphql(`
  mutation AddPlanAction($input: AddPlanActionInput!) { addPlanAction(input: $input) { version } }
`);
const ChangeGoal = graphql(`
  mutation ChangePlanGoal($input: ChangePlanGoalInput!) { changePlanGoal(input: $input) { version } }
`);
const Settings = graphql(`
  mutation UpdatePlanSettings($input: PlanSettingsInput!) { updatePlanSettings(input: $input) { version } }
`);

type Plan = NonNullable<PlanPageQuery['planFollowUp']>;
type Goal = Plan['goals'][number];
type Action = Goal['actions'][number];

export const STATUSES: ActionStatus[] = ['PLANNED', 'IN_PROGRESS', 'DONE', 'CANCELLED'];

const conflict = (e?: CombinedError) => e?.graphQLErrors?.some((g) => g.extensions?.code === 'VERSION_CONFLICT') ?? false;

/** Shows a mutation's outcome: the warning at its field, a conflict, another error, or saved. */
function Outcome({ error, fields, saved, busy, onConfirm }: {
  error?: CombinedError; fields: string[]; saved: boolean; busy: boolean; onConfirm: () => void;
}) {
  const { t } = useI18n();
  return (
    <>
      {fields.map((f) => <TextWarning key={f} error={error} field={f} busy={busy} onConfirm={onConfirm} />)}
      {error && conflict(error) && <Alert data-color="warning" data-size="sm">{t('plan.conflict')}</Alert>}
      {error && !conflict(error) && !isTextWarning(error) && <Alert data-color="danger" data-size="sm">{errorMessage(error) ?? t('common.errorGeneric')}</Alert>}
      {saved && !error && <Paragraph data-size="sm" role="status">{t('plan.saved')}</Paragraph>}
    </>
  );
}

function StatusSelect({ id, value, onChange }: { id: string; value: ActionStatus; onChange: (s: ActionStatus) => void }) {
  const { t } = useI18n();
  return (
    <Field>
      <Label htmlFor={id}>{t('plan.status.label')}</Label>
      <Select id={id} value={value} onChange={(e) => onChange(e.target.value as ActionStatus)}>
        {STATUSES.map((s) => <Select.Option key={s} value={s}>{t(`plan.status.${s}`)}</Select.Option>)}
      </Select>
    </Field>
  );
}

/** A save that resends with confirmWarnings after a warning, and reloads the plan after a conflict. */
function useSave<V>(run: (input: V & { confirmWarnings: boolean }) => Promise<{ error?: CombinedError }>, reload: () => void) {
  const [saved, setSaved] = useState(false);
  const save = async (input: V, confirmWarnings = false) => {
    setSaved(false);
    const res = await run({ ...input, confirmWarnings });
    if (!res.error) setSaved(true);
    reload();
    return !res.error;
  };
  return { saved, save };
}

type Ctx = { serviceId: string; roundId: string; version: number; reload: () => void };

function ActionEditor({ ctx, goal, action }: { ctx: Ctx; goal: number; action: Action }) {
  const { t } = useI18n();
  const [status, setStatus] = useState<ActionStatus>(action.status);
  const [startedOn, setStartedOn] = useState(action.startedOn ?? '');
  const [endedOn, setEndedOn] = useState(action.endedOn ?? '');
  const [note, setNote] = useState(action.note);
  const [res, update] = useMutation(UpdateAction);
  const { saved, save } = useSave((input: object & { confirmWarnings: boolean }) => update({ input: input as never }), ctx.reload);
  const id = `a-${goal}-${action.position}`;
  const input = {
    serviceId: ctx.serviceId, roundId: ctx.roundId, expectedVersion: ctx.version, goal, action: action.position, status, note,
    ...(startedOn ? { startedOn } : { clearStartedOn: true }), ...(endedOn ? { endedOn } : { clearEndedOn: true }),
  };
  const submit = (e: SubmitEvent) => { e.preventDefault(); void save(input); };
  return (
    // Not a named landmark: a plan may hold two actions of the same wording (axe landmark-unique).
    <form className="egk-stack egk-panel" onSubmit={submit}>
      <ActionHeading id={`${id}-title`} action={action} />
      <div className="egk-row">
        <StatusSelect id={`${id}-status`} value={status} onChange={setStatus} />
        <Textfield label={t('plan.started')} type="date" value={startedOn} onChange={(e) => setStartedOn(e.target.value)} />
        <Textfield label={t('plan.ended')} type="date" value={endedOn} onChange={(e) => setEndedOn(e.target.value)} />
      </div>
      <Textfield label={t('plan.note')} multiline rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      <Outcome error={res.error} fields={[`goals[${goal}].actions[${action.position}].note`]} saved={saved} busy={res.fetching}
        onConfirm={() => void save(input, true)} />
      <div><Button type="submit" variant="secondary" disabled={res.fetching}>{t('plan.save')}</Button></div>
    </form>
  );
}

function ActionHeading({ id, action }: { id: string; action: Action }) {
  const { t } = useI18n();
  return (
    <div className="egk-stack">
      <Heading level={3} data-size="2xs" id={id}>{action.description}</Heading>
      <div className="egk-row">
        <Tag data-color={action.status === 'DONE' ? 'success' : action.status === 'CANCELLED' ? 'neutral' : 'info'}>{t(`plan.status.${action.status}`)}</Tag>
        {action.overdue && <Tag data-color="warning">{t('plan.overdue')}</Tag>}
        {action.added && <Tag data-color="neutral">{t('plan.added')}</Tag>}
      </div>
      <Paragraph data-size="sm">
        {action.owner && <>{t('plan.owner')}: {action.owner}. </>}
        {action.dueDate && <>{t('plan.due')}: {formatDate(action.dueDate)}. </>}
      </Paragraph>
    </div>
  );
}

function ActionView({ action }: { action: Action }) {
  const { t } = useI18n();
  return (
    <div className="egk-stack egk-panel">
      <ActionHeading id={`view-${action.position}`} action={action} />
      {(action.startedOn || action.endedOn) && (
        <Paragraph data-size="sm">
          {action.startedOn && <>{t('plan.started')}: {formatDate(action.startedOn)}. </>}
          {action.endedOn && <>{t('plan.ended')}: {formatDate(action.endedOn)}.</>}
        </Paragraph>
      )}
      {action.note && <Paragraph data-size="sm">{t('plan.note')}: {action.note}</Paragraph>}
    </div>
  );
}

function AddActionForm({ ctx, goal }: { ctx: Ctx; goal: number }) {
  const { t } = useI18n();
  const [description, setDescription] = useState('');
  const [owner, setOwner] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [status, setStatus] = useState<ActionStatus>('PLANNED');
  const [res, add] = useMutation(AddAction);
  const { saved, save } = useSave((input: object & { confirmWarnings: boolean }) => add({ input: input as never }), ctx.reload);
  const input = { serviceId: ctx.serviceId, roundId: ctx.roundId, expectedVersion: ctx.version, goal, description, owner, status,
    ...(dueDate ? { dueDate } : {}), ...(status !== 'PLANNED' ? { startedOn: new Date().toISOString().slice(0, 10) } : {}) };
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (await save(input)) { setDescription(''); setOwner(''); setDueDate(''); setStatus('PLANNED'); }
  };
  return (
    <Details>
      <Details.Summary>{t('plan.addAction')}</Details.Summary>
      <Details.Content>
        <form className="egk-stack" onSubmit={submit}>
          <Textfield label={t('plan.actionDescription')} value={description} onChange={(e) => setDescription(e.target.value)} required />
          <Textfield label={t('plan.owner')} description={t('plan.ownerHelp')} value={owner} onChange={(e) => setOwner(e.target.value)} />
          <div className="egk-row">
            <Textfield label={t('plan.due')} type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />
            <StatusSelect id={`new-${goal}-status`} value={status} onChange={setStatus} />
          </div>
          <Outcome error={res.error} fields={['description', 'owner']} saved={saved} busy={res.fetching} onConfirm={() => void save(input, true)} />
          <div><Button type="submit" disabled={res.fetching || !description.trim()}>{t('plan.addAction')}</Button></div>
        </form>
      </Details.Content>
    </Details>
  );
}

function GoalForm({ ctx, goal, newPosition = 0 }: { ctx: Ctx; goal?: Goal; newPosition?: number }) {
  const { t } = useI18n();
  const [description, setDescription] = useState(goal?.description ?? '');
  const [target, setTarget] = useState(goal?.target ?? '');
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState<ActionStatus>(goal?.status ?? 'PLANNED');
  const [note, setNote] = useState(goal?.note ?? '');
  const [res, change] = useMutation(ChangeGoal);
  const { saved, save } = useSave((input: object & { confirmWarnings: boolean }) => change({ input: input as never }), ctx.reload);
  const pos = goal?.position ?? null;
  const input = { serviceId: ctx.serviceId, roundId: ctx.roundId, expectedVersion: ctx.version, goal: pos, description, target, reason,
    ...(goal ? { status, note } : {}) };
  const field = `goals[${goal?.position ?? newPosition}]`;
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (await save(input) && !goal) { setDescription(''); setTarget(''); setReason(''); }
  };
  const id = `goal-${goal?.position ?? 'new'}`;
  return (
    <Details>
      <Details.Summary>{goal ? t('plan.adjustGoal') : t('plan.addGoal')}</Details.Summary>
      <Details.Content>
        <form className="egk-stack" onSubmit={submit}>
          <Textfield label={t('plan.goal.description')} value={description} onChange={(e) => setDescription(e.target.value)} required />
          <Textfield label={t('plan.target')} value={target} onChange={(e) => setTarget(e.target.value)} />
          <Textfield label={t('plan.reason')} multiline rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
          {goal && (
            <>
              <StatusSelect id={`${id}-status`} value={status} onChange={setStatus} />
              <Textfield label={t('plan.goal.progress')} multiline rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
            </>
          )}
          <Outcome error={res.error} fields={[`${field}.description`, `${field}.target`, `${field}.reason`, `${field}.note`]}
            saved={saved} busy={res.fetching} onConfirm={() => void save(input, true)} />
          <div><Button type="submit" variant="secondary" disabled={res.fetching || !description.trim()}>{goal ? t('plan.save') : t('plan.addGoal')}</Button></div>
        </form>
      </Details.Content>
    </Details>
  );
}

function SettingsForm({ ctx, plan }: { ctx: Ctx; plan: Plan }) {
  const { t } = useI18n();
  const [own, setOwn] = useState(plan.ownMethod);
  const [summary, setSummary] = useState(plan.ownPlanSummary);
  const [location, setLocation] = useState(plan.ownPlanLocation);
  const [began, setBegan] = useState(plan.measuresBeganSetOn ?? '');
  const [reminders, setReminders] = useState(plan.remindersEnabled);
  const [res, update] = useMutation(Settings);
  const { saved, save } = useSave((input: object & { confirmWarnings: boolean }) => update({ input: input as never }), ctx.reload);
  const input = { serviceId: ctx.serviceId, roundId: ctx.roundId, expectedVersion: ctx.version, ownMethod: own, ownPlanSummary: summary,
    ownPlanLocation: location, remindersEnabled: reminders, ...(began ? { measuresBeganOn: began } : { clearMeasuresBeganOn: true }) };
  return (
    <section className="egk-stack egk-panel" aria-labelledby="plan-settings">
      <Heading level={2} data-size="sm" id="plan-settings">{t('plan.settings')}</Heading>
      <form className="egk-stack" onSubmit={(e) => { e.preventDefault(); void save(input); }}>
        <Checkbox label={t('plan.own.method')} description={t('plan.own.methodHelp')} checked={own} onChange={(e) => setOwn(e.target.checked)} />
        {own && (
          <>
            <Textfield label={t('plan.own.summary')} multiline rows={4} value={summary} onChange={(e) => setSummary(e.target.value)} required />
            <Textfield label={t('plan.own.location')} value={location} onChange={(e) => setLocation(e.target.value)} />
          </>
        )}
        <Textfield label={t('plan.measures.began')} description={t('plan.measures.beganHelp')} type="date" value={began} onChange={(e) => setBegan(e.target.value)} />
        <Checkbox label={t('plan.reminders')} checked={reminders} onChange={(e) => setReminders(e.target.checked)} />
        <Outcome error={res.error} fields={['ownPlanSummary', 'ownPlanLocation']} saved={saved} busy={res.fetching} onConfirm={() => void save(input, true)} />
        <div><Button type="submit" variant="secondary" disabled={res.fetching}>{t('plan.save')}</Button></div>
      </form>
    </section>
  );
}

/** What the plan says at the top: when it was sent, last changed, the own method and when the measures began. */
export function PlanFacts({ plan }: { plan: Plan }) {
  const { t, lang } = useI18n();
  const facts: string[] = [t('plan.submittedOn', { date: formatDate(plan.submittedAt), revision: plan.fromRevision })];
  facts.push(plan.lastChangedAt ? t('plan.lastChanged', { date: formatDateTime(plan.lastChangedAt, lang) }) : `${t('plan.untouched')}.`);
  if (plan.measuresBeganOn) facts.push(t('plan.measures.now', { date: formatDate(plan.measuresBeganOn) }));
  const p = plan.progress;
  facts.push(t('plan.counts', { actions: p.actions, started: p.started, done: p.done, dropped: p.dropped, overdue: p.overdue }));
  return (
    <>
      <Paragraph data-size="sm">{facts.join(' ')}</Paragraph>
      {plan.ownMethod && (
        <div className="egk-stack egk-panel">
          <Heading level={2} data-size="xs">{t('plan.own.method')}</Heading>
          <Paragraph data-size="sm" style={{ whiteSpace: 'pre-wrap' }}>{plan.ownPlanSummary}</Paragraph>
          {plan.ownPlanLocation && <Paragraph data-size="sm">{t('plan.own.location')} {plan.ownPlanLocation}</Paragraph>}
        </div>
      )}
    </>
  );
}

export default function PlanPage() {
  const { serviceId = '', roundId = '' } = useParams();
  const { t, lang } = useI18n();
  const [{ data, error }, refetch] = useQuery({ query: PlanQuery, variables: { serviceId, roundId }, requestPolicy: 'cache-and-network' });
  usePageTitle(data?.service ? `${t('plan.title')}: ${data.service.name}` : t('plan.title'));
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('common.errorGeneric')}</Alert>;
  if (!data) return <PageSkeleton />;
  if (!data.service || !data.round) return <Alert data-color="warning">{t('forms.notFound')}</Alert>;
  const plan = data.planFollowUp;
  const editable = data.viewer.canSubmitForms && data.viewer.service?.id === serviceId;
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const roundTitle = localized(data.round.title, lang);
  return (
    <div className="egk-stack">
      <Heading level={1} data-size="lg">{t('plan.title')}</Heading>
      <Paragraph>
        {data.service.name} · <RouterLink to={`/tjenester/${serviceId}/runder/${roundId}`}>{roundTitle}</RouterLink>
      </Paragraph>
      {!plan ? (
        <Alert data-color="info">{t('plan.notSubmitted')}</Alert>
      ) : (
        <>
          <Paragraph data-size="sm">{t('plan.lead')}</Paragraph>
          {!editable && <Paragraph data-size="sm">{t('plan.readOnly')}</Paragraph>}
          <PlanFacts plan={plan} />
          {plan.goals.length === 0 && <Paragraph>{t('plan.noGoals')}</Paragraph>}
          {plan.goals.map((g) => {
            const ctx = { serviceId, roundId, version: plan.version, reload };
            return (
              <section key={g.position} className="egk-stack" aria-labelledby={`goal-${g.position}`}>
                <Heading level={2} data-size="md" id={`goal-${g.position}`}>
                  {t('plan.goal.no', { n: g.position + 1 })}: {g.description}
                </Heading>
                <div className="egk-row">
                  <Tag data-color={g.status === 'DONE' ? 'success' : 'info'}>{t(`plan.status.${g.status}`)}</Tag>
                  {g.question && <Tag data-color="neutral">{g.question.code}</Tag>}
                  {g.added && <Tag data-color="neutral">{t('plan.added')}</Tag>}
                </div>
                {g.target && <Paragraph data-size="sm">{t('plan.target')}: {g.target}</Paragraph>}
                {g.measure && <Paragraph data-size="sm">{t('plan.measure')}: {g.measure}</Paragraph>}
                {g.adjustReason && g.adjustedAt && <Paragraph data-size="sm">{t('plan.adjustedBecause', { date: formatDate(g.adjustedAt), reason: g.adjustReason })}</Paragraph>}
                {g.note && <Paragraph data-size="sm">{t('plan.goal.progress')}: {g.note}</Paragraph>}
                {g.actions.map((a) => editable
                  ? <ActionEditor key={a.position} ctx={ctx} goal={g.position} action={a} />
                  : <ActionView key={a.position} action={a} />)}
                {editable && <AddActionForm ctx={ctx} goal={g.position} />}
                {editable && <GoalForm ctx={ctx} goal={g} />}
              </section>
            );
          })}
          {editable && <GoalForm ctx={{ serviceId, roundId, version: plan.version, reload }} newPosition={plan.goals.length} />}
          {editable && <SettingsForm ctx={{ serviceId, roundId, version: plan.version, reload }} plan={plan} />}
        </>
      )}
    </div>
  );
}
