import { useState, type SubmitEvent } from 'react';
import { useParams } from 'react-router-dom';
import { AppLink as RouterLink } from './AppLink';
import { Alert, Button, Heading, Link, List, Paragraph } from '@digdir/designsystemet-react';
import { currentLang, useI18n } from '../i18n';
import { usePageTitle } from './usePageTitle';

// Helsetilsynet's campaign staff bring an earlier round's results, done in Excel, in as the
// services' submitted summary forms (issue 12), so the next round compares with them.

type Problem = { path: string; message: { nb: string; nn: string; en: string } };

export default function BaselinePage() {
  const { roundId = '' } = useParams();
  const { t, lang } = useI18n();
  usePageTitle(t('baselineTitle'));
  const [files, setFiles] = useState<File[]>([]);
  const [state, setState] = useState<{ busy: boolean; ok?: string; message?: string; problems?: Problem[] }>({ busy: false });
  const send = async (e: SubmitEvent) => {
    e.preventDefault();
    const body = new FormData();
    files.forEach((f) => body.append('file', f, f.name));
    setState({ busy: true });
    try {
      const res = await fetch(`/baseline/${roundId}`, { method: 'POST', body, credentials: 'same-origin', headers: { 'Accept-Language': currentLang } });
      const out = (await res.json().catch(() => ({}))) as { cases: number; message?: string; problems?: Problem[] };
      if (res.ok) setState({ busy: false, ok: t('baselineDone', { n: out.cases }) });
      else setState({ busy: false, message: out.message ?? t('errorGeneric'), problems: out.problems ?? [] });
    } catch {
      setState({ busy: false, message: t('errorGeneric') });
    }
  };
  return (
    <div className="egk-stack">
      <RouterLink to={`/resultater/${roundId}`}>← {t('baselineBack')}</RouterLink>
      <Heading level={1} data-size="lg">{t('baselineTitle')}</Heading>
      <Paragraph>{t('baselineLead')}</Paragraph>
      <Link href={`/baseline/${roundId}/samleskjema.xlsx`} download>{t('baselineTemplate')}</Link>
      <form className="egk-stack" onSubmit={(e) => void send(e)}>
        <label htmlFor="baseline-files">{t('baselineFiles')}</label>
        <input id="baseline-files" type="file" multiple accept=".xlsx" onChange={(e) => setFiles([...(e.target.files ?? [])])} />
        <div><Button type="submit" disabled={files.length === 0 || state.busy}>{t('baselineImport')}</Button></div>
      </form>
      {state.ok && <Alert data-color="success" role="status">{state.ok}</Alert>}
      {state.message && (
        <Alert data-color="danger" role="alert">
          <Paragraph>{state.problems?.length ? t('totalsUploadErrors', { n: state.problems.length }) : state.message}</Paragraph>
          {!!state.problems?.length && (
            <List.Unordered>
              {state.problems.map((p, i) => <List.Item key={i}><strong>{p.path}</strong>: {p.message[lang] ?? p.message.nb}</List.Item>)}
            </List.Unordered>
          )}
        </Alert>
      )}
    </div>
  );
}
