import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenCase } from '../../../main/core/case/open-case';
import { createCaseService } from '../../../main/core/case/service';
import { dispatch } from '../../../main/core/api/dispatch';
import { passagesOf } from '../../../main/core/passages/model';
import { parseCsv } from '../../../main/core/passages/csv';
import { searchOf } from '../../../main/core/search/case-search';
import type { SearchQueryInput } from '../../../shared/search/schema';
import { SEEDS_DIR, TEST_VAULT, tempDir } from '../case/helpers';

const PASSPHRASE = 'correct horse battery';
const options = { researcher: 'alice', vault: TEST_VAULT };
const q = (query: string, extra: Partial<SearchQueryInput> = {}) => ({ query, offset: 0, limit: 20, contextChars: 40, maxSnippets: 3, ...extra });

/** An independent count: case-insensitive, word-bounded occurrences. */
function countWord(text: string, word: string): number {
  return [...text.matchAll(new RegExp(`(?<![\\p{L}\\p{N}])${word}(?![\\p{L}\\p{N}])`, 'giu'))].length;
}

async function wordCountInSeeds(word: string): Promise<number> {
  let n = 0;
  for (const name of await readdir(SEEDS_DIR)) n += countWord(await readFile(path.join(SEEDS_DIR, name), 'utf8'), word);
  return n;
}

async function auxFiles(dir: string): Promise<string[]> {
  return (await readdir(path.join(dir, 'aux'))).map((f) => path.join(dir, 'aux', f));
}

