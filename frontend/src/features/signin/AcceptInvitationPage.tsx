import { useState, type SubmitEvent } from 'react';
import { useParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { Alert, Button, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import { errorMessage } from '../../api';
import { formatDateTime, useI18n, type MessageKey } from '../../i18n';
import { PageSkeleton } from '../../components/PageSkeleton';
import { usePageTitle } from '../../components/usePageTitle';

const Preview = graphql(`
  query InvitationPreview($token: String!) { invitation(token: $token) { serviceName role email expiresAt state } }
`);
const Accept = graphql(`
  mutation AcceptInvitation($token: String!, $username: String, $displayName: String!, $password: String!) {
    acceptInvitation(input: { token: $token, username: $username, displayName: $displayName, password: $password }) { kind name }
  }
`);

/** The page an invitation link opens (public): the invited person creates their account with a password, or links their identity at the organisation's log-in. */
export default function AcceptInvitationPage({ oidcPath, onSignedIn }: { oidcPath: string | null | undefined; onSignedIn: () => void }) {
  const { token = '' } = useParams();
  const { t, lang } = useI18n();
  usePageTitle(t('register.accept.title'));
  const [{ data, error }] = useQuery({ query: Preview, variables: { token } });
  const [accepted, accept] = useMutation(Accept);
  const [name, setName] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('common.errorGeneric')}</Alert>;
  if (!data) return <PageSkeleton />;
  const inv = data.invitation;
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const res = await accept({ token, username: username.trim() || null, displayName: name.trim(), password });
    if (!res.error) onSignedIn();
  };
  return (
    <section className="egk-stack" style={{ maxWidth: '32rem' }}>
      <Heading level={1} data-size="lg">{t('register.accept.title')}</Heading>
      {!inv ? (
        <Alert data-color="warning">{t('register.accept.unknown')}</Alert>
      ) : inv.state !== 'PENDING' ? (
        <Alert data-color="warning">{t('register.accept.closed')}</Alert>
      ) : (
        <>
          <Paragraph>{t('register.accept.lead', { role: t(`common.role.${inv.role}` as MessageKey).toLowerCase(), service: inv.serviceName, date: formatDateTime(inv.expiresAt, lang) })}</Paragraph>
          {oidcPath && (
            <>
              <Button asChild><a href={`${oidcPath}?invitation=${encodeURIComponent(token)}`}>{t('register.accept.idp')}</a></Button>
              <Paragraph data-size="sm">{t('register.accept.orPassword')}</Paragraph>
            </>
          )}
          <form className="egk-stack" onSubmit={submit}>
            <Textfield label={t('register.accept.name')} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} required />
            <Textfield label={t('register.accept.username')} description={t('register.accept.usernameHelp')} autoComplete="username" placeholder={inv.email}
              value={username} onChange={(e) => setUsername(e.target.value)} />
            <Textfield label={t('register.accept.password')} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
            {accepted.error && <Alert data-color="danger">{errorMessage(accepted.error) ?? t('common.errorGeneric')}</Alert>}
            <Button type="submit" disabled={accepted.fetching || !name.trim() || password.length < 12}>{t('register.accept.submit')}</Button>
          </form>
        </>
      )}
    </section>
  );
}
