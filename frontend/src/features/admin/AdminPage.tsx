import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { AppLink as RouterLink } from '../../components/AppLink';
import { useMutation, useQuery, type CombinedError } from 'urql';
import {
  Alert, Button, Card, Details, Dialog, Field, Fieldset, Heading, Input, Label, Paragraph, Radio, Skeleton, Table, Tag, Textarea, Textfield,
  ValidationMessage,
} from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import type { AdminPageQuery } from '../../gql/graphql';
import { errorMessage } from '../../api';
import { isTextWarning } from '../../lib/personaldata';
import { TextWarning } from '../../components/TextWarning';
import { formatDate, formatDateTime, localized, useI18n } from '../../i18n';
import { expiryInstant, lastValidDay, osloDate, todayInOslo, tokenScope, tokenState, usageExample } from '../../lib/admin';
import { Accounts } from './Accounts';
import { Redaction } from './Redaction';
import { focusField, OfficeField, placeServerError, ServiceField, SkeletonRows, useErrorText, type FormError } from './shared';
import { TableRegion } from '../../components/TableRegion';
import { usePageTitle } from '../../components/usePageTitle';

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

const CreateToken = graphql(`
  mutation CreateApiToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) { secret token { id name } }
  }
`);

const RevokeToken = graphql(`
  mutation RevokeApiToken($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }
`);

type Token = AdminPageQuery['apiTokens'][number];
type Scope = 'national' | 'office' | 'service';
type FormField = 'name' | 'scope' | 'office' | 'service' | 'expiresAt' | 'general';
const FIELD_IDS: Record<Exclude<FormField, 'general'>, string> = {
  name: 'token-name', scope: 'token-scope-national', office: 'token-office', service: 'token-service', expiresAt: 'token-expires',
};
const ORDER: FormField[] = ['name', 'scope', 'office', 'service', 'expiresAt', 'general'];

const serverErrors = (error: CombinedError) =>
  placeServerError<FormField>(error, { name: 'name', scope: 'scope', expiresAt: 'expiresAt' }, { service: 'service', office: 'office' });

