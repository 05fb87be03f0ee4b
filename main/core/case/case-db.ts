import type { MetadataEdit, SourceRevision, SourceSummary } from '../../../shared/domain/source';
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
  /** Every text of the source, oldest first; the last is the current one. Absent on sources imported before revisions. */
  revisions?: StoredRevision[];
  /** Metadata changes made by researchers (the vault journal holds them too; this keeps them with the source). */
  edits?: MetadataEdit[];
}

export interface StoredRevision extends Omit<SourceRevision, 'textBlob'> {
  textBlob: string;
  originalBlob: string;
}

/** The revision list, including the implicit first revision of sources imported before revisions existed. */
export function revisionsOf(record: SourceRecord): StoredRevision[] {
  if (record.revisions && record.revisions.length > 0) return record.revisions;
  return [
    {
      number: 1,
      textBlob: record.textBlob,
      originalBlob: record.originalBlob,
      originalName: record.originalName,
      sha256: record.sha256,
      size: record.size,
      chars: record.chars,
      importedAt: record.importedAt,
      importedBy: record.importedBy,
    },
  ];
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
