// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract';
import type { PassageView } from '../../../shared/domain/passage';
import type { SourceSummary } from '../../../shared/domain/source';
import type { TagView } from '../../../shared/domain/tag';
import { Reader } from '../../../renderer/features/reader/Reader';
import type { ReaderHandle } from '../../../renderer/features/reader/Reader';
import { rangeToText } from '../../../renderer/features/reader/domOffsets';
import { PassageStore } from '../../../renderer/features/passages/store';
import { mountedRoot } from './support/mounted';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// Emoji before the passage: code points and UTF-16 differ from there on.
const TEXT = 'Header 🕵️ line\nsecond line\n\nNSO offered “bags of cash” to Mobileum.\n\nשלום 💰 end.';
const cp = (u16: number) => [...TEXT.slice(0, u16)].length;

const source = { id: 's1', title: 'Seed', type: 'txt', size: 1, importedAt: '2025-01-01T00:00:00Z', importedBy: 'me', originalName: 'a.txt', originalPath: null, sha256: 'a'.repeat(64), language: 'en', author: null, date: null, url: null, pages: null, chars: 1 } satisfies SourceSummary;

const tagView = (id: string, name: string, color: string): TagView => ({ id, guid: id, name, parentId: null, color, description: '', createdAt: '', createdBy: 'me', path: [name], passageCount: 1, subtreePassageCount: 1 });

const passage = (id: string, quote: string, tagIds: string[], extra = 0): PassageView => {
  const start = TEXT.indexOf(quote);
  return { id, sourceId: 's1', start: cp(start), end: cp(start + quote.length + extra), page: null, exact: quote, found: null, anchor: 'anchored', tagIds, note: '', status: null, researcher: 'me', createdAt: '', updatedAt: '' };
};

const dom = mountedRoot();

function textNodes(el: Element): Text[] {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  return nodes;
}

