import { useState, type SubmitEvent } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { AppLink as RouterLink } from '../../components/AppLink';
import { useMutation, useQuery } from 'urql';
import { Alert, Button, Checkbox, Details, Field, Fieldset, Heading, Label, List, Paragraph, Select, Textfield } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import { errorMessage } from '../../api';
import { formatDate, useI18n, type MessageKey } from '../../i18n';
import { PageSkeleton } from '../../components/PageSkeleton';
import { usePageTitle } from '../../components/usePageTitle';

const Search = graphql(`
  query RegisterSearch($q: String) { services(filter: { nameContains: $q }, first: 30) { totalCount nodes { id name county { name } } } }
`);
const One = graphql(`
  query RegisterService($id: ID!) {
    service(id: $id) {
      id name kind active county { id name } municipalities { number name } mergedInto { id name }
      registerHistory { at kind oldName newName otherService { id name } municipalities { name } }
    }
  }
`);
const Neighbours = graphql(`
  query RegisterNeighbours($countyId: ID!) { services(filter: { countyId: $countyId }, first: 500) { nodes { id name kind } } }
`);
const Rename = graphql(`mutation RenameService($id: ID!, $name: String!) { renameService(input: { serviceId: $id, name: $name }) { id name } }`);
const Merge = graphql(`
  mutation MergeServices($id: ID!, $other: ID!, $name: String) { mergeServices(input: { serviceId: $id, mergedServiceIds: [$other], name: $name }) { id name } }
`);
const Split = graphql(`
  mutation SplitService($id: ID!, $name: String!, $numbers: [String!]!) { splitService(input: { serviceId: $id, name: $name, municipalityNumbers: $numbers }) { id name } }
`);

/** The service register for county offices (their own services) and Helsetilsynet: find a service, read its history, rename, merge or split it. */
export default function RegisterPage() {
  const { serviceId } = useParams();
  const { t } = useI18n();
  usePageTitle(t('register.title'));
  const [q, setQ] = useState('');
  const [{ data }] = useQuery({ query: Search, variables: { q: q.trim() || null } });
  return (
    <div className="egk-stack">
      <Heading level={1} data-size="lg">{t('register.title')}</Heading>
      <Paragraph>{t('register.lead')}</Paragraph>
      <div className="egk-register">
        <div className="egk-stack">
          <Textfield label={t('register.search')} value={q} onChange={(e) => setQ(e.target.value)} />
          {data && data.services.nodes.length === 0 && <Paragraph>{t('register.noMatches')}</Paragraph>}
          {data && (
            <List.Unordered aria-label={t('register.title')}>
              {data.services.nodes.map((s) => (
                <List.Item key={s.id}>
                  <RouterLink to={`/register/${s.id}`} aria-current={s.id === serviceId ? 'page' : undefined}>{s.name}</RouterLink> · {s.county.name}
                </List.Item>
              ))}
            </List.Unordered>
          )}
        </div>
        {serviceId ? <ServiceRegister key={serviceId} id={serviceId} /> : <Paragraph>{t('register.choose')}</Paragraph>}
      </div>
    </div>
  );
}

