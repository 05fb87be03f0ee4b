import type { PassageInContext, PassageStatus } from '../../../shared/domain/passage';
import type { TagView } from '../../../shared/domain/tag';

export type TagNode = { tag: TagView; depth: number; children: TagNode[] };

const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * The codebook as a tree, siblings sorted by name. A tag whose parent is missing (a stale id) becomes a root
 * rather than vanishing, and a parent cycle (which main refuses to create) cannot loop forever.
 */
export function buildTagTree(tags: readonly TagView[]): TagNode[] {
  const ids = new Set(tags.map((t) => t.id));
  const childrenOf = new Map<string | null, TagView[]>();
  for (const tag of tags) {
    const parent = tag.parentId !== null && ids.has(tag.parentId) && tag.parentId !== tag.id ? tag.parentId : null;
    const list = childrenOf.get(parent) ?? [];
    list.push(tag);
    childrenOf.set(parent, list);
  }
  const seen = new Set<string>();
  const build = (parent: string | null, depth: number): TagNode[] =>
    (childrenOf.get(parent) ?? [])
      .filter((tag) => !seen.has(tag.id))
      .sort((a, b) => byName.compare(a.name, b.name))
      .map((tag) => {
        seen.add(tag.id);
        return { tag, depth, children: build(tag.id, depth + 1) };
      });
  const roots = build(null, 0);
  // Tags only reachable through a cycle are shown at the top level.
  for (const tag of tags) if (!seen.has(tag.id)) roots.push({ tag, depth: 0, children: [] });
  return roots;
}

/** The rows to show: every node whose ancestors are all expanded, in tree order. */
export function visibleRows(roots: readonly TagNode[], collapsed: ReadonlySet<string>): TagNode[] {
  const rows: TagNode[] = [];
  const walk = (nodes: readonly TagNode[]) => {
    for (const node of nodes) {
      rows.push(node);
      if (!collapsed.has(node.tag.id)) walk(node.children);
    }
  };
  walk(roots);
  return rows;
}

/** The tag and all its descendants: where it may not be moved, and what it may not be merged into. */
export function subtreeIds(tags: readonly TagView[], id: string): Set<string> {
  const result = new Set<string>([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const tag of tags) {
      if (tag.parentId !== null && result.has(tag.parentId) && !result.has(tag.id)) {
        result.add(tag.id);
        grew = true;
      }
    }
  }
  return result;
}

/** Tags that `id` can be moved under (null is the top level); its own subtree is excluded. */
export function moveTargets(tags: readonly TagView[], id: string): TagView[] {
  const blocked = subtreeIds(tags, id);
  return tags.filter((tag) => !blocked.has(tag.id)).sort((a, b) => byName.compare(pathLabel(a), pathLabel(b)));
}

export function pathLabel(tag: Pick<TagView, 'path' | 'name'>): string {
  return tag.path.length > 0 ? tag.path.join(' / ') : tag.name;
}

export type PassageFilter = { status: PassageStatus | 'none' | 'all'; researcher: string | 'all' };

export function filterPassages<T extends Pick<PassageInContext, 'status' | 'researcher'>>(
  passages: readonly T[],
  filter: PassageFilter,
): T[] {
  return passages.filter(
    (p) =>
      (filter.status === 'all' || (filter.status === 'none' ? p.status === null : p.status === filter.status)) &&
      (filter.researcher === 'all' || p.researcher === filter.researcher),
  );
}

export function researchersOf(passages: readonly Pick<PassageInContext, 'researcher'>[]): string[] {
  return [...new Set(passages.map((p) => p.researcher))].sort((a, b) => byName.compare(a, b));
}
