// Pieces both forms of the administrator's page use: the service and office choices, form errors,
// and the grey rows shown while a table loads.
import { useQuery, type CombinedError } from 'urql';
import { Field, Label, Select, Skeleton, Table, ValidationMessage } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import { errorCode, errorField, errorMessage } from '../../api';
import { localized, useI18n, type MessageKey } from '../../i18n';

/** A form error: our own text (shown in the current language) or the server's, already in the user's language. */
export type FormError = { key: MessageKey } | { text: string };

/** useErrorText turns a form error into the text to show. */
export function useErrorText() {
  const { t } = useI18n();
  return (e: FormError | undefined) => (e ? ('key' in e ? t(e.key) : e.text) : undefined);
}

/**
 * placeServerError puts a refused change next to the field it concerns: the form field named by
 * extensions.field (as `fields` maps the server's names to the form's), the service or office
 * select when that was not found, and otherwise the form as a whole.
 */
export function placeServerError<F extends string>(
  error: CombinedError, fields: Partial<Record<string, F>>, notFound: { service: F; office: F },
): Partial<Record<F | 'general', FormError>> {
  const ext = error.graphQLErrors[0]?.extensions ?? {};
  const text = errorMessage(error);
  if (!text) return { general: { key: 'common.errorGeneric' } } as Partial<Record<F | 'general', FormError>>;
  const code = errorCode(error);
  const named = errorField(error);
  const field = named === undefined ? undefined : fields[named];
  const target = code === 'BAD_USER_INPUT' ? field
    : code === 'NOT_FOUND' && ext['kind'] === 'service' ? notFound.service
      : code === 'NOT_FOUND' && ext['kind'] === 'county governor office' ? notFound.office : undefined;
  return { [target ?? 'general']: { text } } as Partial<Record<F | 'general', FormError>>;
}

/** focusField moves focus to a field after React has drawn its error. */
export function focusField(id: string) {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}

/** A table body of grey bars, the size of the rows to come, so that nothing jumps when the data arrives. */
export function SkeletonRows({ rows, cols }: { rows: number; cols: number }) {
  return (
    <>
      {Array.from({ length: rows }, (_, r) => (
        <Table.Row key={r}>
          {Array.from({ length: cols }, (_, c) => <Table.Cell key={c}><Skeleton variant="rectangle" width={c === 0 ? '8rem' : '5rem'} height="1.5rem" /></Table.Cell>)}
        </Table.Row>
      ))}
    </>
  );
}

// Every service with its office; at most 500 per page, more than Norway has. Loaded only when a
// form needs it; the token and the account form share the one request.
const AdminServices = graphql(`
  query AdminServices { services(first: 500) { nodes { id name office { id name { nb nn en } } } } }
`);

interface ChoiceProps {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}

/** ServiceField chooses a child welfare service, grouped by county governor office. */
export function ServiceField({ id, value, onChange, error }: ChoiceProps) {
  const { t, lang } = useI18n();
  const [services] = useQuery({ query: AdminServices });
  const groups = new Map<string, { name: string; services: { id: string; name: string }[] }>();
  for (const s of services.data?.services.nodes ?? []) {
    const g = groups.get(s.office.id) ?? { name: localized(s.office.name, lang), services: [] };
    g.services.push({ id: s.id, name: s.name });
    groups.set(s.office.id, g);
  }
  const sorted = [...groups.values()].sort((a, b) => a.name.localeCompare(b.name, 'nb'));
  return (
    <Field>
      <Label htmlFor={id}>{t('common.service')}</Label>
      <Select id={id} value={value} aria-invalid={!!error} aria-busy={services.fetching} onChange={(e) => onChange(e.target.value)}>
        <Select.Option value="">{services.fetching && !services.data ? t('common.loading') : t('admin.chooseService')}</Select.Option>
        {sorted.map((g) => (
          <Select.Optgroup key={g.name} label={g.name}>
            {g.services.map((s) => <Select.Option key={s.id} value={s.id}>{s.name}</Select.Option>)}
          </Select.Optgroup>
        ))}
      </Select>
      {error && <ValidationMessage>{error}</ValidationMessage>}
      {services.error && <ValidationMessage>{errorMessage(services.error) ?? t('common.errorGeneric')}</ValidationMessage>}
    </Field>
  );
}

type Office = { id: string; name: { nb: string; nn: string; en: string } };

/** OfficeField chooses a county governor office. */
export function OfficeField({ id, value, onChange, error, offices }: ChoiceProps & { offices: Office[] | undefined }) {
  const { t, lang } = useI18n();
  return (
    <Field>
      <Label htmlFor={id}>{t('common.office')}</Label>
      <Select id={id} value={value} aria-invalid={!!error} onChange={(e) => onChange(e.target.value)}>
        <Select.Option value="">{t('admin.chooseOffice')}</Select.Option>
        {offices?.map((o) => <Select.Option key={o.id} value={o.id}>{localized(o.name, lang)}</Select.Option>)}
      </Select>
      {error && <ValidationMessage>{error}</ValidationMessage>}
    </Field>
  );
}

/** useServiceName is the name of a service from the same list ServiceField shows, once loaded. */
export function useServiceName(id: string): string | undefined {
  const [services] = useQuery({ query: AdminServices, pause: !id });
  return services.data?.services.nodes.find((s) => s.id === id)?.name;
}
