import { z } from 'zod';
import { caseSummarySchema, sessionStateSchema } from '../domain/case';
import {
  historyEntrySchema,
  historyStateSchema,
  passageInContextSchema,
  passageStatusSchema,
  passageViewSchema,
  quoteCandidateSchema,
} from '../domain/passage';
import { sourceSummarySchema } from '../domain/source';
import { tagColorSchema, tagNameSchema, tagUsageSchema, tagViewSchema } from '../domain/tag';
import {
  batchResultSchema,
  batchSearchInputSchema,
  savedSearchSchema,
  searchKindSchema,
  searchQueryInputSchema,
  searchResultSchema,
  searchStatusSchema,
} from '../search/schema';

const passphrase = z.string().min(1, 'Enter the passphrase.').max(1024);
const empty = z.object({}).strict();

export const importFileSchema = z.object({
  /** File name as the user saw it. */
  name: z.string().min(1).max(1024),
  /** Relative path inside a dropped folder, when there is one. */
  path: z.string().max(4096).nullable().default(null),
  dataBase64: z.string(),
});

const id = z.string().min(1).max(100);
const offset = z.number().int().nonnegative().max(1_000_000_000);
const note = z.string().max(20_000);
/** Quotes are matched against the text, so they are NFC-normalised like it (decomposed input still matches). */
const quoteText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) => s.normalize('NFC'));

/** Where a new passage is: a selection's code-point offsets (UI), or a quote with optional context (CLI). */
export const passageTargetSchema = z.union([
  z.object({ start: offset, end: offset }).strict(),
  z
    .object({ quote: quoteText(100_000).refine((q) => q.length > 0, 'Give the quote.'), prefix: quoteText(1_000).optional(), suffix: quoteText(1_000).optional() })
    .strict(),
]);

export const passageListSchema = z.object({
  sourceId: z.string(),
  /** The source's current text revision (blob name) the offsets refer to. */
  textRevision: z.string(),
  /** Anchored/moved/changed passages in reading order (start, then end), then orphaned ones in creation order. */
  passages: z.array(passageViewSchema),
});

export const tagPassagesQuerySchema = z
  .object({
    tagId: id,
    includeDescendants: z.boolean().default(false),
    /** 'none' selects passages without a status. */
    status: z.union([passageStatusSchema, z.literal('none')]).optional(),
    researcher: z.string().max(200).optional(),
    /** Code points of context on each side. */
    contextChars: z.number().int().min(0).max(1000).default(80),
  })
  .strict();

export const codebookExportSchema = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  /** CSV starts with a UTF-8 BOM so spreadsheet apps read accents right; .qdc is XML. */
  content: z.string(),
});

export const historyStepSchema = z.object({
  /** What was undone or redone; null when the stack was empty. */
  done: historyEntrySchema.nullable(),
  state: historyStateSchema,
});

export const importReportSchema = z.object({
  imported: z.array(sourceSummarySchema),
  duplicates: z.array(z.object({ file: z.string(), existingId: z.string(), existingTitle: z.string() })),
  failed: z.array(z.object({ file: z.string(), reason: z.string() })),
});
export type ImportReport = z.infer<typeof importReportSchema>;

/**
 * The single source of truth for talking to main: every method with the schema of its input and output.
 * Electron's preload, the web host and the renderer client are all derived from this object.
 */
