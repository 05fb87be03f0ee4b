import type { MethodInput } from '../../../shared/api/contract';
import type { EvidenceChoice, PassageRef, RelationshipKind, RelationshipView } from '../../../shared/domain/entity';
import { datesInOrder, partialDateSchema } from '../../../shared/domain/entity';
import { formatPartialDate } from './TimelineView';

/**
 * What the relationship form edits, before it is saved. Dates are the text as typed ('' for none); `evidence` holds
 * passage ids in the order they were chosen.
 */
export type RelationshipDraft = {
  kind: RelationshipKind;
  label: string;
  startDate: string;
  endDate: string;
  description: string;
  evidence: readonly string[];
};

export const NEW_RELATIONSHIP: RelationshipDraft = { kind: 'associate', label: '', startDate: '', endDate: '', description: '', evidence: [] };

/** The draft a relationship's edit starts from: its fields, and the evidence passages that still exist. */
export function draftOf(r: RelationshipView): RelationshipDraft {
  return {
    kind: r.kind,
    label: r.label,
    startDate: r.startDate ?? '',
    endDate: r.endDate ?? '',
    description: r.description,
    evidence: r.evidence.map((p) => p.id),
  };
}

const date = (typed: string): string | null => (typed.trim() === '' ? null : typed.trim());

/** What stops the draft from being saved, in the words the form shows; null when it can be. */
export function draftProblem(d: RelationshipDraft): string | null {
  if (d.kind === 'other' && !d.label.trim()) return 'Say what the relationship is.';
  for (const [name, value] of [
    ['From', d.startDate],
    ['Until', d.endDate],
  ] as const) {
    const v = date(value);
    if (v !== null && !partialDateSchema.safeParse(v).success) return `“${name}” is not a date: write 2017, 2017-08 or 2017-08-14.`;
  }
  if (!datesInOrder(date(d.startDate), date(d.endDate))) return 'The relationship cannot end before it starts: check the dates.';
  return null;
}

export type Ends = { subjectId: string; objectId: string };

/**
 * The relationships.update input that turns `r` into the draft: only the fields that differ, evidence as additions
 * and removals (so a passage deleted meanwhile, still in the record, comes back if that deletion is undone), or null
 * when nothing changed. `existing` (ids known to exist) drops additions whose passage has gone since it was offered.
 */
export function relationshipChanges(
  r: RelationshipView,
  d: RelationshipDraft,
  ends: Ends,
  existing?: ReadonlySet<string>,
): MethodInput<'relationships.update'> | null {
  const input: MethodInput<'relationships.update'> = { id: r.id };
  let changed = false;
  const set = <K extends keyof MethodInput<'relationships.update'>>(key: K, value: MethodInput<'relationships.update'>[K]) => {
    input[key] = value;
    changed = true;
  };
  if (d.kind !== r.kind) set('kind', d.kind);
  if (d.label.trim() !== r.label) set('label', d.label.trim());
  if (ends.subjectId !== r.subjectId) set('subjectId', ends.subjectId);
  if (ends.objectId !== r.objectId) set('objectId', ends.objectId);
  if (date(d.startDate) !== r.startDate) set('startDate', date(d.startDate));
  if (date(d.endDate) !== r.endDate) set('endDate', date(d.endDate));
  if (d.description !== r.description) set('description', d.description);
  const before = new Set(r.evidence.map((p) => p.id));
  const after = new Set(d.evidence);
  const added = [...after].filter((id) => !before.has(id) && (!existing || existing.has(id)));
  const removed = [...before].filter((id) => !after.has(id));
  if (added.length > 0) set('addEvidence', added);
  if (removed.length > 0) set('removeEvidence', removed);
  return changed ? input : null;
}

/** The relationships.create input for the draft. */
export function relationshipCreation(d: RelationshipDraft, ends: Ends, existing?: ReadonlySet<string>): MethodInput<'relationships.create'> {
  return {
    ...ends,
    kind: d.kind,
    label: d.label.trim(),
    evidencePassageIds: d.evidence.filter((id) => !existing || existing.has(id)),
    startDate: date(d.startDate),
    endDate: date(d.endDate),
    description: d.description,
  };
}

export type EvidenceItem = { passage: PassageRef; linkedTo: readonly string[] };

export type EvidenceGroups = {
  /** The relationship's evidence when the edit began, checked or not: it stays in place when unchecked. */
  current: EvidenceItem[];
  /** The passage selected in the reader, when it is not evidence already. */
  reader: EvidenceItem | null;
  /** Passages linked to either end, not already shown above. */
  linked: EvidenceItem[];
};

/**
 * The evidence list in three stable groups, so checking or unchecking a passage never moves it (nor the keyboard
 * focus on it). `original` is the relationship's evidence at the start of the edit (empty when creating).
 */
export function evidenceGroups(original: readonly PassageRef[], choices: readonly EvidenceChoice[], readerId: string | null): EvidenceGroups {
  const byId = new Map(choices.map((c) => [c.id, c]));
  const shown = new Set<string>();
  const current = original.map((p) => {
    shown.add(p.id);
    return { passage: p, linkedTo: byId.get(p.id)?.linkedTo ?? [] };
  });
  const readerChoice = readerId && !shown.has(readerId) ? byId.get(readerId) : undefined;
  const reader = readerChoice ? { passage: readerChoice, linkedTo: readerChoice.linkedTo } : null;
  if (reader) shown.add(reader.passage.id);
  const linked = choices.filter((c) => !shown.has(c.id) && c.linkedTo.length > 0).map((c) => ({ passage: c, linkedTo: c.linkedTo }));
  return { current, reader, linked };
}

/** The live line above the evidence: how many passages will support the relationship. */
export function supportSummary(count: number): string {
  if (count === 0) return 'No evidence chosen: it will be marked unsupported.';
  return count === 1 ? 'Supported by 1 passage.' : `Supported by ${count} passages.`;
}

/** A quote cut to a readable excerpt (on a word boundary when there is one near). */
export function excerpt(quote: string, max = 160): string {
  const text = quote.replace(/\s+/g, ' ').trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.7 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** "2010 – May 2019", "since 2010", "until May 2019", or null without dates. */
export function relationshipPeriod(start: string | null, end: string | null): string | null {
  if (start && end) return start === end ? formatPartialDate(start) : `${formatPartialDate(start)} – ${formatPartialDate(end)}`;
  if (start) return `since ${formatPartialDate(start)}`;
  if (end) return `until ${formatPartialDate(end)}`;
  return null;
}
