import { Heading, List, Paragraph } from '@digdir/designsystemet-react';
import { useI18n, type MessageKey } from '../../i18n';
import { usePageTitle } from '../../components/usePageTitle';

function Section({ title, children }: { title: MessageKey; children: React.ReactNode }) {
  const { t } = useI18n();
  return (
    <section className="egk-stack">
      <Heading level={2} data-size="sm">{t(title)}</Heading>
      {children}
    </section>
  );
}

/** The accessibility statement (tilgjengelighetserklæring) that public-sector web solutions must publish. */
export function AccessibilityPage() {
  const { t } = useI18n();
  usePageTitle(t('a11yTitle'));
  return (
    <article className="egk-stack egk-prose">
      <Heading level={1} data-size="lg">{t('a11yTitle')}</Heading>
      <Paragraph>{t('a11yLead')}</Paragraph>
      <Section title="a11yStatusTitle"><Paragraph>{t('a11yStatusBody')}</Paragraph></Section>
      <Section title="a11yKnownTitle">
        <List.Unordered>
          <List.Item>{t('a11yKnown1')}</List.Item>
          <List.Item>{t('a11yKnown2')}</List.Item>
        </List.Unordered>
      </Section>
      <Section title="a11yTestedTitle"><Paragraph>{t('a11yTestedBody')}</Paragraph></Section>
      <Section title="a11yFeedbackTitle"><Paragraph>{t('a11yFeedbackBody')}</Paragraph></Section>
      <Section title="a11ySupervisionTitle"><Paragraph>{t('a11ySupervisionBody')}</Paragraph></Section>
      <Paragraph data-size="sm">{t('a11yUpdated')}</Paragraph>
    </article>
  );
}

/** The privacy notice: who is responsible, what is stored, why, for how long, and the person's rights. */
export function PrivacyPage() {
  const { t } = useI18n();
  usePageTitle(t('privacyTitle'));
  return (
    <article className="egk-stack egk-prose">
      <Heading level={1} data-size="lg">{t('privacyTitle')}</Heading>
      <Paragraph>{t('privacyLead')}</Paragraph>
      <Section title="privacyControllerTitle"><Paragraph>{t('privacyControllerBody')}</Paragraph></Section>
      <Section title="privacyDataTitle"><Paragraph>{t('privacyDataBody')}</Paragraph></Section>
      <Section title="privacyPurposeTitle"><Paragraph>{t('privacyPurposeBody')}</Paragraph></Section>
      <Section title="privacyRetentionTitle"><Paragraph>{t('privacyRetentionBody')}</Paragraph></Section>
      <Section title="privacyRightsTitle"><Paragraph>{t('privacyRightsBody')}</Paragraph></Section>
    </article>
  );
}

export default AccessibilityPage;
