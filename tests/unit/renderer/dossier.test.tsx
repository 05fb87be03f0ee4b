// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract';
import type { CitationCheck, DossierRecord, DossierVerify } from '../../../shared/domain/dossier';
import { ApiError } from '../../../renderer/api/client';
import type { Call } from '../../../renderer/api/client';
import { addPassages } from '../../../renderer/features/dossier/AddToDossier';
import type { DossierHost } from '../../../renderer/features/dossier/context';
import { DossierEditor } from '../../../renderer/features/dossier/DossierEditor';
import { base64ToBytes } from '../../../renderer/features/dossier/download';
import { ExportBar } from '../../../renderer/features/dossier/ExportBar';
import { MarkdownView } from '../../../renderer/features/dossier/Markdown';
import { PREVIEW_DELAY_MS, PreviewPane } from '../../../renderer/features/dossier/PreviewPane';
import { nextRedactionLabel } from '../../../renderer/features/dossier/Redactions';
import { blockStep, moveItem, quotesTarget, reorderDelta } from '../../../renderer/features/dossier/reorder';
import type { DossierBook, EditMethod } from '../../../renderer/features/dossier/useDossier';
import { mountedRoot } from './support/mounted';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

type Sent = { method: MethodName; input: unknown };

/** A transport that records what the UI sends and answers from a table of handlers. */
function fakeCall(answers: Partial<{ [M in MethodName]: (input: MethodInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>> }>) {
  const sent: Sent[] = [];
  const call = (async (method: MethodName, input: unknown) => {
    sent.push({ method, input });
    const answer = answers[method] as ((input: unknown) => unknown) | undefined;
    if (!answer) throw new Error(`unexpected ${method}`);
    return answer(input);
  }) as Call;
  return { call, sent };
}

function hostWith(call: Call, notes: string[] = []): DossierHost {
  return { call, afterEdit: () => undefined, notify: (m) => void notes.push(m), fail: (e) => void notes.push(`fail: ${String(e)}`), openDossier: () => undefined };
}

const record = (sections: DossierRecord['sections']): DossierRecord => ({
  id: 'd1',
  title: 'Dossier',
  author: '',
  date: '',
  label: '',
  paper: 'a4',
  redactions: [],
  sections,
  createdAt: '2026-01-01T00:00:00Z',
  createdBy: 'me',
  updatedAt: '2026-01-01T00:00:00Z',
});

const citation = (n: number, passageId: string, quote: string, ok = true): CitationCheck => ({
  number: n,
  passageId,
  sectionTitle: 'One',
  sourceId: 's-seed',
  sourceTitle: 'Seed',
  quote,
  anchor: ok ? 'anchored' : 'orphaned',
  ok,
  found: null,
  message: ok ? '' : `The quote no longer occurs in "Seed".`,
});

const dom = mountedRoot();
afterEach(() => {
  vi.useRealTimers();
});

describe('reordering rules', () => {
  it('moves an item and clamps the target', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 9)).toEqual(['b', 'c', 'a']);
    expect(moveItem(['a', 'b'], 5, 0)).toEqual(['a', 'b']);
  });

  it('takes a block across section borders with Alt+arrows, and stops at the ends', () => {
    const sections = [
      { id: 's1', title: '', blocks: [{ id: 'b1', type: 'note' as const, text: '' }] },
      { id: 's2', title: '', blocks: [{ id: 'b2', type: 'note' as const, text: '' }, { id: 'b3', type: 'note' as const, text: '' }] },
    ];
    expect(blockStep(sections, 'b3', -1)).toEqual({ sectionId: 's2', index: 0 });
    expect(blockStep(sections, 'b2', -1)).toEqual({ sectionId: 's1', index: 1 });
    expect(blockStep(sections, 'b1', 1)).toEqual({ sectionId: 's2', index: 0 });
    expect(blockStep(sections, 'b1', -1)).toBeNull();
    expect(blockStep(sections, 'b3', 1)).toBeNull();
  });

  it('reads only Alt+↑ and Alt+↓ with nothing else held as reorder keys', () => {
    const key = (k: string, mods: Partial<Record<'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey', boolean>> = {}) => ({ key: k, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...mods });
    expect(reorderDelta(key('ArrowUp', { altKey: true }))).toBe(-1);
    expect(reorderDelta(key('ArrowDown', { altKey: true }))).toBe(1);
    expect(reorderDelta(key('ArrowDown'))).toBeNull();
    expect(reorderDelta(key('ArrowDown', { altKey: true, shiftKey: true }))).toBeNull();
  });

  it('adds to the section’s last block only when it holds quotes', () => {
    expect(quotesTarget({ id: 's', title: '', blocks: [{ id: 'q', type: 'quotes', passageIds: ['p1'] }] })).toEqual({ blockId: 'q', passageIds: ['p1'] });
    expect(quotesTarget({ id: 's', title: '', blocks: [{ id: 'q', type: 'quotes', passageIds: [] }, { id: 'n', type: 'narrative', markdown: '' }] })).toBeNull();
  });

  it('suggests the next free redaction label', () => {
    expect(nextRedactionLabel([])).toBe('[Source A]');
    expect(nextRedactionLabel(['[Source A]', '[Source B]'])).toBe('[Source C]');
  });

  it('decodes base64 exports to the exact bytes', () => {
    expect([...base64ToBytes(btoa('%PDF\u0000\u00ff'))]).toEqual([37, 80, 68, 70, 0, 255]);
  });
});

