import { useRef, useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { Alert, Button, Fieldset, Heading, Paragraph, Tag, Textfield } from '@digdir/designsystemet-react';
import { QuestionOptions } from './QuestionOptions';
import { graphql } from '../gql';
import { errorCode, errorMessage } from '../api';
import { localized, useI18n } from '../i18n';

const CaseQuery = graphql(`
  query CaseForm($id: ID!) {
    case(id: $id) {
      id number daysToFirstActivity version
      answers { id version option comment question { id } }
      round { id questionnaire { collectsDaysToFirstActivity sections { id code title { nb nn en }
        questions { id code required commentAllowed options text { nb nn en } guidance { nb nn en } } } } }
    }
  }
`);

const SaveAnswer = graphql(`
  mutation SaveAnswer($caseId: ID!, $questionId: ID!, $option: AnswerOption, $comment: String, $expectedVersion: Int) {
    saveAnswer(input: { caseId: $caseId, questionId: $questionId, option: $option, comment: $comment, expectedVersion: $expectedVersion }) {
      id version option comment question { id }
    }
  }
`);

const UpdateDays = graphql(`
  mutation UpdateDays($id: ID!, $days: Int) { updateCase(input: { id: $id, daysToFirstActivity: $days }) { id version daysToFirstActivity missingCount } }
`);

type State = { saving?: boolean; saved?: boolean; error?: string; conflict?: boolean };

export default function CasePage() {
  const { serviceId = '', roundId = '', caseId = '' } = useParams();
  const { t, lang } = useI18n();
  const [{ data, error }, refetch] = useQuery({ query: CaseQuery, variables: { id: caseId }, requestPolicy: 'cache-and-network' });
  const [, saveAnswer] = useMutation(SaveAnswer);
  const [, updateDays] = useMutation(UpdateDays);
  const [section, setSection] = useState(0);
  const [state, setState] = useState<Record<string, State>>({});
  // The version each save returned: a second edit of the same answer must not wait for the refetch.
  const versions = useRef<Record<string, number>>({});
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('errorGeneric')}</Alert>;
  const c = data?.case;
  if (!c) return null;
  const sections = c.round.questionnaire.sections;
  const current = sections[Math.min(section, sections.length - 1)];
  const answers = new Map(c.answers.map((a) => [a.question.id, a]));

  const save = async (questionId: string, option: string | null, comment: string | null) => {
    const prev = answers.get(questionId);
    setState((s) => ({ ...s, [questionId]: { saving: true } }));
    const res = await saveAnswer({
      caseId, questionId, option: (option ?? prev?.option ?? null) as never, comment: comment ?? prev?.comment ?? null,
      expectedVersion: versions.current[questionId] ?? prev?.version ?? 0,
    });
    if (res.error) {
      const conflict = errorCode(res.error) === 'VERSION_CONFLICT';
      setState((s) => ({ ...s, [questionId]: { conflict, error: conflict ? undefined : errorMessage(res.error) ?? t('errorGeneric') } }));
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

  return (
    <div className="egk-stack">
      <RouterLink to={`/tjenester/${serviceId}/runder/${roundId}`}>← {t('cases')}</RouterLink>
      <Heading level={1} data-size="lg">{t('caseNo', { n: c.number })}</Heading>
      {c.round.questionnaire.collectsDaysToFirstActivity && (
        <Textfield
          label={t('days')} type="number" min={0} max={3650} defaultValue={c.daysToFirstActivity ?? ''} style={{ maxWidth: '28rem' }}
          onBlur={(e) => {
            const v = e.currentTarget.value;
            void updateDays({ id: caseId, days: v === '' ? null : Number(v) });
          }}
        />
      )}
      {current && (
        <section aria-labelledby={`sec-${current.id}`}>
          <Paragraph data-size="sm">{t('section', { n: section + 1, total: sections.length })}</Paragraph>
          <Heading level={2} data-size="md" id={`sec-${current.id}`}>{current.code}. {localized(current.title, lang)}</Heading>
          {current.questions.map((q) => {
            const a = answers.get(q.id);
            const st = state[q.id] ?? {};
            return (
              <div key={q.id} className="egk-question">
                <Fieldset>
                  <Fieldset.Legend>
                    {q.code} {localized(q.text, lang)} {q.required && <Tag data-size="sm">{t('required')}</Tag>}
                  </Fieldset.Legend>
                  {q.guidance && <Fieldset.Description>{localized(q.guidance, lang)}</Fieldset.Description>}
                  <QuestionOptions questionId={q.id} options={q.options} value={a?.option} onChoose={(o) => void save(q.id, o, null)} />
                </Fieldset>
                {q.commentAllowed && (
                  <Textfield label={t('comment')} multiline rows={2} defaultValue={a?.comment ?? ''} error={st.error}
                    onBlur={(e) => {
                      if (e.currentTarget.value !== (a?.comment ?? '')) void save(q.id, null, e.currentTarget.value);
                    }} />
                )}
                {!q.commentAllowed && st.error && <Alert data-color="danger">{st.error}</Alert>}
                <Paragraph data-size="sm" aria-live="polite">{st.saving ? t('saving') : st.saved ? t('saved') : ''}</Paragraph>
                {st.conflict && <Alert data-color="warning">{t('conflict')}</Alert>}
              </div>
            );
          })}
        </section>
      )}
      <div className="egk-row">
        <Button variant="secondary" disabled={section === 0} onClick={() => setSection(section - 1)}>{t('back')}</Button>
        <Button disabled={section >= sections.length - 1} onClick={() => setSection(section + 1)}>{t('next')}</Button>
      </div>
    </div>
  );
}
