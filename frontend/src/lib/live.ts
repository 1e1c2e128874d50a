import type { ClientOptions } from 'graphql-ws';

// How the web app keeps its live connection (graphql-transport-ws): it reconnects after drops,
// restarts (1001 Going Away) and "try again later" (1013), with a capped, jittered backoff; it
// stops when the server refuses the credentials (4403 Forbidden: the session ended, so signing in
// again is what helps, and retrying would only hammer the server). graphql-ws itself never
// retries 4400, 4401, 4406, 4409, 4429 or 4500.

/** The close code of a refused or ended authentication. */
export const CLOSE_FORBIDDEN = 4403;

/** Dispatched on window when the live connection is back after a drop: pages refetch what they show. */
export const LIVE_RECONNECTED_EVENT = 'egk:live-reconnected';

/** closeCode is the code of a close event, or undefined for anything else. */
export function closeCode(e: unknown): number | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e && 'reason' in e) {
    const code = (e as { code: unknown }).code;
    return typeof code === 'number' ? code : undefined;
  }
  return undefined;
}

/** shouldRetry decides whether a closed connection is opened again. */
export function shouldRetry(e: unknown): boolean {
  const code = closeCode(e);
  return code !== undefined && code !== CLOSE_FORBIDDEN;
}

/** retryDelay is the wait in milliseconds before retry number `retries` (from 0): doubling from one
 * second up to 30 seconds, with the upper half jittered so that many clients do not come back at once. */
export function retryDelay(retries: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 1000 * 2 ** Math.max(0, retries));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

export interface LiveHooks {
  /** The server refused the credentials or they ended. */
  signedOut(): void;
  /** The connection came back after a drop; events may have been missed meanwhile. */
  reconnected(): void;
}

/** liveClientOptions are the graphql-ws client options of the web app. */
export function liveClientOptions(url: string, hooks: LiveHooks, extra: Partial<ClientOptions> = {}): ClientOptions {
  return {
    url,
    lazy: true,
    retryAttempts: Infinity,
    shouldRetry,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, retryDelay(retries))),
    on: {
      closed: (e) => {
        if (closeCode(e) === CLOSE_FORBIDDEN) hooks.signedOut();
      },
      connected: (_socket, _payload, wasRetry) => {
        if (wasRetry) hooks.reconnected();
      },
    },
    ...extra,
  };
}
