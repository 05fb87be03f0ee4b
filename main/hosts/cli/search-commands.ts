import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CasefileError } from '../../../shared/api/result';
import { SEARCH_HELP } from '../../../shared/search/query';
import { searchKindSchema, type SearchHit, type SearchResult, type SearchSnippet } from '../../../shared/search/schema';
import { batchCsv } from '../../core/search/batch-csv';
import { searchOf } from '../../core/search/case-search';
import { passphraseFileOption, print, str, withCase, type Command, type Values } from './commands';

/** The stable JSON shape of `search --json` (documented in README "JSON output (stable)"). */
export interface SearchJson {
  query: string;
  total: number;
  totals: SearchResult['totals'];
  offset: number;
  limit: number;
  warnings: string[];
  hits: {
    kind: SearchHit['kind'];
    id: string;
    sourceId: string | null;
    sourceTitle: string | null;
    title: string;
    occurrences: number;
    matches: SearchHit['matches'];
    snippets: { field: SearchSnippet['field']; text: string; start: number; highlights: SearchSnippet['highlights'] }[];
  }[];
}

function toJson(result: SearchResult): SearchJson {
  return {
    query: result.query,
    total: result.total,
    totals: result.totals,
    offset: result.offset,
    limit: result.limit,
    warnings: result.warnings,
    hits: result.hits.map((h) => ({
      kind: h.kind,
      id: h.id,
      sourceId: h.sourceId,
      sourceTitle: h.sourceTitle,
      title: h.title,
      occurrences: h.occurrences,
      matches: h.matches,
      snippets: h.snippets.map((s) => ({ field: s.field, text: s.text, start: s.start, highlights: s.highlights })),
    })),
  };
}

/** Marks highlights with [brackets] for a terminal; code points, like the offsets. */
function marked(snippet: SearchSnippet): string {
  const chars = [...snippet.text.replace(/\s+/g, ' ')];
  for (const h of [...snippet.highlights].sort((a, b) => b.start - a.start)) {
    chars.splice(h.end, 0, ']');
    chars.splice(h.start, 0, '[');
  }
  return `${snippet.cutBefore ? '…' : ''}${chars.join('')}${snippet.cutAfter ? '…' : ''}`;
}

function textReport(result: SearchResult): string {
  const { totals } = result;
  const lines = [
    `${result.total} result(s): ${totals.source} source(s), ${totals.passage} passage(s), ${totals.entity} entit${totals.entity === 1 ? 'y' : 'ies'}.`,
    ...result.warnings.map((w) => `  ! ${w}`),
  ];
  for (const hit of result.hits) {
    const where = hit.kind === 'passage' ? `  in ${hit.sourceTitle ?? hit.sourceId ?? '?'}` : '';
    lines.push(`${hit.kind.padEnd(7)} ${hit.id}  ${hit.title}${where}  (${hit.occurrences} match${hit.occurrences === 1 ? '' : 'es'})`);
    for (const snippet of hit.snippets) lines.push(`          ${snippet.field}: ${marked(snippet)}`);
  }
  const shown = result.offset + result.hits.length;
  if (shown < result.total) lines.push(`Showing ${result.offset + 1}–${shown} of ${result.total}; use --offset ${shown} for more.`);
  return lines.join('\n');
}

function count(values: Values, key: string, fallback: number, max: number): number {
  const raw = str(values, key);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new CasefileError('BAD_INPUT', `--${key} must be a whole number from 0 to ${max}.`);
  return n;
}

export function searchCommands(): Command[] {
  return [
    {
      name: 'search',
      usage: 'search <dir> "<query>" [--json] [--limit N] [--offset N] [--kind K] | search <dir> --batch F [--csv OUT]',
      summary: 'Search sources and passages (run "search --help-syntax" for the syntax); --batch runs one query per line.',
      options: {
        ...passphraseFileOption,
        limit: { type: 'string' },
        offset: { type: 'string' },
        kind: { type: 'string' },
        batch: { type: 'string' },
        csv: { type: 'string' },
        filter: { type: 'string' },
        'help-syntax': { type: 'boolean' },
      },
      positionals: { min: 0, max: 2 },
      async run([dir, query], values) {
        if (values['help-syntax']) {
          process.stdout.write(`${SEARCH_HELP}\n`);
          return 0;
        }
        if (!dir) throw new CasefileError('BAD_INPUT', 'Usage: npm run cli -- search <dir> "<query>"');
        const batchFile = str(values, 'batch');
        if (batchFile) {
          const terms = (await readFile(path.resolve(batchFile), 'utf8')).split(/\r?\n/).filter((t) => t.trim() !== '');
          if (terms.length === 0) throw new CasefileError('BAD_INPUT', 'The batch file has no terms (one query per line).');
          const rows = await withCase(dir, values, (opened) => searchOf(opened).batch(terms, str(values, 'filter') ?? ''));
          const csvOut = str(values, 'csv');
          if (csvOut) await writeFile(path.resolve(csvOut), batchCsv(rows), 'utf8');
          const text = rows
            .map((r) => `${String(r.documents).padStart(6)} docs ${String(r.occurrences).padStart(7)} hits ${String(r.passages).padStart(5)} passages  ${r.term}${r.error ? `  ! ${r.error}` : ''}`)
            .join('\n');
          print(values, { rows }, text + (csvOut ? `\nWrote ${path.resolve(csvOut)}` : ''));
          return 0;
        }
        if (query === undefined) throw new CasefileError('BAD_INPUT', 'Give the query in quotes: npm run cli -- search <dir> "<query>"');
        const kindValue = str(values, 'kind');
        const kind = kindValue === undefined ? undefined : searchKindSchema.safeParse(kindValue.replace(/s$/, '')).data;
        if (kindValue !== undefined && !kind) throw new CasefileError('BAD_INPUT', '--kind must be source, passage or entity.');
        const limit = count(values, 'limit', 20, 500);
        const offset = count(values, 'offset', 0, 1_000_000);
        const result = await withCase(dir, values, (opened) =>
          searchOf(opened).search({ query, kind, offset, limit: Math.max(1, limit), contextChars: 60, maxSnippets: 3 }),
        );
        print(values, toJson(result), textReport(result));
        return 0;
      },
    },
  ];
}
