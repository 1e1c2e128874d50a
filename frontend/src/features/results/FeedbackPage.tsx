import { useParams } from 'react-router-dom';
import { AppLink as RouterLink } from '../../components/AppLink';
import { useQuery } from 'urql';
import { Alert, Heading, Link, Paragraph } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import { errorMessage } from '../../api';
import { formatDateTime, localized, useI18n } from '../../i18n';
import { PageSkeleton } from '../../components/PageSkeleton';
import { usePageTitle } from '../../components/usePageTitle';

const FeedbackQuery = graphql(`
  query SupervisionFeedback($roundId: ID!) {
    round(id: $roundId) { id title { nb nn en } questionnaire { feedbackQuestions { id code text { nb nn en } } } }
    offices { id name { nb nn en } }
    supervisionFeedback(roundId: $roundId) {
      office { id } service { id name } revision submittedAt
      answers { question { id } answer }
    }
  }
`);

/** Helsetilsynet's view of the services' reflections on the supervision itself (document 002), by office, with exports. */
export default function FeedbackPage() {
  const { roundId = '' } = useParams();
  const { t, lang } = useI18n();
  usePageTitle(t('roundtwo.feedback.page'));
  const [{ data, error }] = useQuery({ query: FeedbackQuery, variables: { roundId } });
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('common.errorGeneric')}</Alert>;
  if (!data) return <PageSkeleton blocks={3} />;
  if (!data.round) return <Alert data-color="warning">{t('forms.notFound')}</Alert>;
  const questions = data.round.questionnaire.feedbackQuestions;
  const byOffice = data.offices
    .map((o) => ({ office: o, rows: data.supervisionFeedback.filter((r) => r.office.id === o.id) }))
    .filter((g) => g.rows.length > 0);
  return (
    <div className="egk-stack">
      <RouterLink to={`/resultater/${roundId}`}>← {t('common.dashboard')}</RouterLink>
      <Heading level={1} data-size="lg">{t('roundtwo.feedback.page')}</Heading>
      <Paragraph>{localized(data.round.title, lang)}. {t('roundtwo.feedback.lead')} {t('roundtwo.feedback.count', { n: data.supervisionFeedback.length })}.</Paragraph>
      <div className="egk-row">
        <Link href={`/exports/feedback/${roundId}.xlsx`}>{t('roundtwo.downloadExcel')}</Link>
        <Link href={`/exports/feedback/${roundId}.csv`}>{t('roundtwo.downloadCsv')}</Link>
      </div>
      {byOffice.length === 0 && <Alert data-color="info">{t('roundtwo.feedback.none')}</Alert>}
      {byOffice.map(({ office, rows }) => (
        <section key={office.id} className="egk-stack" aria-labelledby={`fb-office-${office.id}`}>
          <Heading level={2} data-size="md" id={`fb-office-${office.id}`}>{localized(office.name, lang)}</Heading>
          {rows.map((r) => (
            <details key={r.service.id} className="egk-stack egk-panel">
              <summary>{r.service.name}</summary>
              <Paragraph data-size="sm">{t('roundtwo.revision', { n: r.revision, time: formatDateTime(r.submittedAt, lang) })}</Paragraph>
              {questions.map((q) => {
                const a = r.answers.find((x) => x.question.id === q.id);
                return (
                  <div key={q.id}>
                    <Heading level={3} data-size="2xs">{q.code} {localized(q.text, lang)}</Heading>
                    <Paragraph className="egk-prose">{a?.answer || '–'}</Paragraph>
                  </div>
                );
              })}
            </details>
          ))}
        </section>
      ))}
    </div>
  );
}
