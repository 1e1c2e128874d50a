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
  usePageTitle(t('common.sign.inTitle'));
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
        <Heading level={1} data-size="lg" id="login-title">{t('common.sign.inTitle')}</Heading>
        <Paragraph>{t('common.sign.inLead')}</Paragraph>
        {oidcPath && (
          <>
            <Button asChild data-size="lg"><a href={oidcPath}>{t('common.sign.inWithIdp')}</a></Button>
            <Paragraph data-size="sm">{t('common.sign.inLocal')}</Paragraph>
          </>
        )}
        <form onSubmit={submit} className="egk-stack">
          <Textfield label={t('common.username')} autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
          <Textfield label={t('common.password')} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          {error && <Alert data-color="danger">{errorMessage(error) ?? t('common.errorGeneric')}</Alert>}
          <Button type="submit" disabled={fetching}>{t('common.sign.in')}</Button>
        </form>
      </section>
      <Card data-color="neutral" variant="tinted" className="egk-stack">
        <Heading level={2} data-size="xs">{t('shell.sign.inAccessTitle')}</Heading>
        <List.Unordered data-size="sm">
          <List.Item>{t('shell.sign.inAccessService')}</List.Item>
          <List.Item>{t('shell.sign.inAccessLeader')}</List.Item>
          <List.Item>{t('shell.sign.inAccessOffice')}</List.Item>
        </List.Unordered>
      </Card>
    </div>
  );
}
