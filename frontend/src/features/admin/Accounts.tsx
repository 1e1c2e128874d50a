// The accounts part of the administrator's page: create accounts, disable and enable them (with a
// confirmation), and give them a new password. Disabling and a new password end the account's
// sessions on the server.
import { useEffect, useRef, useState } from 'react';
import { useMutation } from 'urql';
import { Alert, Button, Heading, Paragraph, Table, Tag } from '@digdir/designsystemet-react';
import type { AdminPageQuery } from '../../gql/graphql';
import { errorMessage } from '../../api';
import { localized, useI18n, type MessageKey } from '../../i18n';
import { TableRegion } from '../../components/TableRegion';
import { DisableDialog, PasswordDialog, UpdateUser } from './AccountDialogs';
import { CreateAccount } from './CreateAccount';
import styles from './Accounts.module.css';
import { SkeletonRows } from './shared';

type User = AdminPageQuery['users'][number];
type Office = AdminPageQuery['offices'][number];

interface Props {
  users: User[] | undefined;
  offices: Office[] | undefined;
  /** The signed-in administrator's own account, which cannot be disabled. */
  viewerId: string | undefined;
  oidcEnabled: boolean;
  refresh: () => void;
}

/**
 * A message after an action, shown above the table and focused so that screen readers read it.
 * Ours are kept as key and values, so they follow a change of language; the server's arrive in
 * the language of the moment.
 */
type Message = { ok: true; key: MessageKey; params: Record<string, string> } | { ok: false; text: string };

export function Accounts({ users, offices, viewerId, oidcEnabled, refresh }: Props) {
  const { t, lang } = useI18n();
  const [message, setMessage] = useState<Message | null>(null);
  const messageRef = useRef<HTMLDivElement>(null);
  const [updating, updateUser] = useMutation(UpdateUser);

  // The account a dialog is open for: disabling (with a confirmation) or a new password.
  const [disableTarget, setDisableTarget] = useState<User | null>(null);
  const [disableOpen, setDisableOpen] = useState(false);
  const [passwordTarget, setPasswordTarget] = useState<User | null>(null);
  const [passwordOpen, setPasswordOpen] = useState(false);

  useEffect(() => { if (message) messageRef.current?.focus(); }, [message]);

  const done = (key: MessageKey, params: Record<string, string>) => {
    setMessage({ ok: true, key, params });
    refresh();
  };

  const enable = async (u: User) => {
    setMessage(null);
    const res = await updateUser({ input: { id: u.id, disabled: false } });
    if (res.error) { setMessage({ ok: false, text: errorMessage(res.error) ?? t('common.errorGeneric') }); return; }
    done('admin.enabled', { name: u.username });
  };

  const openPassword = (u: User) => {
    setPasswordTarget(u);
    setPasswordOpen(true);
  };

  const organisation = (u: User) =>
    u.service ? u.service.name
      : u.office ? localized(u.office.name, lang)
        : u.role === 'NATIONAL_ANALYST' ? t('admin.orgNational')
          : u.role === 'ADMIN' ? t('admin.orgOperator') : '–';

  return (
    <section className="egk-stack" aria-labelledby="admin-accounts">
      <Heading level={2} data-size="md" id="admin-accounts">{t('admin.accounts')}</Heading>
      <Paragraph>{t('admin.accountsLead')}</Paragraph>
      <CreateAccount offices={offices} oidcEnabled={oidcEnabled} onSubmit={() => setMessage(null)}
        onCreated={(a) => done('admin.account.created', { name: a.username, person: a.displayName })} />
      {message && (
        <Alert data-color={message.ok ? 'success' : 'danger'} role={message.ok ? 'status' : 'alert'} ref={messageRef} tabIndex={-1}>
          {message.ok ? t(message.key, message.params) : message.text}
        </Alert>
      )}
      <TableRegion label={t('admin.accounts')} busy={!users}>
        <Table>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t('common.username')}</Table.HeaderCell>
              <Table.HeaderCell>{t('admin.col.name')}</Table.HeaderCell>
              <Table.HeaderCell>{t('admin.col.role')}</Table.HeaderCell>
              <Table.HeaderCell>{t('admin.col.org')}</Table.HeaderCell>
              <Table.HeaderCell>{t('common.status.label')}</Table.HeaderCell>
              <Table.HeaderCell><span className="ds-sr-only">{t('admin.col.actions')}</span></Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {!users ? <SkeletonRows rows={8} cols={6} /> : users.map((u) => {
              const own = u.id === viewerId;
              return (
                <Table.Row key={u.id}>
                  <Table.Cell>
                    {u.username}
                    {own && <> <Tag data-color="info" data-size="sm">{t('admin.you')}</Tag></>}
                  </Table.Cell>
                  <Table.Cell>{u.displayName}</Table.Cell>
                  <Table.Cell>{t(`common.role.${u.role}`)}</Table.Cell>
                  <Table.Cell>{organisation(u)}</Table.Cell>
                  <Table.Cell>
                    {u.disabled ? <Tag data-color="danger">{t('admin.account.disabled')}</Tag> : <Tag data-color="success">{t('admin.account.active')}</Tag>}
                  </Table.Cell>
                  <Table.Cell>
                    <div className={styles.actions}>
                      <Button variant="tertiary" data-size="sm" aria-label={t('admin.new.passwordNamed', { name: u.username })}
                        onClick={() => openPassword(u)}>
                        {t('admin.new.password')}
                      </Button>
                      {u.disabled ? (
                        <Button variant="tertiary" data-size="sm" aria-label={t('admin.enableNamed', { name: u.username })} disabled={updating.fetching}
                          onClick={() => enable(u)}>
                          {t('admin.enable')}
                        </Button>
                      ) : !own && (
                        <Button variant="tertiary" data-color="danger" data-size="sm" aria-label={t('admin.disable.named', { name: u.username })}
                          onClick={() => { setMessage(null); setDisableTarget(u); setDisableOpen(true); }}>
                          {t('admin.disable.label')}
                        </Button>
                      )}
                    </div>
                  </Table.Cell>
                </Table.Row>
              );
            })}
          </Table.Body>
        </Table>
      </TableRegion>

      <DisableDialog user={disableTarget} open={disableOpen} onClose={() => setDisableOpen(false)}
        onDone={(u) => { setDisableOpen(false); done('admin.disabled', { name: u.username }); }} />
      <PasswordDialog user={passwordTarget} own={passwordTarget?.id === viewerId} open={passwordOpen} onClose={() => setPasswordOpen(false)}
        onDone={(u) => { setPasswordOpen(false); done('admin.password.set', { name: u.username }); }} />
    </section>
  );
}
