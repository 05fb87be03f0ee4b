import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../main/core/api/dispatch';
import { createCaseService, type CaseService } from '../../../main/core/case';
import { parseCsv } from '../../../main/core/passages/csv';
import { OpenVault } from '../../../main/core/vault/open-vault';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract';
import type { Result } from '../../../shared/api/result';
import { SEEDS_DIR, TEST_VAULT, tempDir } from '../case/helpers';

let dir: string;
let cleanup: () => Promise<void>;
let service: CaseService;

async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>> {
  return (await dispatch(service.handlers, method, input)) as Result<MethodOutput<M>>;
}

async function value<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await call(method, input);
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

const REPORT = [
  'Rapport sur la Société Générale de Négoce.',
  'Le témoin a déclaré : « le paiement a été fait à Genève ». Plus tard, le paiement a été confirmé.',
  'הספק: אברהם כהן. المورد: شركة النور. Emoji 👩‍💻 check.',
].join('\n');
const MEMO = 'Memo: Acme Ltd received the paiement. Offshore account opened in Lugano.';

let reportId: string;
let memoId: string;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('casefile-passages-'));
  service = createCaseService({
    location: { kind: 'project', dir: path.join(dir, 'case') },
    host: 'web',
    seedsDir: SEEDS_DIR,
    researcher: 'tester',
    vault: TEST_VAULT,
  });
  await value('case.create', { name: 'Passages', passphrase: 'correct horse battery' });
  const imported = await value('sources.import', {
    files: [
      { name: 'report.txt', path: null, dataBase64: b64(REPORT) },
      { name: 'memo.txt', path: null, dataBase64: b64(MEMO) },
    ],
  });
  reportId = imported.imported.find((s) => s.originalName === 'report.txt')?.id ?? '';
  memoId = imported.imported.find((s) => s.originalName === 'memo.txt')?.id ?? '';
});

afterEach(async () => {
  await service.close();
  await cleanup();
});

async function tag(name: string, parentId: string | null = null): Promise<string> {
  return (await value('tags.create', { name, parentId })).id;
}

