import { useId } from 'react';
import { Field, Fieldset, Label, Select, ValidationMessage } from '@digdir/designsystemet-react';
import { useI18n, type Lang } from '../i18n';
import styles from './MonthPicker.module.css';

const LOCALES: Record<Lang, string> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' };

/** The twelve month names in the app's language (not the browser's), January first. */
export function monthNames(lang: Lang): string[] {
  const f = new Intl.DateTimeFormat(LOCALES[lang], { month: 'long', timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, i) => f.format(new Date(Date.UTC(2024, i, 1))));
}

/** Splits "2025-09" into its parts; anything else gives empty parts. */
export function splitMonth(value: string): { year: string; month: string } {
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  return m ? { year: m[1] ?? '', month: m[2] ?? '' } : { year: '', month: '' };
}

/** Joins the parts into "YYYY-MM"; empty while either part is missing. */
export function joinMonth(year: string, month: string): string {
  return year && month ? `${year}-${month}` : '';
}

/**
 * A month picker built from two selects (month, year), so it speaks the app's language whatever
 * the browser's: `<input type="month">` follows the browser. onChange gets "YYYY-MM", or '' when
 * both parts are cleared; a half-chosen month is kept here until the other part is chosen.
 */
export function MonthPicker({ legend, value, onChange, disabled, error, optional, years }: {
  legend: string;
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
  error?: string;
  optional?: boolean;
  years: readonly number[];
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const { year, month } = splitMonth(value);
  const names = monthNames(lang);
  const pick = (y: string, m: string) => {
    if ((y && m) || (!y && !m)) onChange(joinMonth(y, m));
  };
  return (
    <Fieldset aria-invalid={error ? true : undefined}>
      <Fieldset.Legend>{legend}{optional && <span className={styles.optional}> {t('leader.factOptional')}</span>}</Fieldset.Legend>
      <div className={styles.parts}>
        <Field>
          <Label htmlFor={`${id}-m`} data-size="sm">{t('leader.monthLabel')}</Label>
          <Select id={`${id}-m`} defaultValue={month} key={`m${value}`} disabled={disabled} aria-invalid={error ? true : undefined}
            onChange={(e) => pick((document.getElementById(`${id}-y`) as HTMLSelectElement | null)?.value ?? year, e.target.value)}>
            <Select.Option value="">{t('leader.monthNone')}</Select.Option>
            {names.map((n, i) => <Select.Option key={n} value={String(i + 1).padStart(2, '0')}>{n}</Select.Option>)}
          </Select>
        </Field>
        <Field>
          <Label htmlFor={`${id}-y`} data-size="sm">{t('leader.yearLabel')}</Label>
          <Select id={`${id}-y`} defaultValue={year} key={`y${value}`} disabled={disabled} aria-invalid={error ? true : undefined}
            onChange={(e) => pick(e.target.value, (document.getElementById(`${id}-m`) as HTMLSelectElement | null)?.value ?? month)}>
            <Select.Option value="">{t('leader.yearNone')}</Select.Option>
            {years.map((y) => <Select.Option key={y} value={String(y)}>{y}</Select.Option>)}
          </Select>
        </Field>
      </div>
      {error && <ValidationMessage>{error}</ValidationMessage>}
    </Fieldset>
  );
}
