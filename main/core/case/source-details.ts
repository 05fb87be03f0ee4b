import type { SourceDetails, MetadataEdit } from '../../../shared/domain/source';
import { CasefileError } from '../../../shared/api/result';
import { internalRepetition } from '../ingest';
import { TABLE_SOURCES, revisionsOf, sourceRecord, sourceRecords, toSummary, type SourceRecord } from './case-db';
import { translateVaultErrors } from './errors';
import type { OpenCase } from './open-case';
import { sharedPassageCount } from './similarity-index';

/** Words of a repeated stretch shown in the details, enough to recognise it. */
const EXCERPT_CODE_POINTS = 120;
const MAX_SPANS = 20;

export function requireSource(opened: OpenCase, id: string): SourceRecord {
  const record = sourceRecord(opened.vault, id);
  if (!record) throw new CasefileError('NOT_FOUND', 'That source is not in this case.');
  return record;
}

export async function readText(opened: OpenCase, blob: string): Promise<string> {
  return new TextDecoder().decode(await translateVaultErrors(() => opened.vault.readBlob(blob)));
}

export async function sourceDetails(opened: OpenCase, id: string): Promise<SourceDetails> {
  const record = requireSource(opened, id);
  await translateVaultErrors(() => opened.similarity.ready());
  const text = await readText(opened, record.textBlob);
  const titles = new Map(sourceRecords(opened.vault).map((r) => [r.id, r.title]));
  const similar = opened.similarity.pairsOf(id).flatMap((pair) => {
    const title = titles.get(pair.other);
    const other = opened.similarity.signatureOf(pair.other);
    if (title === undefined || !other) return [];
    const overlap = Math.round(pair.containment * 1000) / 1000;
    return [
      {
        id: pair.other,
        title,
        overlap,
        containment: overlap,
        jaccard: Math.round(pair.jaccard * 1000) / 1000,
        sharedShingles: pair.sharedShingles,
        sharedPassages: sharedPassageCount(text, other),
        kind: pair.kind,
      },
    ];
  });
  const repetition = internalRepetition(text);
  const codePoints = Array.from(text);
  return {
    source: toSummary(record),
    status: record.status,
    encoding: record.encoding,
    metadata: { ...record.metadata },
    attachments: record.attachments.map((a) => ({ ...a })),
    revisions: revisionsOf(record).map(({ originalBlob: _blob, ...revision }) => revision),
    edits: record.edits ?? [],
    similar,
    repetition: {
      fraction: Math.round(repetition.fraction * 1000) / 1000,
      spans: repetition.spans.slice(0, MAX_SPANS).map((span) => ({
        ...span,
        excerpt: codePoints.slice(span.start, Math.min(span.end, span.start + EXCERPT_CODE_POINTS)).join(''),
      })),
    },
  };
}

export interface MetadataChange {
  id: string;
  title?: string | null | undefined;
  author?: string | null | undefined;
  date?: string | null | undefined;
  url?: string | null | undefined;
}

/** Applies the fields given; each actual change is kept on the record (who, when, from, to) and journaled. */
export async function updateMetadata(opened: OpenCase, change: MetadataChange, researcher: string): Promise<SourceDetails> {
  const record = requireSource(opened, change.id);
  const at = new Date().toISOString();
  const edits: MetadataEdit[] = [];
  const next: SourceRecord = { ...record };
  for (const field of ['title', 'author', 'date', 'url'] as const) {
    const value = change[field];
    if (value === undefined || value === record[field]) continue;
    if (field === 'title') {
      if (value === null) throw new CasefileError('BAD_INPUT', 'A source needs a title.');
      next.title = value;
    } else next[field] = value;
    edits.push({ at, by: researcher, field, from: record[field], to: value });
  }
  if (edits.length > 0) {
    next.edits = [...(record.edits ?? []), ...edits];
    await translateVaultErrors(() => opened.vault.commit([{ op: 'put', table: TABLE_SOURCES, id: record.id, value: next }]));
  }
  return sourceDetails(opened, record.id);
}
