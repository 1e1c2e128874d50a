import { useState, type SubmitEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { Alert, Button, Heading, Paragraph, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { graphql } from '../gql';
import { errorMessage } from '../api';
import { formatDateTime, useI18n, type MessageKey } from '../i18n';
import { MailStatusTag } from './MailStatusTag';
import { TableRegion } from './TableRegion';

const Invitations = graphql(`
  query Invitations($serviceId: ID!) {
    invitations(serviceId: $serviceId) { id role email state expiresAt mail { status attempts error } }
  }
`);
const Create = graphql(`
  mutation CreateInvitation($serviceId: ID!, $email: String!) { createInvitation(input: { serviceId: $serviceId, email: $email }) { id } }
`);
const Revoke = graphql(`mutation RevokeInvitation($id: ID!) { revokeInvitation(id: $id) { id state } }`);

/** InvitePanel: who has been invited to a service by e-mail, the mail's fate, and a form to invite one more (a county advisor the leader, a leader the staff). */
export function InvitePanel({ serviceId, invitesRole }: { serviceId: string; invitesRole: 'SERVICE_LEADER' | 'SERVICE_STAFF' }) {
  const { t, lang } = useI18n();
  const [{ data, error }, refetch] = useQuery({ query: Invitations, variables: { serviceId }, requestPolicy: 'cache-and-network' });
  const [created, create] = useMutation(Create);
  const [revoked, revoke] = useMutation(Revoke);
  const [email, setEmail] = useState('');
  const refresh = () => refetch({ requestPolicy: 'network-only' });
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const res = await create({ serviceId, email: email.trim() });
    if (!res.error) { setEmail(''); refresh(); }
  };
  return (
    <section className="egk-stack" aria-labelledby="invitations">
      <Heading level={2} data-size="sm" id="invitations">{t('register.invitations.title')}</Heading>
      <Paragraph>{invitesRole === 'SERVICE_LEADER' ? t('register.invitations.leadLeader') : t('register.invitations.leadStaff')}</Paragraph>
      {error && <Alert data-color="danger">{errorMessage(error) ?? t('common.errorGeneric')}</Alert>}
      {data && data.invitations.length === 0 && <Paragraph>{t('register.noInvitations')}</Paragraph>}
      {data && data.invitations.length > 0 && (
        <TableRegion>
          <Table data-size="sm">
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t('register.invite.email')}</Table.HeaderCell><Table.HeaderCell>{t('register.invitation.role')}</Table.HeaderCell>
                <Table.HeaderCell>{t('register.invitation.state')}</Table.HeaderCell><Table.HeaderCell>{t('register.invitation.expires')}</Table.HeaderCell>
                <Table.HeaderCell>{t('register.invitation.mail')}</Table.HeaderCell><Table.HeaderCell>{t('register.invitation.revokeShort')}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {data.invitations.map((i) => (
                <Table.Row key={i.id}>
                  <Table.Cell>{i.email}</Table.Cell>
                  <Table.Cell>{t(`common.role.${i.role}` as MessageKey)}</Table.Cell>
                  <Table.Cell><Tag data-color={i.state === 'ACCEPTED' ? 'success' : i.state === 'PENDING' ? 'neutral' : 'warning'}>{t(`register.invitation.${i.state}` as MessageKey)}</Tag></Table.Cell>
                  <Table.Cell>{formatDateTime(i.expiresAt, lang)}</Table.Cell>
                  <Table.Cell><MailStatusTag mail={i.mail} /></Table.Cell>
                  <Table.Cell>
                    {i.state === 'PENDING' && i.role === invitesRole && (
                      <Button variant="tertiary" data-size="sm" disabled={revoked.fetching} aria-label={t('register.invitation.revoke', { email: i.email })}
                        onClick={() => revoke({ id: i.id }).then(refresh)}>
                        {t('register.invitation.revokeShort')}
                      </Button>
                    )}
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </TableRegion>
      )}
      {revoked.error && <Alert data-color="danger">{errorMessage(revoked.error) ?? t('common.errorGeneric')}</Alert>}
      <form className="egk-stack egk-noprint" onSubmit={submit} style={{ maxWidth: '28rem' }}>
        <Textfield label={t('register.invite.email')} type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} required />
        {created.error && <Alert data-color="danger">{errorMessage(created.error) ?? t('common.errorGeneric')}</Alert>}
        {created.data && !created.error && <Alert data-color="success">{t('register.invite.sent')}</Alert>}
        <Button type="submit" disabled={created.fetching || !email.trim()}>{t('register.invite.send')}</Button>
      </form>
    </section>
  );
}
