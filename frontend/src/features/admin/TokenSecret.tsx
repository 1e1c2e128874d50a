// A new token's secret, shown once with a copy button and an example of its use.
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Field, Heading, Label, Paragraph, Textarea } from '@digdir/designsystemet-react';
import { useI18n } from '../../i18n';
import { usageExample } from '../../lib/admin';
import styles from './Tokens.module.css';

/** Secret is a token's name and the secret the server showed once. */
export interface Secret { name: string; value: string }

/** TokenUsage shows how a program sends the token, with a placeholder for the secret. */
export function TokenUsage() {
  const { t } = useI18n();
  const origin = typeof window !== 'undefined' ? window.location.origin : '';
  return <pre className={styles.code}><code>{usageExample(origin, t('admin.secret.placeholder'))}</code></pre>;
}

/** TokenSecret shows a token's secret once, focused, until the administrator says it is stored. */
export function TokenSecret({ secret, onDone }: { secret: Secret; onDone: () => void }) {
  const { t } = useI18n();
  const [copyState, setCopyState] = useState<'copied' | 'failed' | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => { heading.current?.focus(); }, [secret]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret.value);
      setCopyState('copied');
    } catch {
      field.current?.focus();
      field.current?.select();
      setCopyState('failed');
    }
  };

  return (
    <Card data-color="success" variant="tinted">
      <Card.Block className="egk-stack">
        <Heading level={3} data-size="sm" ref={heading} tabIndex={-1}>{t('admin.secret.title', { name: secret.name })}</Heading>
        <Alert data-color="warning">{t('admin.secret.warning')}</Alert>
        <Field>
          <Label htmlFor="token-secret">{t('admin.secret.label')}</Label>
          <Textarea id="token-secret" rows={2} readOnly value={secret.value} ref={field} spellCheck={false} autoComplete="off"
            className={styles.secret} onFocus={(e) => e.currentTarget.select()} />
        </Field>
        <div className="egk-row">
          <Button onClick={copy}>{t('admin.copy')}</Button>
          <Button variant="secondary" onClick={onDone}>{t('admin.secret.done')}</Button>
        </div>
        <Paragraph data-size="sm" role="status" className={styles.copyState}>
          {copyState === 'copied' ? t('admin.copied') : copyState === 'failed' ? t('admin.copyFailed') : ''}
        </Paragraph>
        <Heading level={4} data-size="xs">{t('admin.usageTitle')}</Heading>
        <Paragraph data-size="sm">{t('admin.usageText')}</Paragraph>
        <TokenUsage />
      </Card.Block>
    </Card>
  );
}
