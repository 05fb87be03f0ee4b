/**
 * What gets indexed, read from the case database. Each kind of item has a key ("s:<id>", "p:<id>", "e:<id>"), a
 * revision that changes whenever its indexed text changes, its fields and the metadata filters look at.
 * Entities (kind 'entity', key "e:<id>") are indexed by name and aliases from the entities table. Links between
 * passages and entities (table entityLinks) are metadata: a passage carries the entities linked to it, a source those
 * of its passages (filters.ts adds the sources that mention an entity at query time, since names change).
 */
import type { PassageRecord } from '../../../shared/domain/passage';
import { fold } from '../../../shared/search/fold';
import type { SearchKind } from '../../../shared/search/schema';
import { TABLE_SOURCES, sourceRecord, sourceRecords, type SourceRecord } from '../case/case-db';
import { TABLE_PASSAGES, passageRecord, passageRecords } from '../passages/store';
import { TABLE_ENTITIES, TABLE_ENTITY_LINKS, linkRecords } from '../entities/store';
import type { DbOp, Vault } from '../vault/api';
import type { DocInput, DocMeta, FieldInput } from './engine';

export { TABLE_ENTITIES, TABLE_ENTITY_LINKS };

/** What the search expects of an entity record (the entities feature may store more). */
export interface EntityLike {
  id: string;
  name: string;
  aliases?: string[];
}

export type DocKey = `${'s' | 'p' | 'e'}:${string}`;

export const sourceKey = (id: string): DocKey => `s:${id}`;
export const passageKey = (id: string): DocKey => `p:${id}`;
export const entityKey = (id: string): DocKey => `e:${id}`;

export function keyKind(key: string): SearchKind {
  return key.startsWith('s:') ? 'source' : key.startsWith('p:') ? 'passage' : 'entity';
}

export function keyId(key: string): string {
  return key.slice(2);
}

/** FNV-1a over UTF-16 units, two 32-bit lanes: a revision stamp, not a security boundary. */
export function textHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0).toString(36) + (b >>> 0).toString(36);
}

/** A source's date as YYYY-MM-DD when it can be read as one. */
export function isoDay(value: string | null | undefined): string | null {
  if (!value) return null;
  const direct = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim());
  if (direct) return direct[1] ?? null;
  const year = /^(\d{4})$/.exec(value.trim());
  if (year) return `${year[1]}-01-01`;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString().slice(0, 10);
}

export function sourceRevision(record: SourceRecord): string {
  return `${record.textBlob}:${textHash(record.title)}`;
}

export function passageRevision(passage: PassageRecord): string {
  return textHash(`${passage.selectors.quote.exact}\u0000${passage.note}`);
}

export function entityRevision(entity: EntityLike): string {
  return textHash([entity.name, ...(entity.aliases ?? [])].join('\u0000'));
}

export function entityRecords(vault: Vault): EntityLike[] {
  return Object.values(vault.db.tables[TABLE_ENTITIES] ?? {}).filter(isEntity);
}

function isEntity(e: unknown): e is EntityLike {
  return typeof e === 'object' && e !== null && typeof (e as EntityLike).id === 'string' && typeof (e as EntityLike).name === 'string';
}

/**
 * The case's items as the index needs them, read from the database when asked: a flush during an import looks at a
 * few dozen new sources, and must not regroup every source, passage and link of a large case each time (it did, every
 * 50 ms). The groupings metadata needs are built on first use, once per snapshot.
 */
export class CaseSnapshot {
  private bySource: Map<string, PassageRecord[]> | null = null;
  private links: Map<string, string[]> | null = null;

  constructor(private readonly vault: Vault) {}

  source(id: string): SourceRecord | undefined {
    return sourceRecord(this.vault, id);
  }

  passage(id: string): PassageRecord | undefined {
    return passageRecord(this.vault, id);
  }

  entity(id: string): EntityLike | undefined {
    const e = this.vault.db.tables[TABLE_ENTITIES]?.[id];
    return isEntity(e) ? e : undefined;
  }

  sourceIds(): string[] {
    return Object.keys(this.vault.db.tables[TABLE_SOURCES] ?? {});
  }

  /** A source's passages. */
  passagesOf(sourceId: string): readonly PassageRecord[] {
    if (!this.bySource) {
      this.bySource = new Map();
      for (const p of passageRecords(this.vault)) {
        const list = this.bySource.get(p.sourceId);
        if (list) list.push(p);
        else this.bySource.set(p.sourceId, [p]);
      }
    }
    return this.bySource.get(sourceId) ?? [];
  }

  /** Passage id → ids of the entities linked to it. */
  get linked(): ReadonlyMap<string, readonly string[]> {
    if (!this.links) {
      this.links = new Map();
      for (const link of linkRecords(this.vault)) {
        const list = this.links.get(link.passageId);
        if (list) list.push(link.entityId);
        else this.links.set(link.passageId, [link.entityId]);
      }
    }
    return this.links;
  }

