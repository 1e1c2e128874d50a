import { Alert, Button, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useI18n, type MessageKey } from '../i18n';
import { distinctWords, warningsAt } from '../lib/personaldata';

type GraphQLErrorLike = Parameters<typeof warningsAt>[0];

/**
 * TextWarning shows, at a free-text field, the server's PERSONAL_DATA_WARNING for that field: a
 * likely name or a health word. The writer either rewrites the text or presses "Lagre likevel",
 * which resends the same input with confirmWarnings: true (onConfirm). Nothing is shown for any
 * other error; refusals (PERSONAL_DATA) stay the field's error message.
 */
export function TextWarning({ error, field, onConfirm, busy, level = 3 }: {
  error: GraphQLErrorLike;
  field: string;
  onConfirm: () => void;
  busy?: boolean;
  /** The heading level that follows the page's outline where the form sits. */
  level?: 2 | 3 | 4;
}) {
  const { t } = useI18n();
  const warnings = warningsAt(error, field);
  if (warnings.length === 0) return null;
  const words = distinctWords(warnings)
    .map((w) => `«${w.word}» (${t(`privacy.warning.kind.${w.kind}` as MessageKey)})`)
    .join(', ');
  return (
    <Alert data-color="warning" data-size="sm" role="alert">
      <Heading level={level} data-size="2xs">{t('privacy.warning.title')}</Heading>
      <Paragraph data-size="sm">{error?.graphQLErrors?.[0]?.message}</Paragraph>
      {words && <Paragraph data-size="sm">{t('privacy.warning.words', { words })}</Paragraph>}
      <Paragraph data-size="sm">{t('privacy.warning.help')}</Paragraph>
      <Button variant="secondary" data-size="sm" disabled={busy} onClick={onConfirm}>{t('privacy.saveAnyway')}</Button>
    </Alert>
  );
}
