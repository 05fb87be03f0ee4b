import { createHash } from 'node:crypto';
import { CasefileError } from '../../../shared/api/result';
import {
  RELATIONSHIP_LABELS,
  datesInOrder,
  type EntityLookupMatch,
  type EntityProfile,
  type EntityProperties,
  type EntityRef,
  type EntitySummary,
  type EntityType,
  type EvidenceChoice,
  type GraphData,
  type GraphEdge,
  type Mention,
  type PassageRef,
  type RelationshipKind,
  type RelationshipRecord,
  type RelationshipView,
  type Suggestion,
  type TimelineItem,
} from '../../../shared/domain/entity';
import type { HistoryEntry, PassageInContext, PassageRecord } from '../../../shared/domain/passage';
import { AnchorText, anchorAll, contextAround, describeRange, pageAt, type AnchorResult } from '../../../shared/text/anchoring';
import { sourceRecord, sourceRecords, type SourceRecord } from '../case/case-db';
import { translateVaultErrors } from '../case/errors';
import { newId } from '../case/ids';
import type { OpenCase } from '../case/open-case';
import { passagesOf, type PassageBook } from '../passages/model';
import { passageRecord, passageRecords, putPassage, tagRecords } from '../passages/store';
import type { DbOp, Vault } from '../vault/api';
import { extractCandidates, type Candidate } from './extract';
import { foldKey } from './fold';
import { NameMatcher } from './matcher';
import { FoldCache, entityPatterns, mentionsIn, type TextMention } from './mentions';
import { findDates } from './patterns';
import {
  TABLE_ENTITIES,
  TABLE_ENTITY_LINKS,
  TABLE_PASSAGE_DATES,
  TABLE_REJECTIONS,
  TABLE_RELATIONSHIPS,
  del,
  entityRecord,
  entityRecords,
  linkId,
  linkOp,
  linkRecords,
  passageDateRecord,
  passageDateRecords,
  put,
  rejectionRecords,
  relationshipRecord,
  relationshipRecords,
  type MergeSnapshot,
  type RejectionRecord,
  type StoredEntity,
} from './store';

export interface SourceMention extends TextMention {
  sourceId: string;
}

interface Loaded {
  record: SourceRecord;
  text: AnchorText;
}

const TEXT_CACHE_SIZE = 16;

function uniqueFolded(names: readonly string[], except: readonly string[] = []): string[] {
  const seen = new Set(except.map(foldKey));
  const out: string[] = [];
  for (const n of names) {
    const k = foldKey(n);
    if (k.length === 0 || seen.has(k)) continue;
    seen.add(k);
    out.push(n);
  }
  return out;
}

function mergeProperties(a: EntityProperties, b: EntityProperties): { merged: EntityProperties; added: Record<string, string[]> } {
  const merged: EntityProperties = structuredClone(a);
  const added: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(b)) {
    const have = merged[key] ?? [];
    const fresh = values.filter((v) => !have.includes(v));
    if (fresh.length === 0) continue;
    merged[key] = [...have, ...fresh];
    added[key] = fresh;
  }
  return { merged, added };
}

/** Levenshtein distance, capped: returns max+1 as soon as it is certain to exceed max. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
}

export function suggestionId(type: EntityType, key: string): string {
  return `g-${createHash('sha256').update(`${type}\u0000${key}`).digest('hex').slice(0, 16)}`;
}

/**
 * Entities, their links to passages, relationships, mentions and suggestions for one unlocked case. Every change
 * goes through the passages' History, so one Ctrl+Z stack covers passages, tags and entities.
 */
export class EntityBook {
  private readonly folds = new FoldCache();
  private readonly texts = new Map<string, AnchorText>();
  private mentionCache: { signature: string; byEntity: Map<string, SourceMention[]> } | null = null;
  private readonly candidates = new Map<string, Candidate[]>();

  constructor(
    private readonly opened: OpenCase,
    private readonly researcher: string,
  ) {}

  private get vault(): Vault {
    return this.opened.vault;
  }

  private get passages(): PassageBook {
    return passagesOf(this.opened, this.researcher);
  }

  private async commit(entry: HistoryEntry, ops: DbOp[]): Promise<void> {
    await translateVaultErrors(() => this.passages.history.apply(entry, ops));
  }

  // ------------------------------------------------------------------------------------------------ texts

  private async textOf(record: SourceRecord): Promise<AnchorText> {
    let text = this.texts.get(record.textBlob);
    if (text) this.texts.delete(record.textBlob);
    else {
      const bytes = await translateVaultErrors(() => this.vault.readBlob(record.textBlob));
      text = new AnchorText(new TextDecoder().decode(bytes));
    }
    this.texts.set(record.textBlob, text);
    while (this.texts.size > TEXT_CACHE_SIZE) {
      const oldest = this.texts.keys().next().value;
      if (oldest === undefined) break;
      this.texts.delete(oldest);
    }
    return text;
  }

  private async load(sourceId: string): Promise<Loaded> {
    const record = sourceRecord(this.vault, sourceId);
    if (!record) throw new CasefileError('NOT_FOUND', 'That source is not in this case.');
    return { record, text: await this.textOf(record) };
  }

  // ------------------------------------------------------------------------------------------------ records

  requireEntity(id: string): StoredEntity {
    const e = entityRecord(this.vault, id);
    if (!e) throw new CasefileError('NOT_FOUND', `No entity with id "${id}".`);
    return e;
  }

  private requirePassage(id: string): PassageRecord {
    const p = passageRecord(this.vault, id);
    if (!p) throw new CasefileError('NOT_FOUND', `No passage with id "${id}".`);
    return p;
  }

  /** An entity by id, or by exact (folded) name or alias; refuses ambiguous names. */
  findEntity(idOrName: string): StoredEntity {
    const byId = entityRecord(this.vault, idOrName);
    if (byId) return byId;
    const key = foldKey(idOrName);
    const byName = entityRecords(this.vault).filter((e) => foldKey(e.name) === key);
    const found = byName.length > 0 ? byName : entityRecords(this.vault).filter((e) => e.aliases.some((a) => foldKey(a) === key));
    if (found.length === 1 && found[0]) return found[0];
    if (found.length > 1) throw new CasefileError('BAD_INPUT', `${found.length} entities are called "${idOrName}"; use an id.`);
    throw new CasefileError('NOT_FOUND', `No entity with id or name "${idOrName}".`);
  }

  private ref(e: StoredEntity): EntityRef {
    return { id: e.id, type: e.type, name: e.name };
  }