describe('Markdown narrative', () => {
  it('renders emphasis, lists and headings as elements, and raw HTML as inert text', () => {
    const md = '## Findings\n\n**Bold** and *soft* [a link](https://evil.example/x)\n\n- one\n- two\n\n<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">';
    act(() => dom.root.render(<MarkdownView markdown={md} />));
    expect(dom.el.querySelector('h2')?.textContent).toBe('Findings');
    expect(dom.el.querySelector('strong')?.textContent).toBe('Bold');
    expect(dom.el.querySelector('em')?.textContent).toBe('soft');
    expect(dom.el.querySelectorAll('li')).toHaveLength(2);
    expect(dom.el.querySelector('script, img, a, [onerror]')).toBeNull();
    expect(dom.el.querySelector('.md-link')?.getAttribute('title')).toBe('https://evil.example/x');
    expect(dom.el.textContent).toContain('<script>alert(1)</script>');
    expect(dom.el.textContent).toContain('<img src=x onerror="alert(2)">');
  });
});

describe('Add to dossier', () => {
  it('appends new passages to the last quotes block, never twice', async () => {
    const section = { id: 's1', title: 'One', blocks: [{ id: 'q1', type: 'quotes' as const, passageIds: ['p1'] }] };
    const { call, sent } = fakeCall({ 'dossiers.updateBlock': () => record([section]) });
    expect(await addPassages(hostWith(call), 'd1', section, ['p1', 'p2'])).toBe(1);
    expect(sent).toEqual([{ method: 'dossiers.updateBlock', input: { dossierId: 'd1', blockId: 'q1', block: { type: 'quotes', passageIds: ['p1', 'p2'] } } }]);
    expect(await addPassages(hostWith(call), 'd1', section, ['p1'])).toBe(0);
    expect(sent).toHaveLength(1);
  });

  it('starts a quotes block when the section ends with something else', async () => {
    const section = { id: 's1', title: 'One', blocks: [{ id: 'n1', type: 'narrative' as const, markdown: 'x' }] };
    const { call, sent } = fakeCall({ 'dossiers.addBlock': () => record([section]) });
    await addPassages(hostWith(call), 'd1', section, ['p3']);
    expect(sent[0]).toEqual({ method: 'dossiers.addBlock', input: { dossierId: 'd1', sectionId: 's1', block: { type: 'quotes', passageIds: ['p3'] } } });
  });
});

describe('print preview', () => {
  it('shows main’s HTML in an iframe that may do nothing, once the edits settle', async () => {
    vi.useFakeTimers();
    const verify: DossierVerify = { ok: true, citations: [citation(1, 'p1', 'Quote')], problems: [] };
    const { call, sent } = fakeCall({ 'dossiers.preview': () => ({ html: '<p>Printed <script>parent.x=1</script></p>', verify }) });
    const seen: DossierVerify[] = [];
    const onVerify = (v: DossierVerify) => void seen.push(v);
    const host = hostWith(call);
    for (const version of ['v1', 'v2', 'v3']) {
      act(() => dom.root.render(<PreviewPane host={host} dossierId="d1" version={version} redact onVerify={onVerify} />));
      await act(async () => void vi.advanceTimersByTime(PREVIEW_DELAY_MS / 3));
    }
    expect(sent).toHaveLength(0);
    await act(async () => void (await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS)));
    expect(sent).toHaveLength(1);
    const frame = dom.el.querySelector('iframe');
    expect(frame?.getAttribute('sandbox')).toBe('');
    expect(frame?.getAttribute('srcdoc')).toContain('Printed');
    expect(frame?.hasAttribute('src')).toBe(false);
    expect(seen).toEqual([verify]);
  });
});

