import { describe, expect, it, vi } from 'vitest';
import type { CasefileBridge } from '../../../shared/api/bridge';
import { ApiError, NOT_AUTHORISED_MESSAGE, UNREACHABLE_MESSAGE, createClient } from '../../../renderer/api/client';

const sessionState = {
  mode: 'project',
  phase: 'locked',
  folder: '/cases/pegasus',
  openCase: null,
  cases: [],
  demoAvailable: true,
  autoLockMinutes: 15,
};

function fakeBridge(answers: Partial<Record<string, (input: unknown) => unknown>>): CasefileBridge {
  return new Proxy({} as CasefileBridge, {
    get: (_target, method: string) => async (input: unknown) => {
      const answer = answers[method];
      if (!answer) throw new Error(`no fake for ${method}`);
      return answer(input);
    },
  });
}

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('api client over the preload bridge', () => {
  it('passes the input through and returns the validated value', async () => {
    const seen: unknown[] = [];
    const call = createClient(() => ({
      bridge: fakeBridge({
        'session.state': (input) => {
          seen.push(input);
          return { ok: true, value: sessionState };
        },
      }),
    }));
    await expect(call('session.state', {})).resolves.toEqual(sessionState);
    expect(seen).toEqual([{}]);
  });

  it('throws an ApiError carrying the code and the user-facing message of a failed Result', async () => {
    const call = createClient(() => ({
      bridge: fakeBridge({
        'case.unlock': () => ({ ok: false, error: { code: 'WRONG_PASSPHRASE', message: 'Wrong passphrase.' } }),
      }),
    }));
    const error = await call('case.unlock', { passphrase: 'nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'WRONG_PASSPHRASE', message: 'Wrong passphrase.' });
  });

  it('rejects an output that drifted from the contract', async () => {
    const call = createClient(() => ({
      bridge: fakeBridge({ 'session.state': () => ({ ok: true, value: { ...sessionState, phase: 'ajar' } }) }),
    }));
    await expect(call('session.state', {})).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('turns a rejected IPC call into an ApiError instead of leaking the raw error', async () => {
    const call = createClient(() => ({ bridge: fakeBridge({}) }));
    await expect(call('case.lock', {})).rejects.toMatchObject({ name: 'ApiError', code: 'INTERNAL' });
  });
});

describe('api client over HTTP', () => {
  it('POSTs JSON to the contract path with same-origin credentials', async () => {
    const fetchFake = vi.fn(async () => jsonResponse({ ok: true, value: { locked: true } }));
    const call = createClient(() => ({ fetch: fetchFake as unknown as typeof fetch }));
    await expect(call('case.lock', {})).resolves.toEqual({ locked: true });
    expect(fetchFake).toHaveBeenCalledWith('/api/case.lock', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      credentials: 'same-origin',
    });
  });

  it('reads failed Results from an HTTP 200 body', async () => {
    const call = createClient(() => ({
      fetch: (async () =>
        jsonResponse({ ok: false, error: { code: 'TAMPERED', message: 'db.cfj was altered.' } })) as typeof fetch,
    }));
    await expect(call('case.unlock', { passphrase: 'x' })).rejects.toMatchObject({
      code: 'TAMPERED',
      message: 'db.cfj was altered.',
    });
  });

  it.each([401, 403])('explains a lost session token on HTTP %i', async (status) => {
    const call = createClient(() => ({ fetch: (async () => new Response('denied', { status })) as typeof fetch }));
    await expect(call('session.state', {})).rejects.toMatchObject({ code: 'FORBIDDEN', message: NOT_AUTHORISED_MESSAGE });
  });

  it('says the host is unreachable when fetch itself fails', async () => {
    const call = createClient(() => ({
      fetch: (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof fetch,
    }));
    await expect(call('session.state', {})).rejects.toMatchObject({ code: 'INTERNAL', message: UNREACHABLE_MESSAGE });
  });

  it('refuses a body that is not a Result envelope', async () => {
    const call = createClient(() => ({ fetch: (async () => jsonResponse({ hello: 1 })) as typeof fetch }));
    await expect(call('session.state', {})).rejects.toMatchObject({ code: 'INTERNAL' });
    const html = createClient(() => ({
      fetch: (async () => new Response('<html>', { status: 500 })) as typeof fetch,
    }));
    await expect(html('session.state', {})).rejects.toThrow(/HTTP 500/);
  });

  it('prefers the bridge when both transports exist', async () => {
    const fetchFake = vi.fn();
    const call = createClient(() => ({
      bridge: fakeBridge({ 'case.lock': () => ({ ok: true, value: { locked: true } }) }),
      fetch: fetchFake as unknown as typeof fetch,
    }));
    await call('case.lock', {});
    expect(fetchFake).not.toHaveBeenCalled();
  });
});

describe('api client ordering of history changes', () => {
  const state = { undo: null, redo: null, undoDepth: 0, redoDepth: 0 };

  /** A fake answer that is logged as sent, and given (and logged as answered) only when the test says so. */
  function heldAnswer(order: string[], name: string, envelope: unknown): { answer: () => Promise<unknown>; release: () => void } {
    let release: () => void = () => undefined;
    const answer = () => {
      order.push(`${name} sent`);
      return new Promise((resolve) => {
        release = () => {
          order.push(`${name} answered`);
          resolve(envelope);
        };
      });
    };
    return { answer, release: () => release() };
  }

  it('sends a tagging made right after Ctrl+Z only once the undo is answered', async () => {
    const order: string[] = [];
    const undo = heldAnswer(order, 'undo', { ok: true, value: { done: null, state } });
    const call = createClient(() => ({
      bridge: fakeBridge({
        'history.undo': undo.answer,
        'passages.delete': () => {
          order.push('delete sent');
          return { ok: true, value: { id: 'p1', sourceId: 's1' } };
        },
      }),
    }));
    const undoing = call('history.undo', {});
    const deleting = call('passages.delete', { id: 'p1' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual(['undo sent']);
    undo.release();
    await Promise.all([undoing, deleting]);
    expect(order).toEqual(['undo sent', 'undo answered', 'delete sent']);
  });

  it('holds an undo back until the history changes sent before it are answered, and nothing else', async () => {
    const order: string[] = [];
    const deletion = heldAnswer(order, 'delete', { ok: true, value: { id: 'p1', sourceId: 's1' } });
    const call = createClient(() => ({
      bridge: fakeBridge({
        'passages.delete': deletion.answer,
        'history.undo': () => {
          order.push('undo sent');
          return { ok: true, value: { done: { label: 'Delete passage', sourceIds: ['s1'], codebook: false }, state } };
        },
        'history.state': () => {
          order.push('state sent');
          return { ok: true, value: state };
        },
      }),
    }));
    const deleting = call('passages.delete', { id: 'p1' });
    const undoing = call('history.undo', {});
    // A question about the history is not a change of it: answered at once.
    await expect(call('history.state', {})).resolves.toEqual(state);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect([...order].sort()).toEqual(['delete sent', 'state sent']);
    deletion.release();
    await expect(undoing).resolves.toMatchObject({ done: { label: 'Delete passage' } });
    await deleting;
    expect(order.slice(2)).toEqual(['delete answered', 'undo sent']);
  });

  it('still sends the undo when the change before it failed', async () => {
    const call = createClient(() => ({
      bridge: fakeBridge({
        'passages.delete': () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'That passage is gone.' } }),
        'history.undo': () => ({ ok: true, value: { done: null, state } }),
      }),
    }));
    const failed = call('passages.delete', { id: 'p1' });
    const undone = call('history.undo', {});
    await expect(failed).rejects.toThrow('That passage is gone.');
    await expect(undone).resolves.toEqual({ done: null, state });
  });
});
