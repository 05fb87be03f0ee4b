// @vitest-environment jsdom
import { act, createElement } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MethodInput, MethodName } from '../../../shared/api/contract';
import type { SearchHit, SearchKind, SearchResult } from '../../../shared/search/schema';
import type { Call } from '../../../renderer/api/client';
import type { JumpTarget } from '../../../renderer/features/search/groups';
import { SearchPanel } from '../../../renderer/features/search/SearchPanel';
import { SnippetText } from '../../../renderer/features/search/SnippetText';
import { DEBOUNCE_MS } from '../../../renderer/features/search/useSearch';
import { mountedRoot } from './support/mounted';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const dom = mountedRoot();

beforeEach(() => {
  Element.prototype.scrollIntoView = () => undefined;
});

const byTestId = (id: string) => dom.el.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const allByTestId = (id: string) => Array.from(dom.el.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));

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

async function press(element: HTMLElement, key: string) {
  await act(async () => {
    element.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });
}

function sourceHit(id: string, text: string, at: number): SearchHit {
  return {
    kind: 'source',
    id,
    sourceId: id,
    sourceTitle: `Title ${id}`,
    title: `Title ${id}`,
    score: 1,
    occurrences: 1,
    matches: [{ field: 'text', fieldIndex: 0, start: at, end: at + 4, sourceStart: at, sourceEnd: at + 4 }],
    matchesTruncated: false,
    snippets: [{ field: 'text', fieldIndex: 0, text, start: at, highlights: [{ start: 0, end: 4 }], cutBefore: false, cutAfter: false }],
  };
}

function result(query: string, hits: Partial<Record<SearchKind, SearchHit[]>>, kind: SearchKind): SearchResult {
  const totals = { source: hits.source?.length ?? 0, passage: hits.passage?.length ?? 0, entity: hits.entity?.length ?? 0 };
  return {
    query,
    total: totals.source + totals.passage + totals.entity,
    totals,
    offset: 0,
    limit: 10,
    hits: hits[kind] ?? [],
    warnings: [],
    pendingDocs: 0,
    tookMs: 1,
  };
}

type Pending = { query: string; resolve: (value: unknown) => void };

/** A `call` whose search answers are released by the test, in any order. */
function fakeCall() {
  const pending: Pending[] = [];
  const calls: { method: string; input: unknown }[] = [];
  const call = (async (method: MethodName, input: MethodInput<MethodName>): Promise<unknown> => {
    calls.push({ method, input });
    if (method === 'search.savedList') return { searches: [] };
    if (method === 'search.status') return { indexedDocs: 3, pendingDocs: 0, state: 'ready' };
    if (method === 'search.query') {
      const { query } = input as { query: string };
      return new Promise<unknown>((resolve) => pending.push({ query, resolve }));
    }
    throw new Error(`not faked: ${method}`);
  }) as unknown as Call;
  return { call, pending, calls };
}

function render(call: Call, onJump: (target: JumpTarget) => void = () => undefined) {
  act(() =>
    dom.root.render(
      createElement(SearchPanel, {
        call,
        open: true,
        onClose: () => undefined,
        onJump,
        sources: [],
        tags: [],
        researcher: 'me',
        onFailure: (error: unknown) => String(error),
      }),
    ),
  );
}

describe('SnippetText', () => {
  it('renders imported text as text and the highlights as <mark> elements it makes, emoji and RTL included', () => {
    act(() =>
      dom.root.render(
        createElement(SnippetText, {
          snippet: { text: '<b>x</b> 🙂 שלום NSO', highlights: [{ start: 11, end: 15 }, { start: 16, end: 19 }], cutBefore: false, cutAfter: true },
        }),
      ),
    );
    const span = dom.el.querySelector('.search-snippet-text');
    expect(span?.getAttribute('dir')).toBe('auto');
    expect(dom.el.querySelector('b')).toBeNull();
    expect(Array.from(dom.el.querySelectorAll('mark')).map((m) => m.textContent)).toEqual(['שלום', 'NSO']);
    expect(span?.textContent).toBe('<b>x</b> 🙂 שלום NSO…');
  });
});

describe('SearchPanel', () => {
  it('waits for typing to pause, and drops an answer that arrives after a newer query was sent', async () => {
    const { call, pending } = fakeCall();
    render(call);
    const input = byTestId('search-input') as HTMLInputElement;
    // The debounce runs on a fake clock: on the real one, a pause of the test process (GC, a loaded machine) longer
    // than DEBOUNCE_MS between the keystroke and the first check would let the query out before it.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await type(input, 'cas');
      // Debounced: nothing goes out on the keystroke itself, nor until typing has paused for DEBOUNCE_MS.
      await act(async () => void vi.advanceTimersByTime(DEBOUNCE_MS - 1));
      expect(pending).toHaveLength(0);
      await act(async () => void vi.advanceTimersByTime(1));
      expect(pending).toHaveLength(3);
      await type(input, 'cash');
      await act(async () => void vi.advanceTimersByTime(DEBOUNCE_MS));
      expect(pending).toHaveLength(6);
    } finally {
      vi.useRealTimers();
    }
    const answer = (p: Pending, hits: SearchHit[]) =>
      act(async () => p.resolve(result(p.query, { source: hits }, (['source', 'passage', 'entity'] as const)[pending.indexOf(p) % 3] ?? 'source')));
    // The newer query answers first, then the stale one: the stale one must not replace it.
    for (const p of pending.slice(3)) await answer(p, [sourceHit('new', 'cash here', 0)]);
    for (const p of pending.slice(0, 3)) await answer(p, [sourceHit('old1', 'cash old', 0), sourceHit('old2', 'cash old', 0)]);
    await waitFor(() => byTestId('search-total'));
    expect(byTestId('search-total')?.getAttribute('data-total')).toBe('1');
    expect(allByTestId('search-result').map((r) => r.getAttribute('data-hit-id'))).toEqual(['new']);
  });

  it('moves through hits with the arrows and opens the active one at its match with Enter', async () => {
    const { call, pending } = fakeCall();
    const jumps: JumpTarget[] = [];
    render(call, (target) => jumps.push(target));
    const input = byTestId('search-input') as HTMLInputElement;
    await type(input, 'cash');
    await waitFor(() => pending.length === 3);
    const hits = [sourceHit('a', 'cash one', 5), sourceHit('b', 'cash two', 70)];
    for (const [i, p] of pending.entries()) {
      await act(async () => p.resolve(result('cash', { source: hits }, (['source', 'passage', 'entity'] as const)[i] ?? 'source')));
    }
    await waitFor(() => allByTestId('search-result').length === 2);
    const selected = () => allByTestId('search-result').map((r) => r.getAttribute('aria-selected'));
    expect(selected()).toEqual(['true', 'false']);
    await press(input, 'ArrowDown');
    expect(selected()).toEqual(['false', 'true']);
    expect(input.getAttribute('aria-activedescendant')).toBe(allByTestId('search-result')[1]?.id);
    await press(input, 'ArrowDown');
    expect(selected()).toEqual(['false', 'true']);
    await press(input, 'Enter');
    expect(jumps).toEqual([{ type: 'range', sourceId: 'b', start: 70, end: 74 }]);
  });

  it('shows the syntax help while nothing is typed', async () => {
    const { call } = fakeCall();
    render(call);
    expect(byTestId('search-help')?.textContent).toContain('"bags of cash"');
    expect(byTestId('search-results')).toBeNull();
  });
});
