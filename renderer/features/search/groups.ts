import type { SearchHit, SearchKind, SearchTotals } from '../../../shared/search/schema';

/** Groups shown in the results, in this order. Notes are passages whose note (not quote) matched. */
export type GroupKey = 'source' | 'passage' | 'note' | 'entity';
export const GROUP_ORDER: readonly GroupKey[] = ['source', 'passage', 'note', 'entity'];
export const GROUP_LABELS: Record<GroupKey, string> = {
  source: 'Sources',
  passage: 'Passages',
  note: 'Notes',
  entity: 'Entities',
};

export type HitPages = Record<SearchKind, readonly SearchHit[]>;

export type ResultGroup = {
  key: GroupKey;
  /** The kind it pages through ("Show more" asks for more of this kind). */
  kind: SearchKind;
  hits: readonly SearchHit[];
  /**
   * Exact number of items in the group when it is known: always for sources and entities; for passages and notes
   * only once every passage hit is loaded (the index counts passages, not which of their fields matched).
   */
  count: number | null;
  /** Hits of this kind not loaded yet; shown on the last group of the kind. */
  more: number;
  /** Index of the group's first hit in the flat keyboard order. */
  firstIndex: number;
};

/** A passage hit belongs with the notes when only its note matched (a quote match is the stronger evidence). */
export function groupOfHit(hit: SearchHit): GroupKey {
  if (hit.kind !== 'passage') return hit.kind;
  const fields = new Set(hit.matches.map((m) => m.field).concat(hit.snippets.map((s) => s.field)));
  return fields.has('note') && !fields.has('quote') ? 'note' : 'passage';
}

/** Groups with hits, in display order, plus the hits in the order the arrow keys walk them. */
export function groupHits(pages: HitPages, totals: SearchTotals): { groups: ResultGroup[]; flat: SearchHit[] } {
  const byGroup: Record<GroupKey, SearchHit[]> = { source: [], passage: [], note: [], entity: [] };
  for (const kind of ['source', 'passage', 'entity'] as const) {
    for (const hit of pages[kind]) byGroup[groupOfHit(hit)].push(hit);
  }
  const passagesComplete = pages.passage.length >= totals.passage;
  const groups: ResultGroup[] = [];
  const flat: SearchHit[] = [];
  for (const key of GROUP_ORDER) {
    const hits = byGroup[key];
    const kind: SearchKind = key === 'note' ? 'passage' : key;
    const remaining = Math.max(0, totals[kind] - pages[kind].length);
    // "Show more" for passages goes under the notes when there are notes, else under the passages.
    const lastOfKind = key !== 'passage' || byGroup.note.length === 0;
    if (hits.length === 0 && !(lastOfKind && remaining > 0 && key !== 'note')) continue;
    const count = key === 'passage' || key === 'note' ? (passagesComplete ? hits.length : null) : totals[kind];
    groups.push({ key, kind, hits, count, more: lastOfKind ? remaining : 0, firstIndex: flat.length });
    flat.push(...hits);
  }
  return { groups, flat };
}

/** Where opening a hit takes the researcher. Offsets are code points of the source's NFC text. */
export type JumpTarget =
  | { type: 'range'; sourceId: string; start: number; end: number }
  | { type: 'passage'; sourceId: string; passageId: string }
  | { type: 'source'; sourceId: string }
  | { type: 'entity'; entityId: string; name: string };

/**
 * The first match that has a place in the source text decides where the reader goes; a hit on a source's title
 * alone opens the source at its top.
 */
export function jumpTarget(hit: SearchHit, matchIndex?: number): JumpTarget | null {
  if (hit.kind === 'entity') return { type: 'entity', entityId: hit.id, name: hit.title };
  if (!hit.sourceId) return null;
  if (hit.kind === 'passage') return { type: 'passage', sourceId: hit.sourceId, passageId: hit.id };
  const chosen = matchIndex === undefined ? undefined : hit.matches[matchIndex];
  const match = chosen?.sourceStart != null ? chosen : hit.matches.find((m) => m.sourceStart !== null && m.sourceEnd !== null);
  if (match && match.sourceStart !== null && match.sourceEnd !== null) {
    return { type: 'range', sourceId: hit.sourceId, start: match.sourceStart, end: match.sourceEnd };
  }
  return { type: 'source', sourceId: hit.sourceId };
}

/** The match a snippet shows first, as an index into hit.matches (to jump to the snippet a researcher clicked). */
export function snippetMatchIndex(hit: SearchHit, snippetIndex: number): number | undefined {
  const snippet = hit.snippets[snippetIndex];
  const first = snippet?.highlights[0];
  if (!snippet || !first) return undefined;
  const start = snippet.start + first.start;
  const index = hit.matches.findIndex((m) => m.field === snippet.field && m.fieldIndex === snippet.fieldIndex && m.start === start);
  return index >= 0 ? index : undefined;
}

/** The arrow keys walk the flat list and stop at its ends (wrapping would hide that the list ended). */
export function moveActive(active: number, count: number, key: string, page = 8): number {
  if (count === 0) return -1;
  const clamp = (n: number) => Math.min(Math.max(n, 0), count - 1);
  switch (key) {
    case 'ArrowDown':
      return clamp(active + 1);
    case 'ArrowUp':
      return clamp(active - 1);
    case 'PageDown':
      return clamp(active + page);
    case 'PageUp':
      return clamp(active - page);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return clamp(active);
  }
}

export function totalLine(totals: SearchTotals): string {
  const total = totals.source + totals.passage + totals.entity;
  const parts = [
    [totals.source, 'source', 'sources'],
    [totals.passage, 'passage', 'passages'],
    [totals.entity, 'entity', 'entities'],
  ] as const;
  const detail = parts.filter(([n]) => n > 0).map(([n, one, many]) => `${n.toLocaleString()} ${n === 1 ? one : many}`);
  if (total === 0) return 'No results';
  return `${total.toLocaleString()} ${total === 1 ? 'result' : 'results'}${detail.length > 1 ? ` · ${detail.join(', ')}` : ''}`;
}