describe('case search', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let opened: OpenCase;
  const seedIds = new Map<string, string>();

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir('casefile-search-'));
    opened = await OpenCase.create(dir, 'Search test', PASSPHRASE, options);
    const report = await opened.importPaths([SEEDS_DIR]);
    for (const s of report.imported) seedIds.set(s.originalName.slice(0, 3), s.id);
  });

  afterAll(async () => {
    await opened?.close();
    await cleanup?.();
  });

  it('finds the demo seeds: securite → the French source only, "bags of cash" → 000 and 001', async () => {
    const french = await searchOf(opened).search(q('securite'));
    expect(french.total).toBe(1);
    expect(french.hits.map((h) => h.id)).toEqual([seedIds.get('003')]);
    const hit = french.hits[0]!;
    const { text } = await opened.readSourceText(hit.id);
    const m = hit.matches[0]!;
    expect([...text].slice(m.start, m.end).join('')).toBe('sécurité');
    expect(hit.snippets[0]?.text).toContain('sécurité');

    const cash = await searchOf(opened).search(q('"bags of cash"'));
    expect(cash.totals).toEqual({ source: 2, passage: 0, entity: 0 });
    expect(cash.hits.map((h) => h.id).sort()).toEqual([seedIds.get('000'), seedIds.get('001')].sort());
    for (const h of cash.hits) {
      const source = await opened.readSourceText(h.id);
      for (const match of h.matches) expect([...source.text].slice(match.start, match.end).join('').toLowerCase()).toBe('bags of cash');
      expect(h.occurrences).toBe(h.matches.length);
    }
  });

  it('indexes passages (quote and note) and filters by tag, status and researcher', async () => {
    const book = passagesOf(opened, 'alice');
    const tag = await book.createTag({ name: 'Bribery', parentId: null, description: '' });
    const child = await book.createTag({ name: 'Cash offers', parentId: tag.id, description: '' });
    const sourceId = seedIds.get('000')!;
    // The first of three "bags of cash" in seed 000 (code points 73–85).
    const passage = await book.create({ sourceId, target: { start: 73, end: 85 }, tagIds: [child.id], note: 'Quoted by the Jerusalem Post', status: 'verified' });

    const byNote = await searchOf(opened).search(q('jerusalem kind:passage'));
    expect(byNote.totals).toEqual({ source: 0, passage: 1, entity: 0 });
    expect(byNote.hits[0]?.matches[0]?.field).toBe('note');

    const tagged = await searchOf(opened).search(q('cash tag:Bribery'));
    expect(tagged.totals).toEqual({ source: 1, passage: 1, entity: 0 });
    const passageHit = tagged.hits.find((h) => h.kind === 'passage')!;
    expect(passageHit.id).toBe(passage.id);
    expect(passageHit.sourceId).toBe(sourceId);
    const quoteMatch = passageHit.matches.find((m) => m.field === 'quote')!;
    const { text } = await opened.readSourceText(sourceId);
    expect(quoteMatch.sourceStart).toBe(81);
    expect([...text].slice(quoteMatch.sourceStart!, quoteMatch.sourceEnd!).join('')).toBe('cash');

    expect((await searchOf(opened).search(q('cash status:verified'))).totals.passage).toBe(1);
    expect((await searchOf(opened).search(q('cash status:disputed'))).totals.passage).toBe(0);
    expect((await searchOf(opened).search(q('cash by:Alice kind:passage'))).totals.passage).toBe(1);
    expect((await searchOf(opened).search(q('cash -tag:"Bribery/Cash offers"'))).totals).toEqual({ source: 1, passage: 0, entity: 0 });
    const unknown = await searchOf(opened).search(q('cash tag:Nope'));
    expect(unknown.total).toBe(0);
    expect(unknown.warnings).toEqual(['No tag is named "Nope".']);

    await book.update({ id: passage.id, note: 'Reported by Haaretz' });
    expect((await searchOf(opened).search(q('jerusalem'))).totals.passage).toBe(0);
    expect((await searchOf(opened).search(q('haaretz'))).totals.passage).toBe(1);
    await book.delete(passage.id);
    expect((await searchOf(opened).search(q('haaretz'))).totals.passage).toBe(0);
    expect((await searchOf(opened).search(q('cash tag:Bribery'))).total).toBe(0);
  });

  it('filters by source, language and type', async () => {
    const id003 = seedIds.get('003')!;
    expect((await searchOf(opened).search(q(`source:${id003}`))).totals.source).toBe(1);
    expect((await searchOf(opened).search(q('source:003_49ee64380331eb27 nso'))).hits.map((h) => h.id)).toEqual([id003]);
    const lang = (await searchOf(opened).search(q('lang:fr'))).hits.map((h) => h.id);
    expect(lang).toEqual([id003]);
    expect((await searchOf(opened).search(q('cash type:pdf'))).total).toBe(0);
    expect((await searchOf(opened).search(q('cash type:txt'))).totals.source).toBe(2);
  });

  it('indexes a new import at once (incrementally)', async () => {
    const before = await searchOf(opened).search(q('zanzibarite'));
    expect(before.total).toBe(0);
    const report = await opened.importFiles([{ name: 'new.txt', path: null, bytes: new TextEncoder().encode('A memo about zanzibarite exports.') }]);
    const after = await searchOf(opened).search(q('zanzibarite'));
    expect(after.hits.map((h) => h.id)).toEqual([report.imported[0]?.id]);
    expect(after.pendingDocs).toBe(0);
  });

  it('keeps the index encrypted: the aux file holds no plaintext term', async () => {
    await searchOf(opened).save();
    const files = await auxFiles(dir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const bytes = await readFile(file);
      for (const term of ['zanzibarite', 'bags', 'cash', 'securite', 'sécurité', 'NSO', 'spyware', 'memo']) {
        expect(bytes.includes(Buffer.from(term, 'utf8')), `${term} in ${path.basename(file)}`).toBe(false);
      }
    }
  });

  it('loads the stored index, catches up when it is stale, and rebuilds when it is missing', async () => {
    await searchOf(opened).save();
    // Keep every aux file as it is now: besides the search index there may be the similarity index's (written 5 s
    // after a change, so there only when the tests got here slowly), and the vault's file names do not say which is which.
    const stored = new Map<string, Buffer>();
    for (const file of await auxFiles(dir)) stored.set(file, await readFile(file));
    await opened.importFiles([{ name: 'late.txt', path: null, bytes: new TextEncoder().encode('Late news about quokkas.') }]);
    await opened.close();
    // Put back the indexes from before the last import: they no longer match the case.
    for (const [file, bytes] of stored) await writeFile(file, bytes);

    opened = await OpenCase.open(dir, PASSPHRASE, options);
    expect((await searchOf(opened).search(q('quokkas'))).totals.source).toBe(1);
    expect(searchOf(opened).lastLoad).toEqual({ fromDisk: true, reindexed: 1, removed: 0 });
    await opened.close();

    opened = await OpenCase.open(dir, PASSPHRASE, options);
    await searchOf(opened).ready();
    expect(searchOf(opened).lastLoad).toEqual({ fromDisk: true, reindexed: 0, removed: 0 });
    await opened.close();

    for (const file of await auxFiles(dir)) await rm(file);
    opened = await OpenCase.open(dir, PASSPHRASE, options);
    const rebuilt = await searchOf(opened).search(q('"bags of cash"'));
    expect(rebuilt.totals.source).toBe(2);
    expect(searchOf(opened).lastLoad?.fromDisk).toBe(false);
    // Five seeds and two later imports (the passage was deleted).
    expect(searchOf(opened).lastLoad?.reindexed).toBe(7);
  });

  it('runs saved searches and batch searches through the contract', async () => {
    await opened.close();
    const service = createCaseService({ location: { kind: 'project', dir }, host: 'web', seedsDir: SEEDS_DIR, researcher: 'alice', vault: TEST_VAULT });
    const call = async (method: string, input: unknown) => {
      const result = await dispatch(service.handlers, method, input);
      if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
      return result.value as never;
    };
    try {
      await call('case.unlock', { passphrase: PASSPHRASE });
      const saved: { id: string } = await call('search.save', { name: 'Cash', query: '"bags of cash"' });
      const listed: { searches: { name: string }[] } = await call('search.savedList', {});
      expect(listed.searches.map((s) => s.name)).toEqual(['Cash']);
      const rerun: { total: number } = await call('search.savedRun', { id: saved.id });
      expect(rerun.total).toBe(2);
      await call('search.save', { id: saved.id, name: 'Cash (fr)', query: 'securite' });
      expect(((await call('search.savedRun', { id: saved.id })) as { total: number }).total).toBe(1);

      const batch: { rows: { term: string; documents: number; occurrences: number; error: string | null }[] } = await call('search.batch', {
        terms: ['"bags of cash"', 'securite', '', 'tag:Nope', 'NSO'],
        filter: '',
      });
      expect(batch.rows.map((r) => [r.term, r.documents, r.occurrences])).toEqual([
        ['"bags of cash"', 2, 6],
        ['securite', 1, 1],
        ['tag:Nope', 0, 0],
        // Text and titles (one seed's title, taken from its first line, names NSO too).
        ['NSO', 5, (await wordCountInSeeds('nso')) + countWord(((await call('sources.list', {})) as { title: string }[]).map((s) => s.title).join('\n'), 'nso')],
      ]);
      expect(batch.rows[2]?.error).toMatch(/No tag/);
      const exported: { content: string; fileName: string } = await call('search.batchExport', { terms: ['-offshore', 'securite'], filter: 'lang:fr' });
      const rows = parseCsv(exported.content);
      expect(rows[0]).toEqual(['term', 'documents', 'occurrences', 'passages', 'passage_occurrences', 'entities', 'error']);
      expect(rows[1]?.[0]).toBe("'-offshore");
      expect(rows[2]?.slice(0, 3)).toEqual(['securite', '1', '1']);
      await call('search.savedDelete', { id: saved.id });
      expect(((await call('search.savedList', {})) as { searches: unknown[] }).searches).toEqual([]);
    } finally {
      await service.close();
      opened = await OpenCase.open(dir, PASSPHRASE, options);
    }
  });
});
