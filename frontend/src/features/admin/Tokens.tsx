// The API tokens part of the administrator's page: a form for a new token, its secret shown once,
// and the list of tokens with revoking. The section only says which of form and secret is shown;
// each part keeps its own state.
import { useState } from 'react';
import { Details, Heading, Paragraph } from '@digdir/designsystemet-react';
import type { AdminPageQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { NewTokenForm } from './NewTokenForm';
import { TokenList } from './TokenList';
import { TokenSecret, TokenUsage, type Secret } from './TokenSecret';

interface Props {
  tokens: AdminPageQuery['apiTokens'] | undefined;
  offices: AdminPageQuery['offices'] | undefined;
  refresh: () => void;
}

export function Tokens({ tokens, offices, refresh }: Props) {
  const { t } = useI18n();
  // The secret lives only here, until the administrator says it is stored or leaves the page.
  const [secret, setSecret] = useState<Secret | null>(null);
  // Bumped when a token is created, so that the list drops its last "revoked" message.
  const [created, setCreated] = useState(0);

  return (
    <section className="egk-stack" aria-labelledby="admin-tokens">
      <Heading level={2} data-size="md" id="admin-tokens">{t('admin.tokens')}</Heading>
      <Paragraph>{t('admin.tokensLead')}</Paragraph>
      {secret ? (
        <TokenSecret secret={secret} onDone={() => {
          setSecret(null);
          requestAnimationFrame(() => document.getElementById('token-name')?.focus());
        }} />
      ) : (
        <NewTokenForm offices={offices} onSending={() => setCreated((n) => n + 1)} onCreated={(s) => { setSecret(s); refresh(); }} />
      )}
      {!secret && (
        <Details>
          <Details.Summary>{t('admin.usageTitle')}</Details.Summary>
          <Details.Content className="egk-stack">
            <Paragraph data-size="sm">{t('admin.usageText')}</Paragraph>
            <TokenUsage />
          </Details.Content>
        </Details>
      )}
      <TokenList key={created} tokens={tokens} refresh={refresh} />
    </section>
  );
}
