import { createHash } from 'node:crypto';
import path from 'node:path';
import type { SourceSignature } from '../ingest';
import { IngestError, detectSourceType, type ExtractedSource, type Extractor } from '../ingest';
import { formatBytes } from '../ingest/types';
import type { Vault } from '../vault/api';
import type { SourceRecord, StoredRevision } from './case-db';
import { computeSignature } from './similarity-index';

export interface IncomingFile {
  /** The file name the user sees. */
  name: string;
  /** Where it came from (relative path inside a dropped folder, or an absolute path from the CLI). */
  path: string | null;
  bytes: Uint8Array;
}

/** A file whose bytes are read only when its turn comes, so a folder of 2,000 files is never all in memory. */
export interface QueuedFile {
  name: string;
  path: string | null;
  /** Known size in bytes (from stat, or the bytes already received). */
  size: number;
  read(): Promise<Uint8Array>;
}

export function queuedFromBytes(file: IncomingFile): QueuedFile {
  return { name: file.name, path: file.path, size: file.bytes.byteLength, read: async () => file.bytes };
}

export interface ImportContext {
  vault: Vault;
  extractor: Extractor;
  researcher: string;
  maxFileBytes: number;
  now?: () => Date;
}

const ACCEPTED = '.txt, .md, .html, .htm, .pdf, .docx, .eml and .csv';

export function titleFromFileName(name: string): string {
  const base = path.basename(name);
  const ext = path.extname(base);
  return (ext ? base.slice(0, -ext.length) : base) || base;
}

export function countCodePoints(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

export function labelOf(file: { name: string; path: string | null }): string {
  return file.path ?? file.name;
}

export function sizeProblem(size: number, maxFileBytes: number): string | null {
  if (size <= maxFileBytes) return null;
  return `This file is ${formatBytes(size)}, over the ${formatBytes(maxFileBytes)} import limit (CASEFILE_MAX_FILE_MB).`;
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** One file's way through import, up to (not including) the commit that makes it a source. */
export type Prepared =
  | { kind: 'failed'; file: string; reason: string }
  | { kind: 'duplicate'; file: string; sha256: string }
  | { kind: 'ready'; file: string; record: SourceRecord; signature: SourceSignature };

/** A failure of the file itself (a sentence for the journalist), as opposed to a fault of the case or the app. */
function fileProblem(error: unknown): string | null {
  if (error instanceof IngestError) return error.message;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'The file disappeared before it could be read.';
  if (code === 'EACCES' || code === 'EPERM') return 'Casefile is not allowed to read this file.';
  if (code === 'EISDIR') return 'This is a folder, not a file.';
  return null;
}

/**
 * Reads, hashes, extracts and stores the blobs of one file. `known(sha)` tells whether the case already holds
 * those bytes, so duplicates are never extracted. Vault faults and setup errors are thrown, not reported. The blobs
 * are deferred: they become durable when the caller commits the record (vault.commit flushes them first).
 */
export async function prepareFile(
  context: ImportContext,
  file: QueuedFile,
  known: (sha256: string) => boolean,
  newSourceId: () => string,
): Promise<Prepared> {
  const label = labelOf(file);
  try {
    const tooBig = sizeProblem(file.size, context.maxFileBytes);
    if (tooBig) return { kind: 'failed', file: label, reason: tooBig };
    const bytes = await file.read();
    if (bytes.byteLength === 0) return { kind: 'failed', file: label, reason: 'The file is empty.' };
    const tooBigNow = sizeProblem(bytes.byteLength, context.maxFileBytes);
    if (tooBigNow) return { kind: 'failed', file: label, reason: tooBigNow };
    const sha256 = sha256Of(bytes);
    if (known(sha256)) return { kind: 'duplicate', file: label, sha256 };
    const type = detectSourceType(file.name, bytes);
    if (!type) return { kind: 'failed', file: label, reason: `Casefile does not import this kind of file; it imports ${ACCEPTED}.` };
    const extracted = await context.extractor.extract(file.name, bytes, { signature: true });
    // Deferred: the commit of this file's record makes both durable first, with the other files of its commit group
    // (one fsync per blobs/ folder per group instead of one per blob); a record never outlives its blobs on disk.
    const [originalBlob, textBlob] = await Promise.all([
      context.vault.putBlob(bytes, { sync: 'deferred' }),
      context.vault.putBlob(new TextEncoder().encode(extracted.text), { sync: 'deferred' }),
    ]);
    const id = newSourceId();
    const record = recordFor(context, { id, file, bytes, sha256, extracted, originalBlob, textBlob });
    // Computed by the extraction worker; an extractor that does not offer it (tests' fakes) leaves it to this thread.
    const signature = extracted.signature ? { id, ...extracted.signature } : await computeSignature(id, extracted.text);
    return { kind: 'ready', file: label, record, signature };
  } catch (error) {
    const reason = fileProblem(error);
    if (reason) return { kind: 'failed', file: label, reason };
    throw error;
  }
}

/**
 * What a stored file and its extraction say about a source: shared by a first import and a new revision, which
 * differ only in what they keep of the record (a revision keeps the researcher's title, author, date and URL).
 */
export function fileFields(parts: {
  file: { name: string; path: string | null };
  bytes: Uint8Array;
  sha256: string;
  extracted: ExtractedSource;
  originalBlob: string;
  textBlob: string;
}): Pick<
  SourceRecord,
  'type' | 'size' | 'sha256' | 'originalName' | 'originalPath' | 'language' | 'pages' | 'chars' | 'originalBlob' | 'textBlob' | 'status' | 'encoding' | 'pageStarts' | 'metadata' | 'attachments'
> {
  const { file, bytes, sha256, extracted, originalBlob, textBlob } = parts;
  return {
    type: extracted.type,
    size: bytes.byteLength,
    sha256,
    originalName: path.basename(file.name),
    originalPath: file.path,
    language: extracted.language,
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
}

/** The revision entry for those fields. */
export function revisionEntry(fields: ReturnType<typeof fileFields>, number: number, importedAt: string, importedBy: string): StoredRevision {
  const { textBlob, originalBlob, originalName, sha256, size, chars } = fields;
  return { number, textBlob, originalBlob, originalName, sha256, size, chars, importedAt, importedBy };
}

function recordFor(
  context: ImportContext,
  parts: {
    id: string;
    file: QueuedFile;
    bytes: Uint8Array;
    sha256: string;
    extracted: ExtractedSource;
    originalBlob: string;
    textBlob: string;
  },
): SourceRecord {
  const { id, file, extracted } = parts;
  const importedAt = (context.now ?? (() => new Date()))().toISOString();
  const fields = fileFields(parts);
  return {
    id,
    title: extracted.title?.trim() || titleFromFileName(file.name),
    importedAt,
    importedBy: context.researcher,
    author: extracted.author,
    date: extracted.date,
    url: extracted.url,
    ...fields,
    revisions: [revisionEntry(fields, 1, importedAt, context.researcher)],
    edits: [],
  };
}