describe('reader highlights', () => {
  it('renders overlapping passages as layered runs at the right code points, text unchanged', () => {
    const tags = [tagView('t1', 'Bribery', '#d9a21b'), tagView('t2', 'Cash', '#3f7fd9')];
    const passages = [passage('p1', 'offered “bags of cash”', ['t1']), passage('p2', 'bags of cash', ['t2'])];
    let selected: string | null = null;
    act(() =>
      dom.root.render(
        <Reader source={source} content={{ status: 'ready', text: TEXT }} annotations={{ passages, tags, selectedId: null, onSelectPassage: (id) => void (selected = id), onTag: () => undefined }} />,
      ),
    );
    const text = dom.el.querySelector('[data-testid="reader-text"]');
    expect(text?.textContent?.replace(/\n/g, '')).toBe(TEXT.replace(/\n/g, ''));
    const runs = [...dom.el.querySelectorAll<HTMLElement>('.hl')];
    expect(runs.map((r) => [r.textContent, r.dataset.ids])).toEqual([
      ['offered “', 'p1'],
      ['bags of cash', 'p1 p2'],
      ['”', 'p1'],
    ]);
    // Overlap: deeper colour than a single layer, and one stripe per layer.
    expect(runs[1]?.style.backgroundColor).not.toBe(runs[0]?.style.backgroundColor);
    expect(runs[1]?.style.boxShadow.match(/inset/g)).toHaveLength(2);
    act(() => runs[0]?.click());
    expect(selected).toBe('p1');
    act(() => runs[1]?.click());
    expect(dom.el.ownerDocument.querySelector('[data-testid="overlap-menu"]')?.textContent).toContain('2 passages overlap');
  });

  it('maps a DOM selection back to text offsets across lines, highlights and trims whitespace', () => {
    const passages = [passage('p1', 'bags', ['t1'])];
    act(() =>
      dom.root.render(
        <Reader source={source} content={{ status: 'ready', text: TEXT }} annotations={{ passages, tags: [tagView('t1', 'A', '#d9a21b')], selectedId: null, onSelectPassage: () => undefined, onTag: () => undefined }} />,
      ),
    );
    const container = dom.el.querySelector('[data-testid="reader-text"]') as HTMLElement;
    const nodes = textNodes(container);
    const range = document.createRange();
    // From inside the emoji line, across the line break, to the middle of the highlighted word.
    const first = nodes.find((n) => n.data.includes('line')) as Text;
    const hl = dom.el.querySelector('.hl')?.firstChild as Text;
    range.setStart(first, first.data.indexOf('line'));
    range.setEnd(hl, 2);
    const got = rangeToText(range, container, TEXT);
    expect(got && TEXT.slice(got.start, got.end)).toBe('line\nsecond line\n\nNSO offered “ba');
    const spaced = document.createRange();
    const after = nodes.find((n) => n.data.startsWith(' of cash')) as Text;
    spaced.setStart(after, 0);
    spaced.setEnd(after, 4);
    const trimmed = rangeToText(spaced, container, TEXT);
    expect(trimmed && TEXT.slice(trimmed.start, trimmed.end)).toBe('of');
  });

  it('hands out code point offsets for the tag picker and tags through onTag', () => {
    const tagged: { start: number; end: number; exact: string }[] = [];
    const handle: { current: ReaderHandle | null } = { current: null };
    act(() =>
      dom.root.render(
        <Reader
          source={source}
          content={{ status: 'ready', text: TEXT }}
          handleRef={handle}
          annotations={{ passages: [], tags: [tagView('t1', 'Bribery', '#d9a21b')], selectedId: null, onSelectPassage: () => undefined, onTag: (s) => void tagged.push(s) }}
        />,
      ),
    );
    const container = dom.el.querySelector('[data-testid="reader-text"]') as HTMLElement;
    const node = textNodes(container).find((n) => n.data.includes('bags')) as Text;
    const range = document.createRange();
    range.setStart(node, node.data.indexOf('bags'));
    range.setEnd(node, node.data.indexOf('bags') + 'bags of cash'.length);
    window.getSelection()?.removeAllRanges();
    window.getSelection()?.addRange(range);
    const u16 = TEXT.indexOf('bags');
    expect(handle.current?.selection()).toEqual({ start: cp(u16), end: cp(u16) + 12, exact: 'bags of cash' });
    act(() => void handle.current?.openTagPicker());
    const input = document.querySelector<HTMLInputElement>('[data-testid="tag-picker-input"]');
    expect(input).not.toBeNull();
    act(() => {
      input?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    });
    expect(tagged).toEqual([{ start: cp(u16), end: cp(u16) + 12, exact: 'bags of cash' }]);
  });
});

