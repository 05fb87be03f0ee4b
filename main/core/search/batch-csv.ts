import type { BatchRow } from '../../../shared/search/schema';
import { toCsv } from '../passages/csv';

/** Batch results as CSV (RFC 4180, BOM, formula-looking cells neutralised: terms come from pasted lists). */
export function batchCsv(rows: readonly BatchRow[]): string {
  return toCsv([
    ['term', 'documents', 'occurrences', 'passages', 'passage_occurrences', 'entities', 'error'],
    ...rows.map((r) => [r.term, r.documents, r.occurrences, r.passages, r.passageOccurrences, r.entities, r.error]),
  ]);
}
