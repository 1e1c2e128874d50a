// The summary form's GraphQL operations: the form with everything shown beside it, the service's
// cases (for links from the list of what is missing), and saving, sending and reopening.
import { graphql } from '../../gql';

export const SummaryQuery = graphql(`
  query Summary($serviceId: ID!, $roundId: ID!) {
    service(id: $serviceId) { id name office { name { nb nn en } webUrl } county { id name } }
    publishedFigures(roundId: $roundId) { publishedAt national { ...BenchmarkFields } counties { county { id } ...BenchmarkFields } }
    round(id: $roundId) { id number title { nb nn en } questionnaire { official questions { id code text { nb nn en } } reflectionQuestions { id code text { nb nn en } } feedbackQuestions { id code text { nb nn en } } }
      supportResources { kind title { nb nn en } description { nb nn en } url } }
    viewer { canSubmitForms canEditForms role }
    submission(serviceId: $serviceId, roundId: $roundId) {
      id status late revision version submittedAt assessment exportPath deadline
      questionComments { question { id } comment }
      reflections { question { id } answer }
      feedback { question { id } answer }
      wayForward { decision comment }
      previousGoals { index judgement goal { description target question { code } }
        results { question { code } previous { yes partly no denominator } current { yes partly no denominator } previousSuppressed currentSuppressed } }
      missingParts { field caseNumber questionCode message }
      comparison { provisional suppressed suppressedReason previousRound { title { nb nn en } }
        total { ...ComparisonTotalFields } focus { ...ComparisonTotalFields }
        questions { question { id code } focus comparability withinRandomVariation tooFewToTell yesChange { difference } } }
      improvementPlan { goals { question { id } description target measure actions { description owner startDate dueDate status } } }
      returnReasons { revision reason question { code } createdAt }
      reviewed { by at revision outdated }
      summary { caseCount completeCaseCount suppressed
        overall { yes partly no denominator yesShare partlyShare noShare }
        questions { question { id code text { nb nn en } } distribution { yes partly no notPossible notApplicable denominator yesShare partlyShare noShare } }
        daysToFirstActivity { count median min max } }
      revisions { revision submittedAt late caseCount }
    }
    roundComparison(roundId: $roundId, scope: { serviceId: $serviceId }) {
      previousRound { id number title { nb nn en } }
      questions { question { id } comparability focus withinRandomVariation tooFewToTell yesChange { difference } }
    }
  }
`);

graphql(`
  fragment BenchmarkFields on Statistics {
    suppressed
    questions { question { code } suppressed options { yes { share } partly { share } no { share } denominator } }
  }
`);

graphql(`
  fragment ComparisonTotalFields on ComparisonTotal {
    questions { code }
    current { yes { count share } partly { count share } no { count share } denominator }
    previous { yes { count share } partly { count share } no { count share } denominator }
    yesChange { difference significant } partlyChange { difference significant } noChange { difference significant }
  }
`);

export const SummaryCases = graphql(`
  query SummaryCases($serviceId: ID!, $roundId: ID!) { cases(serviceId: $serviceId, roundId: $roundId) { id number } }
`);

export const SaveDraft = graphql(`
  mutation SaveDraft($serviceId: ID!, $roundId: ID!, $assessment: String, $questionComments: [QuestionCommentInput!], $reflections: [ReflectionAnswerInput!], $feedback: [ReflectionAnswerInput!], $wayForward: WayForwardInput, $goalResults: [GoalResultInput!], $plan: ImprovementPlanInput, $expectedVersion: Int, $confirmWarnings: Boolean) {
    saveSubmissionDraft(input: { serviceId: $serviceId, roundId: $roundId, assessment: $assessment, questionComments: $questionComments, reflections: $reflections, feedback: $feedback, wayForward: $wayForward, goalResults: $goalResults, improvementPlan: $plan, expectedVersion: $expectedVersion, confirmWarnings: $confirmWarnings }) { id version assessment status }
  }
`);
export const Submit = graphql(`
  mutation Submit($id: ID!, $v: Int) { submitSubmission(input: { submissionId: $id, expectedVersion: $v }) { id status revision submittedAt late version } }
`);
export const Reopen = graphql(`mutation Reopen($id: ID!, $v: Int) { reopenSubmission(input: { submissionId: $id, expectedVersion: $v }) { id status version } }`);