describe('PassageStore', () => {
  it('shows a new passage at once, then swaps in main’s answer; a new tag is created in the same call (one undo step)', async () => {
    const calls: string[] = [];
    const inputs: unknown[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fake = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
      calls.push(method);
      inputs.push(input);
      const answers: Partial<Record<MethodName, () => unknown>> = {
        'passages.create': async () => {
          await gate;
          return { ...passage('real', 'bags of cash', ['t9']), newTags: [tagView('t9', 'Bribery allegation', '#D9A21B')] };
        },
        'codebook.list': () => ({ tags: [tagView('t9', 'Bribery allegation', '#d9a21b')] }),
        'history.state': () => ({ undo: null, redo: null, undoDepth: 1, redoDepth: 0 }),
        'passages.listForSource': () => ({ sourceId: 's1', textRevision: 'r', passages: [] }),
      };
      const answer = answers[method];
      if (!answer) throw new Error(`unexpected ${method}`);
      return (await answer()) as MethodOutput<M>;
    };
    const store = new PassageStore(fake);
    await store.loadSource('s1');
    const { pendingId, done } = store.tagSelection('s1', 10, 22, 'bags of cash', { newName: 'Bribery allegation' });
    expect(store.passagesOf('s1').map((p) => p.id)).toEqual([pendingId]);
    const shown = store.getState().tags?.find((t) => t.name === 'Bribery allegation');
    expect(shown?.id).toMatch(/^pending:/);
    expect(store.passagesOf('s1')[0]?.tagIds).toEqual([shown?.id]);
    // Undo is possible at once (Ctrl+Z right after Enter), and stays so until the step is in the history.
    expect(store.getState().changesInFlight).toBe(1);
    release();
    const created = await done;
    await vi.waitFor(() => expect(store.getState().changesInFlight).toBe(0));
    expect(created).toEqual(passage('real', 'bags of cash', ['t9']));
    expect(store.passagesOf('s1').map((p) => p.id)).toEqual(['real']);
    expect(store.getState().tags?.map((t) => t.id)).toEqual(['t9']);
    expect(calls.filter((m) => m !== 'codebook.list' && m !== 'history.state' && m !== 'passages.listForSource')).toEqual(['passages.create']);
    expect(inputs[calls.indexOf('passages.create')]).toEqual({
      sourceId: 's1',
      target: { start: 10, end: 22 },
      newTags: [{ name: 'Bribery allegation', color: shown?.color }],
    });
  });

  it('tags with an existing tag when the typed name is one, and adds a new tag to a passage in one call', async () => {
    const inputs: [MethodName, unknown][] = [];
    let tags = [tagView('t1', 'Bribery', '#d9a21b')];
    let fail = false;
    const fake = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
      inputs.push([method, input]);
      const answers: Partial<Record<MethodName, () => unknown>> = {
        'passages.create': () => ({ ...passage('p1', 'bags of cash', ['t1']), newTags: [] }),
        'passages.update': () => {
          if (fail) throw new Error('The case is locked.');
          tags = [...tags, tagView('t2', 'Cash', '#3f7fd9')];
          return { ...passage('p1', 'bags of cash', ['t1', 't2']), newTags: [tagView('t2', 'Cash', '#3f7fd9')] };
        },
        'codebook.list': () => ({ tags }),
        'history.state': () => ({ undo: null, redo: null, undoDepth: 1, redoDepth: 0 }),
        'passages.listForSource': () => ({ sourceId: 's1', textRevision: 'r', passages: [] }),
      };
      const answer = answers[method];
      if (!answer) throw new Error(`unexpected ${method}`);
      return (await answer()) as MethodOutput<M>;
    };
    const store = new PassageStore(fake);
    await store.refreshTags();
    await store.loadSource('s1');
    await store.tagSelection('s1', 10, 22, 'bags of cash', { newName: ' bribery ' }).done;
    expect(inputs.find(([m]) => m === 'passages.create')?.[1]).toEqual({ sourceId: 's1', target: { start: 10, end: 22 }, tagIds: ['t1'] });

    fail = true;
    await store.addTag('p1', { newName: 'Cash' });
    expect(store.getState().problem).toBe('The case is locked.');
    expect(store.getState().tags?.map((t) => t.id)).toEqual(['t1']);
    expect(store.passagesOf('s1').find((p) => p.id === 'p1')?.tagIds).toEqual(['t1']);

    fail = false;
    inputs.length = 0;
    await store.addTag('p1', { newName: 'Cash' });
    expect(inputs.map(([m]) => m).filter((m) => m === 'passages.update' || m === 'tags.create')).toEqual(['passages.update']);
    expect(inputs.find(([m]) => m === 'passages.update')?.[1]).toMatchObject({ id: 'p1', addNewTags: [{ name: 'Cash' }] });
    expect(store.passagesOf('s1').find((p) => p.id === 'p1')?.tagIds).toEqual(['t1', 't2']);
    expect(store.getState().tags?.map((t) => t.id)).toEqual(['t1', 't2']);
  });

  it('takes an optimistic passage back off when main refuses it', async () => {
    const store = new PassageStore((async (method: MethodName) => {
      if (method === 'passages.create') throw new Error('The case is locked.');
      return { sourceId: 's1', textRevision: 'r', passages: [] };
    }) as never);
    await store.loadSource('s1');
    const { done } = store.tagSelection('s1', 1, 3, 'ab', { id: 't1' });
    expect(await done).toBeNull();
    expect(store.getState().changesInFlight).toBe(0);
    expect(store.passagesOf('s1')).toEqual([]);
    expect(store.getState().problem).toBe('The case is locked.');
  });
});
