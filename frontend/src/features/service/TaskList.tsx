import { AppLink as RouterLink } from '../../components/AppLink';
import { Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import { useI18n, type MessageKey } from '../../i18n';
import styles from './TaskList.module.css';

export type TaskState = 'NOT_STARTED' | 'IN_PROGRESS' | 'DONE' | 'CANNOT_START' | 'SENT';
export type Task = { title: MessageKey; to: string; state: TaskState; hint?: { key: MessageKey; params: Record<string, string | number> } };

const STATE: Record<TaskState, { key: MessageKey; color: 'neutral' | 'info' | 'success' | 'warning' }> = {
  NOT_STARTED: { key: 'leader.task.notStarted', color: 'neutral' },
  IN_PROGRESS: { key: 'leader.task.inProgress', color: 'info' },
  DONE: { key: 'leader.task.done', color: 'success' },
  CANNOT_START: { key: 'leader.task.cannotStart', color: 'neutral' },
  SENT: { key: 'leader.task.sent', color: 'success' },
};

/** The leader's four steps through a round, with what each one's state is now. */
export function roundTasks({ base, status, cases, complete, assessment, goals, missing }: {
  base: string; status: string; cases: number; complete: number; assessment: boolean; goals: number; missing: number;
}): Task[] {
  const sent = status === 'SUBMITTED';
  return [
    { title: 'leader.task1', to: `${base}#cases`, state: cases === 0 ? 'NOT_STARTED' : complete === cases ? 'DONE' : 'IN_PROGRESS',
      hint: { key: 'leader.task1Hint', params: { done: complete } } },
    { title: 'leader.task2', to: `${base}/samleskjema#summary-assessment`, state: assessment ? 'DONE' : cases > 0 ? 'IN_PROGRESS' : 'NOT_STARTED' },
    { title: 'leader.task3', to: `${base}/samleskjema#plan`, state: goals > 0 ? 'DONE' : 'NOT_STARTED' },
    { title: 'leader.task4', to: `${base}/samleskjema?steg=send-inn`, state: sent ? 'SENT' : missing > 0 ? 'CANNOT_START' : 'NOT_STARTED' },
  ];
}

/** A task list as GOV.UK and Aksel draw it: numbered steps, each a link with its status. */
export function TaskList({ tasks }: { tasks: readonly Task[] }) {
  const { t } = useI18n();
  return (
    <section className="egk-stack" aria-labelledby="tasks">
      <Heading level={2} data-size="sm" id="tasks">{t('leader.task.listTitle')}</Heading>
      <ol className={styles.tasks} data-part="tasks">
        {tasks.map((task, i) => (
          <li key={task.title} className={styles.task}>
            <span className={styles.number} aria-hidden="true">{i + 1}</span>
            <div className={styles.body}>
              <RouterLink to={task.to} aria-describedby={`task-state-${i}`}>{t(task.title)}</RouterLink>
              {task.hint && <Paragraph data-size="sm">{t(task.hint.key, task.hint.params)}</Paragraph>}
            </div>
            <Tag id={`task-state-${i}`} data-color={STATE[task.state].color}>{t(STATE[task.state].key)}</Tag>
          </li>
        ))}
      </ol>
    </section>
  );
}
