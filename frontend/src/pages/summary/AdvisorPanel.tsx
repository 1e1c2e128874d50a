import { useState } from 'react';
import { useMutation } from 'urql';
import { Alert, Button, Details, Field, Heading, Label, Paragraph, Select, Textfield } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import { errorMessage } from '../../api';
import { formatDate, useI18n } from '../../i18n';

const ReturnForm = graphql(`
  mutation ReturnForm($id: ID!, $v: Int, $reason: String, $questionReasons: [QuestionReasonInput!]) {
    returnSubmission(input: { submissionId: $id, expectedVersion: $v, reason: $reason, questionReasons: $questionReasons }) { id status }
  }
`);
const MarkReviewed = graphql(`
  mutation MarkReviewed($id: ID!, $reviewed: Boolean!) {
    markSubmissionReviewed(input: { submissionId: $id, reviewed: $reviewed }) { id status reviewed { by at revision outdated } }
  }
`);
const Extend = graphql(`
  mutation Extend($serviceId: ID!, $roundId: ID!, $until: Date!, $reason: String!) {
    grantExtension(input: { serviceId: $serviceId, roundId: $roundId, until: $until, reason: $reason }) { extensionUntil }
  }
`);

type QuestionReason = { questionId: string; reason: string };

/**
 * The county advisor's actions on one summary form: mark it as gone through (a non-binding mark, never
 * an approval or a lock: the guide, § 1.2), ask for a correction with reasons, extend the deadline.
 */
export function AdvisorPanel({ serviceId, roundId, submission, questions, onDone }: {
  serviceId: string;
  roundId: string;
  submission: { id: string; status: string; version: number; revision: number; deadline: string;
    reviewed?: { revision: number; outdated: boolean } | null } | null | undefined;
  questions: readonly { id: string; code: string }[];
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [returned, returnForm] = useMutation(ReturnForm);
  const [marked, mark] = useMutation(MarkReviewed);
  const [extended, extend] = useMutation(Extend);
  const [reason, setReason] = useState('');
  const [perQuestion, setPerQuestion] = useState<QuestionReason[]>([]);
  const [until, setUntil] = useState('');
  const [extReason, setExtReason] = useState('');
  const sub = submission;
  const questionReasons = perQuestion.filter((q) => q.questionId && q.reason.trim());
  const canReturn = reason.trim() !== '' || questionReasons.length > 0;
  const failure = [returned, marked].find((r) => r.error)?.error;
  const current = sub?.reviewed && !sub.reviewed.outdated;
  const setRow = (i: number, patch: Partial<QuestionReason>) => setPerQuestion(perQuestion.map((q, j) => (j === i ? { ...q, ...patch } : q)));

  const doReturn = async () => {
    if (!sub) return;
    const res = await returnForm({ id: sub.id, v: sub.version, reason, questionReasons });
    if (!res.error) {
      setReason('');
      setPerQuestion([]);
    }
    onDone();
  };

  return (
    <section className="egk-stack egk-noprint egk-panel" aria-labelledby="advisor">
      <Heading level={2} data-size="sm" id="advisor">{t('advisorActions')}</Heading>
      {sub && sub.revision > 0 && (
        <>
          <Paragraph>{t('advisorReviewHelp')}</Paragraph>
          <div className="egk-row">
            <Button variant={current ? 'secondary' : 'primary'} disabled={marked.fetching}
              onClick={() => mark({ id: sub.id, reviewed: !current }).then(onDone)}>
              {current ? t('clearReviewed') : t('markReviewed')}
            </Button>
          </div>
        </>
      )}
      {sub?.status === 'SUBMITTED' && (
        <>
          <Textfield label={t('returnReason')} multiline rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
          {perQuestion.map((q, i) => (
            <div key={i} className="egk-grid">
              <Field>
                <Label htmlFor={`rq-${i}`}>{t('question')}</Label>
                <Select id={`rq-${i}`} value={q.questionId} onChange={(e) => setRow(i, { questionId: e.target.value })}>
                  <Select.Option value="">{t('chooseQuestion')}</Select.Option>
                  {questions.map((x) => <Select.Option key={x.id} value={x.id}>{x.code}</Select.Option>)}
                </Select>
              </Field>
              <Textfield label={t('questionReason')} value={q.reason} onChange={(e) => setRow(i, { reason: e.target.value })} />
            </div>
          ))}
          <Button variant="tertiary" data-size="sm" onClick={() => setPerQuestion([...perQuestion, { questionId: '', reason: '' }])}>{t('addQuestionReason')}</Button>
          <div className="egk-row">
            <Button variant="secondary" disabled={!canReturn || returned.fetching} onClick={() => void doReturn()}>{t('returnForm')}</Button>
          </div>
        </>
      )}
      {failure && <Alert data-color="danger">{errorMessage(failure) ?? t('errorGeneric')}</Alert>}
      <Details>
        <Details.Summary>{t('extension')}</Details.Summary>
        <Details.Content>
          <div className="egk-stack">
            {sub && <Paragraph>{t('deadline')}: {formatDate(sub.deadline)}</Paragraph>}
            <div className="egk-grid">
              <Textfield label={t('extensionUntil')} type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
              <Textfield label={t('extensionReason')} value={extReason} onChange={(e) => setExtReason(e.target.value)} />
            </div>
            <Button variant="secondary" disabled={!until || !extReason.trim() || extended.fetching}
              onClick={() => extend({ serviceId, roundId, until, reason: extReason }).then((r) => { if (!r.error) { setUntil(''); setExtReason(''); } onDone(); })}>
              {t('extension')}
            </Button>
            {extended.data && !extended.error && <Alert data-color="success">{t('extensionGranted', { date: formatDate(extended.data.grantExtension.extensionUntil) })}</Alert>}
            {extended.error && <Alert data-color="danger">{errorMessage(extended.error) ?? t('errorGeneric')}</Alert>}
          </div>
        </Details.Content>
      </Details>
    </section>
  );
}
