// @vitest-environment jsdom
import { act, createElement } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CasefileBridge } from '../../../shared/api/bridge';
import type { SessionState } from '../../../shared/domain/case';
import type { SourceSummary } from '../../../shared/domain/source';
import { App } from '../../../renderer/app/App';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const HOSTILE = 'Plain <img src=x onerror="alert(1)"> text\n\nשלום עולם — مرحبا';

function summary(id: string, title: string, importedAt: string): SourceSummary {
  return {
    id,
    title,
    type: 'txt',
    size: 1234,
    importedAt,
    importedBy: 'me',
    originalName: `${id}.txt`,
    originalPath: null,
    sha256: id.padEnd(64, '0').replace(/[^0-9a-f]/g, 'a'),
    language: null,
    author: null,
    date: null,
    url: null,
    pages: null,
    chars: 10,
  };
}

/** A small in-memory stand-in for main: enough state to click through create, read, lock and unlock. */
function fakeMain() {
  const state: SessionState = {
    mode: 'project',
    phase: 'no-case',
    folder: null,
    openCase: null,
    cases: [],
    demoAvailable: true,
    autoLockMinutes: 15,
  };
  const sources = [
    summary('s1', 'First report', '2025-01-02T00:00:00Z'),
    summary('s2', 'Second report', '2025-01-01T00:00:00Z'),
  ];
  const calls: { method: string; input: unknown }[] = [];
  const ok = (value: unknown) => ({ ok: true as const, value });
  const fail = (code: string, message: string) => ({ ok: false as const, error: { code, message } });
  const handlers: Record<string, (input: never) => unknown> = {
    'session.state': () => ok(structuredClone(state)),
    'case.create': (input: { name: string }) => {
      state.phase = 'open';
      state.folder = 'case';
      state.openCase = { id: 'c1', name: input.name, createdAt: '2025-01-01T00:00:00Z', sourceCount: 2 };
      return ok(state.openCase);
    },
    'case.lock': () => {
      state.phase = 'locked';
      state.openCase = null;
      return ok({ locked: true });
    },
    'case.unlock': (input: { passphrase: string }) => {
      if (input.passphrase !== 'correct horse') return fail('WRONG_PASSPHRASE', 'Wrong passphrase.');
      state.phase = 'open';
      state.openCase = { id: 'c1', name: 'Reopened', createdAt: '2025-01-01T00:00:00Z', sourceCount: 2 };
      return ok(state.openCase);
    },
    'sources.list': () => ok(sources),
    'sources.read': (input: { id: string }) => {
      const source = sources.find((s) => s.id === input.id);
      return source ? ok({ source, text: source.id === 's2' ? HOSTILE : 'The first text.' }) : fail('NOT_FOUND', 'x');
    },
  };
  const bridge = new Proxy({} as CasefileBridge, {
    get: (_t, method: string) => async (input: unknown) => {
      calls.push({ method, input });
      const handler = handlers[method];
      return handler ? handler(input as never) : fail('INTERNAL', `no fake for ${method}`);
    },
  });
  return { state, calls, bridge };
}

let root: Root;
let host: HTMLDivElement;

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const allByTestId = (id: string) => Array.from(document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));

async function waitFor<T>(find: () => T | null | undefined | false): Promise<T> {
  let found: T | null | undefined | false = null;
  await vi.waitFor(
    () => {
      found = find();
      if (!found) throw new Error('not yet');
    },
    { timeout: 3000, interval: 10 },
  );
  return found as T;
}

