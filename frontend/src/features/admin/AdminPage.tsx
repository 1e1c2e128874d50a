// The operator's page: API tokens, accounts and redaction on request, each a section with its own
// state. The page loads what the sections list and hands each its part.
import { AppLink as RouterLink } from '../../components/AppLink';
import { useQuery } from 'urql';
import { Alert, Heading, Paragraph, Skeleton } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import { errorMessage } from '../../api';
import { useI18n } from '../../i18n';
import { usePageTitle } from '../../components/usePageTitle';
import { Accounts } from './Accounts';
import { Redaction } from './Redaction';
import { Tokens } from './Tokens';

const AdminQuery = graphql(`
  query AdminPage {
    apiTokens { id name national office { id name { nb nn en } } service { id name } createdAt expiresAt revokedAt lastUsedAt }
    users { id username displayName role disabled office { id name { nb nn en } } service { id name } }
    offices { id name { nb nn en } }
    rounds { id number }
    viewer { user { id } }
    authConfig { oidcEnabled }
  }
`);

export default function AdminPage() {
  const { t } = useI18n();
  usePageTitle(t('admin.title'));
  const [{ data, error }, refetch] = useQuery({ query: AdminQuery, requestPolicy: 'cache-and-network' });
  const refresh = () => refetch({ requestPolicy: 'network-only' });
  const newestRound = data ? [...data.rounds].sort((a, b) => b.number - a.number)[0] : undefined;

  return (
    <div className="egk-stack">
      <Heading level={1} data-size="lg">{t('admin.title')}</Heading>
      <Paragraph>{t('admin.lead')}</Paragraph>
      <Paragraph>
        {newestRound ? <RouterLink to={`/resultater/${newestRound.id}`}>{t('admin.resultsLink')}</RouterLink> : <Skeleton variant="rectangle" width="12rem" height="1.5rem" style={{ display: 'inline-block', verticalAlign: 'middle' }} />}
      </Paragraph>
      {error && <Alert data-color="danger">{errorMessage(error) ?? t('common.errorGeneric')}</Alert>}
      <Tokens tokens={data?.apiTokens} offices={data?.offices} refresh={refresh} />
      <Accounts users={data?.users} offices={data?.offices} viewerId={data?.viewer.user?.id} oidcEnabled={data?.authConfig.oidcEnabled ?? false}
        refresh={refresh} />
      <Redaction rounds={data?.rounds} />
    </div>
  );
}
