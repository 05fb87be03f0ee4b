import type { TagView } from '../../../shared/domain/tag';
import { fuzzyScore } from '../../commands/fuzzy';
import { pathLabel } from '../codebook/tagTree';

export type TagOption = { kind: 'tag'; tag: TagView } | { kind: 'create'; name: string };

/**
 * What the tag picker offers for a query. Tags containing the query come first; then, unless a tag already has
 * exactly that name, “Create”; then looser (subsequence) matches. So Enter on a new name creates it instead of
 * picking whatever tag happens to contain its letters in order, and Enter on “bri” still finds “Bribery”.
 */
export function tagOptions(tags: readonly TagView[], query: string, limit = 8): TagOption[] {
  const q = query.trim().toLocaleLowerCase();
  const usable = tags.filter((tag) => !tag.id.startsWith('pending:'));
  if (q === '') {
    return [...usable]
      .sort((a, b) => b.passageCount - a.passageCount || pathLabel(a).localeCompare(pathLabel(b)))
      .slice(0, limit)
      .map((tag) => ({ kind: 'tag', tag }));
  }
  const scored = usable
    .map((tag) => ({ tag, label: pathLabel(tag).toLocaleLowerCase(), score: fuzzyScore(q, pathLabel(tag)) }))
    .filter((entry): entry is { tag: TagView; label: string; score: number } => entry.score !== null);
  const exact = scored.filter((e) => e.tag.name.toLocaleLowerCase() === q);
  const containing = scored.filter((e) => !exact.includes(e) && e.label.includes(q)).sort((a, b) => b.score - a.score);
  const loose = scored.filter((e) => !exact.includes(e) && !containing.includes(e)).sort((a, b) => b.score - a.score);
  const options: TagOption[] = [...exact, ...containing].map((e) => ({ kind: 'tag', tag: e.tag }));
  if (exact.length === 0 && !query.includes('/')) options.push({ kind: 'create', name: query.trim() });
  options.push(...loose.map((e): TagOption => ({ kind: 'tag', tag: e.tag })));
  return options.slice(0, limit);
}
