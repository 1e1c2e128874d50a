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
  usePageTitle(t('shell.a11y.title'));
  return (
    <article className="egk-stack egk-prose">
      <Heading level={1} data-size="lg">{t('shell.a11y.title')}</Heading>
      <Paragraph>{t('shell.a11y.lead')}</Paragraph>
      <Section title="shell.a11y.statusTitle"><Paragraph>{t('shell.a11y.statusBody')}</Paragraph></Section>
      <Section title="shell.a11y.knownTitle">
        <List.Unordered>
          <List.Item>{t('shell.a11y.known1')}</List.Item>
          <List.Item>{t('shell.a11y.known2')}</List.Item>
        </List.Unordered>
      </Section>
      <Section title="shell.a11y.testedTitle"><Paragraph>{t('shell.a11y.testedBody')}</Paragraph></Section>
      <Section title="shell.a11y.feedbackTitle"><Paragraph>{t('shell.a11y.feedbackBody')}</Paragraph></Section>
      <Section title="shell.a11y.supervisionTitle"><Paragraph>{t('shell.a11y.supervisionBody')}</Paragraph></Section>
      <Paragraph data-size="sm">{t('shell.a11y.updated')}</Paragraph>
    </article>
  );
}

/** The privacy notice: who is responsible, what is stored, why, for how long, and the person's rights. */
export function PrivacyPage() {
  const { t } = useI18n();
  usePageTitle(t('shell.privacy.title'));
  return (
    <article className="egk-stack egk-prose">
      <Heading level={1} data-size="lg">{t('shell.privacy.title')}</Heading>
      <Paragraph>{t('shell.privacy.lead')}</Paragraph>
      <Section title="shell.privacy.controllerTitle"><Paragraph>{t('shell.privacy.controllerBody')}</Paragraph></Section>
      <Section title="shell.privacy.dataTitle"><Paragraph>{t('shell.privacy.dataBody')}</Paragraph></Section>
      <Section title="shell.privacy.purposeTitle"><Paragraph>{t('shell.privacy.purposeBody')}</Paragraph></Section>
      <Section title="shell.privacy.retentionTitle"><Paragraph>{t('shell.privacy.retentionBody')}</Paragraph></Section>
      <Section title="shell.privacy.rightsTitle"><Paragraph>{t('shell.privacy.rightsBody')}</Paragraph></Section>
    </article>
  );
}

export default AccessibilityPage;
