import { Heading, Paragraph, Table, Tag } from '@digdir/designsystemet-react';
import { localized, useI18n } from '../../i18n';
import { percent } from '../../lib/stats';
import { TableRegion } from '../../components/TableRegion';

type Distribution = { yes: number; partly: number; no: number; notPossible: number; notApplicable: number; denominator: number;
  yesShare?: number | null; partlyShare?: number | null; noShare?: number | null };
type Row = { question: { id: string; code: string; text: { nb: string; nn: string; en: string } }; distribution: Distribution };
type Change = { comparability: string; focus?: boolean; withinRandomVariation?: boolean | null; tooFewToTell?: boolean | null; yesChange?: { difference: number } | null };

/** A change in the share of Ja in whole percentage points, signed: "+20", "-5", "0". */
export function signedPoints(difference: number): string {
  const pp = Math.round(difference * 100);
  return `${pp > 0 ? '+' : pp < 0 ? '−' : ''}${Math.abs(pp)}`;
}

/**
 * A 100 % bar of Ja / Delvis / Nei. Each part has its own pattern (Ja plain, Delvis striped, Nei
 * dotted) and, where it is wide enough, its share written on it, so colour is never the only cue.
 * The numbers stand in the cells beside it, so the bar is hidden from screen readers.
 */
function StackedBar({ d }: { d: Pick<Distribution, 'yesShare' | 'partlyShare' | 'noShare'> }) {
  const part = (cls: string, share: number | null | undefined) => (
    <span className={cls} style={{ width: `${(share ?? 0) * 100}%` }}>{(share ?? 0) >= 0.2 ? percent(share) : ''}</span>
  );
  return (
    <span className="egk-stack-bar" aria-hidden>
      {part('egk-yes', d.yesShare)}
      {part('egk-partly', d.partlyShare)}
      {part('egk-no', d.noShare)}
    </span>
  );
}

/**
 * The summary form's table: per question the count and share of Ja / Delvis / Nei computed from the
 * cases, a bar of the three, and (from round 2) the change in Ja since the previous round with an
 * honest word on random variation: about ten cases a round are usually too few to tell. On phones
 * each question is a card instead of a row.
 */
export function SummaryTable({ rows, overall, changes, compared, provisional }: {
  rows: readonly Row[];
  overall: Pick<Distribution, 'yes' | 'partly' | 'no' | 'yesShare' | 'partlyShare' | 'noShare'>;
  changes: ReadonlyMap<string, Change>;
  compared: boolean;
  provisional?: boolean;
}) {
  const { t, lang } = useI18n();
  const change = (c: Change | undefined): { points: string; verdict?: string } => {
    if (!c) return { points: '–' };
    if (c.comparability === 'NEW') return { points: t('forms.newQuestion') };
    if (!c.yesChange) return { points: '–' };
    const verdict = c.tooFewToTell ? t('common.tooFewToTell') : c.withinRandomVariation ? t('common.withinVariation') : t('common.beyondVariation');
    return { points: t('leader.pointsChange', { n: signedPoints(c.yesChange.difference) }), verdict };
  };
  const changeHeading = provisional ? t('leader.changeProvisional') : t('common.change');
  const ChangeText = ({ c }: { c: Change | undefined }) => {
    const x = change(c);
    return <><span className="egk-nowrap">{x.points}</span>{x.verdict && <span className="egk-verdict">{x.verdict}</span>}</>;
  };
  return (
    <div className="egk-summary-table">
      <p className="egk-legend" aria-hidden>
        <span><span className="egk-swatch egk-yes" /> {t('common.option.YES')}</span>
        <span><span className="egk-swatch egk-partly" /> {t('common.option.PARTLY')}</span>
        <span><span className="egk-swatch egk-no" /> {t('common.option.NO')}</span>
      </p>
      {compared && <Paragraph data-size="sm">{t('leader.changeExplained')}{provisional && ` ${t('leader.provisionalNote')}`}</Paragraph>}
      <div className="egk-wide-only">
        <TableRegion label={compared ? t('common.comparedWith') : t('forms.summary.tableCaption')}>
          <Table>
            <caption>{compared ? t('common.comparedWith') : t('forms.summary.tableCaption')}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t('common.question')}</Table.HeaderCell>
                <Table.HeaderCell className="egk-bar-cell"><span className="ds-sr-only">{t('forms.distribution')}</span></Table.HeaderCell>
                <Table.HeaderCell>{t('common.option.YES')}</Table.HeaderCell>
                <Table.HeaderCell>{t('common.option.PARTLY')}</Table.HeaderCell>
                <Table.HeaderCell>{t('common.option.NO')}</Table.HeaderCell>
                <Table.HeaderCell>{t('forms.notCounted')}</Table.HeaderCell>
                {compared && <Table.HeaderCell className="egk-change-cell">{changeHeading}</Table.HeaderCell>}
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {rows.map((q) => {
                const d = q.distribution;
                return (
                  <Table.Row key={q.question.id}>
                    <Table.Cell>
                      {q.question.code} {localized(q.question.text, lang)}
                      {changes.get(q.question.id)?.focus && <> <Tag data-size="sm" data-color="info">{t('roundtwo.focus.label')}</Tag></>}
                    </Table.Cell>
                    <Table.Cell className="egk-bar-cell"><StackedBar d={d} /></Table.Cell>
                    <Table.Cell className="egk-num">{d.yes} ({percent(d.yesShare)})</Table.Cell>
                    <Table.Cell className="egk-num">{d.partly} ({percent(d.partlyShare)})</Table.Cell>
                    <Table.Cell className="egk-num">{d.no} ({percent(d.noShare)})</Table.Cell>
                    <Table.Cell>{d.notPossible + d.notApplicable}</Table.Cell>
                    {compared && <Table.Cell className="egk-change-cell"><ChangeText c={changes.get(q.question.id)} /></Table.Cell>}
                  </Table.Row>
                );
              })}
              <Table.Row>
                <Table.HeaderCell>{t('common.overall')}</Table.HeaderCell>
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
      </div>
      <ul className="egk-narrow-only egk-cards" aria-label={compared ? t('common.comparedWith') : t('forms.summary.tableCaption')}>
        {rows.map((q) => {
          const d = q.distribution;
          return (
            <li key={q.question.id} className="egk-card">
              <Heading level={3} data-size="2xs">{q.question.code} {localized(q.question.text, lang)}</Heading>
              {changes.get(q.question.id)?.focus && <Tag data-size="sm" data-color="info">{t('roundtwo.focus.label')}</Tag>}
              <StackedBar d={d} />
              <dl className="egk-card-figures">
                <div><dt>{t('common.option.YES')}</dt><dd>{d.yes} ({percent(d.yesShare)})</dd></div>
                <div><dt>{t('common.option.PARTLY')}</dt><dd>{d.partly} ({percent(d.partlyShare)})</dd></div>
                <div><dt>{t('common.option.NO')}</dt><dd>{d.no} ({percent(d.noShare)})</dd></div>
                <div><dt>{t('forms.notCounted')}</dt><dd>{d.notPossible + d.notApplicable}</dd></div>
                {compared && <div className="egk-card-change"><dt>{changeHeading}</dt><dd><ChangeText c={changes.get(q.question.id)} /></dd></div>}
              </dl>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