export const contract = {
  'app.info': {
    input: empty,
    output: z.object({ version: z.string(), host: z.enum(['electron', 'web']), researcher: z.string() }),
  },
  'session.state': { input: empty, output: sessionStateSchema },
  'case.create': {
    input: z
      .object({
        name: z.string().trim().min(1, 'Give the case a name.').max(200),
        passphrase: z.string().min(8, 'Use a passphrase of at least 8 characters.').max(1024),
        folder: z.string().trim().max(120).optional(),
        demo: z.boolean().default(false),
      })
      .strict(),
    output: caseSummarySchema,
  },
  'case.unlock': {
    input: z.object({ passphrase, folder: z.string().max(120).optional() }).strict(),
    output: caseSummarySchema,
  },
  'case.lock': { input: empty, output: z.object({ locked: z.literal(true) }) },
  /** Idle minutes before the open case locks itself (0 = never); stored encrypted in the case. */
  'case.setAutoLock': {
    input: z.object({ minutes: z.number().int().min(0).max(24 * 60) }).strict(),
    output: z.object({ autoLockMinutes: z.number().int().nonnegative() }),
  },
  'sources.list': { input: empty, output: z.array(sourceSummarySchema) },
  'sources.read': {
    input: z.object({ id: z.string().min(1).max(100) }).strict(),
    output: z.object({ source: sourceSummarySchema, text: z.string() }),
  },
  'sources.import': {
    input: z.object({ files: z.array(importFileSchema).min(1).max(500) }).strict(),
    output: importReportSchema,
  },
  // Passages: offsets are Unicode code points of the source's NFC text (see shared/text/codepoints.ts).
  'passages.listForSource': { input: z.object({ sourceId: id }).strict(), output: passageListSchema },
  /** Every place a quote occurs in a source, to show candidates before creating a passage. */
  'passages.locate': {
    input: z
      .object({ sourceId: id, quote: quoteText(100_000), prefix: quoteText(1_000).optional(), suffix: quoteText(1_000).optional() })
      .strict(),
    output: z.object({ candidates: z.array(quoteCandidateSchema).max(50), total: z.number().int().nonnegative() }),
  },
  /** Refused (BAD_INPUT, naming the candidates) when a quote occurs more than once and its context does not decide. */
  'passages.create': {
    input: z
      .object({
        sourceId: id,
        target: passageTargetSchema,
        tagIds: z.array(id).max(200).default([]),
        note: note.default(''),
        status: passageStatusSchema.nullable().default(null),
      })
      .strict(),
    output: passageViewSchema,
  },
  /** Changes only the fields given; tagIds replaces the set, addTagIds/removeTagIds edit it. */
  'passages.update': {
    input: z
      .object({
        id,
        note: note.optional(),
        status: passageStatusSchema.nullable().optional(),
        tagIds: z.array(id).max(200).optional(),
        addTagIds: z.array(id).max(200).optional(),
        removeTagIds: z.array(id).max(200).optional(),
      })
      .strict(),
    output: passageViewSchema,
  },
  'passages.delete': { input: z.object({ id }).strict(), output: z.object({ id: z.string(), sourceId: z.string() }) },
  /** Re-attaches a (typically orphaned or changed) passage to a new selection in the source's current text. */
  'passages.reattach': { input: z.object({ id, start: offset, end: offset }).strict(), output: passageViewSchema },

  // Codebook (hierarchical tags).
  'codebook.list': { input: empty, output: z.object({ tags: z.array(tagViewSchema) }) },
  'tags.create': {
    input: z
      .object({
        name: tagNameSchema,
        parentId: id.nullable().default(null),
        color: tagColorSchema.optional(),
        description: z.string().max(5_000).default(''),
      })
      .strict(),
    output: tagViewSchema,
  },
  /** Rename, recolour or describe. */
  'tags.update': {
    input: z
      .object({ id, name: tagNameSchema.optional(), color: tagColorSchema.optional(), description: z.string().max(5_000).optional() })
      .strict(),
    output: tagViewSchema,
  },
  /** Reparent (null = top level); refuses moving a tag under itself or one of its descendants. */
  'tags.move': { input: z.object({ id, parentId: id.nullable() }).strict(), output: tagViewSchema },
  /** `fromId` disappears; its passages and children go to `intoId`. */
  'tags.merge': {
    input: z.object({ fromId: id, intoId: id }).strict(),
    output: z.object({ tag: tagViewSchema, passagesRetagged: z.number().int().nonnegative() }),
  },
  /** What deleting would touch — ask before tags.delete. */
  'tags.usage': { input: z.object({ id }).strict(), output: tagUsageSchema },
  /** Removes the tag from its passages (the passages stay); its children move up to its parent. */
  'tags.delete': {
    input: z.object({ id }).strict(),
    output: z.object({ id: z.string(), passagesUntagged: z.number().int().nonnegative(), childrenMoved: z.number().int().nonnegative() }),
  },
  /** Every passage with a tag across all sources, by source title then reading order. */
  'tags.passages': { input: tagPassagesQuerySchema, output: z.object({ passages: z.array(passageInContextSchema) }) },
  'codebook.export': {
    input: z.object({ format: z.enum(['csv', 'qdc']) }).strict(),
    output: codebookExportSchema,
  },
  /** Imports a REFI-QDA .qdc codebook, merging by name path; never resolves external entities. */
  'codebook.import': {
    input: z.object({ content: z.string().min(1).max(20_000_000) }).strict(),
    output: z.object({ created: z.number().int().nonnegative(), existing: z.number().int().nonnegative() }),
  },

  // Undo/redo of passage and tag actions, per open case and session.
  'history.state': { input: empty, output: historyStateSchema },
  'history.undo': { input: empty, output: historyStepSchema },
  'history.redo': { input: empty, output: historyStepSchema },

  // Search over the whole case (syntax: SEARCH_HELP in shared/search). Offsets are code points of NFC text.
  'search.query': { input: searchQueryInputSchema, output: searchResultSchema },
  /** Index progress, for an "indexing…" hint. */
  'search.status': { input: empty, output: searchStatusSchema },
  /** Saved searches live in the case (encrypted); run one with search.savedRun. */
  'search.savedList': { input: empty, output: z.object({ searches: z.array(savedSearchSchema) }) },
  /** Creates a saved search, or renames / changes the query of `id`. */
  'search.save': {
    input: z.object({ id: id.optional(), name: z.string().trim().min(1, 'Give the search a name.').max(200), query: z.string().max(10_000) }).strict(),
    output: savedSearchSchema,
  },
  'search.savedDelete': { input: z.object({ id }).strict(), output: z.object({ id: z.string() }) },
  'search.savedRun': {
    input: z
      .object({
        id,
        kind: searchKindSchema.optional(),
        offset: z.number().int().nonnegative().max(1_000_000).default(0),
        limit: z.number().int().min(1).max(500).default(20),
      })
      .strict(),
    output: searchResultSchema,
  },
  /** Many queries at once (one per line, like Datashare's batch search): documents and occurrences per term. */
  'search.batch': { input: batchSearchInputSchema, output: batchResultSchema },
  /** The same as CSV (UTF-8 with BOM): term, documents, occurrences, passages, passage_occurrences, entities, error. */
  'search.batchExport': { input: batchSearchInputSchema, output: codebookExportSchema },
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;
export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
