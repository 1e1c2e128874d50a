// The two dialogs of the accounts list: disabling an account (with a confirmation) and giving it a
// new password. Each keeps its own input and error; both end the account's sessions on the server.
import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { useMutation, type CombinedError } from 'urql';
import { Alert, Button, Dialog, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import type { AdminPageQuery } from '../../gql/graphql';
import { errorCode, errorField, errorMessage } from '../../api';
import { useI18n } from '../../i18n';
import { passwordTooShort } from '../../lib/admin';
import { focusField, useErrorText, type FormError } from './shared';

/** UpdateUser changes an account: disabled, enabled or a new password. */
export const UpdateUser = graphql(`
  mutation UpdateUser($input: UpdateUserInput!) { updateUser(input: $input) { id disabled } }
`);

type User = AdminPageQuery['users'][number];

interface DialogProps {
  user: User | null;
  open: boolean;
  onClose: () => void;
  /** Called when the change is saved. */
  onDone: (user: User) => void;
}

/** DisableDialog asks before disabling an account. */
export function DisableDialog({ user, open, onClose, onDone }: DialogProps) {
  const { t } = useI18n();
  const [updating, updateUser] = useMutation(UpdateUser);
  const [error, setError] = useState<CombinedError | null>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    setError(null);
    cancel.current?.focus();
  }, [open]);

  const confirm = async () => {
    if (!user) return;
    const res = await updateUser({ input: { id: user.id, disabled: true } });
    if (res.error) { setError(res.error); return; }
    onDone(user);
  };

  return (
    <Dialog open={open} onClose={onClose} closeButton={t('admin.close')} aria-labelledby="admin-disable-title">
      <Dialog.Block>
        <Heading level={2} data-size="xs" id="admin-disable-title">{t('admin.disable.title', { name: user?.username ?? '' })}</Heading>
      </Dialog.Block>
      <Dialog.Block className="egk-stack">
        <Paragraph>{t('admin.disable.text', { person: user?.displayName ?? '' })}</Paragraph>
        {error && <Alert data-color="danger">{errorMessage(error) ?? t('common.errorGeneric')}</Alert>}
        <div className="egk-row">
          <Button data-color="danger" onClick={confirm} disabled={updating.fetching}>{t('admin.disable.confirm')}</Button>
          <Button variant="secondary" ref={cancel} onClick={onClose}>{t('admin.cancel')}</Button>
        </div>
      </Dialog.Block>
    </Dialog>
  );
}

/** PasswordDialog gives an account a new password; own says it is the administrator's own. */
export function PasswordDialog({ user, own, open, onClose, onDone }: DialogProps & { own: boolean }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [updating, updateUser] = useMutation(UpdateUser);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<FormError | undefined>();
  const [general, setGeneral] = useState<string | undefined>();
  useEffect(() => {
    if (!open) return;
    setPassword('');
    setError(undefined);
    setGeneral(undefined);
    document.getElementById('user-new-password')?.focus();
  }, [open]);

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!user) return;
    if (passwordTooShort(password)) {
      setError({ key: 'admin.password.short' });
      focusField('user-new-password');
      return;
    }
    const res = await updateUser({ input: { id: user.id, password } });
    if (res.error) {
      const text = errorMessage(res.error);
      if (text && errorCode(res.error) === 'BAD_USER_INPUT' && errorField(res.error) === 'password') {
        setError({ text });
        focusField('user-new-password');
        return;
      }
      setGeneral(text ?? t('common.errorGeneric'));
      return;
    }
    setPassword('');
    onDone(user);
  };

  return (
    <Dialog open={open} onClose={onClose} closeButton={t('admin.close')} aria-labelledby="admin-password-title">
      <Dialog.Block>
        <Heading level={2} data-size="xs" id="admin-password-title">{t('admin.new.passwordNamed', { name: user?.username ?? '' })}</Heading>
      </Dialog.Block>
      <Dialog.Block>
        <form onSubmit={save} noValidate className="egk-stack">
          <Paragraph>
            {own ? t('admin.new.passwordOwnText') : t('admin.new.passwordText', { person: user?.displayName ?? '' })}
          </Paragraph>
          <Textfield id="user-new-password" type="password" label={t('admin.new.password')} description={t('admin.password.rule')} value={password}
            autoComplete="new-password" error={errorText(error)}
            onChange={(e) => { setPassword(e.target.value); setError(undefined); setGeneral(undefined); }} />
          {general && <Alert data-color="danger">{general}</Alert>}
          <div className="egk-row">
            <Button type="submit" disabled={updating.fetching}>{t('admin.savePassword')}</Button>
            <Button type="button" variant="secondary" onClick={onClose}>{t('admin.cancel')}</Button>
          </div>
        </form>
      </Dialog.Block>
    </Dialog>
  );
}
