// The form for a new API token: a name, a scope (the whole country, an office or a service) and an
// optional expiry. The scope is checked here as well as on the server, so a form without one is
// never sent (the server would take no scope as the whole country).
import { useState, type SubmitEvent } from 'react';
import { useMutation, type CombinedError } from 'urql';
import { Alert, Button, Card, Field, Fieldset, Heading, Input, Label, Radio, Textfield, ValidationMessage } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import type { AdminPageQuery } from '../../gql/graphql';
import { isTextWarning } from '../../lib/personaldata';
import { expiryInstant, todayInOslo } from '../../lib/admin';
import { TextWarning } from '../../components/TextWarning';
import { useI18n } from '../../i18n';
import { focusField, OfficeField, placeServerError, ServiceField, useErrorText, type FormError } from './shared';
import type { Secret } from './TokenSecret';
import styles from './Tokens.module.css';

const CreateToken = graphql(`
  mutation CreateApiToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) { secret token { id name } }
  }
`);

type Scope = 'national' | 'office' | 'service';
type FormField = 'name' | 'scope' | 'office' | 'service' | 'expiresAt' | 'general';
type Errors = Partial<Record<FormField, FormError>>;
const FIELD_IDS: Record<Exclude<FormField, 'general'>, string> = {
  name: 'token-name', scope: 'token-scope-national', office: 'token-office', service: 'token-service', expiresAt: 'token-expires',
};
const ORDER: FormField[] = ['name', 'scope', 'office', 'service', 'expiresAt', 'general'];

// Nothing is chosen at first: the widest scope (the whole country) must be a deliberate choice.
const EMPTY = { name: '', scope: '' as Scope | '', officeId: '', serviceId: '', expires: '' };
type Form = typeof EMPTY;

const serverErrors = (error: CombinedError) =>
  placeServerError<FormField>(error, { name: 'name', scope: 'scope', expiresAt: 'expiresAt' }, { service: 'service', office: 'office' });

/** missingFields are the form's own checks, made before anything is sent. */
function missingFields(form: Form): Errors {
  const local: Errors = {};
  if (!form.name.trim()) local.name = { key: 'admin.nameMissing' };
  if (!form.scope) local.scope = { key: 'admin.scope.missing' };
  if (form.scope === 'office' && !form.officeId) local.office = { key: 'admin.officeMissing' };
  if (form.scope === 'service' && !form.serviceId) local.service = { key: 'admin.serviceMissing' };
  return local;
}

interface Props {
  offices: AdminPageQuery['offices'] | undefined;
  /** Called when the form is sent, before the answer. */
  onSending: () => void;
  /** Called with the new token's secret. */
  onCreated: (secret: Secret) => void;
}

export function NewTokenForm({ offices, onSending, onCreated }: Props) {
  const { t } = useI18n();
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [nameWarning, setNameWarning] = useState<CombinedError | undefined>();
  const [created, createToken] = useMutation(CreateToken);

  const formErrorText = useErrorText();
  const errorText = (f: FormField) => formErrorText(errors[f]);
  const showErrors = (errs: Errors) => {
    setErrors(errs);
    const first = ORDER.find((f) => errs[f] && f !== 'general');
    if (first) focusField(FIELD_IDS[first as Exclude<FormField, 'general'>]);
  };
  const set = (change: Partial<Form>, ...fields: FormField[]) => {
    setForm((prev) => ({ ...prev, ...change }));
    if (fields.some((f) => errors[f] || errors.general)) {
      setErrors((prev) => {
        const next = { ...prev };
        for (const f of [...fields, 'general' as const]) delete next[f];
        return next;
      });
    }
  };

  // confirmWarnings: the admin saw the warning on the name (a likely name or health word) and sends it as written.
  const send = async (confirmWarnings: boolean) => {
    onSending();
    setNameWarning(undefined);
    const local = missingFields(form);
    if (Object.keys(local).length > 0) { showErrors(local); return; }
    // The name is trimmed here: the server stores it as given and refuses a blank one.
    const res = await createToken({
      input: {
        name: form.name.trim(),
        officeId: form.scope === 'office' ? form.officeId : null,
        serviceId: form.scope === 'service' ? form.serviceId : null,
        expiresAt: form.expires ? expiryInstant(form.expires) ?? null : null,
        confirmWarnings,
      },
    });
    if (res.error && isTextWarning(res.error)) { setNameWarning(res.error); return; }
    if (res.error || !res.data) { showErrors(res.error ? serverErrors(res.error) : { general: { key: 'common.errorGeneric' } }); return; }
    setErrors({});
    setForm(EMPTY);
    onCreated({ name: res.data.createApiToken.token.name, value: res.data.createApiToken.secret });
  };
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    void send(false);
  };

  return (
    <Card>
      <Card.Block>
        <form onSubmit={submit} noValidate className={`egk-stack ${styles.form}`} aria-labelledby="admin-new-token">
          <Heading level={3} data-size="sm" id="admin-new-token">{t('admin.new.token')}</Heading>
          <Textfield id="token-name" label={t('admin.token.name')} description={t('admin.token.nameHelp')} value={form.name} autoComplete="off"
            maxLength={200} error={errorText('name')} onChange={(e) => { set({ name: e.target.value }, 'name'); setNameWarning(undefined); }} />
          <TextWarning error={nameWarning} field="name" busy={created.fetching} onConfirm={() => void send(true)} />
          <Fieldset aria-describedby={errorText('scope') ? 'token-scope-error' : undefined}>
            <Fieldset.Legend>{t('admin.scope.label')}</Fieldset.Legend>
            {(['national', 'office', 'service'] as const).map((s) => (
              <Radio key={s} id={`token-scope-${s}`} name="token-scope" value={s} checked={form.scope === s}
                label={t(s === 'national' ? 'admin.scope.national' : s === 'office' ? 'admin.scope.office' : 'admin.scope.service')}
                onChange={() => set({ scope: s }, 'scope', 'office', 'service')} />
            ))}
            {errorText('scope') && <ValidationMessage id="token-scope-error">{errorText('scope')}</ValidationMessage>}
          </Fieldset>
          {form.scope === 'office' && (
            <OfficeField id="token-office" offices={offices} value={form.officeId} error={errorText('office')}
              onChange={(v) => set({ officeId: v }, 'office')} />
          )}
          {form.scope === 'service' && (
            <ServiceField id="token-service" value={form.serviceId} error={errorText('service')}
              onChange={(v) => set({ serviceId: v }, 'service')} />
          )}
          <Field>
            <Label htmlFor="token-expires">{t('admin.expires')}</Label>
            <Field.Description>{t('admin.expiresHelp')}</Field.Description>
            <Input id="token-expires" type="date" value={form.expires} min={todayInOslo()} aria-invalid={!!errorText('expiresAt')}
              className={styles.date} onChange={(e) => set({ expires: e.target.value }, 'expiresAt')} />
            {errorText('expiresAt') && <ValidationMessage>{errorText('expiresAt')}</ValidationMessage>}
          </Field>
          {errorText('general') && <Alert data-color="danger">{errorText('general')}</Alert>}
          <div>
            <Button type="submit" disabled={created.fetching}>{t('admin.create')}</Button>
          </div>
        </form>
      </Card.Block>
    </Card>
  );
}
