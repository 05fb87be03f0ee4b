import type { SourceSummary } from '../../../shared/domain/source';
import type { Vault } from '../vault/api';

/** What the vault's `sources` table holds per source: the summary plus where its bytes live. */
export interface SourceRecord extends SourceSummary {
  originalBlob: string;
  textBlob: string;
  status: 'ok' | 'no-text-layer';
  encoding: string | null;
  pageStarts: number[] | null;
  metadata: Record<string, string>;
  attachments: { name: string; size: number; contentType: string }[];
}

export interface CaseMeta {
  name: string;
  createdAt: string;
  createdBy: string;
}

export const TABLE_SOURCES = 'sources';

export function readCaseMeta(vault: Vault): CaseMeta {
  const meta = vault.db.meta;
  return {
    name: typeof meta.name === 'string' ? meta.name : 'Untitled case',
    createdAt: typeof meta.createdAt === 'string' ? meta.createdAt : '',
    createdBy: typeof meta.createdBy === 'string' ? meta.createdBy : '',
  };
}

export function sourceRecords(vault: Vault): SourceRecord[] {
  const table = vault.db.tables[TABLE_SOURCES] ?? {};
  return Object.values(table) as SourceRecord[];
}

export function sourceRecord(vault: Vault, id: string): SourceRecord | undefined {
  return vault.db.tables[TABLE_SOURCES]?.[id] as SourceRecord | undefined;
}

export function toSummary(record: SourceRecord): SourceSummary {
  return {
    id: record.id,
    title: record.title,
    type: record.type,
    size: record.size,
    importedAt: record.importedAt,
    importedBy: record.importedBy,
    originalName: record.originalName,
    originalPath: record.originalPath,
    sha256: record.sha256,
    language: record.language,
    author: record.author,
    date: record.date,
    url: record.url,
    pages: record.pages,
    chars: record.chars,
  };
}
