import { Table } from '@digdir/designsystemet-react';
import { localized, useI18n } from '../../i18n';
import { percent } from '../../lib/stats';
import { TableRegion } from '../TableRegion';

type Distribution = { yes: number; partly: number; no: number; notPossible: number; notApplicable: number; denominator: number;
  yesShare?: number | null; partlyShare?: number | null; noShare?: number | null };
type Row = { question: { id: string; code: string; text: { nb: string; nn: string; en: string } }; distribution: Distribution };
type Change = { comparability: string; withinRandomVariation?: boolean | null; tooFewToTell?: boolean | null; yesChange?: { difference: number } | null };

/** A 100 % bar of Ja / Delvis / Nei. The numbers stand in the cells beside it, so the bar is hidden from screen readers. */
function StackedBar({ d }: { d: Pick<Distribution, 'yesShare' | 'partlyShare' | 'noShare'> }) {
  return (
    <span className="egk-stack-bar" aria-hidden>
      <span className="egk-yes" style={{ width: `${(d.yesShare ?? 0) * 100}%` }} />
      <span className="egk-partly" style={{ width: `${(d.partlyShare ?? 0) * 100}%` }} />
      <span className="egk-no" style={{ width: `${(d.noShare ?? 0) * 100}%` }} />
    </span>
  );
}

/**
 * The summary form's table: per question the count and share of Ja / Delvis / Nei computed from the
 * cases, a bar of the three, and (from round 2) the change in Ja since the previous round with an
 * honest word on random variation: about ten cases a round are usually too few to tell.
 */
export function SummaryTable({ rows, overall, changes, compared }: {
  rows: readonly Row[];
  overall: Pick<Distribution, 'yes' | 'partly' | 'no' | 'yesShare' | 'partlyShare' | 'noShare'>;
  changes: ReadonlyMap<string, Change>;
  compared: boolean;
}) {
  const { t, lang } = useI18n();
  const change = (c: Change | undefined) => {
    if (!c) return '–';
    if (c.comparability === 'NEW') return t('newQuestion');
    if (!c.yesChange) return '–';
    const pp = Math.round(c.yesChange.difference * 100);
    const verdict = c.tooFewToTell ? t('tooFewToTell') : c.withinRandomVariation ? t('withinVariation') : t('beyondVariation');
    return `${pp > 0 ? '+' : ''}${pp} pp, ${verdict}`;
  };
  return (
    <>
      <p className="egk-legend" aria-hidden>
        <span><span className="egk-swatch egk-yes" /> {t('option_YES')}</span>
        <span><span className="egk-swatch egk-partly" /> {t('option_PARTLY')}</span>
        <span><span className="egk-swatch egk-no" /> {t('option_NO')}</span>
      </p>
      <TableRegion>
        <Table>
          <caption>{compared ? t('comparedWith') : t('summaryTableCaption')}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t('question')}</Table.HeaderCell>
              <Table.HeaderCell className="egk-bar-cell"><span className="ds-sr-only">{t('distribution')}</span></Table.HeaderCell>
              <Table.HeaderCell>{t('option_YES')}</Table.HeaderCell>
              <Table.HeaderCell>{t('option_PARTLY')}</Table.HeaderCell>
              <Table.HeaderCell>{t('option_NO')}</Table.HeaderCell>
              <Table.HeaderCell>{t('notCounted')}</Table.HeaderCell>
              {compared && <Table.HeaderCell>{t('change')}</Table.HeaderCell>}
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {rows.map((q) => {
              const d = q.distribution;
              return (
                <Table.Row key={q.question.id}>
                  <Table.Cell>{q.question.code} {localized(q.question.text, lang)}</Table.Cell>
                  <Table.Cell className="egk-bar-cell"><StackedBar d={d} /></Table.Cell>
                  <Table.Cell className="egk-num">{d.yes} ({percent(d.yesShare)})</Table.Cell>
                  <Table.Cell className="egk-num">{d.partly} ({percent(d.partlyShare)})</Table.Cell>
                  <Table.Cell className="egk-num">{d.no} ({percent(d.noShare)})</Table.Cell>
                  <Table.Cell>{d.notPossible + d.notApplicable}</Table.Cell>
                  {compared && <Table.Cell>{change(changes.get(q.question.id))}</Table.Cell>}
                </Table.Row>
              );
            })}
            <Table.Row>
              <Table.HeaderCell>{t('overall')}</Table.HeaderCell>
              <Table.Cell className="egk-bar-cell"><StackedBar d={overall} /></Table.Cell>
              <Table.Cell className="egk-num">{overall.yes} ({percent(overall.yesShare)})</Table.Cell>
              <Table.Cell className="egk-num">{overall.partly} ({percent(overall.partlyShare)})</Table.Cell>
              <Table.Cell className="egk-num">{overall.no} ({percent(overall.noShare)})</Table.Cell>
              <Table.Cell />
              {compared && <Table.Cell />}
            </Table.Row>
          </Table.Body>
        </Table>
      </TableRegion>
    </>
  );
}
