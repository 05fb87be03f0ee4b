import type { DossierSection } from '../../../shared/domain/dossier';

/** The list with the item at `from` moved to `to` (both clamped); the same list when nothing moves. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  if (from < 0 || from >= list.length) return next;
  const target = Math.min(Math.max(to, 0), list.length - 1);
  if (target === from) return next;
  const [item] = next.splice(from, 1);
  next.splice(target, 0, item as T);
  return next;
}

export type BlockPlace = { sectionId: string; index: number };

/**
 * Where Alt+↑/↓ takes a block: one step within its section, and past the first or last block into the
 * neighbouring section (at its end going up, at its start going down), so a block can travel the whole dossier
 * from the keyboard. Null when it is already at the very top or bottom.
 */
export function blockStep(sections: readonly DossierSection[], blockId: string, delta: -1 | 1): BlockPlace | null {
  const s = sections.findIndex((section) => section.blocks.some((b) => b.id === blockId));
  const section = sections[s];
  if (!section) return null;
  const index = section.blocks.findIndex((b) => b.id === blockId);
  const target = index + delta;
  if (target >= 0 && target < section.blocks.length) return { sectionId: section.id, index: target };
  const neighbour = sections[s + delta];
  if (!neighbour) return null;
  return { sectionId: neighbour.id, index: delta < 0 ? neighbour.blocks.length : 0 };
}

/** Alt+↑ / Alt+↓ (and nothing else held): the reorder keys of the composer. */
export function reorderDelta(event: { key: string; altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }): -1 | 1 | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  if (event.key === 'ArrowUp') return -1;
  if (event.key === 'ArrowDown') return 1;
  return null;
}

/** The quotes block a passage added to a section goes into: the section's last block when it holds quotes. */
export function quotesTarget(section: DossierSection): { blockId: string; passageIds: string[] } | null {
  const last = section.blocks[section.blocks.length - 1];
  return last?.type === 'quotes' ? { blockId: last.id, passageIds: last.passageIds } : null;
}
