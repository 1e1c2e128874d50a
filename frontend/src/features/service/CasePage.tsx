import { useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { AppLink as RouterLink } from '../../components/AppLink';
import { useMutation, useQuery } from 'urql';
import { Alert, Button, Fieldset, Heading, Paragraph, Tag, Textfield } from '@digdir/designsystemet-react';
import { QuestionOptions } from './QuestionOptions';
import { CaseFacts } from './CaseFacts';
import { PageSkeleton } from '../../components/PageSkeleton';
import { graphql } from '../../gql';
import type { CombinedError } from 'urql';
import { errorCode, errorMessage } from '../../api';
import { localized, useI18n } from '../../i18n';
import { firstIncompleteSection, formIsOpen, missingInSection, missingFacts } from '../../lib/caseform';
import { isTextWarning } from '../../lib/personaldata';
import { TextWarning } from '../../components/TextWarning';
import { usePageTitle } from '../../components/usePageTitle';
import styles from './CasePage.module.css';

const CaseQuery = graphql(`
  query CaseForm($id: ID!, $serviceId: ID!, $roundId: ID!) {
    case(id: $id) {
      id number daysToFirstActivity outcome startedMonth closedMonth version
      answers { id version option comment question { id } }
      round { id questionnaire { official collectsDaysToFirstActivity sections { id code title { nb nn en }
        questions { id code required commentAllowed options text { nb nn en } guidance { nb nn en } } } } }
    }
    submission(serviceId: $serviceId, roundId: $roundId) { id status }
    viewer { canEditForms }
  }
`);

const SaveAnswer = graphql(`
  mutation SaveAnswer($caseId: ID!, $questionId: ID!, $option: AnswerOption, $comment: String, $expectedVersion: Int, $confirmWarnings: Boolean) {
    saveAnswer(input: { caseId: $caseId, questionId: $questionId, option: $option, comment: $comment, expectedVersion: $expectedVersion, confirmWarnings: $confirmWarnings }) {
      id version option comment
    }
  }
`);

const DeleteCase = graphql(`mutation DeleteCase($id: ID!) { deleteCase(id: $id) { deletedCaseId } }`);

/**
 * What became of the last save of one answer. A PERSONAL_DATA_WARNING keeps the error (warning) and
 * what was sent (retry), so "Lagre likevel" can send the same again with confirmWarnings.
 */
type State = {
  saving?: boolean; saved?: boolean; error?: string; conflict?: boolean;
  warning?: CombinedError; retry?: { option: string | null; comment: string | null };
};

// The name of each case fact the list of what is missing can name.
const FACT_LABELS = { outcome: 'forms.outcome.label', closedMonth: 'forms.closedMonth', daysToFirstActivity: 'common.days' } as const;

export default function CasePage() {
  const { serviceId = '', roundId = '', caseId = '' } = useParams();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [{ data, error }, refetch] = useQuery({ query: CaseQuery, variables: { id: caseId, serviceId, roundId }, requestPolicy: 'cache-and-network' });
  const [, saveAnswer] = useMutation(SaveAnswer);
  const [deleted, deleteCase] = useMutation(DeleteCase);
  usePageTitle(data?.case ? t('common.caseNo', { n: data.case.number }) : null);
  const [section, setSection] = useState(0);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [state, setState] = useState<Record<string, State>>({});
  // The version each save returned: a second edit of the same answer must not wait for the refetch.
  const versions = useRef<Record<string, number>>({});
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  // Keyboard and screen-reader users land on the new section's heading, not at the bottom of the old one.
  useEffect(() => {
    if (!moved.current) return;
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'start' });
  }, [section]);
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('common.errorGeneric')}</Alert>;
  const c = data?.case;
  if (!data || !c) return <PageSkeleton />;
  const editable = data.viewer.canEditForms && formIsOpen(data.submission?.status);
  const sections = c.round.questionnaire.sections;
  const index = Math.min(section, sections.length - 1);
  const current = sections[index];
  const answers = new Map(c.answers.map((a) => [a.question.id, a]));
  const chosen = new Map(c.answers.map((a) => [a.question.id, a.option]));
  const missingTotal = sections.reduce((n, s) => n + missingInSection(s.questions, chosen).length, 0);
  const factsMissing = missingFacts(c, c.round.questionnaire.collectsDaysToFirstActivity);
  const caseList = `/tjenester/${serviceId}/runder/${roundId}`;
  const go = (i: number) => {
    moved.current = true;
    setSection(i);
  };

  const save = async (questionId: string, option: string | null, comment: string | null, confirmWarnings = false) => {
    const prev = answers.get(questionId);
    setState((s) => ({ ...s, [questionId]: { saving: true } }));
    const res = await saveAnswer({
      caseId, questionId, option: (option ?? prev?.option ?? null) as never, comment: comment ?? prev?.comment ?? null,
      expectedVersion: versions.current[questionId] ?? prev?.version ?? 0, confirmWarnings,
    });
    if (res.error && isTextWarning(res.error)) {
      setState((s) => ({ ...s, [questionId]: { warning: res.error, retry: { option, comment } } }));
      return;
    }
    if (res.error) {
      const conflict = errorCode(res.error) === 'VERSION_CONFLICT';
      setState((s) => ({ ...s, [questionId]: { conflict, error: conflict ? undefined : errorMessage(res.error) ?? t('common.errorGeneric') } }));
      if (conflict) {
        delete versions.current[questionId];
        refetch({ requestPolicy: 'network-only' });
      }
      return;
    }
    if (res.data) versions.current[questionId] = res.data.saveAnswer.version;
    setState((s) => ({ ...s, [questionId]: { saved: true } }));
    refetch({ requestPolicy: 'network-only' });
  };

  const remove = async () => {
    const res = await deleteCase({ id: caseId });
    if (!res.error) void navigate(caseList);
  };

  return (
    <div className="egk-stack">
      <RouterLink to={caseList}>← {t('common.cases')}</RouterLink>
      <Heading level={1} data-size="lg">{t('common.caseNo', { n: c.number })}</Heading>
      {!c.round.questionnaire.official && <Alert data-color="info">{t('common.exampleText')}</Alert>}
      {!editable && <Alert data-color="info">{data.viewer.canEditForms ? t('forms.form.locked') : t('forms.form.readOnly')}</Alert>}
      <CaseFacts caseFacts={c} collectsDays={c.round.questionnaire.collectsDaysToFirstActivity} editable={editable}
        onSaved={() => refetch({ requestPolicy: 'network-only' })} />

      <nav aria-label={t('forms.form.sections')}>
        <ol className={styles.steps} data-part="sections">
          {sections.map((s, i) => {
            const open = missingInSection(s.questions, chosen).length;
            return (
              <li key={s.id}>
                <Button variant={i === index ? 'primary' : 'tertiary'} data-size="sm" aria-current={i === index ? 'step' : undefined} onClick={() => go(i)}>
                  {s.code}. {localized(s.title, lang)}
                  <span className="ds-sr-only">, </span>
                  {open > 0 ? <Tag data-size="sm" data-color="warning">{t('forms.sectionMissing', { n: open })}</Tag> : <Tag data-size="sm" data-color="success">{t('forms.sectionDone')}</Tag>}
                </Button>
              </li>
            );
          })}
        </ol>
      </nav>

      {current && (
        <section aria-labelledby={`sec-${current.id}`}>
          <Paragraph data-size="sm">{t('common.section', { n: index + 1, total: sections.length })}</Paragraph>
          <Heading level={2} data-size="md" id={`sec-${current.id}`} ref={heading} tabIndex={-1}>{current.code}. {localized(current.title, lang)}</Heading>
          {current.questions.map((q) => {
            const a = answers.get(q.id);
            const st = state[q.id] ?? {};
            return (
              <div key={q.id} className={styles.question} data-part="question">
                <Fieldset>
                  <Fieldset.Legend>
                    {q.code} {localized(q.text, lang)}{!q.required && <span className={styles.optional}> {t('leader.factOptional')}</span>}
                  </Fieldset.Legend>
                  {q.guidance && <Fieldset.Description>{localized(q.guidance, lang)}</Fieldset.Description>}
                  <QuestionOptions questionId={q.id} options={q.options} value={a?.option} disabled={!editable} onChoose={(o) => void save(q.id, o, null)} />
                </Fieldset>
                {q.commentAllowed && (
                  // Keyed by the answer's version: after a colleague's change the field shows the stored text.
                  <Textfield key={a?.version ?? 0} label={t('common.comment')} multiline rows={2} defaultValue={a?.comment ?? ''} error={st.error} readOnly={!editable}
                    onBlur={(e) => {
                      if (editable && e.currentTarget.value !== (a?.comment ?? '')) void save(q.id, null, e.currentTarget.value);
                    }} />
                )}
                {!q.commentAllowed && st.error && <Alert data-color="danger">{st.error}</Alert>}
                {st.retry && (
                  <TextWarning error={st.warning} field="comment" busy={st.saving}
                    onConfirm={() => void save(q.id, st.retry!.option, st.retry!.comment, true)} />
                )}
                <Paragraph data-size="sm" aria-live="polite" className={styles.saveState}>{st.saving ? t('common.saving') : st.saved ? t('common.saved') : ''}</Paragraph>
                {st.conflict && <Alert data-color="warning">{t('common.conflict')}</Alert>}
              </div>
            );
          })}
        </section>
      )}
      <div className="egk-row">
        <Button variant="secondary" disabled={index === 0} onClick={() => go(index - 1)}>{t('common.back')}</Button>
        {index < sections.length - 1 ? (
          <Button onClick={() => go(index + 1)}>{t('common.next')}</Button>
        ) : (
          <RouterLink to={caseList}>{t('forms.finishCase')}</RouterLink>
        )}
      </div>
      {index === sections.length - 1 && (
        missingTotal === 0 && factsMissing.length === 0 ? (
          <Alert data-color="success">{t('forms.case.complete')}</Alert>
        ) : (
          <Alert data-color="warning">
            {missingTotal > 0 && <>{t('forms.case.incomplete', { n: missingTotal })}{' '}
              <Button variant="tertiary" data-size="sm" onClick={() => go(firstIncompleteSection(sections, chosen))}>{t('forms.goToMissing')}</Button></>}
            {factsMissing.length > 0 && <Paragraph>{t('leader.factsMissing', { fields: factsMissing.map((f) => t(FACT_LABELS[f])).join(', ') })}</Paragraph>}
          </Alert>
        )
      )}
      {editable && (
        <section className="egk-stack egk-noprint" aria-label={t('forms.delete.case')}>
          {!confirmDelete ? (
            <Button variant="tertiary" data-color="danger" onClick={() => setConfirmDelete(true)}>{t('forms.delete.case')}</Button>
          ) : (
            <Alert data-color="warning">
              <Paragraph>{t('forms.delete.confirm', { n: c.number })}</Paragraph>
              <div className="egk-row">
                <Button data-color="danger" disabled={deleted.fetching} onClick={() => void remove()}>{t('forms.delete.yes')}</Button>
                <Button variant="secondary" onClick={() => setConfirmDelete(false)}>{t('forms.cancel')}</Button>
              </div>
            </Alert>
          )}
          {deleted.error && <Alert data-color="danger">{errorMessage(deleted.error) ?? t('common.errorGeneric')}</Alert>}
        </section>
      )}
    </div>
  );
}