  private linksByEntity(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const l of linkRecords(this.vault)) {
      if (!passageRecord(this.vault, l.passageId)) continue;
      const list = out.get(l.entityId);
      if (list) list.push(l.passageId);
      else out.set(l.entityId, [l.passageId]);
    }
    return out;
  }

  private linksByPassage(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const l of linkRecords(this.vault)) {
      const list = out.get(l.passageId);
      if (list) list.push(l.entityId);
      else out.set(l.passageId, [l.entityId]);
    }
    return out;
  }

  private evidenceOf(r: RelationshipRecord): string[] {
    return r.evidencePassageIds.filter((id) => passageRecord(this.vault, id));
  }

  // ------------------------------------------------------------------------------------------------ mentions

  /** All mentions of all entities, recomputed only when names or source revisions change. */
  async allMentions(): Promise<Map<string, SourceMention[]>> {
    const entities = entityRecords(this.vault);
    const sources = sourceRecords(this.vault).sort((a, b) => a.id.localeCompare(b.id));
    const signature = createHash('sha256')
      .update(entities.map((e) => `${e.id}\u0001${e.name}\u0001${e.aliases.join('\u0002')}`).sort().join('\n'))
      .update('\n--\n')
      .update(sources.map((s) => `${s.id}:${s.textBlob}`).join('\n'))
      .digest('hex');
    if (this.mentionCache?.signature === signature) return this.mentionCache.byEntity;
    const matcher = new NameMatcher(entityPatterns(entities));
    const byEntity = new Map<string, SourceMention[]>();
    for (const source of sources) {
      let folded;
      if (this.folds.has(source.textBlob)) folded = this.folds.get(source.textBlob, () => '');
      else {
        const text = (await this.textOf(source)).text;
        folded = this.folds.get(source.textBlob, () => text);
      }
      for (const m of mentionsIn(matcher, folded)) {
        const item = { ...m, sourceId: source.id };
        const list = byEntity.get(m.owner);
        if (list) list.push(item);
        else byEntity.set(m.owner, [item]);
      }
    }
    this.mentionCache = { signature, byEntity };
    return byEntity;
  }

  /** Resolved positions of passages, per source, for "is this mention covered?" and for views. */
  private async resolve(passages: readonly PassageRecord[]): Promise<Map<string, { result: AnchorResult; loaded: Loaded | null }>> {
    const bySource = new Map<string, PassageRecord[]>();
    for (const p of passages) bySource.set(p.sourceId, [...(bySource.get(p.sourceId) ?? []), p]);
    const out = new Map<string, { result: AnchorResult; loaded: Loaded | null }>();
    for (const [sourceId, list] of bySource) {
      const loaded = sourceRecord(this.vault, sourceId) ? await this.load(sourceId) : null;
      const results = loaded ? anchorAll(loaded.text, list) : new Map<string, AnchorResult>();
      for (const p of list) out.set(p.id, { result: results.get(p.id) ?? { state: 'orphaned', start: null, end: null, found: null }, loaded });
    }
    return out;
  }

  private async passageRefs(ids: readonly string[]): Promise<PassageRef[]> {
    const records = ids.map((id) => passageRecord(this.vault, id)).filter((p): p is PassageRecord => p !== undefined);
    const resolved = await this.resolve(records);
    return records.map((p) => {
      const r = resolved.get(p.id);
      return {
        id: p.id,
        sourceId: p.sourceId,
        sourceTitle: r?.loaded?.record.title ?? '(missing source)',
        quote: p.selectors.quote.exact,
        start: r?.result.start ?? null,
        end: r?.result.end ?? null,
        tagIds: [...p.tagIds],
      };
    });
  }

  async mentionsOf(
    id: string,
    options: { sourceId?: string | undefined; unlinkedOnly: boolean; contextChars: number; offset: number; limit: number },
  ): Promise<{ mentions: Mention[]; total: number }> {
    const entity = this.requireEntity(id);
    let list = (await this.allMentions()).get(entity.id) ?? [];
    if (options.sourceId) list = list.filter((m) => m.sourceId === options.sourceId);
    const linked = (this.linksByEntity().get(entity.id) ?? []).map((p) => passageRecord(this.vault, p)).filter((p): p is PassageRecord => !!p);
    const resolved = await this.resolve(linked);
    const covers = new Map<string, { id: string; start: number; end: number }[]>();
    for (const p of linked) {
      const r = resolved.get(p.id)?.result;
      if (!r || r.start === null || r.end === null) continue;
      covers.set(p.sourceId, [...(covers.get(p.sourceId) ?? []), { id: p.id, start: r.start, end: r.end }]);
    }
    const coveredBy = (m: SourceMention): string | null =>
      (covers.get(m.sourceId) ?? []).find((c) => c.start <= m.start && m.end <= c.end)?.id ?? null;
    const withCover = list.map((m) => ({ m, passageId: coveredBy(m) }));
    const kept = options.unlinkedOnly ? withCover.filter((x) => x.passageId === null) : withCover;
    const titleOrder = (sid: string): string => sourceRecord(this.vault, sid)?.title ?? '';
    kept.sort((a, b) => titleOrder(a.m.sourceId).localeCompare(titleOrder(b.m.sourceId)) || a.m.sourceId.localeCompare(b.m.sourceId) || a.m.start - b.m.start);
    const page = kept.slice(options.offset, options.offset + options.limit);
    const mentions: Mention[] = [];
    for (const { m, passageId } of page) {
      const loaded = await this.load(m.sourceId);
      const ctx = contextAround(loaded.text, m.start, m.end, options.contextChars);
      mentions.push({
        sourceId: m.sourceId,
        sourceTitle: loaded.record.title,
        start: m.start,
        end: m.end,
        text: loaded.text.index.slice(m.start, m.end),
        matched: m.name,
        before: ctx.before,
        after: ctx.after,
        page: pageAt(loaded.record.pageStarts, m.start),
        passageId,
      });
    }
    return { mentions, total: kept.length };
  }

  /** Ops creating passages for mentions (or linking existing passages at the same place) and linking them to the entity. */
  private async mentionOps(
    entityId: string,
    targets: readonly { sourceId: string; start: number; end: number }[],
    tagIds: readonly string[],
  ): Promise<{ ops: DbOp[]; created: number; linked: number; passageIds: string[]; sourceIds: string[] }> {
    const ops: DbOp[] = [];
    const passageIds: string[] = [];
    const sourceIds = new Set<string>();
    let created = 0;
    let linked = 0;
    const existing = passageRecords(this.vault);
    const resolved = await this.resolve(existing);
    const now = new Date().toISOString();
    const pendingIds = new Set<string>();
    const done = new Set<string>();
    for (const t of targets) {
      const key = `${t.sourceId}:${t.start}:${t.end}`;
      if (done.has(key)) continue;
      done.add(key);
      const loaded = await this.load(t.sourceId);
      if (t.end <= t.start || t.end > loaded.text.length) throw new CasefileError('BAD_INPUT', `No text at ${t.start}–${t.end} in "${loaded.record.title}".`);
      const same = existing.find((p) => {
        const r = resolved.get(p.id)?.result;
        return p.sourceId === t.sourceId && r?.start === t.start && r.end === t.end;
      });
      let passageId: string;
      if (same) {
        passageId = same.id;
        linked++;
      } else {
        passageId = newId('p');
        while (passageRecord(this.vault, passageId) || pendingIds.has(passageId)) passageId = newId('p');
        pendingIds.add(passageId);
        const selectors = describeRange(loaded.text, t.start, t.end);
        const record: PassageRecord = {
          id: passageId,
          sourceId: t.sourceId,
          textRevision: loaded.record.textBlob,
          selectors,
          page: pageAt(loaded.record.pageStarts, selectors.position.start),
          tagIds: [...tagIds],
          note: '',
          status: null,
          researcher: this.researcher,
          createdAt: now,
          updatedAt: now,
        };
        ops.push(putPassage(record));
        created++;
      }
      if (!this.vault.db.tables[TABLE_ENTITY_LINKS]?.[linkId(passageId, entityId)]) ops.push(linkOp(passageId, entityId, this.researcher));
      passageIds.push(passageId);
      sourceIds.add(t.sourceId);
    }
    return { ops, created, linked, passageIds, sourceIds: [...sourceIds] };
  }

  async mentionsToPassages(
    id: string,
    mentions: 'all' | readonly { sourceId: string; start: number; end: number }[],
    tagIds: readonly string[],
  ): Promise<{ created: number; linked: number; passageIds: string[] }> {
    const entity = this.requireEntity(id);
    for (const t of tagIds) if (!tagRecords(this.vault).some((r) => r.id === t)) throw new CasefileError('NOT_FOUND', `No tag with id "${t}".`);
    const targets =
      mentions === 'all'
        ? (await this.mentionsOf(id, { unlinkedOnly: true, contextChars: 0, offset: 0, limit: Number.MAX_SAFE_INTEGER })).mentions
        : mentions;
    const plan = await this.mentionOps(entity.id, targets, tagIds);
    await this.commit(
      { label: `Add passages for the mentions of "${entity.name}"`, sourceIds: plan.sourceIds, codebook: tagIds.length > 0 && plan.created > 0 },
      plan.ops,
    );
    return { created: plan.created, linked: plan.linked, passageIds: plan.passageIds };
  }

  // ------------------------------------------------------------------------------------------------ views

  async summaries(): Promise<EntitySummary[]> {
    const mentions = await this.allMentions();
    const links = this.linksByEntity();
    const rels = relationshipRecords(this.vault);
    const relCount = new Map<string, number>();
    const unsupported = new Map<string, number>();
    for (const r of rels) {
      const bad = this.evidenceOf(r).length === 0;
      for (const e of new Set([r.subjectId, r.objectId])) {
        relCount.set(e, (relCount.get(e) ?? 0) + 1);
        if (bad) unsupported.set(e, (unsupported.get(e) ?? 0) + 1);
      }
    }
    return entityRecords(this.vault).map((e) => this.summaryOf(e, mentions.get(e.id) ?? [], links.get(e.id)?.length ?? 0, relCount.get(e.id) ?? 0, unsupported.get(e.id) ?? 0));
  }

  private summaryOf(e: StoredEntity, mentions: readonly SourceMention[], passages: number, relationships: number, unsupported: number): EntitySummary {
    return {
      id: e.id,
      type: e.type,
      name: e.name,
      aliases: [...e.aliases],
      description: e.description,
      properties: structuredClone(e.properties),
      createdAt: e.createdAt,
      createdBy: e.createdBy,
      updatedAt: e.updatedAt,
      mentionCount: mentions.length,
      mentionSourceCount: new Set(mentions.map((m) => m.sourceId)).size,
      passageCount: passages,
      relationshipCount: relationships,
      unsupportedRelationshipCount: unsupported,
      mergedFrom: (e.merges ?? []).map((m) => ({ id: m.entity.id, name: m.entity.name, type: m.entity.type })),
    };
  }

  async summary(id: string): Promise<EntitySummary> {
    const found = (await this.summaries()).find((s) => s.id === id);
    if (!found) throw new CasefileError('NOT_FOUND', `No entity with id "${id}".`);
    return found;
  }

  async list(query: {
    types?: EntityType[] | undefined;
    query?: string | undefined;
    tagId?: string | undefined;
    sort: 'name' | 'type' | 'mentions' | 'passages' | 'relationships' | 'updated';
    order: 'asc' | 'desc';
  }): Promise<EntitySummary[]> {
    let list = await this.summaries();
    if (query.types && query.types.length > 0) list = list.filter((e) => query.types?.includes(e.type));
    if (query.query) {
      const q = foldKey(query.query);
      list = list.filter((e) => [e.name, ...e.aliases].some((n) => foldKey(n).includes(q)));
    }
    if (query.tagId) {
      const allowed = this.entitiesWithTag(query.tagId, true);
      list = list.filter((e) => allowed.has(e.id));
    }
    const dir = query.order === 'desc' ? -1 : 1;
    const key: Record<typeof query.sort, (a: EntitySummary, b: EntitySummary) => number> = {
      name: (a, b) => a.name.localeCompare(b.name),
      type: (a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name),
      mentions: (a, b) => a.mentionCount - b.mentionCount,
      passages: (a, b) => a.passageCount - b.passageCount,
      relationships: (a, b) => a.relationshipCount - b.relationshipCount,
      updated: (a, b) => a.updatedAt.localeCompare(b.updatedAt),
    };
    return list.sort((a, b) => dir * key[query.sort](a, b) || a.name.localeCompare(b.name));
  }

  private tagSet(tagId: string, includeDescendants: boolean): Set<string> {
    const tags = tagRecords(this.vault);
    if (!tags.some((t) => t.id === tagId)) throw new CasefileError('NOT_FOUND', `No tag with id "${tagId}".`);
    const wanted = new Set([tagId]);
    if (includeDescendants) {
      let grew = true;
      while (grew) {
        grew = false;
        for (const t of tags) {
          if (t.parentId && wanted.has(t.parentId) && !wanted.has(t.id)) {
            wanted.add(t.id);
            grew = true;
          }
        }
      }
    }
    return wanted;
  }

  private entitiesWithTag(tagId: string, includeDescendants: boolean): Set<string> {
    const wanted = this.tagSet(tagId, includeDescendants);
    const out = new Set<string>();
    for (const l of linkRecords(this.vault)) {
      const p = passageRecord(this.vault, l.passageId);
      if (p && p.tagIds.some((t) => wanted.has(t))) out.add(l.entityId);
    }
    return out;
  }

  lookup(query: string, types: EntityType[] | undefined, limit: number): EntityLookupMatch[] {
    const q = foldKey(query);
    if (q.length === 0) return [];
    const maxEdits = q.length >= 8 ? 2 : q.length >= 4 ? 1 : 0;
    const best = new Map<string, EntityLookupMatch>();
    for (const e of entityRecords(this.vault)) {
      if (types && types.length > 0 && !types.includes(e.type)) continue;
      for (const name of [e.name, ...e.aliases]) {
        const key = foldKey(name);
        let how: EntityLookupMatch['how'] | null = null;
        let score = 0;
        if (key === q) {
          how = 'exact';
          score = 1;
        } else if (key.startsWith(q)) {
          how = 'prefix';
          score = 0.9 - Math.min(0.2, (key.length - q.length) / 200);
        } else if (key.split(/[\s'-]+/).some((w) => w.startsWith(q))) {
          how = 'prefix';
          score = 0.8;
        } else if (maxEdits > 0) {
          const candidates = [key, key.slice(0, q.length), ...key.split(/[\s'-]+/)];
          const d = Math.min(...candidates.map((c) => editDistance(q, c, maxEdits)));
          if (d <= maxEdits) {
            how = 'fuzzy';
            score = 0.6 - d * 0.1;
          }
        }
        if (!how) continue;
        const prev = best.get(e.id);
        if (!prev || prev.score < score) best.set(e.id, { entity: this.ref(e), aliases: [...e.aliases], matched: name, how, score });
      }
    }
    return [...best.values()].sort((a, b) => b.score - a.score || a.entity.name.localeCompare(b.entity.name)).slice(0, limit);
  }

  async relationshipViews(filter: (r: RelationshipRecord) => boolean): Promise<RelationshipView[]> {
    const rels = relationshipRecords(this.vault).filter(filter);
    const refs = new Map((await this.passageRefs([...new Set(rels.flatMap((r) => r.evidencePassageIds))])).map((p) => [p.id, p]));
    const out: RelationshipView[] = [];
    for (const r of rels) {
      const subject = entityRecord(this.vault, r.subjectId);
      const object = entityRecord(this.vault, r.objectId);
      if (!subject || !object) continue;
      const evidence = r.evidencePassageIds.map((id) => refs.get(id)).filter((p): p is PassageRef => p !== undefined);
      out.push({
        ...structuredClone(r),
        subject: this.ref(subject),
        object: this.ref(object),
        displayLabel: r.kind === 'other' ? r.label : r.label ? `${RELATIONSHIP_LABELS[r.kind]} (${r.label})` : RELATIONSHIP_LABELS[r.kind],
        evidence,
        unsupported: evidence.length === 0,
      });
    }
    return out.sort((a, b) => a.subject.name.localeCompare(b.subject.name) || a.object.name.localeCompare(b.object.name) || a.createdAt.localeCompare(b.createdAt));
  }

  async profile(id: string, contextChars: number, mentionLimit: number): Promise<EntityProfile> {
    const entity = await this.summary(id);
    const linked = (this.linksByEntity().get(id) ?? []).map((p) => passageRecord(this.vault, p)).filter((p): p is PassageRecord => !!p);
    const resolved = await this.resolve(linked);
    const passages: PassageInContext[] = linked.map((p) => {
      const r = resolved.get(p.id);
      const result = r?.result ?? { state: 'orphaned' as const, start: null, end: null, found: null };
      const ctx =
        r?.loaded && result.start !== null && result.end !== null ? contextAround(r.loaded.text, result.start, result.end, contextChars) : { before: '', after: '' };
      return {
        id: p.id,
        sourceId: p.sourceId,
        start: result.start,
        end: result.end,
        page: result.start === null ? p.page : pageAt(r?.loaded?.record.pageStarts, result.start),
        exact: p.selectors.quote.exact,
        found: result.found,
        anchor: result.state,
        tagIds: [...p.tagIds],
        note: p.note,
        status: p.status,
        researcher: p.researcher,
        createdAt: p.createdAt,
        updatedAt: p.updatedAt,
        sourceTitle: r?.loaded?.record.title ?? '(missing source)',
        before: ctx.before,
        after: ctx.after,
      };
    });
    passages.sort((a, b) => a.sourceTitle.localeCompare(b.sourceTitle) || a.sourceId.localeCompare(b.sourceId) || (a.start ?? Infinity) - (b.start ?? Infinity));
    const relationships = await this.relationshipViews((r) => r.subjectId === id || r.objectId === id);
    const unlinked = await this.mentionsOf(id, { unlinkedOnly: true, contextChars, offset: 0, limit: mentionLimit });
    return { entity, passages, relationships, unlinkedMentions: unlinked.mentions, unlinkedMentionTotal: unlinked.total };
  }

  forSource(sourceId: string): { passageId: string; entities: EntityRef[] }[] {
    const byPassage = this.linksByPassage();
    const out: { passageId: string; entities: EntityRef[] }[] = [];
    for (const p of passageRecords(this.vault)) {
      if (p.sourceId !== sourceId) continue;
      const entities = (byPassage.get(p.id) ?? []).map((e) => entityRecord(this.vault, e)).filter((e): e is StoredEntity => !!e);
      if (entities.length > 0) out.push({ passageId: p.id, entities: entities.map((e) => this.ref(e)) });
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------------ edits

  private newEntity(input: { type: EntityType; name: string; aliases: readonly string[]; description: string; properties: EntityProperties }): StoredEntity {
    let id = newId('e');
    while (entityRecord(this.vault, id)) id = newId('e');
    const now = new Date().toISOString();
    return {
      id,
      type: input.type,
      name: input.name,
      aliases: uniqueFolded(input.aliases, [input.name]),
      description: input.description,
      properties: structuredClone(input.properties),
      createdAt: now,
      createdBy: this.researcher,
      updatedAt: now,
      merges: [],
    };
  }

  private sourcesOfPassages(ids: readonly string[]): string[] {
    return [...new Set(ids.map((id) => passageRecord(this.vault, id)?.sourceId).filter((s): s is string => !!s))];
  }

  async create(input: {
    type: EntityType;
    name: string;
    aliases: string[];
    description: string;
    properties: EntityProperties;
    passageIds: string[];
  }): Promise<EntitySummary> {
    for (const p of input.passageIds) this.requirePassage(p);
    const entity = this.newEntity(input);
    const ops = [put(TABLE_ENTITIES, entity.id, entity), ...input.passageIds.map((p) => linkOp(p, entity.id, this.researcher))];
    await this.commit({ label: `Create entity "${entity.name}"`, sourceIds: this.sourcesOfPassages(input.passageIds), codebook: false }, ops);
    return this.summary(entity.id);
  }

  async update(input: {
    id: string;
    type?: EntityType | undefined;
    name?: string | undefined;
    keepOldNameAsAlias: boolean;
    aliases?: string[] | undefined;
    description?: string | undefined;
    properties?: EntityProperties | undefined;
  }): Promise<EntitySummary> {
    const e = this.requireEntity(input.id);
    const name = input.name ?? e.name;
    let aliases = input.aliases ?? e.aliases;
    if (input.keepOldNameAsAlias && input.name !== undefined && input.name !== e.name) aliases = [...aliases, e.name];
    const next: StoredEntity = {
      ...e,
      type: input.type ?? e.type,
      name,
      aliases: uniqueFolded(aliases, [name]),
      description: input.description ?? e.description,
      properties: input.properties ? structuredClone(input.properties) : e.properties,
      updatedAt: new Date().toISOString(),
    };
    const label = next.name !== e.name ? `Rename entity "${e.name}"` : `Edit entity "${e.name}"`;
    await this.commit({ label, sourceIds: [], codebook: false }, [put(TABLE_ENTITIES, e.id, next)]);
    return this.summary(e.id);
  }

  async delete(id: string): Promise<{ id: string; linksRemoved: number; relationshipsRemoved: number }> {
    const e = this.requireEntity(id);
    const links = linkRecords(this.vault).filter((l) => l.entityId === id);
    const rels = relationshipRecords(this.vault).filter((r) => r.subjectId === id || r.objectId === id);
    const ops = [...links.map((l) => del(TABLE_ENTITY_LINKS, l.id)), ...rels.map((r) => del(TABLE_RELATIONSHIPS, r.id)), del(TABLE_ENTITIES, id)];
    await this.commit({ label: `Delete entity "${e.name}"`, sourceIds: this.sourcesOfPassages(links.map((l) => l.passageId)), codebook: false }, ops);
    return { id, linksRemoved: links.length, relationshipsRemoved: rels.length };
  }

  async merge(fromId: string, intoId: string): Promise<{ entity: EntitySummary; linksMoved: number; relationshipsMoved: number }> {
    if (fromId === intoId) throw new CasefileError('BAD_INPUT', 'An entity cannot be merged into itself.');
    const from = this.requireEntity(fromId);
    const into = this.requireEntity(intoId);
    const addedAliases = uniqueFolded([from.name, ...from.aliases], [into.name, ...into.aliases]);
    const { merged, added } = mergeProperties(into.properties, from.properties);
    const descriptionAfter =
      from.description && from.description !== into.description ? [into.description, from.description].filter(Boolean).join('\n\n') : into.description;
    const intoLinks = new Set(linkRecords(this.vault).filter((l) => l.entityId === intoId).map((l) => l.passageId));
    const fromLinks = linkRecords(this.vault).filter((l) => l.entityId === fromId);
    const ops: DbOp[] = [];
    const movedLinks: string[] = [];
    const sharedLinks: string[] = [];
    for (const l of fromLinks) {
      ops.push(del(TABLE_ENTITY_LINKS, l.id));
      if (intoLinks.has(l.passageId)) sharedLinks.push(l.passageId);
      else {
        movedLinks.push(l.passageId);
        ops.push(linkOp(l.passageId, intoId, this.researcher));
      }
    }
    const rels = relationshipRecords(this.vault).filter((r) => r.subjectId === fromId || r.objectId === fromId);
    for (const r of rels) {
      const next = {
        ...r,
        subjectId: r.subjectId === fromId ? intoId : r.subjectId,
        objectId: r.objectId === fromId ? intoId : r.objectId,
        updatedAt: new Date().toISOString(),
      };
      // A relationship between the two merged entities would point at itself: keep it in the snapshot only.
      if (next.subjectId === next.objectId) ops.push(del(TABLE_RELATIONSHIPS, r.id));
      else ops.push(put(TABLE_RELATIONSHIPS, r.id, next));
    }
    const snapshot: MergeSnapshot = {
      entity: structuredClone(from),
      addedAliases,
      addedProperties: added,
      descriptionBefore: into.description,
      descriptionAfter,
      movedLinks,
      sharedLinks,
      relationships: structuredClone(rels),
      mergedAt: new Date().toISOString(),
    };
    const next: StoredEntity = {
      ...into,
      aliases: [...into.aliases, ...addedAliases],
      properties: merged,
      description: descriptionAfter,
      merges: [...(into.merges ?? []), snapshot],
      updatedAt: new Date().toISOString(),
    };
    ops.push(put(TABLE_ENTITIES, intoId, next), del(TABLE_ENTITIES, fromId));
    await this.commit(
      { label: `Merge "${from.name}" into "${into.name}"`, sourceIds: this.sourcesOfPassages(fromLinks.map((l) => l.passageId)), codebook: false },
      ops,
    );
    return { entity: await this.summary(intoId), linksMoved: movedLinks.length, relationshipsMoved: rels.length };
  }

  async split(id: string, mergedId: string): Promise<{ restored: EntitySummary; entity: EntitySummary }> {
    const into = this.requireEntity(id);
    const snapshot = (into.merges ?? []).find((m) => m.entity.id === mergedId);
    if (!snapshot) throw new CasefileError('NOT_FOUND', `"${into.name}" has no merged entity "${mergedId}" to split off.`);
    if (entityRecord(this.vault, mergedId)) throw new CasefileError('BAD_INPUT', 'That entity exists again already.');
    const ops: DbOp[] = [put(TABLE_ENTITIES, mergedId, structuredClone(snapshot.entity))];
    const removeAliases = new Set(snapshot.addedAliases.map(foldKey));
    const properties = structuredClone(into.properties);
    for (const [key, values] of Object.entries(snapshot.addedProperties)) {
      const left = (properties[key] ?? []).filter((v) => !values.includes(v));
      if (left.length > 0) properties[key] = left;
      else delete properties[key];
    }
    ops.push(
      put(TABLE_ENTITIES, id, {
        ...into,
        aliases: into.aliases.filter((a) => !removeAliases.has(foldKey(a))),
        properties,
        description: into.description === snapshot.descriptionAfter ? snapshot.descriptionBefore : into.description,
        merges: into.merges.filter((m) => m !== snapshot),
        updatedAt: new Date().toISOString(),
      } satisfies StoredEntity),
    );
    const linkTable = this.vault.db.tables[TABLE_ENTITY_LINKS] ?? {};
    for (const p of snapshot.movedLinks) {
      if (!passageRecord(this.vault, p)) continue;
      if (linkTable[linkId(p, id)]) ops.push(del(TABLE_ENTITY_LINKS, linkId(p, id)));
      ops.push(linkOp(p, mergedId, this.researcher));
    }
    for (const p of snapshot.sharedLinks) if (passageRecord(this.vault, p)) ops.push(linkOp(p, mergedId, this.researcher));
    for (const before of snapshot.relationships) {
      const current = relationshipRecord(this.vault, before.id);
      const restored = current ? { ...current, subjectId: before.subjectId, objectId: before.objectId } : before;
      if (entityRecord(this.vault, restored.subjectId === mergedId ? restored.objectId : restored.subjectId) || restored.subjectId === restored.objectId) {
        ops.push(put(TABLE_RELATIONSHIPS, before.id, restored));
      }
    }
    await this.commit({ label: `Split "${snapshot.entity.name}" from "${into.name}"`, sourceIds: this.sourcesOfPassages(snapshot.movedLinks), codebook: false }, ops);
    return { restored: await this.summary(mergedId), entity: await this.summary(id) };
  }

  async link(passageId: string, entityIds: readonly string[], unlink = false): Promise<{ passageId: string; entities: EntityRef[] }> {
    const passage = this.requirePassage(passageId);
    const entities = entityIds.map((e) => this.requireEntity(e));
    const table = this.vault.db.tables[TABLE_ENTITY_LINKS] ?? {};
    const ops: DbOp[] = [];
    for (const e of entities) {
      const exists = table[linkId(passageId, e.id)] !== undefined;
      if (unlink && exists) ops.push(del(TABLE_ENTITY_LINKS, linkId(passageId, e.id)));
      if (!unlink && !exists) ops.push(linkOp(passageId, e.id, this.researcher));
    }
    const names = entities.map((e) => `"${e.name}"`).join(', ');
    await this.commit({ label: unlink ? `Unlink ${names}` : `Link ${names}`, sourceIds: [passage.sourceId], codebook: false }, ops);
    const now = (this.linksByPassage().get(passageId) ?? []).map((id) => entityRecord(this.vault, id)).filter((e): e is StoredEntity => !!e);
    return { passageId, entities: now.map((e) => this.ref(e)) };
  }

  // ------------------------------------------------------------------------------------------------ relationships

  /** Evidence must exist when it is added; the words say what happened, since the researcher picked it from a list. */
  private checkEvidence(ids: readonly string[]): void {
    const gone = ids.filter((id) => !passageRecord(this.vault, id));
    if (gone.length === 1)
      throw new CasefileError('NOT_FOUND', 'A passage chosen as evidence no longer exists: it was deleted, or its creation undone, meanwhile. Choose another.');
    if (gone.length > 1)
      throw new CasefileError('NOT_FOUND', `${gone.length} passages chosen as evidence no longer exist: they were deleted, or their creation undone, meanwhile. Choose others.`);
  }

  /**
   * Passages to offer as evidence: those linked to any of `entityIds` (saying to which), then `passageIds` asked for
   * by name (the reader's selection); passages that no longer exist are left out.
   */
  async evidenceChoices(entityIds: readonly string[], passageIds: readonly string[]): Promise<EvidenceChoice[]> {
    for (const id of entityIds) this.requireEntity(id);
    const byEntity = this.linksByEntity();
    const linkedTo = new Map<string, string[]>();
    for (const entityId of new Set(entityIds)) {
      for (const passageId of byEntity.get(entityId) ?? []) linkedTo.set(passageId, [...(linkedTo.get(passageId) ?? []), entityId]);
    }
    const refs = await this.passageRefs([...new Set([...linkedTo.keys(), ...passageIds])]);
    return refs
      .map((p) => ({ ...p, linkedTo: linkedTo.get(p.id) ?? [] }))
      .sort((a, b) => a.sourceTitle.localeCompare(b.sourceTitle) || a.sourceId.localeCompare(b.sourceId) || (a.start ?? Infinity) - (b.start ?? Infinity));
  }

  async createRelationship(input: {
    subjectId: string;
    objectId: string;
    kind: RelationshipKind;
    label: string;
    evidencePassageIds: string[];
    startDate: string | null;
    endDate: string | null;
    description: string;
  }): Promise<RelationshipView> {
    const subject = this.requireEntity(input.subjectId);
    const object = this.requireEntity(input.objectId);
    if (subject.id === object.id) throw new CasefileError('BAD_INPUT', 'A relationship needs two different entities.');
    checkDateOrder(input.startDate, input.endDate);
    this.checkEvidence(input.evidencePassageIds);
    let id = newId('r');
    while (relationshipRecord(this.vault, id)) id = newId('r');
    const now = new Date().toISOString();
    const record: RelationshipRecord = { id, ...input, evidencePassageIds: [...new Set(input.evidencePassageIds)], createdAt: now, createdBy: this.researcher, updatedAt: now };
    await this.commit(
      { label: `Relate "${subject.name}" to "${object.name}"`, sourceIds: this.sourcesOfPassages(record.evidencePassageIds), codebook: false },
      [put(TABLE_RELATIONSHIPS, id, record)],
    );
    return this.relationshipView(id);
  }

  private async relationshipView(id: string): Promise<RelationshipView> {
    const [view] = await this.relationshipViews((r) => r.id === id);
    if (!view) throw new CasefileError('NOT_FOUND', 'That relationship no longer exists.');
    return view;
  }

  async updateRelationship(input: {
    id: string;
    kind?: RelationshipKind | undefined;
    label?: string | undefined;
    subjectId?: string | undefined;
    objectId?: string | undefined;
    evidencePassageIds?: string[] | undefined;
    addEvidence?: string[] | undefined;
    removeEvidence?: string[] | undefined;
    startDate?: string | null | undefined;
    endDate?: string | null | undefined;
    description?: string | undefined;
  }): Promise<RelationshipView> {
    const r = relationshipRecord(this.vault, input.id);
    if (!r) throw new CasefileError('NOT_FOUND', 'That relationship no longer exists.');
    let evidence = input.evidencePassageIds ?? r.evidencePassageIds;
    if (input.addEvidence) evidence = [...evidence, ...input.addEvidence];
    if (input.removeEvidence) evidence = evidence.filter((e) => !input.removeEvidence?.includes(e));
    evidence = [...new Set(evidence)];
    this.checkEvidence(evidence.filter((e) => !r.evidencePassageIds.includes(e)));
    const next: RelationshipRecord = {
      ...r,
      kind: input.kind ?? r.kind,
      label: input.label ?? r.label,
      subjectId: input.subjectId ?? r.subjectId,
      objectId: input.objectId ?? r.objectId,
      evidencePassageIds: evidence,
      startDate: input.startDate === undefined ? r.startDate : input.startDate,
      endDate: input.endDate === undefined ? r.endDate : input.endDate,
      description: input.description ?? r.description,
      updatedAt: new Date().toISOString(),
    };
    const subject = this.requireEntity(next.subjectId);
    const object = this.requireEntity(next.objectId);
    if (next.subjectId === next.objectId) throw new CasefileError('BAD_INPUT', 'A relationship needs two different entities.');
    if (next.kind === 'other' && next.label.length === 0) throw new CasefileError('BAD_INPUT', 'Say what the relationship is.');
    checkDateOrder(next.startDate, next.endDate);
    // Nothing changed: no step in the history that undo would have to take back for nothing.
    if (sameRelationship(r, next)) return this.relationshipView(r.id);
    const added = evidence.filter((e) => !r.evidencePassageIds.includes(e));
    const removed = r.evidencePassageIds.filter((e) => !evidence.includes(e));
    const evidenceOnly = sameRelationship({ ...r, evidencePassageIds: evidence }, next);
    const what = `"${subject.name}" ${next.kind === 'other' ? next.label : RELATIONSHIP_LABELS[next.kind]} "${object.name}"`;
    const label =
      evidenceOnly && added.length > 0 && removed.length === 0
        ? `Add evidence to ${what}`
        : evidenceOnly && removed.length > 0 && added.length === 0
          ? `Remove evidence from ${what}`
          : `Edit relationship ${what}`;
    await this.commit({ label, sourceIds: this.sourcesOfPassages([...evidence, ...removed]), codebook: false }, [put(TABLE_RELATIONSHIPS, r.id, next)]);
    return this.relationshipView(r.id);
  }

  async deleteRelationship(id: string): Promise<{ id: string }> {
    const r = relationshipRecord(this.vault, id);
    if (!r) throw new CasefileError('NOT_FOUND', 'That relationship no longer exists.');
    await this.commit({ label: 'Delete relationship', sourceIds: [], codebook: false }, [del(TABLE_RELATIONSHIPS, id)]);
    return { id };
  }

  // ------------------------------------------------------------------------------------------------ suggestions

  private async candidatesOf(record: SourceRecord): Promise<Candidate[]> {
    let found = this.candidates.get(record.textBlob);
    if (!found) {
      found = extractCandidates((await this.textOf(record)).text, record.language);
      this.candidates.set(record.textBlob, found);
    }
    return found;
  }

  async suggestions(options: { types?: EntityType[] | undefined; sourceId?: string | undefined; minCount: number }): Promise<{ suggestions: Suggestion[]; sourcesScanned: number }> {
    const rejected = new Set(rejectionRecords(this.vault).map((r) => r.id));
    const entities = entityRecords(this.vault);
    const known = new Map<string, StoredEntity>();
    for (const e of entities) for (const n of [e.name, ...e.aliases]) known.set(foldKey(n), e);
    const sources = sourceRecords(this.vault)
      .filter((s) => !options.sourceId || s.id === options.sourceId)
      .sort((a, b) => a.title.localeCompare(b.title));
    interface Agg {
      type: EntityType;
      key: string;
      names: Map<string, number>;
      origin: 'pattern' | 'nlp';
      value: string | null;
      sources: Map<string, { count: number; first: [number, number] }>;
    }
    const agg = new Map<string, Agg>();
    for (const source of sources) {
      const candidates = await this.candidatesOf(source);
      if (candidates.length === 0) continue;
      const text = (await this.textOf(source)).text;
      const folded = this.folds.get(source.textBlob, () => text);
      const unique = new Map<string, Candidate>();
      for (const c of candidates) unique.set(`${c.type}\u0000${c.name}`, c);
      const list = [...unique.values()];
      const matcher = new NameMatcher(list.map((c, i) => ({ owner: String(i), name: c.name })));
      const hits = new Map<number, { count: number; first: [number, number] }>();
      for (const m of mentionsIn(matcher, folded)) {
        const i = Number(m.owner);
        const h = hits.get(i);
        if (h) h.count++;
        else hits.set(i, { count: 1, first: [m.start, m.end] });
      }
      list.forEach((c, i) => {
        const h = hits.get(i);
        if (!h) return;
        const key = c.value ?? foldKey(c.name);
        const id = suggestionId(c.type, key);
        let a = agg.get(id);
        if (!a) {
          a = { type: c.type, key, names: new Map(), origin: c.origin, value: c.value, sources: new Map() };
          agg.set(id, a);
        }
        a.names.set(c.name, (a.names.get(c.name) ?? 0) + h.count);
        const s = a.sources.get(source.id);
        if (!s || s.count < h.count) a.sources.set(source.id, h);
      });
    }
    // A lone surname or first name already part of a suggested person's full name is that person, not another entity.
    const personWords = new Set<string>();
    for (const a of agg.values()) if (a.type === 'Person' && a.key.includes(' ')) for (const w of a.key.split(' ')) personWords.add(w);
    const out: Suggestion[] = [];
    for (const [id, a] of agg) {
      if (rejected.has(id)) continue;
      if (options.types && options.types.length > 0 && !options.types.includes(a.type)) continue;
      const foldedName = foldKey([...a.names.keys()][0] ?? '');
      if (known.has(a.key) || known.has(foldedName)) continue;
      if (!a.key.includes(' ') && personWords.has(a.key) && a.origin === 'nlp') continue;
      const total = [...a.sources.values()].reduce((n, s) => n + s.count, 0);
      if (a.origin === 'nlp' && total < options.minCount) continue;
      const names = [...a.names.entries()].sort((x, y) => y[1] - x[1]).map(([n]) => n);
      const name = names[0] ?? a.key;
      out.push({
        id,
        type: a.type,
        name,
        variants: names.slice(1),
        origin: a.origin,
        value: a.value,
        sources: [...a.sources.entries()].map(([sid, s]) => ({
          sourceId: sid,
          sourceTitle: sourceRecord(this.vault, sid)?.title ?? '',
          count: s.count,
          firstStart: s.first[0],
          firstEnd: s.first[1],
        })),
        total,
        similarEntity: null,
      });
    }
    // Similar entity: an existing one sharing a word-level prefix, offered as a merge target.
    for (const s of out) {
      const match = this.lookup(s.name, undefined, 1)[0];
      if (match && match.how !== 'exact') s.similarEntity = match.entity;
    }
    out.sort((a, b) => b.sources.length - a.sources.length || b.total - a.total || a.name.localeCompare(b.name));
    return { suggestions: out, sourcesScanned: sources.length };
  }

  private async requireSuggestion(id: string): Promise<Suggestion> {
    const found = (await this.suggestions({ minCount: 1 })).suggestions.find((s) => s.id === id);
    if (!found) throw new CasefileError('NOT_FOUND', 'That suggestion is no longer pending (accepted, rejected or gone).');
    return found;
  }

  private suggestionProperties(s: Suggestion, type: EntityType): EntityProperties {
    if (!s.value) return {};
    if (type === 'Phone') return { number: [s.value] };
    if (type === 'Email') return { email: [s.value] };
    if (type === 'Url') return { website: [s.value] };
    if (type === 'Event') return { date: [s.value] };
    if (/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(s.value)) return { iban: [s.value] };
    return {};
  }

  async acceptSuggestion(input: { id: string; name?: string | undefined; type?: EntityType | undefined; withMentions: boolean }): Promise<{ entity: EntitySummary; passagesCreated: number }> {
    const s = await this.requireSuggestion(input.id);
    const type = input.type ?? s.type;
    const name = input.name ?? s.name;
    const entity = this.newEntity({ type, name, aliases: [s.name, ...s.variants], description: '', properties: this.suggestionProperties(s, s.type) });
    const ops: DbOp[] = [put(TABLE_ENTITIES, entity.id, entity)];
    let created = 0;
    let sourceIds: string[] = [];
    if (input.withMentions) {
      const matcher = new NameMatcher(entityPatterns([entity]));
      const targets: { sourceId: string; start: number; end: number }[] = [];
      for (const source of sourceRecords(this.vault)) {
        const text = (await this.textOf(source)).text;
        for (const m of mentionsIn(matcher, this.folds.get(source.textBlob, () => text))) targets.push({ sourceId: source.id, start: m.start, end: m.end });
      }
      const plan = await this.mentionOps(entity.id, targets, []);
      ops.push(...plan.ops);
      created = plan.created;
      sourceIds = plan.sourceIds;
    }
    await this.commit({ label: `Accept suggestion "${name}"`, sourceIds, codebook: false }, ops);
    return { entity: await this.summary(entity.id), passagesCreated: created };
  }

  async rejectSuggestion(id: string): Promise<{ id: string }> {
    const s = await this.requireSuggestion(id);
    const record: RejectionRecord = { id, type: s.type, name: s.name, key: s.value ?? foldKey(s.name), rejectedAt: new Date().toISOString(), rejectedBy: this.researcher };
    await this.commit({ label: `Reject suggestion "${s.name}"`, sourceIds: [], codebook: false }, [put(TABLE_REJECTIONS, id, record)]);
    return { id };
  }

  async mergeSuggestion(id: string, entityId: string): Promise<EntitySummary> {
    const s = await this.requireSuggestion(id);
    const e = this.requireEntity(entityId);
    const next: StoredEntity = { ...e, aliases: uniqueFolded([...e.aliases, s.name, ...s.variants], [e.name]), updatedAt: new Date().toISOString() };
    await this.commit({ label: `Add "${s.name}" to "${e.name}"`, sourceIds: [], codebook: false }, [put(TABLE_ENTITIES, e.id, next)]);
    return this.summary(e.id);
  }

  rejectedList(): RejectionRecord[] {
    return rejectionRecords(this.vault).sort((a, b) => b.rejectedAt.localeCompare(a.rejectedAt));
  }

  async unreject(id: string): Promise<{ id: string }> {
    const r = rejectionRecords(this.vault).find((x) => x.id === id);
    if (!r) throw new CasefileError('NOT_FOUND', 'That suggestion is not rejected.');
    await this.commit({ label: `Restore suggestion "${r.name}"`, sourceIds: [], codebook: false }, [del(TABLE_REJECTIONS, id)]);
    return { id };
  }

  // ------------------------------------------------------------------------------------------------ graph, timeline

  graph(input: {
    types?: EntityType[] | undefined;
    tagId?: string | undefined;
    includeDescendants: boolean;
    entityIds?: string[] | undefined;
    neighbours: boolean;
    coOccurrence: boolean;
    limit: number;
  }): GraphData {
    let entities = entityRecords(this.vault);
    if (input.types && input.types.length > 0) entities = entities.filter((e) => input.types?.includes(e.type));
    if (input.tagId) {
      const allowed = this.entitiesWithTag(input.tagId, input.includeDescendants);
      entities = entities.filter((e) => allowed.has(e.id));
    }
    const rels = relationshipRecords(this.vault);
    if (input.entityIds) {
      const wanted = new Set(input.entityIds);
      if (input.neighbours) {
        const seeds = new Set(wanted);
        for (const r of rels) {
          if (seeds.has(r.subjectId) || seeds.has(r.objectId)) {
            wanted.add(r.subjectId);
            wanted.add(r.objectId);
          }
        }
      }
      entities = entities.filter((e) => wanted.has(e.id));
    }
    const links = this.linksByEntity();
    const edges: GraphEdge[] = [];
    const ids = new Set(entities.map((e) => e.id));
    const degree = new Map<string, number>();
    for (const r of rels) {
      if (!ids.has(r.subjectId) || !ids.has(r.objectId)) continue;
      const evidence = this.evidenceOf(r);
      edges.push({
        id: r.id,
        source: r.subjectId,
        target: r.objectId,
        kind: r.kind,
        label: r.kind === 'other' ? r.label : RELATIONSHIP_LABELS[r.kind],
        evidencePassageIds: evidence,
        unsupported: evidence.length === 0,
      });
    }
    if (input.coOccurrence) {
      const pairs = new Map<string, string[]>();
      const byPassage = this.linksByPassage();
      for (const [passageId, list] of byPassage) {
        if (!passageRecord(this.vault, passageId)) continue;
        const inGraph = [...new Set(list)].filter((e) => ids.has(e)).sort();
        for (let i = 0; i < inGraph.length; i++)
          for (let j = i + 1; j < inGraph.length; j++) {
            const key = `co:${inGraph[i]}:${inGraph[j]}`;
            pairs.set(key, [...(pairs.get(key) ?? []), passageId]);
          }
      }
      for (const [key, passages] of pairs) {
        const [, a = '', b = ''] = key.split(':');
        edges.push({ id: key, source: a, target: b, kind: 'co-occurrence', label: `${passages.length} shared passage(s)`, evidencePassageIds: passages, unsupported: false });
      }
    }
    const relCount = new Map<string, number>();
    for (const e of edges) {
      degree.set(e.source, (degree.get(e.source) ?? 0) + 1);
      degree.set(e.target, (degree.get(e.target) ?? 0) + 1);
      if (e.kind !== 'co-occurrence') {
        relCount.set(e.source, (relCount.get(e.source) ?? 0) + 1);
        relCount.set(e.target, (relCount.get(e.target) ?? 0) + 1);
      }
    }
    let truncated = false;
    if (entities.length > input.limit) {
      truncated = true;
      entities = [...entities]
        .sort((a, b) => (degree.get(b.id) ?? 0) - (degree.get(a.id) ?? 0) || (links.get(b.id)?.length ?? 0) - (links.get(a.id)?.length ?? 0) || a.name.localeCompare(b.name))
        .slice(0, input.limit);
    }
    const kept = new Set(entities.map((e) => e.id));
    return {
      nodes: entities.map((e) => ({ id: e.id, type: e.type, name: e.name, passageCount: links.get(e.id)?.length ?? 0, relationshipCount: relCount.get(e.id) ?? 0 })),
      edges: truncated ? edges.filter((e) => kept.has(e.source) && kept.has(e.target)) : edges,
      truncated,
    };
  }

  async setPassageDate(passageId: string, date: string | null, endDate: string | null): Promise<{ passageId: string; date: string | null; endDate: string | null }> {
    const p = this.requirePassage(passageId);
    const op = date === null ? del(TABLE_PASSAGE_DATES, passageId) : put(TABLE_PASSAGE_DATES, passageId, { id: passageId, date, endDate, setAt: new Date().toISOString() });
    await this.commit({ label: date === null ? 'Clear passage date' : 'Date passage', sourceIds: [p.sourceId], codebook: false }, [op]);
    return { passageId, date, endDate: date === null ? null : endDate };
  }

  async timeline(input: { entityId?: string | undefined; tagId?: string | undefined; includeDescendants: boolean }): Promise<TimelineItem[]> {
    const byPassage = this.linksByPassage();
    const tags = input.tagId ? this.tagSet(input.tagId, input.includeDescendants) : null;
    if (input.entityId) this.requireEntity(input.entityId);
    const refOf = (id: string): EntityRef | null => {
      const e = entityRecord(this.vault, id);
      return e ? this.ref(e) : null;
    };
    const items: TimelineItem[] = [];
    const passages = passageRecords(this.vault).filter(
      (p) => (!tags || p.tagIds.some((t) => tags.has(t))) && (!input.entityId || (byPassage.get(p.id) ?? []).includes(input.entityId)),
    );
    const manual = new Map(passageDateRecords(this.vault).map((d) => [d.id, d]));
    const refs = new Map((await this.passageRefs(passages.map((p) => p.id))).map((r) => [r.id, r]));
    for (const p of passages) {
      const ref = refs.get(p.id) ?? null;
      const entities = (byPassage.get(p.id) ?? []).map(refOf).filter((e): e is EntityRef => e !== null);
      const label = p.selectors.quote.exact.replace(/\s+/g, ' ').slice(0, 140);
      const set = manual.get(p.id) ?? passageDateRecord(this.vault, p.id);
      if (set?.date) {
        items.push({ kind: 'passage', date: set.date, endDate: set.endDate, origin: 'manual', dateText: null, label, passage: ref, entity: null, entities });
        continue;
      }
      const seen = new Set<string>();
      for (const d of findDates(p.selectors.quote.exact)) {
        if (seen.has(d.value)) continue;
        seen.add(d.value);
        items.push({ kind: 'passage', date: d.value, endDate: null, origin: 'extracted', dateText: d.text, label, passage: ref, entity: null, entities });
      }
    }
    if (!tags) {
      const rels = relationshipRecords(this.vault);
      for (const e of entityRecords(this.vault)) {
        const date = e.properties.date?.[0] ?? e.properties.startDate?.[0];
        if (!date || !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(date)) continue;
        const involvedIds = new Set(rels.filter((r) => r.subjectId === e.id || r.objectId === e.id).map((r) => (r.subjectId === e.id ? r.objectId : r.subjectId)));
        if (input.entityId && input.entityId !== e.id && !involvedIds.has(input.entityId)) continue;
        const end = e.properties.endDate?.[0] ?? null;
        items.push({
          kind: 'event',
          date,
          endDate: end && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(end) ? end : null,
          origin: 'manual',
          dateText: null,
          label: e.name,
          passage: null,
          entity: this.ref(e),
          entities: [...involvedIds].map(refOf).filter((x): x is EntityRef => x !== null),
        });
      }
    }
    return items.sort((a, b) => a.date.localeCompare(b.date) || a.label.localeCompare(b.label));
  }

  /** For FtM import/export and the CLI: raw records. */
  records(): { entities: StoredEntity[]; relationships: RelationshipRecord[] } {
    return { entities: entityRecords(this.vault), relationships: relationshipRecords(this.vault) };
  }

  newEntityRecord(input: { type: EntityType; name: string; aliases: readonly string[]; description: string; properties: EntityProperties }): StoredEntity {
    return this.newEntity(input);
  }

  async commitImport(label: string, ops: DbOp[]): Promise<void> {
    await this.commit({ label, sourceIds: [], codebook: false }, ops);
  }
}


function checkDateOrder(start: string | null, end: string | null): void {
  if (!datesInOrder(start, end)) throw new CasefileError('BAD_INPUT', `The relationship cannot end (${end ?? ''}) before it starts (${start ?? ''}).`);
}

function sameRelationship(a: RelationshipRecord, b: RelationshipRecord): boolean {
  return (
    a.kind === b.kind &&
    a.label === b.label &&
    a.subjectId === b.subjectId &&
    a.objectId === b.objectId &&
    a.startDate === b.startDate &&
    a.endDate === b.endDate &&
    a.description === b.description &&
    a.evidencePassageIds.length === b.evidencePassageIds.length &&
    a.evidencePassageIds.every((id, i) => b.evidencePassageIds[i] === id)
  );
}

const books = new WeakMap<OpenCase, EntityBook>();

/** The EntityBook of an open case (one per unlock, like the passages' history it shares). */
export function entitiesOf(opened: OpenCase, researcher: string): EntityBook {
  let book = books.get(opened);
  if (!book) {
    book = new EntityBook(opened, researcher);
    books.set(opened, book);
  }
  return book;
}
