import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../main/core/api/dispatch';
import { OpenCase } from '../../../main/core/case/open-case';
import { createCaseService } from '../../../main/core/case/service';
import { searchOf } from '../../../main/core/search/case-search';
import type { SearchQueryInput } from '../../../shared/search/schema';
import { SEEDS_DIR, TEST_VAULT, tempDir } from '../case/helpers';

const PASSPHRASE = 'correct horse battery';
const options = { researcher: 'alice', vault: TEST_VAULT };
const q = (query: string, extra: Partial<SearchQueryInput> = {}) => ({ query, offset: 0, limit: 20, contextChars: 40, maxSnippets: 1, ...extra });
const DOCS = 90;

function memo(i: number): Uint8Array {
  const body = Array.from({ length: 900 }, (_, k) => `word${(i * 7 + k) % 500}`).join(' ');
  return new TextEncoder().encode(`Memo ${i} about the ledger.\n${body}\n`);
}

describe('search during a rebuild', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let opened: OpenCase;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir('casefile-search-rebuild-'));
    opened = await OpenCase.create(dir, 'Rebuild', PASSPHRASE, options);
    await opened.importFiles(Array.from({ length: DOCS }, (_, i) => ({ name: `memo-${i}.txt`, path: null, bytes: memo(i) })));
    // Searching right after a big import may be partial too; wait for the index to have it all.
    await searchOf(opened).ready();
    expect((await searchOf(opened).search(q('ledger'))).totals.source).toBe(DOCS);
    await opened.close();
  });

  afterAll(async () => {
    await opened?.close();
    await cleanup?.();
  });

  it('answers at once, flagged as partial, while a missing index is rebuilt; exact once it is done', async () => {
    for (const file of await readdir(path.join(dir, 'aux'))) await rm(path.join(dir, 'aux', file));
    opened = await OpenCase.open(dir, PASSPHRASE, options);
    const search = searchOf(opened);

    // What a CLI or script gets is always exact (see the end); the workbench's search.query may answer early.
    const early = await search.search(q('ledger'), { partial: true });
    expect(early.indexing).toBe(true);
    expect(early.pendingDocs).toBeGreaterThan(0);
    expect(early.totals.source).toBeLessThan(DOCS);
    const status = await search.status();
    expect(status.state).toBe('building');
    expect(status.pendingDocs).toBeGreaterThan(0);
    expect(status.indexedDocs + status.pendingDocs).toBe(DOCS);

    const waited = await search.search(q('ledger'));
    expect(waited.indexing).toBe(false);
    expect(waited.totals.source).toBe(DOCS);
    const done = await search.search(q('ledger'), { partial: true });
    expect(done.indexing).toBe(false);
    expect(done.pendingDocs).toBe(0);
    expect(done.totals.source).toBe(DOCS);
    expect(await search.status()).toEqual({ indexedDocs: DOCS, pendingDocs: 0, state: 'ready' });
  });

  it('says so through the contract: search.query flags the partial answer, search.status shows progress', async () => {
    await opened.close();
    for (const file of await readdir(path.join(dir, 'aux'))) await rm(path.join(dir, 'aux', file));
    const service = createCaseService({ location: { kind: 'project', dir }, host: 'web', seedsDir: SEEDS_DIR, researcher: 'alice', vault: TEST_VAULT });
    const call = async <T>(method: string, input: unknown): Promise<T> => {
      const result = await dispatch(service.handlers, method, input);
      if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
      return result.value as T;
    };
    type Result = { total: number; indexing?: boolean; pendingDocs: number };
    type Status = { indexedDocs: number; pendingDocs: number; state: string };
    try {
      await call('case.unlock', { passphrase: PASSPHRASE });
      const early = await call<Result>('search.query', { query: 'ledger' });
      expect(early.indexing).toBe(true);
      expect(early.total).toBeLessThan(DOCS);
      const seen: Status[] = [];
      for (let i = 0; i < 600; i++) {
        const status = await call<Status>('search.status', {});
        seen.push(status);
        if (status.state === 'ready' && status.pendingDocs === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(seen[0]?.state).toBe('building');
      expect(seen.at(-1)).toEqual({ indexedDocs: DOCS, pendingDocs: 0, state: 'ready' });
      const done = await call<Result>('search.query', { query: 'ledger' });
      expect(done).toMatchObject({ total: DOCS, indexing: false, pendingDocs: 0 });
    } finally {
      await service.close();
      opened = await OpenCase.open(dir, PASSPHRASE, options);
    }
  });
});
