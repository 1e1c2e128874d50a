import { Heading, Link, List, Paragraph } from '@digdir/designsystemet-react';
import { localized, useI18n } from '../i18n';

type Text = { nb: string; nn: string; en: string };
type Resource = { kind: string; title: Text; description?: Text | null; url: string };

/** Support material and contacts of a round (document 002): the links, the county governor office for the subject, Helsetilsynet for technical questions. */
export function SupportPanel({ resources, office }: { resources: readonly Resource[]; office?: { name: Text; webUrl: string } | null }) {
  const { t, lang } = useI18n();
  const links = resources.filter((r) => r.kind === 'LINK');
  const technical = resources.filter((r) => r.kind === 'TECHNICAL_CONTACT');
  if (links.length === 0 && technical.length === 0 && !office) return null;
  return (
    <details className="egk-stack egk-panel egk-noprint">
      <summary>{t('roundtwo.support')}</summary>
      {links.length > 0 && (
        <List.Unordered>
          {links.map((r) => (
            <List.Item key={r.url}>
              <Link href={r.url} target="_blank" rel="noopener noreferrer">{localized(r.title, lang)}</Link>
              {r.description && ` – ${localized(r.description, lang)}`}
            </List.Item>
          ))}
        </List.Unordered>
      )}
      <Heading level={3} data-size="2xs">{t('roundtwo.contacts')}</Heading>
      {office && (
        <Paragraph>
          {t('roundtwo.subjectContact')}{' '}
          {office.webUrl ? <Link href={office.webUrl} target="_blank" rel="noopener noreferrer">{localized(office.name, lang)}</Link> : localized(office.name, lang)}
        </Paragraph>
      )}
      {technical.map((r) => (
        <Paragraph key={r.url}>
          {t('roundtwo.technicalContact')} <Link href={r.url} target="_blank" rel="noopener noreferrer">{localized(r.title, lang)}</Link>
          {r.description && ` – ${localized(r.description, lang)}`}
        </Paragraph>
      ))}
    </details>
  );
}
