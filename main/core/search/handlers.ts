import type { Handlers } from '../api/dispatch';
import type { CaseContext } from '../case/context';
import { translateVaultErrors } from '../case/errors';
import { batchCsv } from './batch-csv';
import { searchOf } from './case-search';
import { deleteSavedSearch, saveSearch, savedSearch, savedSearches } from './saved';

export type SearchMethod =
  | 'search.query'
  | 'search.status'
  | 'search.savedList'
  | 'search.save'
  | 'search.savedDelete'
  | 'search.savedRun'
  | 'search.batch'
  | 'search.batchExport';

export function searchHandlers(ctx: CaseContext): Pick<Handlers, SearchMethod> {
  const search = () => searchOf(ctx.requireOpen());
  return {
    // The UI asks again as indexing progresses (search.status), so it takes a prompt partial answer over a wait.
    'search.query': (input) => translateVaultErrors(() => search().search(input, { partial: true })),
    'search.status': () => search().status(),
    'search.savedList': async () => ({ searches: savedSearches(ctx.requireOpen().vault) }),
    'search.save': (input) => saveSearch(ctx.requireOpen().vault, ctx.researcher, input),
    'search.savedDelete': (input) => deleteSavedSearch(ctx.requireOpen().vault, input.id),
    'search.savedRun': (input) => {
      const saved = savedSearch(ctx.requireOpen().vault, input.id);
      return translateVaultErrors(() =>
        search().search(
          { query: saved.query, kind: input.kind, offset: input.offset, limit: input.limit, contextChars: 60, maxSnippets: 3 },
          { partial: true },
        ),
      );
    },
    'search.batch': async (input) => {
      const started = performance.now();
      const rows = await translateVaultErrors(() => search().batch(input.terms, input.filter));
      return { rows, tookMs: Math.round((performance.now() - started) * 100) / 100 };
    },
    'search.batchExport': async (input) => {
      const rows = await translateVaultErrors(() => search().batch(input.terms, input.filter));
      const date = new Date().toISOString().slice(0, 10);
      return { fileName: `batch-search-${date}.csv`, mimeType: 'text/csv;charset=utf-8', content: batchCsv(rows) };
    },
  };
}