describe('export', () => {
  it('turns a refused export into the list of citations to fix, each one openable in the reader', async () => {
    const broken = citation(3, 'p3', 'Nous verserons une solide somme', false);
    const { call, sent } = fakeCall({
      'dossiers.export': () => {
        throw new ApiError('BAD_INPUT', 'Citation 3 no longer matches its source.');
      },
      'dossiers.verify': () => ({ ok: false, citations: [citation(1, 'p1', 'x'), broken], problems: [broken] }),
    });
    const opened: CitationCheck[] = [];
    act(() =>
      dom.root.render(<ExportBar host={hostWith(call)} dossierId="d1" redact onRedactChange={() => undefined} verify={null} onOpenCitation={(c) => void opened.push(c)} />),
    );
    await act(async () => dom.el.querySelector<HTMLButtonElement>('[data-format="pdf"]')?.click());
    expect(sent.map((s) => s.method)).toEqual(['dossiers.export', 'dossiers.verify']);
    const blocked = dom.el.querySelector('[data-testid="export-blocked"]');
    expect(blocked?.textContent).toContain('a citation no longer matches its source');
    expect(blocked?.querySelectorAll('[data-testid="blocked-citation"]')).toHaveLength(1);
    expect(blocked?.textContent).toContain('Nous verserons une solide somme');
    act(() => blocked?.querySelector<HTMLButtonElement>('[data-testid="blocked-open"]')?.click());
    expect(opened).toEqual([broken]);
  });

  it('downloads the bytes of a successful export and says what it made', async () => {
    const created: Blob[] = [];
    URL.createObjectURL = (blob: Blob) => (created.push(blob), 'blob:x');
    URL.revokeObjectURL = () => undefined;
    // jsdom cannot follow a download link; what matters is the Blob handed to it.
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const { call } = fakeCall({
      'dossiers.export': () => ({ fileName: 'd.pdf', mimeType: 'application/pdf', dataBase64: btoa('%PDF-1.7'), bytes: 8, pages: 5, citations: 3 }),
    });
    const notes: string[] = [];
    act(() => dom.root.render(<ExportBar host={hostWith(call, notes)} dossierId="d1" redact onRedactChange={() => undefined} verify={null} onOpenCitation={() => undefined} />));
    await act(async () => dom.el.querySelector<HTMLButtonElement>('[data-format="pdf"]')?.click());
    expect(created).toHaveLength(1);
    expect(await created[0]?.text()).toBe('%PDF-1.7');
    expect(notes).toEqual(['Exported d.pdf · 5 pages · 3 citations']);
    expect(click).toHaveBeenCalledTimes(1);
    click.mockRestore();
  });
});

describe('composer', () => {
  function bookFor(r: DossierRecord, edits: { method: EditMethod; input: unknown }[]): DossierBook {
    return {
      list: [],
      record: r,
      missing: false,
      reloadList: () => undefined,
      edit: async (method, input) => {
        edits.push({ method, input });
        return r;
      },
    };
  }

  it('moves a quote with Alt+↑ and sends the new order as one block update', () => {
    const r = record([{ id: 's1', title: 'One', blocks: [{ id: 'q1', type: 'quotes', passageIds: ['p1', 'p2', 'p3'] }] }]);
    const edits: { method: EditMethod; input: unknown }[] = [];
    const citations = new Map([citation(1, 'p1', 'First'), citation(2, 'p2', 'Second'), citation(3, 'p3', 'Third')].map((c) => [c.passageId, c]));
    const env = { host: hostWith(fakeCall({}).call), citations, entities: new Map(), onOpenCitation: () => undefined };
    act(() => dom.root.render(<DossierEditor record={r} book={bookFor(r, edits)} env={env} />));
    const quotes = dom.el.querySelectorAll('[data-testid="block-passage"]');
    expect([...quotes].map((q) => q.querySelector('.quote-text')?.textContent)).toEqual(['First', 'Second', 'Third']);
    const grip = quotes[2]?.querySelector('.grip');
    act(() => void grip?.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', altKey: true, bubbles: true })));
    expect(edits).toEqual([{ method: 'dossiers.updateBlock', input: { dossierId: 'd1', blockId: 'q1', block: { type: 'quotes', passageIds: ['p1', 'p3', 'p2'] } } }]);
    // Alt+↑ while typing in a field belongs to the field.
    const title = dom.el.querySelector<HTMLInputElement>('[data-testid="section-title"]');
    act(() => void title?.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', altKey: true, bubbles: true })));
    expect(edits).toHaveLength(1);
  });

  it('shows a citation that no longer checks out, and removing a quote keeps the others in order', () => {
    const r = record([{ id: 's1', title: 'One', blocks: [{ id: 'q1', type: 'quotes', passageIds: ['p1', 'p2'] }] }]);
    const edits: { method: EditMethod; input: unknown }[] = [];
    const citations = new Map([citation(1, 'p1', 'Fine'), citation(2, 'p2', 'Gone', false)].map((c) => [c.passageId, c]));
    const env = { host: hostWith(fakeCall({}).call), citations, entities: new Map(), onOpenCitation: () => undefined };
    act(() => dom.root.render(<DossierEditor record={r} book={bookFor(r, edits)} env={env} />));
    const quotes = dom.el.querySelectorAll('[data-testid="block-passage"]');
    expect(quotes[1]?.classList.contains('has-problem')).toBe(true);
    expect(quotes[1]?.textContent).toContain('No longer in the source');
    act(() => quotes[0]?.querySelector<HTMLButtonElement>('.quote-remove')?.click());
    expect(edits[0]).toEqual({ method: 'dossiers.updateBlock', input: { dossierId: 'd1', blockId: 'q1', block: { type: 'quotes', passageIds: ['p2'] } } });
  });
});
