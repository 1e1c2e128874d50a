import { useState, type SubmitEvent } from 'react';
import { useMutation } from 'urql';
import { Alert, Button, Card, Heading, List, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import { errorMessage } from '../../api';
import { useI18n } from '../../i18n';
import { usePageTitle } from '../../components/usePageTitle';

const LoginMutation = graphql(`
  mutation Login($username: String!, $password: String!) { login(input: { username: $username, password: $password }) { kind name } }
`);

export function LoginPage({ oidcPath, onSignedIn }: { oidcPath: string | null | undefined; onSignedIn: () => void }) {
  const { t } = useI18n();
  usePageTitle(t('signInTitle'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [{ fetching, error }, login] = useMutation(LoginMutation);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const res = await login({ username: username.trim(), password });
    if (!res.error) onSignedIn();
  };
  return (
    <div className="egk-login">
      <section className="egk-stack" aria-labelledby="login-title">
        <Heading level={1} data-size="lg" id="login-title">{t('signInTitle')}</Heading>
        <Paragraph>{t('signInLead')}</Paragraph>
        {oidcPath && (
          <>
            <Button asChild data-size="lg"><a href={oidcPath}>{t('signInWithIdp')}</a></Button>
            <Paragraph data-size="sm">{t('signInLocal')}</Paragraph>
          </>
        )}
        <form onSubmit={submit} className="egk-stack">
          <Textfield label={t('username')} autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
          <Textfield label={t('password')} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          {error && <Alert data-color="danger">{errorMessage(error) ?? t('errorGeneric')}</Alert>}
          <Button type="submit" disabled={fetching}>{t('signIn')}</Button>
        </form>
      </section>
      <Card data-color="neutral" variant="tinted" className="egk-stack">
        <Heading level={2} data-size="xs">{t('signInAccessTitle')}</Heading>
        <List.Unordered data-size="sm">
          <List.Item>{t('signInAccessService')}</List.Item>
          <List.Item>{t('signInAccessLeader')}</List.Item>
          <List.Item>{t('signInAccessOffice')}</List.Item>
        </List.Unordered>
      </Card>
    </div>
  );
}
