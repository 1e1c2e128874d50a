// The form that creates an account: user name, name, role, the organisation the role needs, and a
// way to sign in (a first password, an OpenID Connect subject, or both).
import { useState, type SubmitEvent } from 'react';
import { useMutation, type CombinedError } from 'urql';
import { Alert, Button, Details, Fieldset, Radio, Textfield, ValidationMessage } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import { useI18n, type MessageKey } from '../../i18n';
import {
  ACCOUNT_FIELDS, accountProblems, createUserInput, roleOrganisation, ROLES, type AccountField, type AccountForm, type AccountProblem, type Role,
} from '../../lib/admin';
import { focusField, OfficeField, placeServerError, ServiceField, useErrorText, type FormError } from './shared';

const CreateUser = graphql(`
  mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { id username displayName } }
`);

type Field = AccountField | 'general';
type Errors = Partial<Record<Field, FormError>>;

const FIELD_IDS: Record<AccountField, string> = {
  username: 'user-username', displayName: 'user-display-name', role: `user-role-${ROLES[0]}`, serviceId: 'user-service', officeId: 'user-office',
  password: 'user-password', oidcSubject: 'user-oidc',
};

const PROBLEM_TEXTS: Record<AccountProblem, MessageKey> = {
  usernameInvalid: 'admin.usernameInvalid', displayNameMissing: 'admin.display.nameMissing', roleMissing: 'admin.role.missing',
  serviceMissing: 'admin.account.serviceMissing', officeMissing: 'admin.account.officeMissing', passwordShort: 'admin.password.short',
  signInMissing: 'admin.sign.inMissing',
};

// Every field of the server's input is a field of this form, by the same name.
const SERVER_FIELDS = Object.fromEntries(ACCOUNT_FIELDS.map((f) => [f, f])) as Record<AccountField, AccountField>;
const serverErrors = (error: CombinedError): Errors => placeServerError<AccountField>(error, SERVER_FIELDS, { service: 'serviceId', office: 'officeId' });

const EMPTY: AccountForm = { username: '', displayName: '', role: '', serviceId: '', officeId: '', password: '', oidcSubject: '' };

interface Props {
  offices: { id: string; name: { nb: string; nn: string; en: string } }[] | undefined;
  oidcEnabled: boolean;
  /** Called when the administrator submits, so that an earlier message can give way. */
  onSubmit: () => void;
  onCreated: (account: { username: string; displayName: string }) => void;
}

export function CreateAccount({ offices, oidcEnabled, onSubmit, onCreated }: Props) {
  const { t } = useI18n();
  const [form, setForm] = useState<AccountForm>(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [created, createUser] = useMutation(CreateUser);
  const errorText = useErrorText();
  const err = (f: Field) => errorText(errors[f]);

  const set = <K extends keyof AccountForm>(key: K, value: AccountForm[K], ...clears: Field[]) => {
    setForm((prev) => ({ ...prev, [key]: value }));
    const fields: Field[] = [key, ...clears, 'general'];
    if (fields.some((f) => errors[f])) {
      setErrors((prev) => {
        const next = { ...prev };
        for (const f of fields) delete next[f];
        return next;
      });
    }
  };
  const showErrors = (errs: Errors) => {
    setErrors(errs);
    const first = ACCOUNT_FIELDS.find((f) => errs[f]);
    if (first === 'role' && form.role) focusField(`user-role-${form.role}`);
    else if (first) focusField(FIELD_IDS[first]);
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    onSubmit();
    const problems = accountProblems(form);
    const input = createUserInput(form);
    if (Object.keys(problems).length > 0 || !input) {
      const local: Errors = {};
      for (const [f, p] of Object.entries(problems) as [AccountField, AccountProblem][]) local[f] = { key: PROBLEM_TEXTS[p] };
      showErrors(local);
      return;
    }
    const res = await createUser({ input });
    if (res.error || !res.data) { showErrors(res.error ? serverErrors(res.error) : { general: { key: 'common.errorGeneric' } }); return; }
    setErrors({});
    setForm(EMPTY);
    onCreated(res.data.createUser);
  };

  const org = form.role ? roleOrganisation(form.role) : 'none';
  return (
    <Details>
      <Details.Summary>{t('admin.new.account')}</Details.Summary>
      <Details.Content>
        <form onSubmit={submit} noValidate className="egk-stack" aria-label={t('admin.new.account')} style={{ maxWidth: '40rem' }}>
          <Textfield id={FIELD_IDS.username} label={t('common.username')} description={t('admin.usernameHelp')} value={form.username} autoComplete="off"
            spellCheck={false} autoCapitalize="none" error={err('username')} onChange={(e) => set('username', e.target.value)} />
          <Textfield id={FIELD_IDS.displayName} label={t('admin.display.name')} description={t('admin.display.nameHelp')} value={form.displayName}
            autoComplete="off" error={err('displayName')} onChange={(e) => set('displayName', e.target.value)} />
          <Fieldset aria-describedby={err('role') ? 'user-role-error' : undefined}>
            <Fieldset.Legend>{t('admin.role.legend')}</Fieldset.Legend>
            {ROLES.map((r: Role) => (
              <Radio key={r} id={`user-role-${r}`} name="user-role" value={r} checked={form.role === r} label={t(`common.role.${r}`)}
                description={t(`admin.role.help.${r}`)} onChange={() => set('role', r, 'role', 'serviceId', 'officeId')} />
            ))}
            {err('role') && <ValidationMessage id="user-role-error">{err('role')}</ValidationMessage>}
          </Fieldset>
          {org === 'service' && (
            <ServiceField id={FIELD_IDS.serviceId} value={form.serviceId} error={err('serviceId')} onChange={(v) => set('serviceId', v)} />
          )}
          {org === 'office' && (
            <OfficeField id={FIELD_IDS.officeId} offices={offices} value={form.officeId} error={err('officeId')} onChange={(v) => set('officeId', v)} />
          )}
          <Fieldset>
            <Fieldset.Legend>{t('admin.sign.in')}</Fieldset.Legend>
            <Fieldset.Description>{t('admin.sign.inHelp')}</Fieldset.Description>
            <Textfield id={FIELD_IDS.password} type="password" label={t('admin.firstPassword')} description={t('admin.password.rule')}
              value={form.password} autoComplete="new-password" error={err('password')}
              onChange={(e) => set('password', e.target.value)} />
            <Textfield id={FIELD_IDS.oidcSubject} label={t('admin.oidc.subject')}
              description={oidcEnabled ? t('admin.oidc.help') : `${t('admin.oidc.help')} ${t('admin.oidc.off')}`}
              value={form.oidcSubject} autoComplete="off" spellCheck={false} autoCapitalize="none" error={err('oidcSubject')}
              onChange={(e) => set('oidcSubject', e.target.value, 'password')} />
          </Fieldset>
          {err('general') && <Alert data-color="danger">{err('general')}</Alert>}
          <div>
            <Button type="submit" disabled={created.fetching}>{t('admin.createAccount')}</Button>
          </div>
        </form>
      </Details.Content>
    </Details>
  );
}
