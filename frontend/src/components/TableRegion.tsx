import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n';

const HEADING = 'h1, h2, h3, h4, h5, h6';

/**
 * The name of a table: its caption or own label, else the nearest heading before it. Exported for
 * the tests.
 */
export function tableName(region: HTMLElement): string {
  const table = region.querySelector('table');
  const caption = table?.querySelector('caption')?.textContent?.trim();
  if (caption) return caption;
  const own = table?.getAttribute('aria-label')?.trim();
  if (own) return own;
  const labelledBy = table?.getAttribute('aria-labelledby');
  if (labelledBy) {
    const text = labelledBy.split(/\s+/).map((id) => region.ownerDocument.getElementById(id)?.textContent?.trim() ?? '').join(' ').trim();
    if (text) return text;
  }
  // The nearest heading before the region in reading order: a previous sibling (or its last
  // heading), then the same among the parent's previous siblings, and so on up.
  for (let el: Element | null = region; el && el !== region.ownerDocument.body; el = el.parentElement) {
    for (let sib = el.previousElementSibling; sib; sib = sib.previousElementSibling) {
      const h = sib.matches(HEADING) ? sib : [...sib.querySelectorAll(HEADING)].pop();
      const text = h?.textContent?.trim();
      if (text) return text;
    }
  }
  return '';
}

/**
 * A table that scrolls sideways inside its own region on a narrow screen, so the page never does.
 * The region is focusable and named after its table (the label given, else the table's caption,
 * else the nearest heading before it), so keyboard users can scroll it, screen readers announce
 * which table it is, and no two regions on a page share a name (axe landmark-unique).
 */
export function TableRegion({ label, busy, children }: { label?: string; busy?: boolean; children: ReactNode }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const [derived, setDerived] = useState('');
  // On every render on purpose: the table's caption or heading may change with any render, and the
  // state is set only when the name changed, so this settles after one extra render.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useLayoutEffect(() => {
    if (label || !ref.current) return;
    const name = tableName(ref.current);
    if (name !== derived) setDerived(name);
  });
  const name = label || derived;
  return (
    // A scrolling region must take keyboard focus so that it can be scrolled without a mouse (axe's
    // scrollable-region-focusable); the rule does not know that.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div ref={ref} className="egk-table-wrap" role="region" tabIndex={0} aria-label={name ? `${name}. ${t('common.tableRegion')}` : t('common.tableRegion')} aria-busy={busy}>
      {children}
    </div>
  );
}