  /** Every item the index should hold, with its revision. */
  desired(): Map<string, string> {
    const out = new Map<string, string>();
    for (const s of sourceRecords(this.vault)) out.set(sourceKey(s.id), sourceRevision(s));
    for (const p of passageRecords(this.vault)) out.set(passageKey(p.id), passageRevision(p));
    for (const e of entityRecords(this.vault)) out.set(entityKey(e.id), entityRevision(e));
    return out;
  }

  /** Whether the item is in the case (cheaper than its revision, which hashes text). */
  has(key: string): boolean {
    const id = keyId(key);
    switch (keyKind(key)) {
      case 'source':
        return this.source(id) !== undefined;
      case 'passage':
        return this.passage(id) !== undefined;
      case 'entity':
        return this.entity(id) !== undefined;
    }
  }

  /** The revision the index should hold for one item, or undefined if the item is gone. */
  revision(key: string): string | undefined {
    const id = keyId(key);
    switch (keyKind(key)) {
      case 'source': {
        const s = this.source(id);
        return s && sourceRevision(s);
      }
      case 'passage': {
        const p = this.passage(id);
        return p && passageRevision(p);
      }
      case 'entity': {
        const e = this.entity(id);
        return e && entityRevision(e);
      }
    }
  }

  meta(key: string): DocMeta | null {
    const id = keyId(key);
    switch (keyKind(key)) {
      case 'source': {
        const s = this.source(id);
        return s ? sourceMeta(s, this.passagesOf(id), this.linked) : null;
      }
      case 'passage': {
        const p = this.passage(id);
        return p ? passageMeta(p, this.source(p.sourceId), this.linked.get(p.id) ?? []) : null;
      }
      case 'entity':
        return this.entity(id) ? entityMeta(id) : null;
    }
  }

  /** The item's fields, reading a source's text from the vault. */
  async fields(key: string, vault: Vault): Promise<FieldInput[] | null> {
    const id = keyId(key);
    switch (keyKind(key)) {
      case 'source': {
        const s = this.source(id);
        if (!s) return null;
        const text = new TextDecoder().decode(await vault.readBlob(s.textBlob));
        return [
          { field: 'title', index: 0, text: s.title },
          { field: 'text', index: 0, text },
        ];
      }
      case 'passage': {
        const p = this.passage(id);
        if (!p) return null;
        return [
          { field: 'quote', index: 0, text: p.selectors.quote.exact },
          { field: 'note', index: 0, text: p.note },
        ];
      }
      case 'entity': {
        const e = this.entity(id);
        if (!e) return null;
        return [{ field: 'name', index: 0, text: e.name }, ...(e.aliases ?? []).map((text, index): FieldInput => ({ field: 'alias', index, text }))];
      }
    }
  }

  async doc(key: string, revision: string, vault: Vault): Promise<DocInput | null> {
    const meta = this.meta(key);
    const fields = meta ? await this.fields(key, vault) : null;
    if (!meta || !fields) return null;
    return { key, kind: keyKind(key), revision, fields, meta };
  }
}

function statusesOf(passages: readonly PassageRecord[]): string[] {
  return [...new Set(passages.map((p) => p.status ?? 'none'))];
}

export function sourceMeta(s: SourceRecord, passages: readonly PassageRecord[], linked: ReadonlyMap<string, readonly string[]>): DocMeta {
  return {
    sourceId: s.id,
    lang: s.language?.toLowerCase() ?? null,
    type: s.type,
    date: isoDay(s.date),
    imported: isoDay(s.importedAt),
    researchers: [fold(s.importedBy)],
    tags: [...new Set(passages.flatMap((p) => p.tagIds))],
    entities: [...new Set(passages.flatMap((p) => linked.get(p.id) ?? []))],
    statuses: statusesOf(passages),
  };
}

export function passageMeta(p: PassageRecord, source: SourceRecord | undefined, linked: readonly string[]): DocMeta {
  return {
    sourceId: p.sourceId,
    lang: source?.language?.toLowerCase() ?? null,
    type: source?.type ?? null,
    date: isoDay(source?.date),
    imported: isoDay(source?.importedAt),
    researchers: [fold(p.researcher)],
    tags: [...p.tagIds],
    entities: [...new Set(linked)],
    statuses: [p.status ?? 'none'],
  };
}

export function entityMeta(id: string): DocMeta {
  return { sourceId: null, lang: null, type: null, date: null, imported: null, researchers: [], tags: [], entities: [id], statuses: [] };
}

/** Tables whose changes the index follows. */
export const INDEXED_TABLES = new Set([TABLE_SOURCES, TABLE_PASSAGES, TABLE_ENTITIES, TABLE_ENTITY_LINKS]);

/** The passage a link (entityLinks record, id "<passageId>~<entityId>") belongs to. */
export function linkedPassageId(op: DbOp): string | null {
  if (op.op === 'meta') return null;
  if (op.op === 'put') {
    const value = op.value as { passageId?: unknown } | null;
    if (value && typeof value.passageId === 'string') return value.passageId;
  }
  const cut = op.id.lastIndexOf('~');
  return cut > 0 ? op.id.slice(0, cut) : null;
}
