import { randomUUID } from 'node:crypto';
import { CasefileError } from '../../../shared/api/result';
import type {
  HistoryEntry,
  PassageInContext,
  PassageRecord,
  PassageSelectors,
  PassageStatus,
  PassageView,
  QuoteCandidate,
} from '../../../shared/domain/passage';
import type { TagRecord, TagUsage, TagView } from '../../../shared/domain/tag';
import {
  AnchorText,
  anchorAll,
  contextAround,
  describeRange,
  findQuote,
  pageAt,
  type AnchorResult,
} from '../../../shared/text/anchoring';
import { sourceRecord, type SourceRecord } from '../case/case-db';
import { translateVaultErrors } from '../case/errors';
import { newId } from '../case/ids';
import type { OpenCase } from '../case/open-case';
import type { DbOp, Vault } from '../vault/api';
import { toCsv } from './csv';
import { History } from './history';
import { buildQdc, parseQdc, type QdcCode } from './qdc';
import { TABLE_PASSAGES, TABLE_TAGS, passageRecord, passageRecords, putPassage, putTag, tagRecord, tagRecords } from './store';

/** Distinct, readable on white and dark backgrounds; new tags take the next one. */
export const TAG_PALETTE = ['#E6194B', '#3CB44B', '#4363D8', '#F58231', '#911EB4', '#42D4F4', '#F032E6', '#9A6324', '#469990', '#808000'];
const CANDIDATE_CONTEXT = 40;
const MAX_CANDIDATES_LISTED = 5;
const TEXT_CACHE_SIZE = 8;

/** A tag to create as part of a passage change, in the same commit and undo step. */
export interface NewTagInput {
  name: string;
  parentId: string | null;
  color?: string | undefined;
}

export interface CreatePassageInput {
  sourceId: string;
  target: { start: number; end: number } | { quote: string; prefix?: string | undefined; suffix?: string | undefined };
  tagIds: string[];
  /** Tags to create with the passage; it carries them after `tagIds`. */
  newTags?: readonly NewTagInput[] | undefined;
  note: string;
  status: PassageStatus | null;
}

export interface UpdatePassageInput {
  id: string;
  note?: string | undefined;
  status?: PassageStatus | null | undefined;
  tagIds?: string[] | undefined;
  addTagIds?: string[] | undefined;
  addNewTags?: readonly NewTagInput[] | undefined;
  removeTagIds?: string[] | undefined;
}

/** A created or updated passage, with the tags its `newTags` / `addNewTags` named (in request order). */
export type PassageChange = PassageView & { newTags: TagView[] };

/** Tags a passage change will create: their ids in request order, and the ops that create the missing ones. */
interface PlannedTags {
  ids: string[];
  created: TagRecord[];
  ops: DbOp[];
}

export interface TagPassagesQuery {
  tagId: string;
  includeDescendants: boolean;
  status?: PassageStatus | 'none' | undefined;
  researcher?: string | undefined;
  contextChars: number;
}

interface LoadedSource {
  record: SourceRecord;
  text: AnchorText;
}

