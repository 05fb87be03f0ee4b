import { createHash } from 'node:crypto';
import path from 'node:path';
import type { ImportReport } from '../../../shared/api/contract';
import type { Vault } from '../vault/api';
import { IngestError, detectSourceType, type Extractor } from '../ingest';
import { TABLE_SOURCES, sourceRecords, toSummary, type SourceRecord } from './case-db';
import { newId } from './ids';

export interface IncomingFile {
  /** The file name the user sees. */
  name: string;
  /** Where it came from (relative path inside a dropped folder, or an absolute path from the CLI). */
  path: string | null;
  bytes: Uint8Array;
}

export interface ImportContext {
  vault: Vault;
  extractor: Extractor;
  researcher: string;
  now?: () => Date;
}

const ACCEPTED = '.txt, .md, .html, .htm, .pdf, .docx, .eml and .csv';

function titleFromFileName(name: string): string {
  const base = path.basename(name);
  const ext = path.extname(base);
  return (ext ? base.slice(0, -ext.length) : base) || base;
}

function countCodePoints(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

function oneLine(error: unknown): string {
  if (error instanceof IngestError) return error.message;
  return 'Casefile could not read this file.';
}

/**
 * Imports files one by one: each source is durable (blobs written, record committed) before the next starts,
 * and a failure is recorded against its file without stopping the batch.
 */
export async function importFiles(context: ImportContext, files: readonly IncomingFile[]): Promise<ImportReport> {
  const { vault, extractor, researcher } = context;
  const now = context.now ?? (() => new Date());
  const report: ImportReport = { imported: [], duplicates: [], failed: [] };
  const byHash = new Map(sourceRecords(vault).map((record) => [record.sha256, record]));

  for (const file of files) {
    const label = file.path ?? file.name;
    try {
      if (file.bytes.byteLength === 0) {
        report.failed.push({ file: label, reason: 'The file is empty.' });
        continue;
      }
      const sha256 = createHash('sha256').update(file.bytes).digest('hex');
      const existing = byHash.get(sha256);
      if (existing) {
        report.duplicates.push({ file: label, existingId: existing.id, existingTitle: existing.title });
        continue;
      }
      const type = detectSourceType(file.name, file.bytes);
      if (!type) {
        report.failed.push({ file: label, reason: `Casefile does not import this kind of file; it imports ${ACCEPTED}.` });
        continue;
      }
      const extracted = await extractor.extract(file.name, file.bytes);
      const originalBlob = await vault.putBlob(file.bytes);
      const textBlob = await vault.putBlob(new TextEncoder().encode(extracted.text));
      let id = newId('s');
      while (vault.db.tables[TABLE_SOURCES]?.[id]) id = newId('s');
      const record: SourceRecord = {
        id,
        title: extracted.title?.trim() || titleFromFileName(file.name),
        type: extracted.type,
        size: file.bytes.byteLength,
        importedAt: now().toISOString(),
        importedBy: researcher,
        originalName: path.basename(file.name),
        originalPath: file.path,
        sha256,
        language: extracted.language,
        author: extracted.author,
        date: extracted.date,
        url: extracted.url,
        pages: extracted.pages,
        chars: countCodePoints(extracted.text),
        originalBlob,
        textBlob,
        status: extracted.status,
        encoding: extracted.encoding,
        pageStarts: extracted.pageStarts,
        metadata: extracted.metadata,
        attachments: extracted.attachments,
      };
      await vault.commit([{ op: 'put', table: TABLE_SOURCES, id, value: record }]);
      byHash.set(sha256, record);
      report.imported.push(toSummary(record));
    } catch (error) {
      if (error instanceof IngestError) {
        report.failed.push({ file: label, reason: oneLine(error) });
        continue;
      }
      // Vault failures (disk full, tampering) are not per-file problems: stop and tell the user.
      throw error;
    }
  }
  return report;
}