async function type(element: HTMLElement, value: string) {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  await act(async () => {
    setter?.call(element, value);
    element.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function click(element: HTMLElement) {
  await act(async () => element.click());
}

async function press(init: KeyboardEventInit, target: EventTarget = window) {
  await act(async () => {
    target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
  });
}

beforeEach(() => {
  localStorage.clear();
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});

afterEach(async () => {
  await act(async () => root.unmount());
  host.remove();
  delete window.casefile;
});

describe('the renderer end to end against a fake main', () => {
  it('creates the demo case, reads sources as inert text, locks with Ctrl+L and unlocks', async () => {
    const main = fakeMain();
    window.casefile = main.bridge;
    await act(async () => root.render(createElement(App)));

    await click(await waitFor(() => byTestId('open-demo')));
    const name = byTestId('create-name') as HTMLInputElement;
    expect(name.value).toBe('Demo — NSO Group & SS7');

    await type(byTestId('create-passphrase')!, 'short');
    await type(byTestId('create-passphrase-confirm')!, 'short');
    await click(byTestId('create-submit')!);
    expect(byTestId('create-passphrase-problem')?.textContent).toMatch(/at least 8/);
    await type(byTestId('create-passphrase')!, 'correct horse');
    await type(byTestId('create-passphrase-confirm')!, 'correct hors');
    expect(byTestId('create-passphrase-confirm-problem')?.textContent).toMatch(/do not match/);
    expect(main.calls.some((c) => c.method === 'case.create')).toBe(false);

    await type(byTestId('create-passphrase-confirm')!, 'correct horse');
    await click(byTestId('create-submit')!);
    expect(main.calls.find((c) => c.method === 'case.create')?.input).toMatchObject({
      name: 'Demo — NSO Group & SS7',
      passphrase: 'correct horse',
      demo: true,
    });

    await waitFor(() => byTestId('case-name')?.textContent === 'Demo — NSO Group & SS7');
    const rows = await waitFor(() => (allByTestId('source-row').length === 2 ? allByTestId('source-row') : null));
    expect(rows.map((r) => r.dataset.sourceId)).toEqual(['s1', 's2']);
    await waitFor(() => byTestId('reader-text')?.textContent?.includes('The first text.'));

    await click(rows[1]!);
    const text = await waitFor(() => (byTestId('reader-text')?.textContent?.includes('onerror') ? byTestId('reader-text') : null));
    expect(byTestId('reader-title')?.textContent).toBe('Second report');
    expect(text.querySelector('img')).toBeNull();
    expect(text.textContent).toContain('<img src=x onerror="alert(1)">');
    const paragraphs = Array.from(text.querySelectorAll('p'));
    expect(paragraphs).toHaveLength(2);
    expect(paragraphs.every((p) => p.getAttribute('dir') === 'auto')).toBe(true);
    expect(rows[1]!.getAttribute('aria-selected')).toBe('true');

    await press({ key: 'l', code: 'KeyL', ctrlKey: true });
    const passphrase = await waitFor(() => byTestId('unlock-passphrase'));
    expect(byTestId('reader-text')).toBeNull();
    expect(document.activeElement).toBe(passphrase);

    await type(passphrase, 'wrong guess');
    await click(byTestId('unlock-submit')!);
    const error = await waitFor(() => byTestId('unlock-error'));
    expect(error.textContent).toContain('That passphrase does not open this case.');
    expect(error.dataset.errorCode).toBe('WRONG_PASSPHRASE');

    await type(byTestId('unlock-passphrase')!, 'correct horse');
    await click(byTestId('unlock-submit')!);
    await waitFor(() => byTestId('case-name')?.textContent === 'Reopened');
  });

  it('navigates the sources list with the keyboard and runs commands from the palette', async () => {
    const main = fakeMain();
    main.state.phase = 'open';
    main.state.openCase = { id: 'c1', name: 'Open case', createdAt: '', sourceCount: 2 };
    window.casefile = main.bridge;
    await act(async () => root.render(createElement(App)));

    const list = await waitFor(() => (allByTestId('source-row').length === 2 ? byTestId('sources-list') : null));
    await waitFor(() => byTestId('reader-title')?.textContent === 'First report');
    await press({ key: 'ArrowDown' }, list);
    expect(byTestId('reader-title')?.textContent).toBe('First report');
    await press({ key: 'Enter' }, list);
    await waitFor(() => byTestId('reader-title')?.textContent === 'Second report');

    await press({ key: 'P', code: 'KeyP', ctrlKey: true, shiftKey: true });
    const input = await waitFor(() => byTestId('command-palette-input'));
    const labels = () => allByTestId('command-palette').flatMap((p) => Array.from(p.querySelectorAll('[role="option"]')).map((o) => o.textContent));
    await type(input, 'prev');
    expect(labels()).toHaveLength(1);
    expect(labels()[0]).toMatch(/^Previous source/);
    await press({ key: 'Enter' }, input);
    expect(byTestId('command-palette')).toBeNull();
    await waitFor(() => byTestId('reader-title')?.textContent === 'First report');

    // Ctrl+K is search now; the palette keeps Ctrl+Shift+P.
    await press({ key: 'k', code: 'KeyK', ctrlKey: true });
    await waitFor(() => (document.activeElement === byTestId('search-input') ? true : null));
    expect(byTestId('command-palette')).toBeNull();
    await press({ key: 'Escape' }, byTestId('search-input')!);
    await waitFor(() => (byTestId('search-panel')?.closest('[hidden]') ? true : null));
    await press({ key: 'P', code: 'KeyP', ctrlKey: true, shiftKey: true });
    await type(await waitFor(() => byTestId('command-palette-input')), 'theme');
    await press({ key: 'Enter' }, byTestId('command-palette-input')!);
    await waitFor(() => document.documentElement.dataset.theme === 'dark');
    expect(localStorage.getItem('casefile.theme')).toBe('dark');
  });

  it('shows the not-authorised message when the web host answers 401', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('no', { status: 401 })));
    try {
      await act(async () => root.render(createElement(App)));
      const problem = await waitFor(() => byTestId('connection-problem'));
      expect(problem.textContent).toContain('open the URL printed by `casefile serve` again');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
