import { useState } from 'react';
import { useMutation } from 'urql';
import { Alert, Button, Details, Dialog, Heading, List, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { graphql } from '../gql';
import { errorMessage } from '../api';
import { formatDate, localized, useI18n } from '../i18n';
import { isTextWarning } from '../lib/personaldata';
import { TextWarning } from './TextWarning';

const ReturnForm = graphql(`
  mutation ReturnForm($id: ID!, $v: Int, $reason: String, $questionReasons: [QuestionReasonInput!], $cw: Boolean) {
    returnSubmission(input: { submissionId: $id, expectedVersion: $v, reason: $reason, questionReasons: $questionReasons, confirmWarnings: $cw }) { id status }
  }
`);
const MarkReviewed = graphql(`
  mutation MarkReviewed($id: ID!, $reviewed: Boolean!) {
    markSubmissionReviewed(input: { submissionId: $id, reviewed: $reviewed }) { id status reviewed { by at revision outdated } }
  }
`);
const Extend = graphql(`
  mutation Extend($serviceId: ID!, $roundId: ID!, $until: Date!, $reason: String!, $cw: Boolean) {
    grantExtension(input: { serviceId: $serviceId, roundId: $roundId, until: $until, reason: $reason, confirmWarnings: $cw }) { extensionUntil }
  }
`);


/**
 * The county advisor's actions on one summary form: mark it as gone through (a non-binding mark, never
 * an approval or a lock: the guide, § 1.2), ask for a correction with reasons, extend the deadline.
 */
export function AdvisorPanel({ serviceId, roundId, submission, questions, onDone }: {
  serviceId: string;
  roundId: string;
  submission: { id: string; status: string; version: number; revision: number; deadline: string;
    reviewed?: { revision: number; outdated: boolean } | null } | null | undefined;
  questions: readonly { id: string; code: string; text: { nb: string; nn: string; en: string } }[];
  onDone: () => void;
}) {
  const { t, lang } = useI18n();
  const [returned, returnForm] = useMutation(ReturnForm);
  const [marked, mark] = useMutation(MarkReviewed);
  const [reason, setReason] = useState('');
  const [perQuestion, setPerQuestion] = useState<Record<string, string>>({});
  const [returning, setReturning] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const sub = submission;
  const questionReasons = questions.filter((q) => perQuestion[q.id]?.trim()).map((q) => ({ questionId: q.id, reason: perQuestion[q.id]!.trim() }));
  const canReturn = reason.trim() !== '' || questionReasons.length > 0;
  const failure = [returned, marked].find((r) => r.error)?.error;
  const current = sub?.reviewed && !sub.reviewed.outdated;

  const doReturn = async (cw = false) => {
    if (!sub) return;
    const res = await returnForm({ id: sub.id, v: sub.version, reason, questionReasons, cw });
    setConfirming(false);
    if (!res.error) {
      setReason('');
      setPerQuestion({});
      setReturning(false);
    }
    onDone();
  };

  return (
    <section className="egk-stack egk-noprint egk-panel egk-advisor-bar" aria-labelledby="advisor">
      <Heading level={2} data-size="sm" id="advisor">{t('common.advisorActions')}</Heading>
      <div className="egk-row">
        {sub && sub.revision > 0 && (
          <Button variant={current ? 'secondary' : 'primary'} disabled={marked.fetching}
            onClick={() => mark({ id: sub.id, reviewed: !current }).then(onDone)}>
            {current ? t('common.clearReviewed') : t('common.markReviewed')}
          </Button>
        )}
        {sub?.status === 'SUBMITTED' && (
          <Button variant="secondary" aria-expanded={returning} aria-controls="return-form" onClick={() => setReturning(!returning)}>{t('leader.return.open')}</Button>
        )}
      </div>
      {sub && sub.revision > 0 && <Paragraph data-size="sm">{t('county.advisorReviewHelp')}</Paragraph>}
      {sub?.status === 'SUBMITTED' && returning && (
        <div id="return-form" className="egk-stack">
          <Textfield label={t('common.returnReason')} multiline rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
          <Details>
            <Details.Summary>{t('leader.return.perQuestion')}</Details.Summary>
            <Details.Content>
              <Paragraph data-size="sm">{t('leader.return.questionsHelp')}</Paragraph>
              <ul className="egk-reason-rows">
                {questions.map((q) => (
                  <li key={q.id}>
                    <Textfield data-size="sm" label={`${q.code} ${localized(q.text, lang)}`} value={perQuestion[q.id] ?? ''}
                      onChange={(e) => setPerQuestion({ ...perQuestion, [q.id]: e.target.value })} />
                  </li>
                ))}
              </ul>
            </Details.Content>
          </Details>
          {/* A likely name or health word in a reason: the advisor rewrites it or sends it as written. */}
          <TextWarning error={returned.error} field="reason" busy={returned.fetching} onConfirm={() => void doReturn(true)} />
          {questionReasons.map((q, i) => (
            <TextWarning key={q.questionId} error={returned.error} field={`questionReasons[${i}].reason`} busy={returned.fetching}
              onConfirm={() => void doReturn(true)} />
          ))}
          <div className="egk-row">
            <Button disabled={!canReturn || returned.fetching} onClick={() => setConfirming(true)}>{t('leader.return.send')}</Button>
          </div>
          <Dialog open={confirming} onClose={() => setConfirming(false)} closeButton={t('forms.cancel')} aria-labelledby="return-confirm-title">
            <Dialog.Block>
              <Heading level={2} data-size="sm" id="return-confirm-title">{t('leader.return.confirmTitle')}</Heading>
            </Dialog.Block>
            <Dialog.Block className="egk-stack">
              <Paragraph>{t('leader.return.confirmText')}</Paragraph>
              <List.Unordered>
                {reason.trim() && <List.Item>{t('leader.return.whole')}: {reason.trim()}</List.Item>}
                {questionReasons.map((q) => (
                  <List.Item key={q.questionId}>{questions.find((x) => x.id === q.questionId)?.code}: {q.reason}</List.Item>
                ))}
              </List.Unordered>
              <div className="egk-row">
                <Button disabled={returned.fetching} onClick={() => void doReturn()}>{t('leader.return.confirmSend')}</Button>
                <Button variant="secondary" onClick={() => setConfirming(false)}>{t('forms.cancel')}</Button>
              </div>
            </Dialog.Block>
          </Dialog>
        </div>
      )}
      {failure && !isTextWarning(failure) && <Alert data-color="danger">{errorMessage(failure) ?? t('common.errorGeneric')}</Alert>}
      <ExtensionForm serviceId={serviceId} roundId={roundId} deadline={sub?.deadline} onDone={onDone} />
    </section>
  );
}

/** The county office grants a service a later deadline (an extension), with its reason. */
export function ExtensionForm({ serviceId, roundId, deadline, onDone, warningLevel = 3 }: {
  serviceId: string; roundId: string; deadline?: string | null; onDone: () => void;
  /** The level of the warning's heading: the form sits under an h2 in the advisor's bar, under the h1 on the service's page. */
  warningLevel?: 2 | 3;
}) {
  const { t } = useI18n();
  const [extended, extend] = useMutation(Extend);
  const [until, setUntil] = useState('');
  const [extReason, setExtReason] = useState('');
  const grant = (cw = false) =>
    extend({ serviceId, roundId, until, reason: extReason, cw }).then((r) => { if (!r.error) { setUntil(''); setExtReason(''); } onDone(); });
  return (
      <Details>
        <Details.Summary>{t('common.extension.label')}</Details.Summary>
        <Details.Content>
          <div className="egk-stack">
            {deadline && <Paragraph>{t('common.deadline')}: {formatDate(deadline)}</Paragraph>}
            <div className="egk-grid">
              <Textfield label={t('common.extension.until')} type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
              <Textfield label={t('common.extension.reason')} value={extReason} onChange={(e) => setExtReason(e.target.value)} />
            </div>
            <Button variant="secondary" disabled={!until || !extReason.trim() || extended.fetching}
              onClick={() => void grant()}>
              {t('common.extension.label')}
            </Button>
            <TextWarning error={extended.error} field="reason" busy={extended.fetching} onConfirm={() => void grant(true)} level={warningLevel} />
            {extended.data && !extended.error && <Alert data-color="success">{t('county.extensionGranted', { date: formatDate(extended.data.grantExtension.extensionUntil) })}</Alert>}
            {extended.error && !isTextWarning(extended.error) && <Alert data-color="danger">{errorMessage(extended.error) ?? t('common.errorGeneric')}</Alert>}
          </div>
        </Details.Content>
      </Details>
  );
}
