import { useEffect, useRef, useState } from 'react';
import { useMutation } from 'urql';
import { Alert, Field, Fieldset, Label, Paragraph, Select, Textfield, ValidationMessage } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import type { InvestigationOutcome } from '../../gql/graphql';
import { errorCode, errorField, errorMessage } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { MonthPicker, splitMonth } from '../../components/MonthPicker';
import styles from './CaseFacts.module.css';

// Every field is sent each time: a field left out of the input would be read as "clear it".
const UpdateCase = graphql(`
  mutation UpdateCaseFacts($id: ID!, $v: Int, $outcome: InvestigationOutcome, $startedMonth: YearMonth, $closedMonth: YearMonth, $days: Int) {
    updateCase(input: { id: $id, expectedVersion: $v, outcome: $outcome, startedMonth: $startedMonth, closedMonth: $closedMonth, daysToFirstActivity: $days }) {
      id version outcome startedMonth closedMonth daysToFirstActivity missingCount
    }
  }
`);

const OUTCOMES: InvestigationOutcome[] = ['DISMISSED', 'DISMISSED_NEW_INVESTIGATION_POSSIBLE', 'MEASURES_DECIDED', 'CARE_ORDER_PROPOSED'];

type Facts = { outcome: InvestigationOutcome | ''; startedMonth: string; closedMonth: string; days: string };

/** The facts about a case the statistics use: outcome under § 2-5, months (never dates) and the days to first activity. */
export function CaseFacts({ caseFacts, collectsDays, editable, onSaved }: {
  caseFacts: { id: string; version: number; outcome?: InvestigationOutcome | null; startedMonth?: string | null; closedMonth?: string | null; daysToFirstActivity?: number | null };
  collectsDays: boolean;
  editable: boolean;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const { version, outcome, startedMonth, closedMonth, daysToFirstActivity } = caseFacts;
  const fromServer = (): Facts => ({
    outcome: outcome ?? '', startedMonth: startedMonth ?? '', closedMonth: closedMonth ?? '',
    days: daysToFirstActivity == null ? '' : String(daysToFirstActivity),
  });
  const [facts, setFacts] = useState<Facts>(fromServer);
  const [result, update] = useMutation(UpdateCase);
  const [saved, setSaved] = useState(false);
  // The version and values we last saved or loaded. A save sends that version, so a quick second
  // edit does not wait for the refetch; only a newer version from someone else replaces the fields,
  // so what a person is typing in one field survives the save of another.
  const base = useRef({ version, facts: facts });
  useEffect(() => {
    if (version <= base.current.version) return;
    const next = fromServer();
    base.current = { version, facts: next };
    setFacts(next);
    // Only a newer version from the server replaces the fields; fromServer reads this render's props.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version]);

  const save = async (next: Facts) => {
    if (!editable || JSON.stringify(next) === JSON.stringify(base.current.facts)) return;
    setSaved(false);
    const res = await update({
      id: caseFacts.id, v: base.current.version, outcome: next.outcome || null, startedMonth: next.startedMonth || null,
      closedMonth: next.closedMonth || null, days: next.days === '' ? null : Number(next.days),
    });
    if (res.data) {
      base.current = { version: res.data.updateCase.version, facts: next };
      setSaved(true);
    }
    if (!res.error || errorCode(res.error) === 'VERSION_CONFLICT') onSaved();
  };
  const change = (patch: Partial<Facts>, now: boolean) => {
    const next = { ...facts, ...patch };
    setFacts(next);
    if (now) void save(next);
  };

  // Cases are closed at most a year before the round; a start may lie a few years back.
  const thisYear = new Date().getFullYear();
  const stored = [facts.startedMonth, facts.closedMonth].map((m) => Number(splitMonth(m).year)).filter((y) => y > 0);
  const first = Math.min(thisYear - 5, ...stored);
  const years = Array.from({ length: thisYear - first + 1 }, (_, i) => thisYear - i);

  const conflict = errorCode(result.error) === 'VERSION_CONFLICT';
  const field = errorField(result.error);
  const message = conflict ? undefined : errorMessage(result.error) ?? (result.error ? t('common.errorGeneric') : undefined);
  const fieldError = (name: string) => (field === name ? message : undefined);
  const general = message && !['outcome', 'startedMonth', 'closedMonth', 'daysToFirstActivity'].includes(field ?? '') ? message : undefined;

  return (
    <Fieldset data-part="case-facts">
      <Fieldset.Legend>{t('forms.case.facts')}</Fieldset.Legend>
      <Fieldset.Description>{t('forms.case.factsHelp')}</Fieldset.Description>
      <div className={styles.grid}>
        <Field className={styles.wide}>
          <Label htmlFor="case-outcome">{t('forms.outcome.label')}</Label>
          <Select id="case-outcome" value={facts.outcome} disabled={!editable} aria-invalid={!!fieldError('outcome')}
            onChange={(e) => change({ outcome: e.target.value as InvestigationOutcome | '' }, true)}>
            <Select.Option value="">{t('forms.outcome.choose')}</Select.Option>
            {OUTCOMES.map((o) => <Select.Option key={o} value={o}>{t(`forms.outcome.${o}` as MessageKey)}</Select.Option>)}
          </Select>
          {fieldError('outcome') && <ValidationMessage>{fieldError('outcome')}</ValidationMessage>}
        </Field>
        <MonthPicker legend={t('forms.closedMonth')} value={facts.closedMonth} disabled={!editable} error={fieldError('closedMonth')} years={years}
          onChange={(v) => change({ closedMonth: v }, true)} />
        <MonthPicker legend={t('forms.startedMonth')} optional value={facts.startedMonth} disabled={!editable} error={fieldError('startedMonth')} years={years}
          onChange={(v) => change({ startedMonth: v }, true)} />
        {collectsDays && (
          <Textfield className={styles.wide} label={t('common.days')} description={t('forms.daysHelp')} type="number" inputMode="numeric" min={0} max={3650} value={facts.days}
            readOnly={!editable} error={fieldError('daysToFirstActivity')}
            onChange={(e) => change({ days: e.target.value }, false)} onBlur={() => void save(facts)} />
        )}
      </div>
      <Paragraph data-size="sm" aria-live="polite" className={styles.saveState}>{result.fetching ? t('common.saving') : saved ? t('common.saved') : ''}</Paragraph>
      {conflict && <Alert data-color="warning">{t('forms.factsConflict')}</Alert>}
      {general && <Alert data-color="danger">{general}</Alert>}
    </Fieldset>
  );
}