function ServiceRegister({ id }: { id: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [{ data, error }, refetch] = useQuery({ query: One, variables: { id }, requestPolicy: 'cache-and-network' });
  const countyId = data?.service?.county.id ?? '';
  const [{ data: neighbours }] = useQuery({ query: Neighbours, variables: { countyId }, pause: !countyId });
  const [renamed, rename] = useMutation(Rename);
  const [merged, merge] = useMutation(Merge);
  const [split, doSplit] = useMutation(Split);
  const [name, setName] = useState('');
  const [other, setOther] = useState('');
  const [mergeName, setMergeName] = useState('');
  const [moving, setMoving] = useState<string[]>([]);
  const [splitName, setSplitName] = useState('');
  if (error) return <Alert data-color="danger">{errorMessage(error) ?? t('common.errorGeneric')}</Alert>;
  if (!data) return <PageSkeleton />;
  const s = data.service;
  if (!s) return <Alert data-color="warning">{t('forms.notFound')}</Alert>;
  const refresh = () => refetch({ requestPolicy: 'network-only' });
  const submitRename = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!(await rename({ id, name })).error) { setName(''); refresh(); }
  };
  const submitMerge = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!(await merge({ id, other, name: mergeName.trim() || null })).error) { setOther(''); setMergeName(''); refresh(); }
  };
  const submitSplit = async (e: SubmitEvent) => {
    e.preventDefault();
    const res = await doSplit({ id, name: splitName, numbers: moving });
    if (res.data) void navigate(`/register/${res.data.splitService.id}`);
  };
  const candidates = (neighbours?.services.nodes ?? []).filter((n) => n.id !== s.id && (n.kind === 'CITY_DISTRICT') === (s.kind === 'CITY_DISTRICT'));
  return (
    <section className="egk-stack" aria-labelledby="register-service">
      <Heading level={2} data-size="md" id="register-service">{s.name}</Heading>
      <Paragraph>{t(`county.service.kind.${s.kind}` as MessageKey)} · {s.county.name}</Paragraph>
      {!s.active && s.mergedInto && (
        <Alert data-color="info">{t('register.inactive', { name: '' })}<RouterLink to={`/register/${s.mergedInto.id}`}>{s.mergedInto.name}</RouterLink></Alert>
      )}
      {s.municipalities.length > 0 && (
        <Paragraph><strong>{t('register.municipalities')}:</strong> {s.municipalities.map((m) => `${m.name} (${m.number})`).join(', ')}</Paragraph>
      )}
      <Heading level={3} data-size="xs">{t('register.history')}</Heading>
      <List.Unordered>
        {s.registerHistory.map((h, i) => (
          <List.Item key={i}>
            {formatDate(h.at)}: {t(`register.change.${h.kind}` as MessageKey, { other: h.otherService?.name ?? h.oldName })}
            {h.kind === 'RENAMED' && ` (${h.oldName} → ${h.newName})`}
            {h.municipalities.length > 0 && h.kind !== 'CREATED' && ` – ${h.municipalities.map((m) => m.name).join(', ')}`}
          </List.Item>
        ))}
      </List.Unordered>
      {(renamed.data || merged.data) && <Alert data-color="success">{t('register.saved')}</Alert>}
      {s.active && (
        <div className="egk-stack egk-noprint">
          <Details>
            <Details.Summary>{t('register.renameTitle')}</Details.Summary>
            <Details.Content>
              <form className="egk-stack" onSubmit={submitRename}>
                <Textfield label={t('register.newName')} value={name} onChange={(e) => setName(e.target.value)} required />
                {renamed.error && <Alert data-color="danger">{errorMessage(renamed.error) ?? t('common.errorGeneric')}</Alert>}
                <Button type="submit" disabled={renamed.fetching || !name.trim()}>{t('register.renameSave')}</Button>
              </form>
            </Details.Content>
          </Details>
          <Details>
            <Details.Summary>{t('register.merge.title')}</Details.Summary>
            <Details.Content>
              <form className="egk-stack" onSubmit={submitMerge}>
                <Paragraph data-size="sm">{t('register.merge.help')}</Paragraph>
                <Field>
                  <Label htmlFor="merge-with">{t('register.merge.with')}</Label>
                  <Select id="merge-with" value={other} onChange={(e) => setOther(e.target.value)} required>
                    <Select.Option value="">{t('register.merge.choose')}</Select.Option>
                    {candidates.map((c) => <Select.Option key={c.id} value={c.id}>{c.name}</Select.Option>)}
                  </Select>
                </Field>
                <Textfield label={t('register.merge.name')} value={mergeName} onChange={(e) => setMergeName(e.target.value)} />
                {merged.error && <Alert data-color="danger">{errorMessage(merged.error) ?? t('common.errorGeneric')}</Alert>}
                <Button type="submit" disabled={merged.fetching || !other}>{t('register.merge.save')}</Button>
              </form>
            </Details.Content>
          </Details>
          {s.kind !== 'CITY_DISTRICT' && s.municipalities.length > 1 && (
            <Details>
              <Details.Summary>{t('register.split.title')}</Details.Summary>
              <Details.Content>
                <form className="egk-stack" onSubmit={submitSplit}>
                  <Paragraph data-size="sm">{t('register.split.help')}</Paragraph>
                  <Fieldset>
                    <Fieldset.Legend>{t('register.split.municipalities')}</Fieldset.Legend>
                    {s.municipalities.map((m) => (
                      <Checkbox key={m.number} label={`${m.name} (${m.number})`} value={m.number} checked={moving.includes(m.number)}
                        onChange={(e) => setMoving(e.target.checked ? [...moving, m.number] : moving.filter((x) => x !== m.number))} />
                    ))}
                  </Fieldset>
                  <Textfield label={t('register.split.name')} value={splitName} onChange={(e) => setSplitName(e.target.value)} required />
                  {split.error && <Alert data-color="danger">{errorMessage(split.error) ?? t('common.errorGeneric')}</Alert>}
                  <Button type="submit" disabled={split.fetching || moving.length === 0 || !splitName.trim()}>{t('register.split.save')}</Button>
                </form>
              </Details.Content>
            </Details>
          )}
        </div>
      )}
    </section>
  );
}
