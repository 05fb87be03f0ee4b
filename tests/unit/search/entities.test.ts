import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenCase } from '../../../main/core/case/open-case';
import { entitiesOf } from '../../../main/core/entities/model';
import { passagesOf } from '../../../main/core/passages/model';
import { searchOf } from '../../../main/core/search/case-search';
import type { SearchQueryInput } from '../../../shared/search/schema';
import { SEEDS_DIR, TEST_VAULT, tempDir } from '../case/helpers';

const PASSPHRASE = 'correct horse battery';
const options = { researcher: 'alice', vault: TEST_VAULT };
const q = (query: string, extra: Partial<SearchQueryInput> = {}) => ({ query, offset: 0, limit: 50, contextChars: 40, maxSnippets: 3, ...extra });

/** Seeds (by their 3-digit prefix) whose text has the phrase, counted independently of the search code. */
async function seedsMentioning(phrase: RegExp): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(SEEDS_DIR)).sort()) if (phrase.test(await readFile(path.join(SEEDS_DIR, name), 'utf8'))) out.push(name.slice(0, 3));
  return out;
}

describe('search and entities', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let opened: OpenCase;
  const seedIds = new Map<string, string>();
  const prefixOf = (id: string) => [...seedIds].find(([, v]) => v === id)?.[0];
  const run = (query: string) => searchOf(opened).search(q(query));
  const sourcesOf = async (query: string) => (await run(query)).hits.filter((h) => h.kind === 'source').map((h) => prefixOf(h.id)).sort();

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir('casefile-search-entities-'));
    opened = await OpenCase.create(dir, 'Entities search', PASSPHRASE, options);
    const report = await opened.importPaths([SEEDS_DIR]);
    for (const s of report.imported) seedIds.set(s.originalName.slice(0, 3), s.id);
  });

  afterAll(async () => {
    await opened?.close();
    await cleanup?.();
  });

  it('follows entities and links through create, rename, merge, undo and delete', async () => {
    const entities = entitiesOf(opened, 'alice');
    const passages = passagesOf(opened, 'alice');
    const nsoSeeds = await seedsMentioning(/NSO Group/i);
    expect(nsoSeeds).toEqual(['000', '001', '002', '004']);

    // A passage in the French seed, which never writes "NSO Group".
    const passage = await passages.create({ sourceId: seedIds.get('003')!, target: { start: 0, end: 30 }, tagIds: [], note: '', status: null });
    const shell = await entities.create({ type: 'Company', name: 'Société Fantôme', aliases: ['Shell Co'], description: '', properties: {}, passageIds: [passage.id] });
    const nso = await entities.create({ type: 'Company', name: 'NSO Group', aliases: [], description: '', properties: {}, passageIds: [] });

    // Names and aliases are indexed as entity hits.
    const byName = await run('fantome');
    expect(byName.totals.entity).toBe(1);
    expect(byName.hits.find((h) => h.kind === 'entity')).toMatchObject({ id: shell.id, title: 'Société Fantôme', sourceId: null });
    const byAlias = (await run('shell kind:entity')).hits[0];
    expect(byAlias?.matches[0]).toMatchObject({ field: 'alias', fieldIndex: 0, start: 0, end: 5 });

    // entity: by name (any case and accents), alias or id: the entity, its linked passage, the source holding it.
    for (const value of ['"societe FANTOME"', '"Shell Co"', '"shell-co"', shell.id]) {
      const found = await run(`entity:${value}`);
      expect(found.totals, value).toEqual({ source: 1, passage: 1, entity: 1 });
      expect(found.hits.find((h) => h.kind === 'passage')?.id).toBe(passage.id);
      expect(prefixOf(found.hits.find((h) => h.kind === 'source')?.id ?? '')).toBe('003');
    }
    // Sources that mention an entity match it without any link; passages need a link.
    expect(await sourcesOf('entity:"NSO Group"')).toEqual(nsoSeeds);
    expect((await run('entity:"nso group"')).totals).toEqual({ source: 4, passage: 0, entity: 1 });
    expect(await sourcesOf('pegasus -entity:"NSO Group"')).toEqual(['003']);
    // Repeated entity: filters must all apply.
    expect((await run('entity:"NSO Group" entity:"Shell Co"')).totals.source).toBe(0);

    // Rename: the old name no longer finds anything, the link stays.
    await entities.update({ id: shell.id, name: 'Ghost Holdings', keepOldNameAsAlias: false });
    expect((await run('fantome')).total).toBe(0);
    expect((await run('ghost')).hits.map((h) => h.id)).toEqual([shell.id]);
    expect((await run('entity:"Ghost Holdings"')).totals).toEqual({ source: 1, passage: 1, entity: 1 });
    const gone = await run('entity:"Société Fantôme"');
    expect(gone.total).toBe(0);
    expect(gone.warnings).toEqual(['No entity is named "Société Fantôme".']);

    // Merge into NSO Group: the link moves, the merged name becomes an alias of the survivor.
    await entities.merge(shell.id, nso.id);
    expect((await run('entity:"NSO Group"')).totals).toEqual({ source: 5, passage: 1, entity: 1 });
    expect((await run('entity:"Ghost Holdings" kind:passage')).hits.map((h) => h.id)).toEqual([passage.id]);
    expect((await run('ghost')).hits.map((h) => [h.kind, h.id, h.matches[0]?.field])).toEqual([['entity', nso.id, 'alias']]);

    // Undo (the shared Ctrl+Z) puts both entities and the link back.
    await passages.history.undo();
    expect((await run('entity:"NSO Group"')).totals).toEqual({ source: 4, passage: 0, entity: 1 });
    expect((await run('entity:"Ghost Holdings"')).totals).toEqual({ source: 1, passage: 1, entity: 1 });
    expect((await run('ghost')).hits.map((h) => h.id)).toEqual([shell.id]);

    // Unlinking and deleting.
    await entities.link(passage.id, [shell.id], true);
    expect((await run('entity:"Ghost Holdings"')).totals).toEqual({ source: 0, passage: 0, entity: 1 });
    await entities.link(passage.id, [shell.id]);
    expect((await run('entity:"Ghost Holdings"')).totals.passage).toBe(1);
    await entities.delete(shell.id);
    expect((await run('ghost')).total).toBe(0);
    expect((await run('entity:"Ghost Holdings"')).warnings).toEqual(['No entity is named "Ghost Holdings".']);
    expect((await run(`entity:${nso.id} kind:entity`)).hits.map((h) => h.id)).toEqual([nso.id]);
  });

  it('keeps links in the stored index across a reopen', async () => {
    const entities = entitiesOf(opened, 'alice');
    const passages = passagesOf(opened, 'alice');
    const passage = await passages.create({ sourceId: seedIds.get('000')!, target: { start: 0, end: 20 }, tagIds: [], note: '', status: null });
    await entities.create({ type: 'Person', name: 'Omri Lavie', aliases: ['Lavie'], description: '', properties: {}, passageIds: [passage.id] });
    const before = (await run('entity:Lavie')).totals;
    expect(before.passage).toBe(1);
    await opened.close();
    opened = await OpenCase.open(dir, PASSPHRASE, options);
    expect((await run('entity:Lavie')).totals).toEqual(before);
    expect(searchOf(opened).lastLoad).toEqual({ fromDisk: true, reindexed: 0, removed: 0 });
  });
});
