// The accounts part of the administrator's page: create accounts, disable and enable them (with a
// confirmation), and give them a new password. Disabling and a new password end the account's
// sessions on the server.
import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { useMutation, type CombinedError } from 'urql';
import { Alert, Button, Dialog, Heading, Paragraph, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import type { AdminPageQuery } from '../../gql/graphql';
import { errorCode, errorField, errorMessage } from '../../api';
import { localized, useI18n, type MessageKey } from '../../i18n';
import { passwordTooShort } from '../../lib/admin';
import { TableRegion } from '../../components/TableRegion';
import { CreateAccount } from './CreateAccount';
import { focusField, SkeletonRows, useErrorText, type FormError } from './shared';

const UpdateUser = graphql(`
  mutation UpdateUser($input: UpdateUserInput!) { updateUser(input: $input) { id disabled } }
`);

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
  const errorText = useErrorText();
  const [message, setMessage] = useState<Message | null>(null);
  const messageRef = useRef<HTMLDivElement>(null);
  const [updating, updateUser] = useMutation(UpdateUser);

  // Disabling, with a confirmation dialog.
  const [disableTarget, setDisableTarget] = useState<User | null>(null);
  const [disableOpen, setDisableOpen] = useState(false);
  const [disableError, setDisableError] = useState<CombinedError | null>(null);
  const disableCancel = useRef<HTMLButtonElement>(null);

  // A new password, in a dialog.
  const [passwordTarget, setPasswordTarget] = useState<User | null>(null);
  const [passwordOpen, setPasswordOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [passwordError, setPasswordError] = useState<FormError | undefined>();
  const [passwordGeneral, setPasswordGeneral] = useState<string | undefined>();

  useEffect(() => { if (message) messageRef.current?.focus(); }, [message]);
  useEffect(() => { if (disableOpen) disableCancel.current?.focus(); }, [disableOpen]);
  useEffect(() => { if (passwordOpen) document.getElementById('user-new-password')?.focus(); }, [passwordOpen]);

  const done = (key: MessageKey, params: Record<string, string>) => {
    setMessage({ ok: true, key, params });
    refresh();
  };

  const confirmDisable = async () => {
    if (!disableTarget) return;
    const res = await updateUser({ input: { id: disableTarget.id, disabled: true } });
    if (res.error) { setDisableError(res.error); return; }
    setDisableOpen(false);
    done('adminDisabled', { name: disableTarget.username });
  };

  const enable = async (u: User) => {
    setMessage(null);
    const res = await updateUser({ input: { id: u.id, disabled: false } });
    if (res.error) { setMessage({ ok: false, text: errorMessage(res.error) ?? t('errorGeneric') }); return; }
    done('adminEnabled', { name: u.username });
  };

  const openPassword = (u: User) => {
    setPasswordTarget(u);
    setPassword('');
    setPasswordError(undefined);
    setPasswordGeneral(undefined);
    setPasswordOpen(true);
  };
  const savePassword = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!passwordTarget) return;
    if (passwordTooShort(password)) {
      setPasswordError({ key: 'adminPasswordShort' });
      focusField('user-new-password');
      return;
    }
    const res = await updateUser({ input: { id: passwordTarget.id, password } });
    if (res.error) {
      const text = errorMessage(res.error);
      if (text && errorCode(res.error) === 'BAD_USER_INPUT' && errorField(res.error) === 'password') {
        setPasswordError({ text });
        focusField('user-new-password');
        return;
      }
      setPasswordGeneral(text ?? t('errorGeneric'));
      return;
    }
    setPasswordOpen(false);
    setPassword('');
    done('adminPasswordSet', { name: passwordTarget.username });
  };

  const organisation = (u: User) =>
    u.service ? u.service.name
      : u.office ? localized(u.office.name, lang)
        : u.role === 'NATIONAL_ANALYST' ? t('adminOrgNational')
          : u.role === 'ADMIN' ? t('adminOrgOperator') : '–';

  return (
    <section className="egk-stack" aria-labelledby="admin-accounts">
      <Heading level={2} data-size="md" id="admin-accounts">{t('adminAccounts')}</Heading>
      <Paragraph>{t('adminAccountsLead')}</Paragraph>
      <CreateAccount offices={offices} oidcEnabled={oidcEnabled} onSubmit={() => setMessage(null)}
        onCreated={(a) => done('adminAccountCreated', { name: a.username, person: a.displayName })} />
      {message && (
        <Alert data-color={message.ok ? 'success' : 'danger'} role={message.ok ? 'status' : 'alert'} ref={messageRef} tabIndex={-1}>
          {message.ok ? t(message.key, message.params) : message.text}
        </Alert>
      )}
      <TableRegion label={t('adminAccounts')} busy={!users}>
        <Table>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t('username')}</Table.HeaderCell>
              <Table.HeaderCell>{t('adminColName')}</Table.HeaderCell>
              <Table.HeaderCell>{t('adminColRole')}</Table.HeaderCell>
              <Table.HeaderCell>{t('adminColOrg')}</Table.HeaderCell>
              <Table.HeaderCell>{t('status')}</Table.HeaderCell>
              <Table.HeaderCell><span className="ds-sr-only">{t('adminColActions')}</span></Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {!users ? <SkeletonRows rows={8} cols={6} /> : users.map((u) => {
              const own = u.id === viewerId;
              return (
                <Table.Row key={u.id}>
                  <Table.Cell>
                    {u.username}
                    {own && <> <Tag data-color="info" data-size="sm">{t('adminYou')}</Tag></>}
                  </Table.Cell>
                  <Table.Cell>{u.displayName}</Table.Cell>
                  <Table.Cell>{t(`role_${u.role}`)}</Table.Cell>
                  <Table.Cell>{organisation(u)}</Table.Cell>
                  <Table.Cell>
                    {u.disabled ? <Tag data-color="danger">{t('adminAccountDisabled')}</Tag> : <Tag data-color="success">{t('adminAccountActive')}</Tag>}
                  </Table.Cell>
                  <Table.Cell>
                    <div style={actions}>
                      <Button variant="tertiary" data-size="sm" aria-label={t('adminNewPasswordNamed', { name: u.username })}
                        onClick={() => openPassword(u)}>
                        {t('adminNewPassword')}
                      </Button>
                      {u.disabled ? (
                        <Button variant="tertiary" data-size="sm" aria-label={t('adminEnableNamed', { name: u.username })} disabled={updating.fetching}
                          onClick={() => enable(u)}>
                          {t('adminEnable')}
                        </Button>
                      ) : !own && (
                        <Button variant="tertiary" data-color="danger" data-size="sm" aria-label={t('adminDisableNamed', { name: u.username })}
                          onClick={() => { setMessage(null); setDisableError(null); setDisableTarget(u); setDisableOpen(true); }}>
                          {t('adminDisable')}
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

      <Dialog open={disableOpen} onClose={() => setDisableOpen(false)} closeButton={t('adminClose')} aria-labelledby="admin-disable-title">
        <Dialog.Block>
          <Heading level={2} data-size="xs" id="admin-disable-title">{t('adminDisableTitle', { name: disableTarget?.username ?? '' })}</Heading>
        </Dialog.Block>
        <Dialog.Block className="egk-stack">
          <Paragraph>{t('adminDisableText', { person: disableTarget?.displayName ?? '' })}</Paragraph>
          {disableError && <Alert data-color="danger">{errorMessage(disableError) ?? t('errorGeneric')}</Alert>}
          <div className="egk-row">
            <Button data-color="danger" onClick={confirmDisable} disabled={updating.fetching}>{t('adminDisableConfirm')}</Button>
            <Button variant="secondary" ref={disableCancel} onClick={() => setDisableOpen(false)}>{t('adminCancel')}</Button>
          </div>
        </Dialog.Block>
      </Dialog>

      <Dialog open={passwordOpen} onClose={() => setPasswordOpen(false)} closeButton={t('adminClose')} aria-labelledby="admin-password-title">
        <Dialog.Block>
          <Heading level={2} data-size="xs" id="admin-password-title">{t('adminNewPasswordNamed', { name: passwordTarget?.username ?? '' })}</Heading>
        </Dialog.Block>
        <Dialog.Block>
          <form onSubmit={savePassword} noValidate className="egk-stack">
            <Paragraph>
              {passwordTarget && passwordTarget.id === viewerId
                ? t('adminNewPasswordOwnText')
                : t('adminNewPasswordText', { person: passwordTarget?.displayName ?? '' })}
            </Paragraph>
            <Textfield id="user-new-password" type="password" label={t('adminNewPassword')} description={t('adminPasswordRule')} value={password}
              autoComplete="new-password" error={errorText(passwordError)}
              onChange={(e) => { setPassword(e.target.value); setPasswordError(undefined); setPasswordGeneral(undefined); }} />
            {passwordGeneral && <Alert data-color="danger">{passwordGeneral}</Alert>}
            <div className="egk-row">
              <Button type="submit" disabled={updating.fetching}>{t('adminSavePassword')}</Button>
              <Button type="button" variant="secondary" onClick={() => setPasswordOpen(false)}>{t('adminCancel')}</Button>
            </div>
          </form>
        </Dialog.Block>
      </Dialog>
    </section>
  );
}

// The buttons of a row stay on one line, and the table makes room for them (max-content), so that
// it scrolls sideways in its region only on narrow screens.
const actions = { display: 'flex', gap: '0.25rem', flexWrap: 'nowrap', width: 'max-content' } as const;
