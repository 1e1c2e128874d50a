import { useEffect, useRef, useState } from 'react';

/** formatClock shows a moment as hh:mm in Norwegian time ("11:41"), for "Sist lagret kl. 11:41". */
export function formatClock(d: Date): string {
  return new Intl.DateTimeFormat('nb-NO', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Oslo' }).format(d);
}

/**
 * Warns before leaving a page with unsaved text: the browser's own dialog on reload and close
 * (beforeunload), and a confirm on any link inside the app (the app uses a plain BrowserRouter, so
 * links are caught in the capture phase before the router sees them).
 */
export function useLeaveWarning(dirty: boolean, message: string) {
  useEffect(() => {
    if (!dirty) return;
    const unload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older browsers show the leave-page prompt only when returnValue is set.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      e.returnValue = message;
      return message;
    };
    const click = (e: MouseEvent) => {
      const a = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
      if (!a || a.target === '_blank' || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
      if (a.origin !== window.location.origin || a.pathname === window.location.pathname) return;
      if (!window.confirm(message)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener('beforeunload', unload);
    document.addEventListener('click', click, true);
    return () => {
      window.removeEventListener('beforeunload', unload);
      document.removeEventListener('click', click, true);
    };
  }, [dirty, message]);
}

export type SaveResult = { ok: boolean; version?: number };

/**
 * Saves a form's text a moment after the person stops typing, as the case form saves each answer.
 * `content` is everything the save sends, serialised; the hook remembers what was last saved, so
 * `dirty` says whether anything typed is not stored yet. A failed save is not retried until the
 * text changes again (a refusal is shown at its field; a version conflict needs a reload).
 */
export function useAutosave({ content, enabled, save, delay = 1500 }: {
  content: string | null;
  enabled: boolean;
  save: () => Promise<SaveResult>;
  delay?: number;
}) {
  const savedContent = useRef<string | null>(null);
  const [lastSaved, setLastSaved] = useState<Date | null>(null);
  const [, rerender] = useState(0);
  const failed = useRef<string | null>(null);
  if (savedContent.current === null && content !== null) savedContent.current = content;
  const dirty = content !== null && savedContent.current !== null && content !== savedContent.current;
  const saveRef = useRef(save);
  saveRef.current = save;

  const flush = async () => {
    const sent = content;
    if (sent === null || sent === savedContent.current) return true;
    const res = await saveRef.current();
    if (res.ok) {
      savedContent.current = sent;
      failed.current = null;
      setLastSaved(new Date());
    } else {
      failed.current = sent;
      rerender((n) => n + 1);
    }
    return res.ok;
  };

  useEffect(() => {
    if (!enabled || !dirty || content === failed.current) return;
    const timer = window.setTimeout(() => void flush(), delay);
    return () => window.clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [content, enabled, dirty]);

  /** Record that content was saved by another path (a save button). */
  const markSaved = (saved: string) => {
    savedContent.current = saved;
    failed.current = null;
    setLastSaved(new Date());
  };
  /** Forget what was saved, e.g. after loading the stored form again. */
  const reset = () => {
    savedContent.current = null;
    failed.current = null;
  };
  return { dirty, lastSaved, flush, reset, markSaved };
}
