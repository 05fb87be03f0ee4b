import type { PassageRecord } from '../../../shared/domain/passage';
import type { TagRecord } from '../../../shared/domain/tag';
import type { Vault } from '../vault/api';

export const TABLE_PASSAGES = 'passages';
export const TABLE_TAGS = 'tags';

export function passageRecords(vault: Vault): PassageRecord[] {
  return Object.values(vault.db.tables[TABLE_PASSAGES] ?? {}) as PassageRecord[];
}

export function passageRecord(vault: Vault, id: string): PassageRecord | undefined {
  return vault.db.tables[TABLE_PASSAGES]?.[id] as PassageRecord | undefined;
}

export function tagRecords(vault: Vault): TagRecord[] {
  return Object.values(vault.db.tables[TABLE_TAGS] ?? {}) as TagRecord[];
}

export function tagRecord(vault: Vault, id: string): TagRecord | undefined {
  return vault.db.tables[TABLE_TAGS]?.[id] as TagRecord | undefined;
}

export function putPassage(record: PassageRecord) {
  return { op: 'put' as const, table: TABLE_PASSAGES, id: record.id, value: record };
}

export function putTag(record: TagRecord) {
  return { op: 'put' as const, table: TABLE_TAGS, id: record.id, value: record };
}
