import { Button, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useI18n, type MessageKey } from '../../i18n';
import { stageShares, type StageCount } from '../../lib/funnel';
import styles from './StageBar.module.css';

// Dark enough for white figures on every segment (WCAG contrast 4.5:1).
const STAGE_COLOR: Record<string, string> = {
  NOT_INVITED: 'var(--ds-color-neutral-text-subtle, #5d6875)',
  INVITED: 'var(--ds-color-neutral-text-default, #1e2b3c)',
  ATTENDED_MEETING: 'var(--ds-color-info-text-subtle, #0a5a8f)',
  AGREED: 'var(--ds-color-info-text-default, #073b5c)',
  DECLINED: 'var(--ds-color-warning-text-subtle, #8a4b00)',
  STARTED: 'var(--ds-color-accent-text-subtle, #0062ba)',
  SUBMITTED: 'var(--ds-color-success-text-subtle, #06701a)',
  RETURNED: 'var(--ds-color-danger-text-subtle, #b71c1c)',
};

/**
 * The funnel's stage bar: one segment per stage, as wide as its share of the services, and below it
 * the same figures as words (count and share), each a button that shows only that stage. The
 * segments are a picture; the buttons carry the figures for everyone.
 */
export function StageBar<S extends string>({ counts, selected, onSelect }: { counts: StageCount<S>[]; selected: S | ''; onSelect: (s: S | '') => void }) {
  const { t } = useI18n();
  const shares = stageShares(counts);
  const total = counts.reduce((n, c) => n + c.count, 0);
  return (
    <section data-part="stage-bar" aria-labelledby="stagebar-title">
      <Heading level={2} data-size="xs" id="stagebar-title">{t('funnel.stage.barTitle')}</Heading>
      <Paragraph data-size="sm">{t('funnel.stage.barSummary', { total })}</Paragraph>
      <div className={styles.bar} aria-hidden="true">
        {shares.filter((s) => s.count > 0).map((s) => (
          <span key={s.stage} className={styles.segment} data-selected={selected === s.stage || undefined}
            style={{ flexGrow: s.count, background: STAGE_COLOR[s.stage] ?? '#888' }}>
            {s.share >= 6 ? s.count : ''}
          </span>
        ))}
      </div>
      <ul className={styles.legend}>
        {shares.map((s) => (
          <li key={s.stage}>
            <Button variant={selected === s.stage ? 'primary' : 'tertiary'} data-size="sm" aria-pressed={selected === s.stage}
              onClick={() => onSelect(selected === s.stage ? '' : s.stage)}>
              <span className={styles.swatch} style={{ background: STAGE_COLOR[s.stage] ?? '#888' }} aria-hidden="true" />
              <span>{t(`common.stage.${s.stage}` as MessageKey)}</span>
              <span className={styles.count}>{t('funnel.stage.barShare', { count: s.count, share: s.share })}</span>
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