export default function AdminPage() {
  const { t, lang } = useI18n();
  usePageTitle(t('adminTitle'));
  const [{ data, error }, refetch] = useQuery({ query: AdminQuery, requestPolicy: 'cache-and-network' });
  const refresh = () => refetch({ requestPolicy: 'network-only' });

  // The creation form.
  const [name, setName] = useState('');
  // Nothing is chosen at first: the widest scope (the whole country) must be a deliberate choice.
  const [scope, setScope] = useState<Scope | ''>('');
  const [nameWarning, setNameWarning] = useState<CombinedError | undefined>();
  const [officeId, setOfficeId] = useState('');
  const [serviceId, setServiceId] = useState('');
  const [expires, setExpires] = useState('');
  const [errors, setErrors] = useState<Partial<Record<FormField, FormError>>>({});
  const [created, createToken] = useMutation(CreateToken);
  // The secret lives only here, until the administrator says it is stored or leaves the page.
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const [copyState, setCopyState] = useState<'copied' | 'failed' | null>(null);
  const secretHeading = useRef<HTMLHeadingElement>(null);
  const secretField = useRef<HTMLTextAreaElement>(null);

  // Revoking, with a confirmation dialog.
  const [revokeTarget, setRevokeTarget] = useState<Token | null>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  const [revoked, revokeToken] = useMutation(RevokeToken);
  const [revokedName, setRevokedName] = useState<string | null>(null);
  const [revokeError, setRevokeError] = useState<CombinedError | null>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const revokedMessage = useRef<HTMLDivElement>(null);

  useEffect(() => { if (secret) secretHeading.current?.focus(); }, [secret]);
  useEffect(() => { if (dialogOpen) cancelButton.current?.focus(); }, [dialogOpen]);
  useEffect(() => { if (revokedName) revokedMessage.current?.focus(); }, [revokedName]);

  const formErrorText = useErrorText();
  const errorText = (f: FormField) => formErrorText(errors[f]);
  const showErrors = (errs: Partial<Record<FormField, FormError>>) => {
    setErrors(errs);
    const first = ORDER.find((f) => errs[f] && f !== 'general');
    if (first) focusField(FIELD_IDS[first as Exclude<FormField, 'general'>]);
  };
  const clearError = (...fields: FormField[]) => {
    if (fields.some((f) => errors[f] || errors.general)) {
      setErrors((prev) => {
        const next = { ...prev };
        for (const f of [...fields, 'general' as const]) delete next[f];
        return next;
      });
    }
  };

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    void send(false);
  };
  // confirmWarnings: the admin saw the warning on the name (a likely name or health word) and sends it as written.
  const send = async (confirmWarnings: boolean) => {
    setRevokedName(null);
    setNameWarning(undefined);
    const local: Partial<Record<FormField, FormError>> = {};
    // Checked here as well as on the server, so a form without a scope is never sent (the server
    // would take no scope as the whole country).
    if (!name.trim()) local.name = { key: 'adminNameMissing' };
    if (!scope) local.scope = { key: 'adminScopeMissing' };
    if (scope === 'office' && !officeId) local.office = { key: 'adminOfficeMissing' };
    if (scope === 'service' && !serviceId) local.service = { key: 'adminServiceMissing' };
    if (Object.keys(local).length > 0) { showErrors(local); return; }
    // The name is trimmed here: the server stores it as given and refuses a blank one.
    const res = await createToken({
      input: {
        name: name.trim(),
        officeId: scope === 'office' ? officeId : null,
        serviceId: scope === 'service' ? serviceId : null,
        expiresAt: expires ? expiryInstant(expires) ?? null : null,
        confirmWarnings,
      },
    });
    if (res.error && isTextWarning(res.error)) { setNameWarning(res.error); return; }
    if (res.error || !res.data) { showErrors(res.error ? serverErrors(res.error) : { general: { key: 'errorGeneric' } }); return; }
    setErrors({});
    setCopyState(null);
    setSecret({ name: res.data.createApiToken.token.name, value: res.data.createApiToken.secret });
    setName('');
    setScope('');
    setOfficeId('');
    setServiceId('');
    setExpires('');
    refresh();
  };

  const copy = async () => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret.value);
      setCopyState('copied');
    } catch {
      secretField.current?.focus();
      secretField.current?.select();
      setCopyState('failed');
    }
  };

  const confirmRevoke = async () => {
    if (!revokeTarget) return;
    const res = await revokeToken({ id: revokeTarget.id });
    if (res.error) { setRevokeError(res.error); return; }
    setDialogOpen(false);
    setRevokedName(revokeTarget.name);
    refresh();
  };

  const scopeLabel = (tok: Token) => {
    const s = tokenScope(tok);
    return s.kind === 'national' ? t('adminScopeNational') : s.kind === 'office' ? localized(s.name, lang) : s.name;
  };
  const stateTag = (tok: Token) => {
    const state = tokenState(tok);
    if (state === 'revoked') return <Tag data-color="neutral">{t('adminStateRevoked', { date: formatDate(tok.revokedAt && osloDate(tok.revokedAt)) })}</Tag>;
    if (state === 'expired') return <Tag data-color="warning">{t('adminStateExpired')}</Tag>;
    return <Tag data-color="success">{t('adminStateActive')}</Tag>;
  };

  const newestRound = data ? [...data.rounds].sort((a, b) => b.number - a.number)[0] : undefined;
  const origin = typeof window !== 'undefined' ? window.location.origin : '';
  const example = (
    <pre style={codeStyle}><code>{usageExample(origin, t('adminSecretPlaceholder'))}</code></pre>
  );

  return (
    <div className="egk-stack">
      <Heading level={1} data-size="lg">{t('adminTitle')}</Heading>
      <Paragraph>{t('adminLead')}</Paragraph>
      <Paragraph>
        {newestRound ? <RouterLink to={`/resultater/${newestRound.id}`}>{t('adminResultsLink')}</RouterLink> : <Skeleton variant="rectangle" width="12rem" height="1.5rem" style={{ display: 'inline-block', verticalAlign: 'middle' }} />}
      </Paragraph>
      {error && <Alert data-color="danger">{errorMessage(error) ?? t('errorGeneric')}</Alert>}

      <section className="egk-stack" aria-labelledby="admin-tokens">
        <Heading level={2} data-size="md" id="admin-tokens">{t('adminTokens')}</Heading>
        <Paragraph>{t('adminTokensLead')}</Paragraph>
        {secret ? (
          <Card data-color="success" variant="tinted">
            <Card.Block className="egk-stack">
              <Heading level={3} data-size="sm" ref={secretHeading} tabIndex={-1}>{t('adminSecretTitle', { name: secret.name })}</Heading>
              <Alert data-color="warning">{t('adminSecretWarning')}</Alert>
              <Field>
                <Label htmlFor="token-secret">{t('adminSecretLabel')}</Label>
                <Textarea id="token-secret" rows={2} readOnly value={secret.value} ref={secretField} spellCheck={false} autoComplete="off"
                  style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }} onFocus={(e) => e.currentTarget.select()} />
              </Field>
              <div className="egk-row">
                <Button onClick={copy}>{t('adminCopy')}</Button>
                <Button variant="secondary" onClick={() => { setSecret(null); setCopyState(null); requestAnimationFrame(() => document.getElementById('token-name')?.focus()); }}>
                  {t('adminSecretDone')}
                </Button>
              </div>
              <Paragraph data-size="sm" role="status" className="egk-save-state" style={{ minHeight: '1.5em' }}>
                {copyState === 'copied' ? t('adminCopied') : copyState === 'failed' ? t('adminCopyFailed') : ''}
              </Paragraph>
              <Heading level={4} data-size="xs">{t('adminUsageTitle')}</Heading>
              <Paragraph data-size="sm">{t('adminUsageText')}</Paragraph>
              {example}
            </Card.Block>
          </Card>
        ) : (
          <Card>
            <Card.Block>
              <form onSubmit={submit} noValidate className="egk-stack" aria-labelledby="admin-new-token" style={{ maxWidth: '40rem' }}>
                <Heading level={3} data-size="sm" id="admin-new-token">{t('adminNewToken')}</Heading>
                <Textfield id="token-name" label={t('adminTokenName')} description={t('adminTokenNameHelp')} value={name} autoComplete="off"
                  maxLength={200} error={errorText('name')} onChange={(e) => { setName(e.target.value); clearError('name'); setNameWarning(undefined); }} />
                <TextWarning error={nameWarning} field="name" busy={created.fetching} onConfirm={() => void send(true)} />
                <Fieldset aria-describedby={errorText('scope') ? 'token-scope-error' : undefined}>
                  <Fieldset.Legend>{t('adminScope')}</Fieldset.Legend>
                  {(['national', 'office', 'service'] as const).map((s) => (
                    <Radio key={s} id={`token-scope-${s}`} name="token-scope" value={s} checked={scope === s}
                      label={t(s === 'national' ? 'adminScopeNational' : s === 'office' ? 'adminScopeOffice' : 'adminScopeService')}
                      onChange={() => { setScope(s); clearError('scope', 'office', 'service'); }} />
                  ))}
                  {errorText('scope') && <ValidationMessage id="token-scope-error">{errorText('scope')}</ValidationMessage>}
                </Fieldset>
                {scope === 'office' && (
                  <OfficeField id="token-office" offices={data?.offices} value={officeId} error={errorText('office')}
                    onChange={(v) => { setOfficeId(v); clearError('office'); }} />
                )}
                {scope === 'service' && (
                  <ServiceField id="token-service" value={serviceId} error={errorText('service')}
                    onChange={(v) => { setServiceId(v); clearError('service'); }} />
                )}
                <Field>
                  <Label htmlFor="token-expires">{t('adminExpires')}</Label>
                  <Field.Description>{t('adminExpiresHelp')}</Field.Description>
                  <Input id="token-expires" type="date" value={expires} min={todayInOslo()} aria-invalid={!!errorText('expiresAt')}
                    style={{ maxWidth: '14rem' }} onChange={(e) => { setExpires(e.target.value); clearError('expiresAt'); }} />
                  {errorText('expiresAt') && <ValidationMessage>{errorText('expiresAt')}</ValidationMessage>}
                </Field>
                {errorText('general') && <Alert data-color="danger">{errorText('general')}</Alert>}
                <div>
                  <Button type="submit" disabled={created.fetching}>{t('adminCreate')}</Button>
                </div>
              </form>
            </Card.Block>
          </Card>
        )}
        {!secret && (
          <Details>
            <Details.Summary>{t('adminUsageTitle')}</Details.Summary>
            <Details.Content className="egk-stack">
              <Paragraph data-size="sm">{t('adminUsageText')}</Paragraph>
              {example}
            </Details.Content>
          </Details>
        )}
        <Heading level={3} data-size="sm" id="admin-token-list">{t('adminTokenList')}</Heading>
        {revokedName && (
          <Alert data-color="success" role="status" ref={revokedMessage} tabIndex={-1}>{t('adminRevoked', { name: revokedName })}</Alert>
        )}
        <TableRegion label={t('adminTokenList')} busy={!data}>
          <Table>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t('adminColName')}</Table.HeaderCell>
                <Table.HeaderCell>{t('adminColScope')}</Table.HeaderCell>
                <Table.HeaderCell>{t('adminColCreated')}</Table.HeaderCell>
                <Table.HeaderCell>{t('adminColExpires')}</Table.HeaderCell>
                <Table.HeaderCell>{t('adminColLastUsed')}</Table.HeaderCell>
                <Table.HeaderCell>{t('status')}</Table.HeaderCell>
                <Table.HeaderCell><span className="ds-sr-only">{t('adminColActions')}</span></Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {!data ? <SkeletonRows rows={3} cols={7} /> : data.apiTokens.length === 0 ? (
                <Table.Row><Table.Cell colSpan={7}>{t('adminNoTokens')}</Table.Cell></Table.Row>
              ) : data.apiTokens.map((tok) => (
                <Table.Row key={tok.id}>
                  <Table.Cell>{tok.name}</Table.Cell>
                  <Table.Cell>{scopeLabel(tok)}</Table.Cell>
                  <Table.Cell className="egk-num">{formatDateTime(tok.createdAt, lang)}</Table.Cell>
                  <Table.Cell className="egk-num">{tok.expiresAt ? formatDate(lastValidDay(tok.expiresAt)) : t('adminNever')}</Table.Cell>
                  <Table.Cell className="egk-num">{tok.lastUsedAt ? formatDateTime(tok.lastUsedAt, lang) : t('adminNotUsed')}</Table.Cell>
                  <Table.Cell>{stateTag(tok)}</Table.Cell>
                  <Table.Cell>
                    {!tok.revokedAt && (
                      <Button variant="tertiary" data-color="danger" data-size="sm" aria-label={t('adminRevokeNamed', { name: tok.name })}
                        onClick={() => { setRevokeError(null); setRevokeTarget(tok); setDialogOpen(true); }}>
                        {t('adminRevoke')}
                      </Button>
                    )}
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </TableRegion>

      </section>

      <Accounts users={data?.users} offices={data?.offices} viewerId={data?.viewer.user?.id} oidcEnabled={data?.authConfig.oidcEnabled ?? false}
        refresh={refresh} />

      <Redaction rounds={data?.rounds} />

      <Dialog open={dialogOpen} onClose={() => setDialogOpen(false)} closeButton={t('adminClose')} aria-labelledby="admin-revoke-title">
        <Dialog.Block>
          <Heading level={2} data-size="xs" id="admin-revoke-title">{t('adminRevokeTitle', { name: revokeTarget?.name ?? '' })}</Heading>
        </Dialog.Block>
        <Dialog.Block className="egk-stack">
          <Paragraph>{t('adminRevokeText')}</Paragraph>
          {revokeError && <Alert data-color="danger">{errorMessage(revokeError) ?? t('errorGeneric')}</Alert>}
          <div className="egk-row">
            <Button data-color="danger" onClick={confirmRevoke} disabled={revoked.fetching}>{t('adminRevokeConfirm')}</Button>
            <Button variant="secondary" ref={cancelButton} onClick={() => setDialogOpen(false)}>{t('adminCancel')}</Button>
          </div>
        </Dialog.Block>
      </Dialog>
    </div>
  );
}

// The example wraps at any character, so it never needs sideways scrolling on a phone.
const codeStyle = {
  margin: 0, padding: '0.75rem 1rem', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', fontSize: '0.875rem',
  background: 'var(--ds-color-neutral-background-tinted, #f3f4f6)', border: '1px solid var(--ds-color-neutral-border-subtle, #ccc)',
  borderRadius: 'var(--ds-border-radius-md, 4px)',
} as const;
