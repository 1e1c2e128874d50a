import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from 'urql';
import { createClient as createWSClient } from 'graphql-ws';
import { currentLang } from './i18n';
import { LIVE_RECONNECTED_EVENT, liveClientOptions } from './lib/live';

/** Dispatched on window when the server says the caller is not signed in (any more). */
export const SIGNED_OUT_EVENT = 'egk:signed-out';

const wsURL = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;

// The session cookie goes with the websocket upgrade, so subscriptions run as the signed-in user.
// A refused socket (4403) means signed out; after any other drop it reconnects and pages refetch.
const ws = createWSClient(
  liveClientOptions(wsURL, {
    signedOut: () => window.dispatchEvent(new Event(SIGNED_OUT_EVENT)),
    reconnected: () => window.dispatchEvent(new Event(LIVE_RECONNECTED_EVENT)),
  }),
);

export const client = new Client({
  url: '/graphql',
  exchanges: [
    mapExchange({
      onError(error) {
        if (error.graphQLErrors.some((e) => e.extensions?.['code'] === 'UNAUTHENTICATED')) window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
      },
    }),
    cacheExchange,
    fetchExchange,
    subscriptionExchange({
      forwardSubscription(request) {
        const input = { ...request, query: request.query || '' };
        return { subscribe: (sink) => ({ unsubscribe: ws.subscribe(input, sink) }) };
      },
    }),
  ],
  // Server messages come back in the chosen language.
  fetchOptions: () => ({ credentials: 'same-origin', headers: { 'Accept-Language': currentLang } }),
});

/** errorCode returns the server's stable code of the first error, if any. */
export function errorCode(error: { graphQLErrors?: { extensions?: Record<string, unknown> }[] } | undefined): string | undefined {
  const code = error?.graphQLErrors?.[0]?.extensions?.['code'];
  return typeof code === 'string' ? code : undefined;
}

/** errorField is the input field the server's first error is about (extensions.field), if any. */
export function errorField(error: { graphQLErrors?: { extensions?: Record<string, unknown> }[] } | undefined): string | undefined {
  const field = error?.graphQLErrors?.[0]?.extensions?.['field'];
  return typeof field === 'string' ? field : undefined;
}

/** errorMessage is the server's localized message, or undefined for network errors. */
export function errorMessage(error: { graphQLErrors?: { message: string }[] } | undefined): string | undefined {
  return error?.graphQLErrors?.[0]?.message;
}
