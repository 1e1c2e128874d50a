import { useId, useMemo, useState } from 'react';
import { Details, Field, Label, Paragraph, Select, Table } from '@digdir/designsystemet-react';
import { formatNumber, useI18n } from '../../i18n';
import fylker from '../../map/fylker-2024.json';
import { fitPaths, type MultiPolygon } from '../../map/projection';
import { TableRegion } from '../../components/TableRegion';

/** One area's figures: completeness (sent of total) and the Ja share, or why it is withheld. */
export interface MapArea {
  id: string;
  name: string;
  sent: number;
  total: number;
  yesShare: number | null;
  withheld: string | null;
}

export type MapFigure = 'completeness' | 'yes';

type CountyFeature = { properties: { number: string; name: string }; geometry: { coordinates: MultiPolygon } };
const features = (fylker as unknown as { features: CountyFeature[] }).features;

// Five classes from light to dark, one hue: the figure reads without the legend's colours.
const CLASSES = ['#e3eef9', '#b4d2f0', '#6fa8dc', '#2f73b8', '#0b3f7a'];
const classOf = (v: number) => Math.min(CLASSES.length - 1, Math.floor(v * CLASSES.length));

/** areaValue: the chosen figure of an area as a share 0..1, or null when withheld or not known. */
export function areaValue(a: MapArea, figure: MapFigure): number | null {
  if (figure === 'completeness') return a.total ? a.sent / a.total : null;
  return a.withheld ? null : a.yesShare;
}

/**
 * The map of Norway's counties on the dashboards: completeness, or the Ja share, by county or by
 * county office (each county coloured as its office). Withheld areas are hatched. The figures are
 * also a table, for screen readers and anyone who wants the numbers.
 *
 * areaOf gives the area a county (by its number) belongs to.
 */
export default function CountyMap({ areas, areaOf, chosenId, level }: {
  areas: MapArea[]; areaOf: (countyNumber: string) => string | undefined; chosenId: string | null; level: 'OFFICE' | 'COUNTY';
}) {
  const { t, lang } = useI18n();
  const [figure, setFigure] = useState<MapFigure>('completeness');
  const uid = useId().replace(/:/g, '');
  const { paths, width, height } = useMemo(() => fitPaths(features.map((f) => f.geometry.coordinates), 360, 480), []);
  const byId = new Map(areas.map((a) => [a.id, a]));
  const pct = (v: number | null) => (v == null ? '–' : `${formatNumber(v * 100, lang)} %`);
  const figureName = figure === 'completeness' ? t('map.completeness') : t('map.yes');
  return (
    <div className="results-map">
      <Field className="results-level">
        <Label htmlFor={`${uid}-figure`}>{t('map.figure')}</Label>
        <Select id={`${uid}-figure`} value={figure} onChange={(e) => setFigure(e.target.value as MapFigure)}>
          <Select.Option value="completeness">{t('map.completeness')}</Select.Option>
          <Select.Option value="yes">{t('map.yes')}</Select.Option>
        </Select>
      </Field>
      <figure className="results-map-figure">
        <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-labelledby={`${uid}-title`}>
          <title id={`${uid}-title`}>{t('map.title', { figure: figureName, level: level === 'OFFICE' ? t('map.byOffice') : t('map.byCounty') })}</title>
          <defs>
            <pattern id={`${uid}-hatch`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="6" height="6" fill="#f2f2f2" />
              <line x1="0" y1="0" x2="0" y2="6" stroke="#6b6b6b" strokeWidth="2" />
            </pattern>
          </defs>
          {features.map((f, i) => {
            const area = byId.get(areaOf(f.properties.number) ?? '');
            const v = area ? areaValue(area, figure) : null;
            const fill = !area ? '#fff' : v == null ? `url(#${uid}-hatch)` : CLASSES[classOf(v)];
            const chosen = !!area && area.id === chosenId;
            return (
              <path key={f.properties.number} d={paths[i]} fill={fill} fillRule="evenodd" stroke={chosen ? '#111' : '#fff'} strokeWidth={chosen ? 2 : 0.75}
                data-county={f.properties.number} data-withheld={area && v == null ? 'true' : undefined} />
            );
          })}
        </svg>
        <figcaption className="results-map-legend">
          <ul aria-hidden="true">
            {CLASSES.map((c, i) => (
              <li key={c}><span className="results-map-swatch" style={{ background: c }} />{`${(i * 100) / CLASSES.length}–${((i + 1) * 100) / CLASSES.length} %`}</li>
            ))}
            <li><span className="results-map-swatch results-map-hatched" />{t('map.withheld')}</li>
          </ul>
          <Paragraph data-size="xs">{t('map.credit')}</Paragraph>
        </figcaption>
      </figure>
      <Details>
        <Details.Summary>{t('map.asTable')}</Details.Summary>
        <Details.Content>
          <TableRegion label={t('map.asTable')}>
            <Table data-size="sm">
              <caption>{t('map.title', { figure: figureName, level: level === 'OFFICE' ? t('map.byOffice') : t('map.byCounty') })}</caption>
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>{level === 'OFFICE' ? t('common.office') : t('common.county.label')}</Table.HeaderCell>
                  <Table.HeaderCell className="egk-num">{t('map.completeness')}</Table.HeaderCell>
                  <Table.HeaderCell className="egk-num">{t('map.yes')}</Table.HeaderCell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {areas.map((a) => (
                  <Table.Row key={a.id}>
                    <Table.HeaderCell scope="row">{a.name}</Table.HeaderCell>
                    <Table.Cell className="egk-num">{a.total ? `${a.sent} / ${a.total} (${pct(a.sent / a.total)})` : '–'}</Table.Cell>
                    <Table.Cell className="egk-num">{a.withheld ? `${t('map.withheld')}: ${a.withheld}` : pct(a.yesShare)}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </TableRegion>
        </Details.Content>
      </Details>
    </div>
  );
}