function nameKey(name: string): string {
  return name.normalize('NFC').trim().toLocaleLowerCase('und');
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function abbreviate(s: string, max = 60): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The end of a string, for text before a quote: the words nearest the quote are the telling ones. */
function abbreviateTail(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > max ? `…${flat.slice(flat.length - max + 1)}` : flat;
}

/**
 * Passages, the codebook and their undo history for one unlocked case. One instance per OpenCase (see passagesOf),
 * so the history dies with the session when the case locks.
 */
export class PassageBook {
  readonly history: History;
  private readonly texts = new Map<string, AnchorText>();

  constructor(
    private readonly opened: OpenCase,
    private readonly researcher: string,
  ) {
    this.history = new History(opened.vault);
  }

  private get vault(): Vault {
    return this.opened.vault;
  }

  // ------------------------------------------------------------------------------------------------ sources

  private async load(sourceId: string): Promise<LoadedSource> {
    const record = sourceRecord(this.vault, sourceId);
    if (!record) throw new CasefileError('NOT_FOUND', 'That source is not in this case.');
    let text = this.texts.get(record.textBlob);
    if (text) {
      // Re-insert so the Map's order doubles as least-recently-used.
      this.texts.delete(record.textBlob);
    } else {
      const bytes = await translateVaultErrors(() => this.vault.readBlob(record.textBlob));
      text = new AnchorText(new TextDecoder().decode(bytes));
    }
    this.texts.set(record.textBlob, text);
    while (this.texts.size > TEXT_CACHE_SIZE) {
      const oldest = this.texts.keys().next().value;
      if (oldest === undefined) break;
      this.texts.delete(oldest);
    }
    return { record, text };
  }

  private view(passage: PassageRecord, result: AnchorResult, source: SourceRecord | undefined): PassageView {
    return {
      id: passage.id,
      sourceId: passage.sourceId,
      start: result.start,
      end: result.end,
      page: result.start === null ? passage.page : pageAt(source?.pageStarts, result.start),
      exact: passage.selectors.quote.exact,
      found: result.found,
      anchor: result.state,
      tagIds: [...passage.tagIds],
      note: passage.note,
      status: passage.status,
      researcher: passage.researcher,
      createdAt: passage.createdAt,
      updatedAt: passage.updatedAt,
    };
  }

  private resolve(source: LoadedSource, passages: readonly PassageRecord[]): PassageView[] {
    const results = anchorAll(source.text, passages);
    return passages.map((p) =>
      this.view(p, results.get(p.id) ?? { state: 'orphaned', start: null, end: null, found: null }, source.record),
    );
  }

  private async resolveOne(passage: PassageRecord): Promise<PassageView> {
    const source = await this.load(passage.sourceId);
    const [view] = this.resolve(source, [passage]);
    if (!view) throw new CasefileError('INTERNAL', 'Passage resolution failed.');
    return view;
  }

  // ------------------------------------------------------------------------------------------------ passages

  async listForSource(sourceId: string): Promise<{ sourceId: string; textRevision: string; passages: PassageView[] }> {
    const source = await this.load(sourceId);
    const views = this.resolve(
      source,
      passageRecords(this.vault).filter((p) => p.sourceId === sourceId),
    );
    return { sourceId, textRevision: source.record.textBlob, passages: sortByReadingOrder(views) };
  }

  async locate(
    sourceId: string,
    quote: string,
    context: { prefix?: string | undefined; suffix?: string | undefined },
  ): Promise<{ candidates: QuoteCandidate[]; total: number }> {
    const source = await this.load(sourceId);
    const found = findQuote(source.text, quote, context);
    return { candidates: found.slice(0, 50).map((o) => this.candidate(source, o.start, o.end)), total: found.length };
  }

  private candidate(source: LoadedSource, start: number, end: number): QuoteCandidate {
    const ctx = contextAround(source.text, start, end, CANDIDATE_CONTEXT);
    return { start, end, page: pageAt(source.record.pageStarts, start), before: ctx.before, after: ctx.after };
  }

  private selectorsFor(source: LoadedSource, target: CreatePassageInput['target']): PassageSelectors {
    if ('start' in target) {
      try {
        return describeRange(source.text, target.start, target.end);
      } catch (error) {
        throw new CasefileError('BAD_INPUT', (error as Error).message);
      }
    }
    const found = findQuote(source.text, target.quote, { prefix: target.prefix, suffix: target.suffix });
    const title = source.record.title;
    if (found.length === 0) {
      const withContext = target.prefix || target.suffix ? ' with that prefix/suffix' : '';
      throw new CasefileError('NOT_FOUND', `The quote "${abbreviate(target.quote)}" does not occur${withContext} in "${title}".`);
    }
    if (found.length > 1) {
      const listed = found
        .slice(0, MAX_CANDIDATES_LISTED)
        .map((o) => {
          const c = this.candidate(source, o.start, o.end);
          const page = c.page ? ` p.${c.page}` : '';
          return `  [${o.start}–${o.end}${page}] ${abbreviateTail(c.before, 30)}«${abbreviate(target.quote, 30)}»${abbreviate(c.after, 30)}`;
        })
        .join('\n');
      const more = found.length > MAX_CANDIDATES_LISTED ? `\n  …and ${found.length - MAX_CANDIDATES_LISTED} more` : '';
      throw new CasefileError(
        'BAD_INPUT',
        `The quote occurs ${found.length} times in "${title}"; add a prefix or suffix (or select it in the reader) to say which:\n${listed}${more}`,
      );
    }
    const [only] = found;
    if (!only) throw new CasefileError('INTERNAL', 'Quote lookup failed.');
    return describeRange(source.text, only.start, only.end);
  }

  private requireTags(ids: readonly string[]): void {
    for (const id of ids) if (!tagRecord(this.vault, id)) throw new CasefileError('NOT_FOUND', `No tag with id "${id}".`);
  }

  private requirePassage(id: string): PassageRecord {
    const passage = passageRecord(this.vault, id);
    if (!passage) throw new CasefileError('NOT_FOUND', 'That passage no longer exists.');
    return passage;
  }

  private async commit(entry: HistoryEntry, ops: DbOp[]): Promise<void> {
    await translateVaultErrors(() => this.history.apply(entry, ops));
  }

  /**
   * Creates a passage. Tags created on the way (`input.newTags` from the tag picker, `extra.ops` from the CLI's tag
   * paths) go into the same commit, so one undo takes the passage and its new tags away and one redo brings both
   * back with the same ids.
   */
  async create(input: CreatePassageInput, extra: { ops: DbOp[]; tagIds: string[] } = { ops: [], tagIds: [] }): Promise<PassageChange> {
    const source = await this.load(input.sourceId);
    const selectors = this.selectorsFor(source, input.target);
    this.requireTags(input.tagIds);
    const planned = this.planNewTags(input.newTags ?? []);
    const tagIds = unique([...input.tagIds, ...planned.ids, ...extra.tagIds]);
    const now = new Date().toISOString();
    let id = newId('p');
    while (passageRecord(this.vault, id)) id = newId('p');
    const record: PassageRecord = {
      id,
      sourceId: input.sourceId,
      textRevision: source.record.textBlob,
      selectors,
      page: pageAt(source.record.pageStarts, selectors.position.start),
      tagIds,
      note: input.note,
      status: input.status,
      researcher: this.researcher,
      createdAt: now,
      updatedAt: now,
    };
    const label = planned.created.length > 0 ? `Tag passage ${newTagsLabel(planned.created)}` : tagIds.length > 0 ? 'Tag passage' : 'Add passage';
    await this.commit({ label, sourceIds: [input.sourceId], codebook: extra.ops.length > 0 || tagIds.length > 0 }, [
      ...extra.ops,
      ...planned.ops,
      putPassage(record),
    ]);
    return this.change(record, planned.ids);
  }

  /** The passage as the API answers a change to it: its view and the views of the tags its request named as new. */
  private async change(record: PassageRecord, newTagIds: readonly string[]): Promise<PassageChange> {
    const view = await this.resolveOne(record);
    if (newTagIds.length === 0) return { ...view, newTags: [] };
    const codebook = new Map(this.listCodebook().map((t) => [t.id, t]));
    return {
      ...view,
      newTags: newTagIds.map((id) => {
        const tag = codebook.get(id);
        if (!tag) throw new CasefileError('INTERNAL', 'A new tag went missing.');
        return tag;
      }),
    };
  }

  async update(input: UpdatePassageInput): Promise<PassageChange> {
    const passage = this.requirePassage(input.id);
    let tagIds = input.tagIds ?? passage.tagIds;
    if (input.addTagIds) tagIds = [...tagIds, ...input.addTagIds];
    const planned = this.planNewTags(input.addNewTags ?? []);
    tagIds = [...tagIds, ...planned.ids];
    if (input.removeTagIds) {
      const removed = new Set(input.removeTagIds);
      tagIds = tagIds.filter((t) => !removed.has(t));
    }
    tagIds = unique(tagIds);
    const creating = new Set(planned.created.map((t) => t.id));
    this.requireTags(tagIds.filter((t) => !passage.tagIds.includes(t) && !creating.has(t)));
    const next: PassageRecord = {
      ...passage,
      tagIds,
      note: input.note ?? passage.note,
      status: input.status === undefined ? passage.status : input.status,
      updatedAt: new Date().toISOString(),
    };
    const tagsChanged = tagIds.join('\n') !== passage.tagIds.join('\n');
    const label =
      planned.created.length > 0
        ? `Tag passage ${newTagsLabel(planned.created)}`
        : tagsChanged
          ? 'Change passage tags'
          : next.status !== passage.status
            ? 'Change passage status'
            : 'Edit passage note';
    await this.commit({ label, sourceIds: [passage.sourceId], codebook: tagsChanged || planned.created.length > 0 }, [
      ...planned.ops,
      putPassage(next),
    ]);
    return this.change(next, planned.ids);
  }

  async delete(id: string): Promise<{ id: string; sourceId: string }> {
    const passage = this.requirePassage(id);
    await this.commit({ label: 'Delete passage', sourceIds: [passage.sourceId], codebook: passage.tagIds.length > 0 }, [
      { op: 'delete', table: TABLE_PASSAGES, id },
    ]);
    return { id, sourceId: passage.sourceId };
  }

  async reattach(id: string, start: number, end: number): Promise<PassageView> {
    const passage = this.requirePassage(id);
    const source = await this.load(passage.sourceId);
    const selectors = this.selectorsFor(source, { start, end });
    const next: PassageRecord = {
      ...passage,
      selectors,
      textRevision: source.record.textBlob,
      page: pageAt(source.record.pageStarts, selectors.position.start),
      updatedAt: new Date().toISOString(),
    };
    await this.commit({ label: 'Re-attach passage', sourceIds: [passage.sourceId], codebook: false }, [putPassage(next)]);
    return this.resolveOne(next);
  }

  // ------------------------------------------------------------------------------------------------ codebook

  private tagMap(): Map<string, TagRecord> {
    return new Map(tagRecords(this.vault).map((t) => [t.id, t]));
  }

  private pathOf(id: string, tags: Map<string, TagRecord>): string[] {
    const names: string[] = [];
    const seen = new Set<string>();
    for (let t = tags.get(id); t && !seen.has(t.id); t = t.parentId ? tags.get(t.parentId) : undefined) {
      seen.add(t.id);
      names.unshift(t.name);
    }
    return names;
  }

  private descendants(id: string, tags: Map<string, TagRecord>): Set<string> {
    const children = new Map<string, string[]>();
    for (const t of tags.values()) if (t.parentId) children.set(t.parentId, [...(children.get(t.parentId) ?? []), t.id]);
    const out = new Set<string>();
    const stack = [...(children.get(id) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop();
      if (next === undefined || out.has(next)) continue;
      out.add(next);
      stack.push(...(children.get(next) ?? []));
    }
    return out;
  }

  /** Tags depth-first in name order, each with its path and passage counts. */
  listCodebook(): TagView[] {
    const tags = this.tagMap();
    const direct = new Map<string, number>();
    const subtree = new Map<string, number>();
    for (const p of passageRecords(this.vault)) {
      const ancestors = new Set<string>();
      for (const tagId of p.tagIds) {
        direct.set(tagId, (direct.get(tagId) ?? 0) + 1);
        for (let t = tags.get(tagId); t && !ancestors.has(t.id); t = t.parentId ? tags.get(t.parentId) : undefined) ancestors.add(t.id);
      }
      for (const a of ancestors) subtree.set(a, (subtree.get(a) ?? 0) + 1);
    }
    const byParent = new Map<string | null, TagRecord[]>();
    for (const t of tags.values()) {
      const parent = t.parentId && tags.has(t.parentId) ? t.parentId : null;
      byParent.set(parent, [...(byParent.get(parent) ?? []), t]);
    }
    const out: TagView[] = [];
    const visit = (parent: string | null, path: string[]): void => {
      const children = (byParent.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name));
      for (const t of children) {
        const here = [...path, t.name];
        out.push({ ...t, path: here, passageCount: direct.get(t.id) ?? 0, subtreePassageCount: subtree.get(t.id) ?? 0 });
        visit(t.id, here);
      }
    };
    visit(null, []);
    return out;
  }

  tagView(id: string): TagView {
    const view = this.listCodebook().find((t) => t.id === id);
    if (!view) throw new CasefileError('NOT_FOUND', 'That tag no longer exists.');
    return view;
  }

  private requireTag(id: string): TagRecord {
    const tag = tagRecord(this.vault, id);
    if (!tag) throw new CasefileError('NOT_FOUND', 'That tag no longer exists.');
    return tag;
  }

  private checkSiblingName(name: string, parentId: string | null, exceptId: string | null, pending: readonly TagRecord[] = []): void {
    const clash = [...tagRecords(this.vault), ...pending].find(
      (t) => t.parentId === parentId && t.id !== exceptId && nameKey(t.name) === nameKey(name),
    );
    if (clash) {
      const where = parentId ? `under "${this.pathOf(parentId, this.tagMap()).join('/')}"` : 'at the top level';
      throw new CasefileError('BAD_INPUT', `A tag named "${clash.name}" already exists ${where}.`);
    }
  }

  private newTag(name: string, parentId: string | null, color: string | undefined, description: string, pending: readonly TagRecord[]): TagRecord {
    let id = newId('t');
    while (tagRecord(this.vault, id) || pending.some((t) => t.id === id)) id = newId('t');
    const count = tagRecords(this.vault).length + pending.length;
    return {
      id,
      guid: randomUUID(),
      name: name.normalize('NFC').trim(),
      parentId,
      color: (color ?? TAG_PALETTE[count % TAG_PALETTE.length] ?? '#808080').toUpperCase(),
      description,
      createdAt: new Date().toISOString(),
      createdBy: this.researcher,
    };
  }

  /**
   * Tags for a passage change to create, not yet committed: each is checked like tags.create, except that a tag of
   * the same name already under that parent (or earlier in the list) is used rather than refused, since the
   * person asked for that tag on this passage, not for a duplicate.
   */
  private planNewTags(wanted: readonly NewTagInput[]): PlannedTags {
    const created: TagRecord[] = [];
    const ids: string[] = [];
    for (const want of wanted) {
      if (want.parentId) this.requireTag(want.parentId);
      const name = want.name.normalize('NFC').trim();
      if (name.length === 0 || name.includes('/')) throw new CasefileError('BAD_INPUT', `"${want.name}" is not a tag name.`);
      const same = [...tagRecords(this.vault), ...created].find((t) => t.parentId === want.parentId && nameKey(t.name) === nameKey(name));
      if (same) {
        ids.push(same.id);
        continue;
      }
      const tag = this.newTag(name, want.parentId, want.color, '', created);
      created.push(tag);
      ids.push(tag.id);
    }
    return { ids, created, ops: created.map(putTag) };
  }

  async createTag(input: { name: string; parentId: string | null; color?: string | undefined; description: string }): Promise<TagView> {
    if (input.parentId) this.requireTag(input.parentId);
    this.checkSiblingName(input.name, input.parentId, null);
    const tag = this.newTag(input.name, input.parentId, input.color, input.description, []);
    await this.commit({ label: `Create tag "${tag.name}"`, sourceIds: [], codebook: true }, [putTag(tag)]);
    return this.tagView(tag.id);
  }

  /**
   * Tags for a "Parent/Child" path, creating the missing levels. Returns the leaf id and the ops that would create
   * them (not yet committed, so the caller can make them part of its own undoable step). `planned` holds the tags
   * planned by earlier calls for the same step, so "A/B" then "A/C" share one new "A"; this call adds its own to it.
   */
  planTagPath(path: string, planned: TagRecord[] = []): { id: string; ops: DbOp[] } {
    const names = path.split('/').map((n) => n.normalize('NFC').trim());
    if (names.length === 0 || names.some((n) => n.length === 0)) {
      throw new CasefileError('BAD_INPUT', `"${path}" is not a tag path; write levels as "Parent/Child".`);
    }
    const first = planned.length;
    let parentId: string | null = null;
    for (const name of names) {
      const known = (t: TagRecord): boolean => t.parentId === parentId && nameKey(t.name) === nameKey(name);
      const existing: TagRecord | undefined = tagRecords(this.vault).find(known) ?? planned.find(known);
      if (existing) {
        parentId = existing.id;
        continue;
      }
      const tag = this.newTag(name, parentId, undefined, '', planned);
      planned.push(tag);
      parentId = tag.id;
    }
    if (!parentId) throw new CasefileError('BAD_INPUT', 'Empty tag path.');
    return { id: parentId, ops: planned.slice(first).map(putTag) };
  }

  async updateTag(input: { id: string; name?: string | undefined; color?: string | undefined; description?: string | undefined }): Promise<TagView> {
    const tag = this.requireTag(input.id);
    if (input.name !== undefined) this.checkSiblingName(input.name, tag.parentId, tag.id);
    const next: TagRecord = {
      ...tag,
      name: input.name?.normalize('NFC').trim() ?? tag.name,
      color: input.color?.toUpperCase() ?? tag.color,
      description: input.description ?? tag.description,
    };
    const label =
      next.name !== tag.name ? `Rename tag "${tag.name}"` : next.color !== tag.color ? `Recolour tag "${tag.name}"` : `Describe tag "${tag.name}"`;
    await this.commit({ label, sourceIds: [], codebook: true }, [putTag(next)]);
    return this.tagView(tag.id);
  }

  async moveTag(id: string, parentId: string | null): Promise<TagView> {
    const tag = this.requireTag(id);
    if (parentId) {
      this.requireTag(parentId);
      if (parentId === id || this.descendants(id, this.tagMap()).has(parentId)) {
        throw new CasefileError('BAD_INPUT', `"${tag.name}" cannot move under itself or one of its own sub-tags.`);
      }
    }
    if (parentId === tag.parentId) return this.tagView(id);
    this.checkSiblingName(tag.name, parentId, id);
    await this.commit({ label: `Move tag "${tag.name}"`, sourceIds: [], codebook: true }, [putTag({ ...tag, parentId })]);
    return this.tagView(id);
  }

  async mergeTags(fromId: string, intoId: string): Promise<{ tag: TagView; passagesRetagged: number }> {
    const from = this.requireTag(fromId);
    const into = this.requireTag(intoId);
    if (fromId === intoId) throw new CasefileError('BAD_INPUT', 'A tag cannot be merged into itself.');
    const tags = this.tagMap();
    if (this.descendants(fromId, tags).has(intoId)) {
      throw new CasefileError('BAD_INPUT', `"${into.name}" is inside "${from.name}"; move it out first, then merge.`);
    }
    const ops: DbOp[] = [];
    const sourceIds = new Set<string>();
    let retagged = 0;
    for (const p of passageRecords(this.vault)) {
      if (!p.tagIds.includes(fromId)) continue;
      // A passage that carried both ends up with the merged tag once, where `into` already was or where `from` was.
      const tagIds = unique(p.tagIds.map((t) => (t === fromId ? intoId : t)));
      ops.push(putPassage({ ...p, tagIds, updatedAt: new Date().toISOString() }));
      sourceIds.add(p.sourceId);
      retagged++;
    }
    const intoChildren = new Set([...tags.values()].filter((t) => t.parentId === intoId).map((t) => nameKey(t.name)));
    for (const child of tags.values()) {
      if (child.parentId !== fromId) continue;
      if (intoChildren.has(nameKey(child.name))) {
        throw new CasefileError('BAD_INPUT', `Both tags have a sub-tag named "${child.name}"; merge or rename those first.`);
      }
      ops.push(putTag({ ...child, parentId: intoId }));
    }
    const description = [into.description, from.description].filter(Boolean).join('\n\n');
    if (description !== into.description) ops.push(putTag({ ...into, description }));
    ops.push({ op: 'delete', table: TABLE_TAGS, id: fromId });
    await this.commit({ label: `Merge "${from.name}" into "${into.name}"`, sourceIds: [...sourceIds], codebook: true }, ops);
    return { tag: this.tagView(intoId), passagesRetagged: retagged };
  }

  tagUsage(id: string): TagUsage {
    this.requireTag(id);
    return {
      id,
      passageCount: passageRecords(this.vault).filter((p) => p.tagIds.includes(id)).length,
      childCount: tagRecords(this.vault).filter((t) => t.parentId === id).length,
    };
  }

  async deleteTag(id: string): Promise<{ id: string; passagesUntagged: number; childrenMoved: number }> {
    const tag = this.requireTag(id);
    const ops: DbOp[] = [];
    const sourceIds = new Set<string>();
    const now = new Date().toISOString();
    for (const p of passageRecords(this.vault)) {
      if (!p.tagIds.includes(id)) continue;
      ops.push(putPassage({ ...p, tagIds: p.tagIds.filter((t) => t !== id), updatedAt: now }));
      sourceIds.add(p.sourceId);
    }
    const passagesUntagged = ops.length;
    const siblings = new Set(tagRecords(this.vault).filter((t) => t.parentId === tag.parentId && t.id !== id).map((t) => nameKey(t.name)));
    let childrenMoved = 0;
    for (const child of tagRecords(this.vault)) {
      if (child.parentId !== id) continue;
      if (siblings.has(nameKey(child.name))) {
        throw new CasefileError('BAD_INPUT', `"${tag.name}" has a sub-tag "${child.name}" that would clash with a tag beside it; rename or merge it first.`);
      }
      ops.push(putTag({ ...child, parentId: tag.parentId }));
      childrenMoved++;
    }
    ops.push({ op: 'delete', table: TABLE_TAGS, id });
    await this.commit({ label: `Delete tag "${tag.name}"`, sourceIds: [...sourceIds], codebook: true }, ops);
    return { id, passagesUntagged, childrenMoved };
  }

  /** Resolves passages from many sources, one text load and one batch anchoring per source. */
  private async resolveMany(passages: readonly PassageRecord[]): Promise<{ view: PassageView; source: LoadedSource | null }[]> {
    const bySource = new Map<string, PassageRecord[]>();
    for (const p of passages) bySource.set(p.sourceId, [...(bySource.get(p.sourceId) ?? []), p]);
    const out: { view: PassageView; source: LoadedSource | null }[] = [];
    for (const [sourceId, list] of bySource) {
      const source = sourceRecord(this.vault, sourceId) ? await this.load(sourceId) : null;
      if (!source) {
        for (const p of list) out.push({ view: this.view(p, { state: 'orphaned', start: null, end: null, found: null }, undefined), source: null });
        continue;
      }
      for (const view of this.resolve(source, list)) out.push({ view, source });
    }
    return out;
  }

  async tagPassages(query: TagPassagesQuery): Promise<PassageInContext[]> {
    this.requireTag(query.tagId);
    const wanted = new Set([query.tagId]);
    if (query.includeDescendants) for (const d of this.descendants(query.tagId, this.tagMap())) wanted.add(d);
    const matching = passageRecords(this.vault).filter(
      (p) =>
        p.tagIds.some((t) => wanted.has(t)) &&
        (query.status === undefined || (query.status === 'none' ? p.status === null : p.status === query.status)) &&
        (query.researcher === undefined || p.researcher === query.researcher),
    );
    const resolved = await this.resolveMany(matching);
    const items = resolved.map(({ view, source }) => {
      const ctx =
        source && view.start !== null && view.end !== null
          ? contextAround(source.text, view.start, view.end, query.contextChars)
          : { before: '', after: '' };
      return { ...view, sourceTitle: source?.record.title ?? '(missing source)', before: ctx.before, after: ctx.after };
    });
    return items.sort((a, b) => a.sourceTitle.localeCompare(b.sourceTitle) || a.sourceId.localeCompare(b.sourceId) || readingOrder(a, b));
  }

  // ------------------------------------------------------------------------------------------------ export / import

  async exportCsv(): Promise<string> {
    const codebook = this.listCodebook();
    const resolved = await this.resolveMany(passageRecords(this.vault));
    const byTag = new Map<string, { view: PassageView; source: LoadedSource | null }[]>();
    for (const item of resolved) for (const t of item.view.tagIds) byTag.set(t, [...(byTag.get(t) ?? []), item]);
    const header = [
      'tag_path', 'tag_color', 'tag_description', 'source_id', 'source_title', 'passage_id', 'quote', 'note',
      'status', 'researcher', 'start', 'end', 'page', 'anchor', 'created_at',
    ];
    const rows: (string | number | null)[][] = [header];
    for (const tag of codebook) {
      const tagCells = [tag.path.join('/'), tag.color, tag.description];
      const items = (byTag.get(tag.id) ?? []).sort(
        (a, b) => (a.source?.record.title ?? '').localeCompare(b.source?.record.title ?? '') || readingOrder(a.view, b.view),
      );
      // A tag nobody used yet still gets a row, so the file carries the whole codebook.
      if (items.length === 0) rows.push([...tagCells, '', '', '', '', '', '', '', '', '', '', '', '']);
      for (const { view, source } of items) {
        rows.push([
          ...tagCells,
          view.sourceId,
          source?.record.title ?? '',
          view.id,
          view.exact,
          view.note,
          view.status ?? '',
          view.researcher,
          view.start,
          view.end,
          view.page,
          view.anchor,
          view.createdAt,
        ]);
      }
    }
    return toCsv(rows);
  }

  exportQdc(origin: string): string {
    const codebook = this.listCodebook();
    const nodes = new Map<string, QdcCode>();
    const roots: QdcCode[] = [];
    for (const tag of codebook) {
      const node: QdcCode = { guid: tag.guid, name: tag.name, color: tag.color, description: tag.description, children: [] };
      nodes.set(tag.id, node);
      const parent = tag.parentId ? nodes.get(tag.parentId) : undefined;
      (parent ? parent.children : roots).push(node);
    }
    return buildQdc(roots, origin);
  }

  async importQdc(xml: string): Promise<{ created: number; existing: number }> {
    const codes = parseQdc(xml);
    const pending: TagRecord[] = [];
    const usedGuids = new Set(tagRecords(this.vault).map((t) => t.guid.toLowerCase()));
    let existing = 0;
    const all = (): TagRecord[] => [...tagRecords(this.vault), ...pending];
    const visit = (list: QdcCode[], parentId: string | null): void => {
      for (const code of list) {
        const name = code.name.replace(/\//g, '-');
        const match = all().find((t) => t.parentId === parentId && nameKey(t.name) === nameKey(name));
        let id: string;
        if (match) {
          existing++;
          id = match.id;
        } else {
          const tag = this.newTag(name, parentId, code.color ?? undefined, code.description, pending);
          const guid = code.guid.toLowerCase();
          // Keep the file's GUID when it is a real UUID we do not already use, so a round trip keeps identities.
          if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(guid) && !usedGuids.has(guid)) tag.guid = guid;
          usedGuids.add(tag.guid);
          pending.push(tag);
          id = tag.id;
        }
        visit(code.children, id);
      }
    };
    visit(codes, null);
    if (pending.length > 0) {
      await this.commit({ label: 'Import codebook', sourceIds: [], codebook: true }, pending.map(putTag));
    }
    return { created: pending.length, existing };
  }

  // ------------------------------------------------------------------------------------------------ CLI helpers

  /** Passages across the case, optionally with one tag path (and its sub-tags), resolved and in reading order. */
  async listAll(tagPath?: string): Promise<{ view: PassageView; sourceTitle: string }[]> {
    let records = passageRecords(this.vault);
    if (tagPath !== undefined) {
      const tags = this.tagMap();
      const target = this.listCodebook().find((t) => t.path.map(nameKey).join('/') === tagPath.split('/').map(nameKey).join('/'));
      if (!target) throw new CasefileError('NOT_FOUND', `No tag "${tagPath}".`);
      const wanted = new Set([target.id, ...this.descendants(target.id, tags)]);
      records = records.filter((p) => p.tagIds.some((t) => wanted.has(t)));
    }
    const resolved = await this.resolveMany(records);
    return resolved
      .map(({ view, source }) => ({ view, sourceTitle: source?.record.title ?? '(missing source)' }))
      .sort((a, b) => a.sourceTitle.localeCompare(b.sourceTitle) || a.view.sourceId.localeCompare(b.view.sourceId) || readingOrder(a.view, b.view));
  }

  tagPaths(): Map<string, string> {
    return new Map(this.listCodebook().map((t) => [t.id, t.path.join('/')]));
  }
}

function newTagsLabel(created: readonly TagRecord[]): string {
  const [only] = created;
  return created.length === 1 && only ? `with new tag "${only.name}"` : `with ${created.length} new tags`;
}

function readingOrder(a: PassageView, b: PassageView): number {
  if (a.start === null || b.start === null) {
    if (a.start !== null) return -1;
    if (b.start !== null) return 1;
    return a.createdAt.localeCompare(b.createdAt);
  }
  return a.start - b.start || (a.end ?? 0) - (b.end ?? 0) || a.createdAt.localeCompare(b.createdAt);
}

function sortByReadingOrder(views: PassageView[]): PassageView[] {
  return views.sort(readingOrder);
}

const books = new WeakMap<OpenCase, PassageBook>();

/** The PassageBook of an open case; a new unlock is a new OpenCase, so history never outlives a session. */
export function passagesOf(opened: OpenCase, researcher: string): PassageBook {
  let book = books.get(opened);
  if (!book) {
    book = new PassageBook(opened, researcher);
    books.set(opened, book);
  }
  return book;
}
