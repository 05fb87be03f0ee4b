import { filterToken } from '../../../shared/search/query';
import type { FilterField } from '../../../shared/search/query';

/** The filter row's choices. Each maps onto one field of the query syntax (SEARCH_HELP), so what the chips do is
 *  what a researcher could type, and a saved search keeps them. */
export type FilterState = {
  kind: string;
  tag: string;
  entity: string;
  source: string;
  lang: string;
  type: string;
  status: string;
  by: string;
  after: string;
  before: string;
};

export const NO_FILTERS: FilterState = {
  kind: '',
  tag: '',
  entity: '',
  source: '',
  lang: '',
  type: '',
  status: '',
  by: '',
  after: '',
  before: '',
};

const FIELDS: readonly [keyof FilterState, FilterField][] = [
  ['kind', 'kind'],
  ['tag', 'tag'],
  ['entity', 'entity'],
  ['source', 'source'],
  ['lang', 'lang'],
  ['type', 'type'],
  ['status', 'status'],
  ['by', 'by'],
  ['after', 'after'],
  ['before', 'before'],
];

export function filterTokens(filters: FilterState): string[] {
  return FIELDS.flatMap(([key, field]) => (filters[key].trim() ? [filterToken(field, filters[key].trim())] : []));
}

export function activeFilterCount(filters: FilterState): number {
  return filterTokens(filters).length;
}

/** What goes to search.query: the typed text, then the chips' filters. */
export function composeQuery(text: string, filters: FilterState): string {
  return [text.trim(), ...filterTokens(filters)].filter(Boolean).join(' ');
}

/** Batch terms: one per line, like Datashare; blank lines and surrounding spaces do not count. */
export function parseBatchTerms(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}
