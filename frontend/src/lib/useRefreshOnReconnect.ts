import { useEffect, useRef } from 'react';
import { LIVE_RECONNECTED_EVENT } from './live';

/** useRefreshOnReconnect calls refresh when the live connection is back after a drop, so a page
 * that follows status changes shows what happened while it was away. */
export function useRefreshOnReconnect(refresh: () => void): void {
  const latest = useRef(refresh);
  useEffect(() => {
    latest.current = refresh;
  });
  useEffect(() => {
    const on = () => latest.current();
    window.addEventListener(LIVE_RECONNECTED_EVENT, on);
    return () => window.removeEventListener(LIVE_RECONNECTED_EVENT, on);
  }, []);
}
