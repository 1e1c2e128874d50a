import { useState, type SubmitEvent } from 'react';
import { useParams } from 'react-router-dom';
import { AppLink as RouterLink } from '../../components/AppLink';
import { Alert, Button, Heading, Link, List, Paragraph, Tag } from '@digdir/designsystemet-react';
import { currentLang, useI18n } from '../../i18n';
import { usePageTitle } from '../../components/usePageTitle';

// Helsetilsynet's campaign staff bring an earlier round's results, done in Excel, in as the
// services' submitted summary forms (issue 12), so the next round compares with them. Each file
// is checked in turn (its progress and result shown by itself), then all are imported at once:
// nothing is stored unless every file is valid.

type Problem = { path: string; message: { nb: string; nn: string; en: string } };
type FileState = { name: string; state: 'waiting' | 'checking' | 'ok' | 'problems' | 'imported'; services?: number; problems?: Problem[] };

async function post(roundId: string, files: File[], check: boolean) {
  const body = new FormData();
  files.forEach((f) => body.append('file', f, f.name));
  const res = await fetch(`/baseline/${roundId}${check ? '?check=1' : ''}`, { method: 'POST', body, credentials: 'same-origin', headers: { 'Accept-Language': currentLang } });
  const out = (await res.json().catch(() => ({}))) as { cases?: number; message?: string; problems?: Problem[] };
  return { ok: res.ok, cases: out.cases ?? 0, message: out.message, problems: out.problems ?? [] };
}

export default function BaselinePage() {
  const { roundId = '' } = useParams();
  const { t, lang } = useI18n();
  usePageTitle(t('totals.baseline.title'));
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<FileState[]>([]);
  const [state, setState] = useState<{ busy: boolean; ok?: string; message?: string; problems?: Problem[] }>({ busy: false });
  const send = async (e: SubmitEvent) => {
    e.preventDefault();
    setState({ busy: true });
    const list: FileState[] = files.map((f) => ({ name: f.name, state: 'waiting' }));
    const show = () => setProgress(list.map((x) => ({ ...x })));
    show();
    try {
      // Each file by itself: checked, not stored.
      for (const [i, file] of files.entries()) {
        const entry: FileState = { name: file.name, state: 'checking' };
        list[i] = entry;
        show();
        const r = await post(roundId, [file], true);
        const message = r.message ?? '';
        list[i] = r.ok ? { ...entry, state: 'ok', services: r.cases }
          : { ...entry, state: 'problems', problems: r.problems.length ? r.problems : [{ path: file.name, message: { nb: message, nn: message, en: message } }] };
        show();
      }
      const bad = list.flatMap((x) => x.problems ?? []);
      if (bad.length) {
        setState({ busy: false, message: t('common.errorGeneric'), problems: bad });
        return;
      }
      // Then all at once, all or nothing.
      const r = await post(roundId, files, false);
      if (r.ok) {
        list.forEach((x) => { x.state = 'imported'; });
        show();
        setState({ busy: false, ok: t('totals.baseline.done', { n: r.cases }) });
      } else setState({ busy: false, message: r.message ?? t('common.errorGeneric'), problems: r.problems });
    } catch {
      setState({ busy: false, message: t('common.errorGeneric') });
    }
  };
  const done = progress.filter((x) => x.state !== 'waiting' && x.state !== 'checking').length;
  const fileTag = (x: FileState) => {
    switch (x.state) {
      case 'waiting': return <Tag data-color="neutral">{t('totals.baseline.fileWaiting')}</Tag>;
      case 'checking': return <Tag data-color="info">{t('totals.baseline.fileChecking')}</Tag>;
      case 'ok': return <Tag data-color="success">{t('totals.baseline.fileOk', { n: x.services ?? 0 })}</Tag>;
      case 'imported': return <Tag data-color="success">{t('totals.baseline.fileImported', { n: x.services ?? 0 })}</Tag>;
      default: return <Tag data-color="danger">{t('totals.baseline.fileProblems', { n: x.problems?.length ?? 0 })}</Tag>;
    }
  };
  return (
    <div className="egk-stack">
      <RouterLink to={`/resultater/${roundId}`}>← {t('totals.baseline.back')}</RouterLink>
      <Heading level={1} data-size="lg">{t('totals.baseline.title')}</Heading>
      <Paragraph>{t('totals.baseline.lead')}</Paragraph>
      <Link href={`/baseline/${roundId}/samleskjema.xlsx`} download>{t('totals.baseline.template')}</Link>
      <Paragraph>{t('totals.baseline.sheetHelp')}</Paragraph>
      <Link href={`/baseline/${roundId}/grunnlag.xlsx`} download>{t('totals.baseline.sheet')}</Link>
      <form className="egk-stack" onSubmit={(e) => void send(e)}>
        <label htmlFor="baseline-files">{t('totals.baseline.files')}</label>
        <input id="baseline-files" type="file" multiple accept=".xlsx" onChange={(e) => { setFiles([...(e.target.files ?? [])]); setProgress([]); setState({ busy: false }); }} />
        <div><Button type="submit" disabled={files.length === 0 || state.busy}>{t('totals.baseline.import')}</Button></div>
      </form>
      {progress.length > 0 && (
        <section className="egk-stack" aria-labelledby="baseline-progress">
          <Heading level={2} data-size="xs" id="baseline-progress">{t('totals.baseline.filesHeading')}</Heading>
          <progress max={progress.length} value={done} aria-labelledby="baseline-progress-text" style={{ width: '100%' }} />
          <Paragraph id="baseline-progress-text" role="status" data-size="sm">{t('totals.baseline.progress', { done, n: progress.length })}</Paragraph>
          <List.Unordered className="egk-baseline-files">
            {progress.map((x, i) => (
              <List.Item key={i}>
                <span className="egk-baseline-file">{x.name}</span> {fileTag(x)}
                {!!x.problems?.length && (
                  <List.Unordered>
                    {x.problems.map((p, j) => <List.Item key={j}><strong>{p.path}</strong>: {p.message[lang] ?? p.message.nb}</List.Item>)}
                  </List.Unordered>
                )}
              </List.Item>
            ))}
          </List.Unordered>
        </section>
      )}
      {state.ok && <Alert data-color="success" role="status">{state.ok}</Alert>}
      {state.message && (
        <Alert data-color="danger" role="alert">
          <Paragraph>{progress.some((x) => x.problems?.length) ? t('totals.baseline.notImported', { n: state.problems?.length ?? 0 })
            : state.problems?.length ? t('totals.upload.errors', { n: state.problems.length }) : state.message}</Paragraph>
          {!!state.problems?.length && !progress.some((x) => x.problems?.length) && (
            <List.Unordered>
              {state.problems.map((p, i) => <List.Item key={i}><strong>{p.path}</strong>: {p.message[lang] ?? p.message.nb}</List.Item>)}
            </List.Unordered>
          )}
        </Alert>
      )}
    </div>
  );
}
