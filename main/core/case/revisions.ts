/**
 * Revisions: a source's extracted text never changes once imported; a corrected file becomes a new revision
 * whose text is the current one, with the old revisions kept, and the source's passages re-anchored onto it.
 */
import type { ReanchorReport } from '../../../shared/api/contract';
import { CasefileError } from '../../../shared/api/result';
import type { SourceDetails } from '../../../shared/domain/source';
import { IngestError, detectSourceType } from '../ingest';
import { applyReanchoring } from '../passages/reanchor';
import { TABLE_SOURCES, revisionsOf, type SourceRecord } from './case-db';
import { translateVaultErrors } from './errors';
import { fileFields, revisionEntry, sha256Of, sizeProblem, type IncomingFile } from './import-sources';
import type { OpenCase } from './open-case';
import { computeSignature } from './similarity-index';
import { readText, requireSource, sourceDetails } from './source-details';

export async function addRevision(
  opened: OpenCase,
  sourceId: string,
  file: IncomingFile,
  researcher: string,
): Promise<{ details: SourceDetails; reanchor: ReanchorReport }> {
  const record = requireSource(opened, sourceId);
  const context = opened.importContext();
  const tooBig = sizeProblem(file.bytes.byteLength, context.maxFileBytes);
  if (tooBig) throw new CasefileError('IMPORT_FAILED', tooBig);
  if (file.bytes.byteLength === 0) throw new CasefileError('IMPORT_FAILED', 'The file is empty.');
  const sha256 = sha256Of(file.bytes);
  const revisions = revisionsOf(record);
  if (revisions.some((r) => r.sha256 === sha256)) {
    throw new CasefileError('BAD_INPUT', 'This file is already a revision of this source.');
  }
  if (!detectSourceType(file.name, file.bytes)) {
    throw new CasefileError('IMPORT_FAILED', 'Casefile does not import this kind of file.');
  }
  let extracted;
  try {
    extracted = await context.extractor.extract(file.name, file.bytes);
  } catch (error) {
    if (error instanceof IngestError) throw new CasefileError('IMPORT_FAILED', error.message);
    throw error;
  }
  const [originalBlob, textBlob] = await translateVaultErrors(() =>
    Promise.all([opened.vault.putBlob(file.bytes), opened.vault.putBlob(new TextEncoder().encode(extracted.text))]),
  );
  const oldText = await readText(opened, record.textBlob);
  const now = new Date().toISOString();
  const fields = fileFields({ file, bytes: file.bytes, sha256, extracted, originalBlob, textBlob });
  const next: SourceRecord = {
    ...record,
    // What the researcher set by hand stays; what the document says about itself follows the new file.
    ...fields,
    revisions: [...revisions, revisionEntry(fields, revisions.length + 1, now, researcher)],
  };
  const outcome = applyReanchoring(opened.vault, sourceId, oldText, extracted.text, textBlob, extracted.pageStarts, now);
  // One commit: the new revision and the passages' new selectors land together or not at all.
  await translateVaultErrors(() => opened.vault.commit([{ op: 'put', table: TABLE_SOURCES, id: sourceId, value: next }, ...outcome.ops]));
  opened.similarity.add(await computeSignature(sourceId, extracted.text), textBlob);
  const { ops: _ops, ...reanchor } = outcome;
  return { details: await sourceDetails(opened, sourceId), reanchor };
}
