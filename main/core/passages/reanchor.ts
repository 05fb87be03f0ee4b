/**
 * Saving re-anchored selectors after a source revision (added for sources.addRevision in main/core/case/revisions.ts).
 * The passages themselves keep everything else (tags, notes, status); only where they sit in the text changes.
 */
import type { PassageRecord } from '../../../shared/domain/passage';
import { AnchorText, pageAt, reanchorPassages } from '../../../shared/text/anchoring';
import type { DbOp, Vault } from '../vault/api';
import { passageRecords, putPassage } from './store';

export interface ReanchorOutcome {
  ops: DbOp[];
  anchored: number;
  moved: { id: string; exact: string; from: number; to: number }[];
  changed: { id: string; exact: string; found: string }[];
  orphaned: { id: string; exact: string }[];
}

/**
 * Re-anchors every passage of `sourceId` from `oldText` onto `newText` (blob `newTextBlob`) and returns the puts
 * that store the fresh selectors (to commit with the source's new revision) plus what happened to each passage.
 * Orphaned passages keep their old selectors and revision, so their quote is never lost.
 */
export function applyReanchoring(
  vault: Vault,
  sourceId: string,
  oldText: string,
  newText: string,
  newTextBlob: string,
  newPageStarts: readonly number[] | null,
  now: string,
): ReanchorOutcome {
  const passages = passageRecords(vault).filter((p) => p.sourceId === sourceId);
  const results = reanchorPassages(new AnchorText(oldText), new AnchorText(newText), passages);
  const byId = new Map(passages.map((p) => [p.id, p]));
  const outcome: ReanchorOutcome = { ops: [], anchored: 0, moved: [], changed: [], orphaned: [] };
  for (const r of results) {
    const passage = byId.get(r.id);
    if (!passage) continue;
    const exact = passage.selectors.quote.exact;
    if (r.state === 'orphaned' || !r.selectors || r.start === null) {
      outcome.orphaned.push({ id: r.id, exact });
      continue;
    }
    if (r.state === 'anchored') outcome.anchored += 1;
    else if (r.state === 'moved') outcome.moved.push({ id: r.id, exact, from: passage.selectors.position.start, to: r.start });
    else outcome.changed.push({ id: r.id, exact, found: r.found ?? r.selectors.quote.exact });
    const updated: PassageRecord = {
      ...passage,
      selectors: r.selectors,
      textRevision: newTextBlob,
      page: pageAt(newPageStarts, r.start),
      updatedAt: now,
    };
    outcome.ops.push(putPassage(updated));
  }
  return outcome;
}
