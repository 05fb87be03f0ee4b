/**
 * Read-only views of the entity tables for dossiers. They are read defensively (unknown shapes skipped) because the
 * entities engine owns and evolves them; a dossier must still render when a record is from another version.
 */
import { entityRecordSchema, relationshipRecordSchema, type EntityRecord, type RelationshipRecord } from '../../../shared/domain/entity';
import type { PassageRecord } from '../../../shared/domain/passage';
import type { Vault } from '../vault/api';

const TABLE_ENTITIES = 'entities';
const TABLE_ENTITY_LINKS = 'entityLinks';
const TABLE_RELATIONSHIPS = 'relationships';
const TABLE_PASSAGE_DATES = 'passageDates';
const TABLE_PASSAGES = 'passages';

export function entityById(vault: Vault, id: string): EntityRecord | undefined {
  const parsed = entityRecordSchema.safeParse(vault.db.tables[TABLE_ENTITIES]?.[id]);
  return parsed.success ? parsed.data : undefined;
}

export function allEntities(vault: Vault): EntityRecord[] {
  const out: EntityRecord[] = [];
  for (const value of Object.values(vault.db.tables[TABLE_ENTITIES] ?? {})) {
    const parsed = entityRecordSchema.safeParse(value);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

export function allRelationships(vault: Vault): RelationshipRecord[] {
  const out: RelationshipRecord[] = [];
  for (const value of Object.values(vault.db.tables[TABLE_RELATIONSHIPS] ?? {})) {
    const parsed = relationshipRecordSchema.safeParse(value);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

/** Passage ids linked to an entity (entity ↔ passage links). */
export function passagesOfEntity(vault: Vault, entityId: string): string[] {
  const out: string[] = [];
  for (const value of Object.values(vault.db.tables[TABLE_ENTITY_LINKS] ?? {})) {
    const link = value as { passageId?: unknown; entityId?: unknown } | null;
    if (link && link.entityId === entityId && typeof link.passageId === 'string') out.push(link.passageId);
  }
  return out;
}

/** The date a researcher set by hand on a passage, if any. */
export function manualPassageDate(vault: Vault, passageId: string): { date: string; endDate: string | null } | null {
  const value = vault.db.tables[TABLE_PASSAGE_DATES]?.[passageId] as { date?: unknown; endDate?: unknown } | undefined;
  if (!value || typeof value.date !== 'string') return null;
  return { date: value.date, endDate: typeof value.endDate === 'string' ? value.endDate : null };
}

export function passageById(vault: Vault, id: string): PassageRecord | undefined {
  return vault.db.tables[TABLE_PASSAGES]?.[id] as PassageRecord | undefined;
}
