// @vitest-environment node
// The web app's graphql-ws client, configured as in api.ts, against a real server. The Go test
// TestGraphQLWSClient (internal/server) starts the server and runs this file with EGK_LIVE_URL and
// EGK_LIVE_TOKEN set; without them it is skipped.
import { describe, expect, it } from 'vitest';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { CLOSE_FORBIDDEN, closeCode, liveClientOptions } from './live';

const url = process.env.EGK_LIVE_URL;
const token = process.env.EGK_LIVE_TOKEN ?? '';
const round = process.env.EGK_LIVE_ROUND ?? '';

describe.skipIf(!url)('graphql-ws client against the server', () => {
  it('is refused with 4403 for a bad token and does not retry', async () => {
    let connecting = 0;
    let signedOut = 0;
    const options = liveClientOptions(url!, { signedOut: () => signedOut++, reconnected: () => undefined }, {
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: 'Bearer ekt_not_a_token' },
    });
    const client = createClient({ ...options, on: { ...options.on, connecting: () => connecting++ } });
    const err = await new Promise<unknown>((resolve) => {
      client.subscribe({ query: '{ __typename }' }, { next: () => undefined, error: resolve, complete: () => resolve(undefined) });
    });
    expect(closeCode(err)).toBe(CLOSE_FORBIDDEN);
    await new Promise((r) => setTimeout(r, 1500));
    expect(connecting).toBe(1);
    expect(signedOut).toBe(1);
    await client.dispose();
  });

  it('receives status events with their sequence, and resumes after one', async () => {
    const client = createClient(liveClientOptions(url!, { signedOut: () => undefined, reconnected: () => undefined }, {
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: `Bearer ${token}` },
    }));
    const query = 'subscription($r: ID!, $after: String) { submissionStatusChanged(roundId: $r, after: $after) { sequence status } }';
    const first = await new Promise<string>((resolve, reject) => {
      const stop = client.subscribe<{ submissionStatusChanged: { sequence: string } }>({ query, variables: { r: round } }, {
        next: (v) => {
          if (v.errors) reject(new Error(JSON.stringify(v.errors)));
          else if (v.data) {
            stop();
            resolve(v.data.submissionStatusChanged.sequence);
          }
        },
        error: reject,
        complete: () => undefined,
      });
    });
    expect(Number(first)).toBeGreaterThan(0);
    // Resuming from before the first event replays it.
    const replayed = await new Promise<string>((resolve, reject) => {
      const stop = client.subscribe<{ submissionStatusChanged: { sequence: string } }>(
        { query, variables: { r: round, after: String(Number(first) - 1) } },
        {
          next: (v) => {
            if (v.data) {
              stop();
              resolve(v.data.submissionStatusChanged.sequence);
            } else reject(new Error(JSON.stringify(v.errors)));
          },
          error: reject,
          complete: () => undefined,
        },
      );
    });
    expect(replayed).toBe(first);
    await client.dispose();
  }, 30_000);
});
