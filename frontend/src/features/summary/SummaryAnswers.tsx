// The parts of the summary form the service writes in: comments per question, the reflection and
// feedback questions, and (from the second round) the way forward. Each shows a field while the
// form is editable and the text as sent otherwise.
import type { ReactNode } from 'react';
import { Button, Fieldset, Heading, Paragraph, Radio, Textfield } from '@digdir/designsystemet-react';
import type { WayForward } from '../../gql/graphql';
import { localized, useI18n } from '../../i18n';
import type { DraftValues, Round, Submission } from './draft';
import styles from './SummaryPage.module.css';

type Question = Round['questionnaire']['questions'][number];

/** FieldFeedback shows the server's refusal or warning next to the field a save concerned. */
export interface FieldFeedback {
  fieldError: (field: string) => string | undefined;
  fieldWarning: (field: string) => ReactNode;
}

interface CommentsProps extends FieldFeedback {
  questions: Question[];
  values: Record<string, string>;
  editable: boolean;
  /** Whether the comments start open: some are stored or typed. */
  open: boolean;
  onChange: (values: Record<string, string>) => void;
}

/** QuestionComments are the optional comments per question, folded away while none are written. */
export function QuestionComments({ questions, values, editable, open, onChange, fieldError, fieldWarning }: CommentsProps) {
  const { t, lang } = useI18n();
  if (editable) {
    return (
      <details className="egk-stack" open={open}>
        <summary>{t('forms.questionComments')}</summary>
        <Paragraph data-size="sm">{t('forms.questionCommentsHelp')}</Paragraph>
        {questions.map((q, i) => (
          <div key={q.id} className="egk-stack">
            <Textfield label={`${q.code} ${localized(q.text, lang)}`} multiline rows={2}
              error={fieldError(`questionComments[${i}].comment`)}
              value={values[q.id] ?? ''} onChange={(e) => onChange({ ...values, [q.id]: e.target.value })} />
            {fieldWarning(`questionComments[${i}].comment`)}
          </div>
        ))}
      </details>
    );
  }
  const written = questions.filter((q) => values[q.id]);
  if (written.length === 0) return null;
  return (
    <section className="egk-stack" aria-labelledby="question-comments">
      <Heading level={2} data-size="md" id="question-comments">{t('forms.questionComments')}</Heading>
      {written.map((q) => (
        <div key={q.id}>
          <Heading level={3} data-size="2xs">{q.code} {localized(q.text, lang)}</Heading>
          <Paragraph className={styles.prose}>{values[q.id]}</Paragraph>
        </div>
      ))}
    </section>
  );
}

interface AnswersProps extends FieldFeedback {
  /** The section's id, also the name of its list in the draft (reflections, feedback). */
  id: 'reflections' | 'feedback';
  headingId: string;
  title: string;
  help?: string;
  questions: Question[];
  values: Record<string, string>;
  editable: boolean;
  onChange: (values: Record<string, string>) => void;
}

/** AnswerSection is a list of open questions with an answer each: reflections or feedback. */
export function AnswerSection({ id, headingId, title, help, questions, values, editable, onChange, fieldError, fieldWarning }: AnswersProps) {
  const { lang } = useI18n();
  if (questions.length === 0) return null;
  return (
    <section className="egk-stack" aria-labelledby={headingId}>
      <Heading level={2} data-size="md" id={headingId}>{title}</Heading>
      {help && <Paragraph data-size="sm">{help}</Paragraph>}
      {questions.map((q, i) => editable ? (
        <div key={q.id} className="egk-stack">
          <Textfield label={`${q.code} ${localized(q.text, lang)}`} multiline rows={3}
            error={fieldError(`${id}[${i}].answer`)}
            value={values[q.id] ?? ''} onChange={(e) => onChange({ ...values, [q.id]: e.target.value })} />
          {fieldWarning(`${id}[${i}].answer`)}
        </div>
      ) : (
        <div key={q.id}>
          <Heading level={3} data-size="2xs">{q.code} {localized(q.text, lang)}</Heading>
          <Paragraph className={styles.prose}>{values[q.id] || '–'}</Paragraph>
        </div>
      ))}
    </section>
  );
}

const WAY_FORWARD: WayForward[] = ['CONTINUE', 'ADJUST', 'MAKE_PERMANENT'];

interface WayForwardProps extends FieldFeedback {
  value: DraftValues['wayForward'];
  stored: Submission['wayForward'];
  editable: boolean;
  onChange: (value: DraftValues['wayForward']) => void;
}

/** WayForwardSection is the service's decision on its measures from the last round, with a comment. */
export function WayForwardSection({ value, stored, editable, onChange, fieldError, fieldWarning }: WayForwardProps) {
  const { t } = useI18n();
  return (
    <section className="egk-stack" aria-labelledby="way-forward">
      <Heading level={2} data-size="md" id="way-forward">{t('roundtwo.way.forward.label')}</Heading>
      {editable ? (
        <>
          <Fieldset>
            <Fieldset.Legend>{t('roundtwo.way.forwardHelp')}</Fieldset.Legend>
            {WAY_FORWARD.map((w) => (
              <Radio key={w} name="way-forward" value={w} label={t(`roundtwo.way.forward.${w}`)} checked={value.decision === w}
                onChange={() => onChange({ ...value, decision: w })} />
            ))}
          </Fieldset>
          {value.decision && (
            <>
              <Textfield label={t('roundtwo.way.forwardComment')} multiline rows={3} value={value.comment}
                error={fieldError('wayForward.comment')} onChange={(e) => onChange({ ...value, comment: e.target.value })} />
              {fieldWarning('wayForward.comment')}
              <Button variant="tertiary" data-size="sm" onClick={() => onChange({ decision: null, comment: '' })}>{t('roundtwo.way.forwardClear')}</Button>
            </>
          )}
        </>
      ) : (
        <>
          <Paragraph><strong>{stored ? t(`roundtwo.way.forward.${stored.decision}`) : t('roundtwo.way.forwardNone')}</strong></Paragraph>
          {stored?.comment && <Paragraph className={styles.prose}>{stored.comment}</Paragraph>}
        </>
      )}
    </section>
  );
}