describe('passages', () => {
  it('creates from a selection in code points, lists in reading order, updates and deletes', async () => {
    const money = await tag('Money');
    const cpStart = [...REPORT].indexOf('א');
    const hebrew = await value('passages.create', {
      sourceId: reportId,
      target: { start: cpStart, end: cpStart + 'אברהם כהן'.length },
      tagIds: [money],
      status: 'to-verify',
    });
    expect(hebrew).toMatchObject({ exact: 'אברהם כהן', anchor: 'anchored', status: 'to-verify', researcher: 'tester', tagIds: [money] });
    const first = await value('passages.create', {
      sourceId: reportId,
      target: { quote: 'Société Générale de Négoce'.normalize('NFD') },
      note: 'check registry',
    });
    expect(first).toMatchObject({ start: 15, end: 41, exact: 'Société Générale de Négoce' });
    expect([...REPORT].slice(15, 41).join('')).toBe('Société Générale de Négoce');

    const listed = await value('passages.listForSource', { sourceId: reportId });
    expect(listed.passages.map((p) => p.id)).toEqual([first.id, hebrew.id]);
    expect(listed.textRevision).toMatch(/\S/);

    const updated = await value('passages.update', { id: first.id, status: 'verified', addTagIds: [money] });
    expect(updated).toMatchObject({ status: 'verified', tagIds: [money], note: 'check registry' });
    await value('passages.delete', { id: hebrew.id });
    expect((await value('passages.listForSource', { sourceId: reportId })).passages.map((p) => p.id)).toEqual([first.id]);
  });

  it('refuses an ambiguous quote and names the candidates; context settles it', async () => {
    const refused = await call('passages.create', { sourceId: reportId, target: { quote: 'le paiement a été' } });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('BAD_INPUT');
    expect(refused.error.message).toMatch(/occurs 2 times/);
    expect(refused.error.message).toMatch(/\[\d+–\d+\] .*«le paiement a été» fait à Genève/);

    const located = await value('passages.locate', { sourceId: reportId, quote: 'le paiement a été' });
    expect(located.total).toBe(2);
    const second = located.candidates[1];
    const created = await value('passages.create', {
      sourceId: reportId,
      target: { quote: 'le paiement a été', prefix: 'Plus tard, ' },
    });
    expect(created.start).toBe(second?.start);

    const missing = await call('passages.create', { sourceId: reportId, target: { quote: 'not in the text' } });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('re-attaches a passage to new offsets and refuses bad ranges', async () => {
    const p = await value('passages.create', { sourceId: memoId, target: { quote: 'Acme Ltd' } });
    const at = MEMO.indexOf('Lugano');
    const moved = await value('passages.reattach', { id: p.id, start: at, end: at + 6 });
    expect(moved).toMatchObject({ exact: 'Lugano', start: at, anchor: 'anchored' });
    expect(await call('passages.reattach', { id: p.id, start: 5, end: 99_999 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('survives lock and unlock (stored in the encrypted vault)', async () => {
    const t = await tag('Persons');
    const p = await value('passages.create', { sourceId: memoId, target: { quote: 'Offshore account' }, tagIds: [t], note: 'n' });
    await value('case.lock', {});
    expect(await call('passages.listForSource', { sourceId: memoId })).toMatchObject({ ok: false, error: { code: 'CASE_LOCKED' } });
    await value('case.unlock', { passphrase: 'correct horse battery' });
    const listed = await value('passages.listForSource', { sourceId: memoId });
    expect(listed.passages).toEqual([expect.objectContaining({ id: p.id, exact: 'Offshore account', tagIds: [t], note: 'n' })]);
    // History is per session: nothing to undo after unlocking.
    expect(await value('history.state', {})).toMatchObject({ undo: null, redo: null, undoDepth: 0 });
  });
});

describe('codebook', () => {
  it('lists hierarchy with paths and counts (direct and subtree)', async () => {
    const money = await tag('Money');
    const offshore = await tag('Offshore', money);
    await value('passages.create', { sourceId: memoId, target: { quote: 'Acme Ltd' }, tagIds: [money, offshore] });
    await value('passages.create', { sourceId: memoId, target: { quote: 'Lugano' }, tagIds: [offshore] });
    const { tags } = await value('codebook.list', {});
    expect(tags.map((t) => [t.path.join('/'), t.passageCount, t.subtreePassageCount])).toEqual([
      ['Money', 1, 2],
      ['Money/Offshore', 2, 2],
    ]);
    expect(tags[0]?.guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await call('tags.create', { name: 'offshore', parentId: money })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await call('tags.create', { name: 'A/B' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('renames, recolours, and moves while refusing cycles', async () => {
    const a = await tag('A');
    const b = await tag('B', a);
    const c = await tag('C', b);
    expect(await value('tags.update', { id: b, name: 'Bee', color: '#00aa00' })).toMatchObject({ name: 'Bee', color: '#00AA00', path: ['A', 'Bee'] });
    expect(await call('tags.move', { id: a, parentId: c })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await call('tags.move', { id: a, parentId: a })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await value('tags.move', { id: c, parentId: null })).toMatchObject({ path: ['C'], parentId: null });
  });

  it('merges two tags: passages follow, a passage with both keeps one', async () => {
    const people = await tag('People');
    const persons = await tag('Persons');
    const child = await tag('Witnesses', persons);
    const both = await value('passages.create', { sourceId: memoId, target: { quote: 'Acme Ltd' }, tagIds: [people, persons] });
    const one = await value('passages.create', { sourceId: memoId, target: { quote: 'Lugano' }, tagIds: [persons] });
    const merged = await value('tags.merge', { fromId: persons, intoId: people });
    expect(merged.passagesRetagged).toBe(2);
    expect(merged.tag).toMatchObject({ id: people, passageCount: 2 });
    const listed = await value('passages.listForSource', { sourceId: memoId });
    expect(listed.passages.find((p) => p.id === both.id)?.tagIds).toEqual([people]);
    expect(listed.passages.find((p) => p.id === one.id)?.tagIds).toEqual([people]);
    const { tags } = await value('codebook.list', {});
    expect(tags.map((t) => t.path.join('/'))).toEqual(['People', 'People/Witnesses']);
    expect(tags.find((t) => t.id === child)?.parentId).toBe(people);
    expect(await call('tags.merge', { fromId: people, intoId: child })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('reports usage before delete; delete untags passages and lifts children', async () => {
    const parent = await tag('Parent');
    const doomed = await tag('Doomed', parent);
    const kid = await tag('Kid', doomed);
    const p = await value('passages.create', { sourceId: memoId, target: { quote: 'Acme Ltd' }, tagIds: [doomed, parent] });
    await value('passages.create', { sourceId: reportId, target: { quote: 'Genève' }, tagIds: [doomed] });
    expect(await value('tags.usage', { id: doomed })).toEqual({ id: doomed, passageCount: 2, childCount: 1 });
    expect(await value('tags.delete', { id: doomed })).toEqual({ id: doomed, passagesUntagged: 2, childrenMoved: 1 });
    const listed = await value('passages.listForSource', { sourceId: memoId });
    expect(listed.passages.find((x) => x.id === p.id)?.tagIds).toEqual([parent]);
    expect((await value('codebook.list', {})).tags.find((t) => t.id === kid)?.path).toEqual(['Parent', 'Kid']);
  });

  it('tag view lists passages across sources with context, descendants and filters', async () => {
    const money = await tag('Money');
    const offshore = await tag('Offshore', money);
    await value('passages.create', { sourceId: memoId, target: { quote: 'Offshore account' }, tagIds: [offshore], status: 'verified' });
    await value('passages.create', { sourceId: reportId, target: { quote: 'Genève' }, tagIds: [money] });
    const direct = await value('tags.passages', { tagId: money });
    expect(direct.passages.map((p) => p.exact)).toEqual(['Genève']);
    const all = await value('tags.passages', { tagId: money, includeDescendants: true, contextChars: 10 });
    expect(all.passages.map((p) => [p.sourceTitle, p.exact])).toEqual([
      [expect.stringMatching(/memo/i), 'Offshore account'],
      [expect.stringMatching(/report/i), 'Genève'],
    ]);
    expect(all.passages[0]).toMatchObject({ before: 'e paiement. '.slice(-10), after: ' opened in' });
    const verified = await value('tags.passages', { tagId: money, includeDescendants: true, status: 'verified' });
    expect(verified.passages.map((p) => p.exact)).toEqual(['Offshore account']);
    const none = await value('tags.passages', { tagId: money, includeDescendants: true, status: 'none' });
    expect(none.passages.map((p) => p.exact)).toEqual(['Genève']);
    const nobody = await value('tags.passages', { tagId: money, includeDescendants: true, researcher: 'someone else' });
    expect(nobody.passages).toEqual([]);
  });
});

describe('undo and redo', () => {
  async function codebookPaths(): Promise<string[]> {
    return (await value('codebook.list', {})).tags.map((t) => `${t.path.join('/')}:${t.color}:${t.passageCount}`);
  }
  async function passagesDump(): Promise<string> {
    const lists = await Promise.all([reportId, memoId].map((sourceId) => value('passages.listForSource', { sourceId })));
    return JSON.stringify(lists.flatMap((l) => l.passages.map((p) => [p.id, p.exact, p.tagIds, p.note, p.status, p.start])));
  }
  async function snapshot(): Promise<string> {
    return JSON.stringify([await codebookPaths(), await passagesDump()]);
  }

  it('undoes and redoes every passage and tag action type, in order', async () => {
    const snapshots: string[] = [await snapshot()];
    const labels: string[] = [];
    const step = async (work: () => Promise<unknown>): Promise<void> => {
      await work();
      snapshots.push(await snapshot());
      labels.push((await value('history.state', {})).undo?.label ?? '');
    };
    let a = '';
    let b = '';
    let c = '';
    let p = '';
    let q = '';
    await step(async () => (a = await tag('A')));
    await step(async () => (b = await tag('B')));
    await step(async () => (c = await tag('C', a)));
    await step(async () => (p = (await value('passages.create', { sourceId: memoId, target: { quote: 'Acme Ltd' }, tagIds: [a, b] })).id));
    await step(async () => (q = (await value('passages.create', { sourceId: reportId, target: { quote: 'Genève' }, newTags: [{ name: 'D' }] })).id));
    await step(() => value('passages.update', { id: q, addNewTags: [{ name: 'E', parentId: a }] }));
    await step(() => value('passages.update', { id: p, note: 'note', status: 'disputed' }));
    await step(() => value('passages.update', { id: p, removeTagIds: [a] }));
    await step(() => value('passages.reattach', { id: p, start: 0, end: 4 }));
    await step(() => value('tags.update', { id: a, name: 'Alpha', color: '#123456' }));
    await step(() => value('tags.move', { id: c, parentId: b }));
    await step(() => value('tags.merge', { fromId: b, intoId: a }));
    await step(() => value('tags.delete', { id: a }));
    await step(() => value('codebook.import', { content: '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="x" name="Imported" isCodable="true"/></Codes></CodeBook>' }));
    await step(() => value('passages.delete', { id: p }));
    expect(labels).toEqual([
      'Create tag "A"',
      'Create tag "B"',
      'Create tag "C"',
      'Tag passage',
      'Tag passage with new tag "D"',
      'Tag passage with new tag "E"',
      'Change passage status',
      'Change passage tags',
      'Re-attach passage',
      'Rename tag "A"',
      'Move tag "C"',
      'Merge "B" into "Alpha"',
      'Delete tag "Alpha"',
      'Import codebook',
      'Delete passage',
    ]);
    expect(new Set(snapshots).size).toBe(snapshots.length);

    for (let i = snapshots.length - 1; i > 0; i--) {
      const undone = await value('history.undo', {});
      expect(undone.done?.label).toBe(labels[i - 1]);
      expect(await snapshot()).toBe(snapshots[i - 1]);
    }
    const empty = await value('history.undo', {});
    expect(empty).toMatchObject({ done: null, state: { undo: null, undoDepth: 0, redoDepth: labels.length } });
    for (let i = 1; i < snapshots.length; i++) {
      const redone = await value('history.redo', {});
      expect(redone.done?.label).toBe(labels[i - 1]);
      expect(await snapshot()).toBe(snapshots[i]);
    }
    expect((await value('history.redo', {})).done).toBeNull();
  });

  it('a new action clears the redo stack; the stack reports affected sources', async () => {
    const t = await tag('T');
    await value('passages.create', { sourceId: memoId, target: { quote: 'Lugano' }, tagIds: [t] });
    const undone = await value('history.undo', {});
    expect(undone.done).toEqual({ label: 'Tag passage', sourceIds: [memoId], codebook: true });
    expect(undone.state.redo?.label).toBe('Tag passage');
    await tag('U');
    expect(await value('history.state', {})).toMatchObject({ redo: null, redoDepth: 0, undoDepth: 2 });
  });

  it('an undo sent while a tagging is still being done undoes that tagging, not the step before it', async () => {
    const t = await tag('T');
    // Sent together, as when Ctrl+Z follows Enter in the tag picker before the answer is back: creating a passage
    // reads the source's text before it commits, which used to let the undo overtake it.
    const [created, undone] = await Promise.all([
      value('passages.create', { sourceId: memoId, target: { quote: 'Lugano' }, tagIds: [t] }),
      value('history.undo', {}),
    ]);
    expect(undone.done?.label).toBe('Tag passage');
    expect((await value('passages.listForSource', { sourceId: memoId })).passages.map((p) => p.id)).not.toContain(created.id);
    // The tag made before is still there, and the redo brings the passage back.
    expect((await value('codebook.list', {})).tags.map((x) => x.name)).toEqual(['T']);
    expect((await value('history.redo', {})).done?.label).toBe('Tag passage');
    expect((await value('passages.listForSource', { sourceId: memoId })).passages.map((p) => p.id)).toEqual([created.id]);
  });

  it('undo survives lock/unlock on disk but the stacks do not', async () => {
    await tag('Kept');
    await tag('Undone');
    await value('history.undo', {});
    await value('case.lock', {});
    await value('case.unlock', { passphrase: 'correct horse battery' });
    expect((await value('codebook.list', {})).tags.map((t) => t.name)).toEqual(['Kept']);
    expect(await value('history.state', {})).toMatchObject({ undoDepth: 0, redoDepth: 0 });
  });
});

describe('one action, one undo step', () => {
  /** Counts vault commits (journal records) while `work` runs. */
  async function commitsDuring<T>(work: () => Promise<T>): Promise<{ result: T; commits: number }> {
    const spy = vi.spyOn(OpenVault.prototype, 'commit');
    try {
      const result = await work();
      return { result, commits: spy.mock.calls.length };
    } finally {
      spy.mockRestore();
    }
  }
  async function snapshot(): Promise<string> {
    const { tags } = await value('codebook.list', {});
    const lists = await Promise.all([reportId, memoId].map((sourceId) => value('passages.listForSource', { sourceId })));
    return JSON.stringify([tags, lists]);
  }
  const depth = async () => (await value('history.state', {})).undoDepth;

  it('a selection tagged with a new tag: one commit, one undo takes passage and tag, one redo brings both back with the same ids', async () => {
    const before = await snapshot();
    const { result: created, commits } = await commitsDuring(() =>
      value('passages.create', { sourceId: memoId, target: { quote: 'Lugano' }, newTags: [{ name: 'Offshore', color: '#42d4f4' }] }),
    );
    expect(commits).toBe(1);
    const [offshore] = created.newTags;
    expect(offshore).toMatchObject({ name: 'Offshore', parentId: null, color: '#42D4F4', path: ['Offshore'], passageCount: 1 });
    expect(created.tagIds).toEqual([offshore?.id]);
    expect(await value('history.state', {})).toMatchObject({
      undo: { label: 'Tag passage with new tag "Offshore"', sourceIds: [memoId], codebook: true },
      undoDepth: 1,
    });
    // The highlight takes the new tag's colour: the passage's tag is in the codebook with it.
    const colourOf = async () => {
      const [passage] = (await value('passages.listForSource', { sourceId: memoId })).passages;
      const { tags } = await value('codebook.list', {});
      return tags.find((t) => t.id === passage?.tagIds[0])?.color;
    };
    expect(await colourOf()).toBe('#42D4F4');
    const after = await snapshot();

    const undone = await value('history.undo', {});
    expect(undone.done).toEqual({ label: 'Tag passage with new tag "Offshore"', sourceIds: [memoId], codebook: true });
    expect(undone.state).toMatchObject({ undo: null, undoDepth: 0, redoDepth: 1 });
    expect((await value('codebook.list', {})).tags).toEqual([]);
    expect((await value('passages.listForSource', { sourceId: memoId })).passages).toEqual([]);
    expect(await snapshot()).toBe(before);

    const redone = await value('history.redo', {});
    expect(redone.state).toMatchObject({ undoDepth: 1, redoDepth: 0 });
    expect(await snapshot()).toBe(after);
    const { tags } = await value('codebook.list', {});
    expect(tags.map((t) => [t.id, t.guid, t.color])).toEqual([[offshore?.id, offshore?.guid, '#42D4F4']]);
    expect((await value('passages.listForSource', { sourceId: memoId })).passages.map((p) => [p.id, p.tagIds])).toEqual([
      [created.id, [offshore?.id]],
    ]);
    expect(await colourOf()).toBe('#42D4F4');

    // Durable as it was redone: a new session finds both.
    await value('case.lock', {});
    await value('case.unlock', { passphrase: 'correct horse battery' });
    expect(await snapshot()).toBe(after);
  });

  it('an existing passage tagged with a new tag: one commit and one undo step', async () => {
    const money = await tag('Money');
    const p = await value('passages.create', { sourceId: memoId, target: { quote: 'Acme Ltd' }, tagIds: [money] });
    const before = await snapshot();
    const { result: updated, commits } = await commitsDuring(() =>
      value('passages.update', { id: p.id, addNewTags: [{ name: 'Shell company', parentId: money }] }),
    );
    expect(commits).toBe(1);
    const [shell] = updated.newTags;
    expect(shell).toMatchObject({ name: 'Shell company', parentId: money, path: ['Money', 'Shell company'], passageCount: 1 });
    expect(updated.tagIds).toEqual([money, shell?.id]);
    expect(await depth()).toBe(3);
    const after = await snapshot();
    expect((await value('history.undo', {})).done?.label).toBe('Tag passage with new tag "Shell company"');
    expect(await snapshot()).toBe(before);
    await value('history.redo', {});
    expect(await snapshot()).toBe(after);
  });

  it('a new tag whose name is taken is that tag; a refused change creates no tag', async () => {
    const money = await tag('Money');
    const created = await value('passages.create', {
      sourceId: memoId,
      target: { quote: 'Acme Ltd' },
      newTags: [{ name: 'money' }, { name: 'Cash' }, { name: 'CASH' }],
    });
    expect(created.newTags.map((t) => t.name)).toEqual(['Money', 'Cash', 'Cash']);
    expect(created.tagIds).toEqual([money, created.newTags[1]?.id]);
    expect((await value('codebook.list', {})).tags.map((t) => t.name)).toEqual(['Cash', 'Money']);
    expect((await value('history.state', {})).undo?.label).toBe('Tag passage with new tag "Cash"');
    await value('history.undo', {});
    expect((await value('codebook.list', {})).tags.map((t) => t.name)).toEqual(['Money']);

    const before = await snapshot();
    const depthBefore = await depth();
    expect(await call('passages.create', { sourceId: memoId, target: { quote: 'not in the memo' }, newTags: [{ name: 'Lost' }] })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await call('passages.create', { sourceId: memoId, target: { quote: 'Lugano' }, newTags: [{ name: 'Orphan', parentId: 't-missing' }] })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await call('passages.update', { id: created.id, addNewTags: [{ name: 'Bad/name' }] })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await call('passages.update', { id: created.id, addTagIds: ['t-missing'], addNewTags: [{ name: 'Lost' }] })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await snapshot()).toBe(before);
    expect(await depth()).toBe(depthBefore);
  });

  it('a merge and a codebook import are one commit and one undo step each', async () => {
    const people = await tag('People');
    await tag('Officials', people);
    const persons = await tag('Persons');
    await tag('Witnesses', persons);
    await tag('Suspects', persons);
    await value('passages.create', { sourceId: memoId, target: { quote: 'Acme Ltd' }, tagIds: [persons] });
    await value('passages.create', { sourceId: reportId, target: { quote: 'Genève' }, tagIds: [people, persons] });
    const beforeMerge = await snapshot();
    const merge = await commitsDuring(() => value('tags.merge', { fromId: persons, intoId: people }));
    expect(merge.commits).toBe(1);
    expect(merge.result.passagesRetagged).toBe(2);
    const afterMerge = await snapshot();
    expect((await value('history.undo', {})).done?.label).toBe('Merge "Persons" into "People"');
    expect(await snapshot()).toBe(beforeMerge);
    await value('history.redo', {});
    expect(await snapshot()).toBe(afterMerge);

    const qdc = `<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
  <Code guid="0b3a4c1e-8f2d-4c55-9a7e-2f1d3c4b5a69" name="Money" isCodable="true" color="#112233">
    <Code guid="1c4b5d2f-9a3e-4d66-8b8f-3a2e4d5c6b7a" name="Offshore" isCodable="true"/>
    <Code guid="2d5c6e3a-ab4f-4e77-9c9a-4b3f5e6d7c8b" name="Cash" isCodable="true"/>
  </Code>
  <Code guid="3e6d7f4b-bc5a-4f88-8dab-5c4a6f7e8d9c" name="People" isCodable="true"><Code guid="4f7e8a5c-cd6b-4a99-9ebc-6d5b7a8f9e0d" name="Journalists" isCodable="true"/></Code>
</Codes></CodeBook>`;
    const beforeImport = await snapshot();
    const imported = await commitsDuring(() => value('codebook.import', { content: qdc }));
    expect(imported.commits).toBe(1);
    expect(imported.result).toEqual({ created: 4, existing: 1 });
    const afterImport = await snapshot();
    const undone = await value('history.undo', {});
    expect(undone.done?.label).toBe('Import codebook');
    expect(await snapshot()).toBe(beforeImport);
    await value('history.redo', {});
    expect(await snapshot()).toBe(afterImport);
    // And the merge is still the step before it.
    expect((await value('history.undo', {})).done?.label).toBe('Import codebook');
    expect((await value('history.undo', {})).done?.label).toBe('Merge "Persons" into "People"');
    expect(await snapshot()).toBe(beforeMerge);
  });
});

describe('exports', () => {
  it('CSV: BOM, header, one row per passage-tag with tag path and offsets, unused tags too', async () => {
    const money = await tag('Money');
    const offshore = await tag('Offshore', money);
    await tag('Unused');
    await value('tags.update', { id: money, description: 'Payments, "flows", etc.' });
    const p = await value('passages.create', {
      sourceId: reportId,
      target: { quote: '« le paiement a été fait à Genève »' },
      tagIds: [money, offshore],
      note: 'line one\nline two, with comma',
      status: 'to-verify',
    });
    const exported = await value('codebook.export', { format: 'csv' });
    expect(exported.fileName).toMatch(/\.csv$/);
    expect(exported.content.startsWith('\uFEFF')).toBe(true);
    expect(exported.content).toContain('\r\n');
    const rows = parseCsv(exported.content);
    const header = rows[0] ?? [];
    const col = (row: string[] | undefined, name: string) => row?.[header.indexOf(name)];
    expect(header).toEqual(expect.arrayContaining(['tag_path', 'source_title', 'quote', 'note', 'status', 'researcher', 'start', 'end']));
    const data = rows.slice(1);
    expect(data.map((r) => col(r, 'tag_path'))).toEqual(['Money', 'Money/Offshore', 'Unused']);
    const first = data[0];
    expect(col(first, 'quote')).toBe('« le paiement a été fait à Genève »');
    expect(col(first, 'note')).toBe('line one\nline two, with comma');
    expect(col(first, 'tag_description')).toBe('Payments, "flows", etc.');
    expect(col(first, 'status')).toBe('to-verify');
    expect(col(first, 'researcher')).toBe('tester');
    expect(Number(col(first, 'start'))).toBe(p.start);
    expect(col(first, 'source_title')).toMatch(/report/i);
    expect(col(data[2], 'quote')).toBe('');
  });

  it('.qdc: export then import into a fresh case reproduces the tree, names, colours, descriptions and GUIDs', async () => {
    const money = await tag('Money & "Assets"');
    await value('tags.update', { id: money, color: '#aabbcc', description: 'Flows <over> 10k' });
    const off = await tag('Offshore', money);
    await tag('Personnes', null);
    const before = (await value('codebook.list', {})).tags;
    const qdc = await value('codebook.export', { format: 'qdc' });
    expect(qdc.content).toContain('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"');
    expect(qdc.content).toMatch(/<Code guid="[0-9a-f-]{36}" name="Money &amp; &quot;Assets&quot;" isCodable="true" color="#AABBCC">/);
    expect(qdc.content).toContain('<Description>Flows &lt;over&gt; 10k</Description>');

    // Re-importing into the same case merges by name path: nothing new.
    expect(await value('codebook.import', { content: qdc.content })).toEqual({ created: 0, existing: 3 });
    await value('tags.delete', { id: off });
    expect(await value('codebook.import', { content: qdc.content })).toEqual({ created: 1, existing: 2 });
    // The deleted tag's GUID is free again, so the import restores it.
    const after = (await value('codebook.list', {})).tags;
    const strip = (tags: typeof before) => tags.map((t) => [t.path.join('/'), t.color, t.description, t.guid]);
    expect(strip(after)).toEqual(strip(before));
  });

  it('refuses malformed and hostile .qdc files with clear errors, creating nothing', async () => {
    const malformed = await call('codebook.import', { content: '<CodeBook><Codes><Code name="x"></Codes>' });
    expect(malformed).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/malformed XML/) } });
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="a" name="&lol3;" isCodable="true"/></Codes></CodeBook>`;
    const refused = await call('codebook.import', { content: laughs });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/DTD/) } });
    const external = `<?xml version="1.0"?><!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="a" name="&x;" isCodable="true"/></Codes></CodeBook>`;
    expect(await call('codebook.import', { content: external })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const notCodebook = await call('codebook.import', { content: '<Project/>' });
    expect(notCodebook).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/CodeBook/) } });
    expect((await value('codebook.list', {})).tags).toEqual([]);
  });
});
