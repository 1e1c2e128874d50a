import { describe, expect, it, vi } from 'vitest';
import { CLOSE_FORBIDDEN, closeCode, liveClientOptions, retryDelay, shouldRetry } from './live';

const closed = (code: number) => ({ code, reason: '', wasClean: true });

describe('live connection: retry and close handling', () => {
  it.each([
    [1001, true], // the server restarts: come back to another instance
    [1006, true], // the connection dropped
    [1013, true], // try again later (authentication unavailable, or this client fell behind)
    [4408, true], // init timeout: may not happen again
    [CLOSE_FORBIDDEN, false], // the session ended or the credentials were refused: sign in again
  ])('close %i: retry %s', (code, retry) => expect(shouldRetry(closed(code))).toBe(retry));

  it('does not retry what is not a close event', () => {
    expect(shouldRetry(new Error('boom'))).toBe(false);
    expect(closeCode({ code: 'x', reason: '' })).toBeUndefined();
  });

  it('backs off from one second to thirty, jittered in the upper half', () => {
    expect(retryDelay(0, () => 0)).toBe(500);
    expect(retryDelay(0, () => 1)).toBe(1000);
    expect(retryDelay(3, () => 1)).toBe(8000);
    expect(retryDelay(20, () => 1)).toBe(30_000);
    expect(retryDelay(20, () => 0)).toBe(15_000);
  });

  it('signs out on 4403 and refreshes after a reconnect, not after the first connect', () => {
    const hooks = { signedOut: vi.fn(), reconnected: vi.fn() };
    const o = liveClientOptions('ws://x/graphql', hooks);
    expect(o.retryAttempts).toBe(Infinity);
    o.on?.closed?.(closed(1001));
    expect(hooks.signedOut).not.toHaveBeenCalled();
    o.on?.closed?.(closed(CLOSE_FORBIDDEN));
    expect(hooks.signedOut).toHaveBeenCalledTimes(1);
    o.on?.connected?.({}, undefined, false);
    expect(hooks.reconnected).not.toHaveBeenCalled();
    o.on?.connected?.({}, undefined, true);
    expect(hooks.reconnected).toHaveBeenCalledTimes(1);
  });
});
