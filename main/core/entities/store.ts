import type { EntityRecord, RelationshipRecord } from '../../../shared/domain/entity';
import type { DbOp, Vault } from '../vault/api';

export const TABLE_ENTITIES = 'entities';
export const TABLE_ENTITY_LINKS = 'entityLinks';
export const TABLE_RELATIONSHIPS = 'relationships';
export const TABLE_REJECTIONS = 'entityRejections';
export const TABLE_PASSAGE_DATES = 'passageDates';

/** What a merge changed, kept on the surviving entity so entities.split can put the merged one back. */
export interface MergeSnapshot {
  entity: StoredEntity;
  addedAliases: string[];
  addedProperties: Record<string, string[]>;
  descriptionBefore: string;
  descriptionAfter: string;
  /** Passages that were linked to the merged entity only (moved) and to both (shared). */
  movedLinks: string[];
  sharedLinks: string[];
  /** Relationships of the merged entity as they were (rewritten to the survivor, or dropped when they became self-links). */
  relationships: RelationshipRecord[];
  mergedAt: string;
}

export interface StoredEntity extends EntityRecord {
  merges: MergeSnapshot[];
}

export interface LinkRecord {
  id: string;
  passageId: string;
  entityId: string;
  createdAt: string;
  createdBy: string;
}

export interface RejectionRecord {
  id: string;
  type: EntityRecord['type'];
  name: string;
  key: string;
  rejectedAt: string;
  rejectedBy: string;
}

export interface PassageDateRecord {
  id: string;
  date: string | null;
  endDate: string | null;
  setAt: string;
}

function table<T>(vault: Vault, name: string): T[] {
  return Object.values(vault.db.tables[name] ?? {}) as T[];
}

export const entityRecords = (vault: Vault): StoredEntity[] => table<StoredEntity>(vault, TABLE_ENTITIES);
export const entityRecord = (vault: Vault, id: string): StoredEntity | undefined =>
  vault.db.tables[TABLE_ENTITIES]?.[id] as StoredEntity | undefined;
export const linkRecords = (vault: Vault): LinkRecord[] => table<LinkRecord>(vault, TABLE_ENTITY_LINKS);
export const relationshipRecords = (vault: Vault): RelationshipRecord[] => table<RelationshipRecord>(vault, TABLE_RELATIONSHIPS);
export const relationshipRecord = (vault: Vault, id: string): RelationshipRecord | undefined =>
  vault.db.tables[TABLE_RELATIONSHIPS]?.[id] as RelationshipRecord | undefined;
export const rejectionRecords = (vault: Vault): RejectionRecord[] => table<RejectionRecord>(vault, TABLE_REJECTIONS);
export const passageDateRecord = (vault: Vault, id: string): PassageDateRecord | undefined =>
  vault.db.tables[TABLE_PASSAGE_DATES]?.[id] as PassageDateRecord | undefined;
export const passageDateRecords = (vault: Vault): PassageDateRecord[] => table<PassageDateRecord>(vault, TABLE_PASSAGE_DATES);

export const linkId = (passageId: string, entityId: string): string => `${passageId}~${entityId}`;

export const put = (tableName: string, id: string, value: unknown): DbOp => ({ op: 'put', table: tableName, id, value });
export const del = (tableName: string, id: string): DbOp => ({ op: 'delete', table: tableName, id });

export function linkOp(passageId: string, entityId: string, researcher: string): DbOp {
  const record: LinkRecord = { id: linkId(passageId, entityId), passageId, entityId, createdAt: new Date().toISOString(), createdBy: researcher };
  return put(TABLE_ENTITY_LINKS, record.id, record);
}
