import type { SourceSummary } from '../../../shared/domain/source';

export type SortKey = 'title' | 'type' | 'size' | 'importedAt';
export type SortState = { key: SortKey; direction: 'asc' | 'desc' };

export const DEFAULT_SORT: SortState = { key: 'importedAt', direction: 'desc' };

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compareBy(key: SortKey, a: SourceSummary, b: SourceSummary): number {
  switch (key) {
    case 'title':
      return collator.compare(a.title, b.title);
    case 'type':
      return a.type.localeCompare(b.type);
    case 'size':
      return a.size - b.size;
    case 'importedAt':
      return Date.parse(a.importedAt) - Date.parse(b.importedAt);
  }
}

/** Ties fall back to title, then id, so the order never jumps between refreshes. */
export function sortSources(sources: readonly SourceSummary[], sort: SortState): SourceSummary[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...sources].sort(
    (a, b) => sign * compareBy(sort.key, a, b) || collator.compare(a.title, b.title) || a.id.localeCompare(b.id),
  );
}

/** Clicking the sorted column flips it; a new column starts in the direction people usually want. */
export function nextSort(current: SortState, key: SortKey): SortState {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: key === 'title' || key === 'type' ? 'asc' : 'desc' };
}
