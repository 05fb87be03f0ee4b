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
import {
  entityLookupMatchSchema,
  entityNameSchema,
  entityProfileSchema,
  entityPropertiesSchema,
  entityRefSchema,
  entitySortSchema,
  entitySummarySchema,
  entityTypeSchema,
  evidenceChoiceSchema,
  ftmImportReportSchema,
  graphSchema,
  mentionSchema,
  mentionTargetSchema,
  partialDateSchema,
  relationshipKindSchema,
  relationshipViewSchema,
  suggestionSchema,
  timelineItemSchema,
} from '../domain/entity';
import {
  blockContentSchema,
  dossierExportSchema,
  dossierFormatSchema,
  dossierRecordSchema,
  dossierSummarySchema,
  dossierVerifySchema,
  paperSizeSchema,
  redactionSchema,
  renderOptionsSchema,
} from '../domain/dossier';
import { sourceDetailsSchema, sourceListItemSchema, sourceSummarySchema } from '../domain/source';
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

/**
 * A tag to create as part of a passage change (the tag picker's "Create “…”"): the tag and the passage change are
 * one commit and one undo step. A tag of that name already under `parentId` is used instead of a second one.
 */
export const newTagSchema = z
  .object({
    name: tagNameSchema,
    parentId: id.nullable().default(null),
    color: tagColorSchema.optional(),
  })
  .strict();

/** passages.create / passages.update answer with the passage and, in request order, the tags `newTags` named. */
export const passageChangeSchema = passageViewSchema.extend({ newTags: z.array(tagViewSchema) });

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

export const IMPORT_JOB_STATES = ['running', 'done', 'cancelled', 'failed'] as const;

/** A background import's progress; small enough to poll several times a second. */
export const importJobStatusSchema = z.object({
  jobId: z.string(),
  /** 'running' until finish was called and every file is through, or cancel stopped it; 'failed' only for a vault fault. */
  state: z.enum(IMPORT_JOB_STATES),
  /** Files announced (imports.begin), or received so far when more arrived than announced. */
  total: z.number().int().nonnegative(),
  done: z.number().int().nonnegative(),
  imported: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** Files per second over the last few seconds; 0 until there is something to measure. */
  rate: z.number().nonnegative(),
  /** Seconds left at that rate; null while unknown. */
  etaSeconds: z.number().nonnegative().nullable(),
  /** The file being imported now. */
  current: z.string().nullable(),
  startedAt: z.string(),
  elapsedSeconds: z.number().nonnegative(),
  /** Why a job stopped on its own ('failed'): the case could not be written. */
  error: z.string().nullable(),
  /** The full report, once the job has ended (null while running, to keep polling cheap). */
  report: importReportSchema.nullable(),
});
export type ImportJobStatus = z.infer<typeof importJobStatusSchema>;

/** What re-anchoring a source's passages onto a new revision did to each of them. */
export const reanchorReportSchema = z.object({
  anchored: z.number().int().nonnegative(),
  moved: z.array(z.object({ id: z.string(), exact: z.string(), from: z.number().int(), to: z.number().int() })),
  changed: z.array(z.object({ id: z.string(), exact: z.string(), found: z.string() })),
  orphaned: z.array(z.object({ id: z.string(), exact: z.string() })),
});
export type ReanchorReport = z.infer<typeof reanchorReportSchema>;

const nullableField = (max: number) =>
  z
    .string()
    .max(max)
    .nullable()
    .optional()
    .transform((v) => (v === undefined ? undefined : v === null || v.trim() === '' ? null : v.trim()));

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
  /** Each source with `similar`: its near-duplicates and sources sharing long passages, most overlapping first. */
  'sources.list': { input: empty, output: z.array(sourceListItemSchema) },
  'sources.read': {
    input: z.object({ id: z.string().min(1).max(100) }).strict(),
    output: z.object({ source: sourceSummarySchema, text: z.string() }),
  },
  'sources.import': {
    input: z.object({ files: z.array(importFileSchema).min(1).max(500) }).strict(),
    output: importReportSchema,
  },
  /**
   * Background import: begin → add (batches, in order; waits while main's queue is full) → finish, then poll
   * imports.status. Other methods keep working meanwhile. `rejected` carries files the caller already refused.
   */
  'imports.begin': {
    input: z.object({ total: z.number().int().nonnegative().max(1_000_000).default(0) }).strict(),
    output: importJobStatusSchema,
  },
  'imports.add': {
    input: z
      .object({
        jobId: id,
        files: z.array(importFileSchema).max(500).default([]),
        rejected: z.array(z.object({ file: z.string().max(4096), reason: z.string().max(1000) })).max(100_000).default([]),
      })
      .strict(),
    output: importJobStatusSchema,
  },
  /** No more files will come; the job ends once the queue is through. */
  'imports.finish': { input: z.object({ jobId: id }).strict(), output: importJobStatusSchema },
  /** Without jobId: the most recent job of this session (null when there is none). */
  'imports.status': { input: z.object({ jobId: id.optional() }).strict(), output: importJobStatusSchema.nullable() },
  /** Stops after the files already being imported; what was imported stays and the report says cancelled. */
  'imports.cancel': { input: z.object({ jobId: id }).strict(), output: importJobStatusSchema },
  'sources.details': { input: z.object({ id }).strict(), output: sourceDetailsSchema },
  /** Edits what the document said about itself; each change is recorded (who, when, from, to) in the case. */
  'sources.updateMetadata': {
    input: z
      .object({ id, title: nullableField(1_000), author: nullableField(1_000), date: nullableField(100), url: nullableField(4_096) })
      .strict()
      .refine((v) => v.title !== null, { message: 'A source needs a title.', path: ['title'] }),
    output: sourceDetailsSchema,
  },
  /**
   * A corrected version of a source: its text becomes the current one (the old revision is kept) and its passages
   * are re-anchored onto it and saved with fresh selectors.
   */
  'sources.addRevision': {
    input: z.object({ sourceId: id, file: importFileSchema }).strict(),
    output: z.object({ details: sourceDetailsSchema, reanchor: reanchorReportSchema }),
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
        /** Tags to create with the passage, in the same undo step; the passage carries them after `tagIds`. */
        newTags: z.array(newTagSchema).max(20).default([]),
        note: note.default(''),
        status: passageStatusSchema.nullable().default(null),
      })
      .strict(),
    output: passageChangeSchema,
  },
  /**
   * Changes only the fields given; tagIds replaces the set, addTagIds/removeTagIds edit it, addNewTags creates tags
   * and adds them in the same undo step.
   */
  'passages.update': {
    input: z
      .object({
        id,
        note: note.optional(),
        status: passageStatusSchema.nullable().optional(),
        tagIds: z.array(id).max(200).optional(),
        addTagIds: z.array(id).max(200).optional(),
        addNewTags: z.array(newTagSchema).max(20).optional(),
        removeTagIds: z.array(id).max(200).optional(),
      })
      .strict(),
    output: passageChangeSchema,
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

  // Undo/redo of passage and tag actions, per open case and session. One user action is one step: a passage tagged
  // with a new tag, a merge, an import undo and redo whole.
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

  // Entities, relationships, mentions, suggestions (shared/domain/entity.ts). Every change is one undoable step in
  // the same history as passages and tags (history.undo / history.redo). Offsets are code points of NFC text.
  /** Entities with counts; `query` filters by folded name/alias substring. */
  'entities.list': {
    input: z
      .object({
        types: z.array(entityTypeSchema).max(20).optional(),
        query: z.string().max(500).optional(),
        /** Only entities linked to passages with this tag (and its sub-tags). */
        tagId: id.optional(),
        sort: entitySortSchema.default('name'),
        order: z.enum(['asc', 'desc']).default('asc'),
      })
      .strict(),
    output: z.object({ entities: z.array(entitySummarySchema) }),
  },
  /**
   * Type-ahead: exact, prefix (of the name or any word of it) and fuzzy matches over names and aliases, case-, accent-
   * and ligature-insensitive, best first. Fast enough to call on every keystroke.
   */
  'entities.lookup': {
    input: z
      .object({ query: z.string().max(500), types: z.array(entityTypeSchema).max(20).optional(), limit: z.number().int().min(1).max(100).default(10) })
      .strict(),
    output: z.object({ matches: z.array(entityLookupMatchSchema) }),
  },
  /** The profile: details, linked passages, relationships with evidence, and mentions not yet turned into passages. */
  'entities.get': {
    input: z
      .object({
        id,
        contextChars: z.number().int().min(0).max(1000).default(80),
        mentionLimit: z.number().int().min(0).max(5_000).default(200),
      })
      .strict(),
    output: entityProfileSchema,
  },
  /** Creates an entity (in place from a passage: give `passageIds` to link them in the same step). */
  'entities.create': {
    input: z
      .object({
        type: entityTypeSchema,
        name: entityNameSchema,
        aliases: z.array(entityNameSchema).max(200).default([]),
        description: z.string().max(20_000).default(''),
        properties: entityPropertiesSchema.default({}),
        passageIds: z.array(id).max(1_000).default([]),
      })
      .strict(),
    output: entitySummarySchema,
  },
  /**
   * Changes the fields given (rename, retype, aliases, description, properties: `properties` replaces the whole map).
   * Links, relationships and evidence follow the id, so renaming keeps them; `keepOldNameAsAlias` files the old name.
   */
  'entities.update': {
    input: z
      .object({
        id,
        type: entityTypeSchema.optional(),
        name: entityNameSchema.optional(),
        keepOldNameAsAlias: z.boolean().default(false),
        aliases: z.array(entityNameSchema).max(200).optional(),
        description: z.string().max(20_000).optional(),
        properties: entityPropertiesSchema.optional(),
      })
      .strict(),
    output: entitySummarySchema,
  },
  /** Deletes the entity with its passage links and relationships (the passages stay). Undoable. */
  'entities.delete': {
    input: z.object({ id }).strict(),
    output: z.object({ id: z.string(), linksRemoved: z.number().int().nonnegative(), relationshipsRemoved: z.number().int().nonnegative() }),
  },
  /**
   * `fromId` disappears into `intoId`: its name and aliases become aliases, its links, relationships and evidence move,
   * its properties are added. Undo with history.undo, or later with entities.split.
   */
  'entities.merge': {
    input: z.object({ fromId: id, intoId: id }).strict(),
    output: z.object({ entity: entitySummarySchema, linksMoved: z.number().int().nonnegative(), relationshipsMoved: z.number().int().nonnegative() }),
  },
  /**
   * Restores an entity merged into `id` (one of its `mergedFrom`), with its own name, aliases, properties, and the links and
   * relationships it brought; links and relationships added after the merge stay with `id`.
   */
  'entities.split': {
    input: z.object({ id, mergedId: id }).strict(),
    output: z.object({ restored: entitySummarySchema, entity: entitySummarySchema }),
  },
  /** Links a passage to one or more entities (already linked ones are left as they are). */
  'entities.link': {
    input: z.object({ passageId: id, entityIds: z.array(id).min(1).max(200) }).strict(),
    output: z.object({ passageId: z.string(), entities: z.array(entityRefSchema) }),
  },
  'entities.unlink': {
    input: z.object({ passageId: id, entityIds: z.array(id).min(1).max(200) }).strict(),
    output: z.object({ passageId: z.string(), entities: z.array(entityRefSchema) }),
  },
  /** Entities linked to each passage of a source, for chips in the reader. */
  'entities.forSource': {
    input: z.object({ sourceId: id }).strict(),
    output: z.object({ links: z.array(z.object({ passageId: z.string(), entities: z.array(entityRefSchema) })) }),
  },
  /** Every occurrence of the entity's name and aliases across all sources (or one source). */
  'entities.mentions': {
    input: z
      .object({
        id,
        sourceId: id.optional(),
        /** Leave out occurrences already covered by a passage linked to the entity. */
        unlinkedOnly: z.boolean().default(false),
        contextChars: z.number().int().min(0).max(1000).default(60),
        offset: z.number().int().nonnegative().max(10_000_000).default(0),
        limit: z.number().int().min(1).max(5_000).default(200),
      })
      .strict(),
    output: z.object({ mentions: z.array(mentionSchema), total: z.number().int().nonnegative() }),
  },
  /**
   * Turns mentions into passages linked to the entity, in one undoable step: 'all' (not yet covered ones) or the chosen
   * occurrences. An existing passage at exactly that place is linked instead of duplicated.
   */
  'entities.mentionsToPassages': {
    input: z
      .object({
        id,
        mentions: z.union([z.literal('all'), z.array(mentionTargetSchema).min(1).max(10_000)]),
        tagIds: z.array(id).max(200).default([]),
      })
      .strict(),
    output: z.object({
      created: z.number().int().nonnegative(),
      linked: z.number().int().nonnegative(),
      passageIds: z.array(z.string()),
    }),
  },

  'relationships.list': {
    input: z.object({ entityId: id.optional(), unsupportedOnly: z.boolean().default(false) }).strict(),
    output: z.object({ relationships: z.array(relationshipViewSchema) }),
  },
  /** subject —kind→ object; without evidence passages it is created but marked unsupported. */
  'relationships.create': {
    input: z
      .object({
        subjectId: id,
        objectId: id,
        kind: relationshipKindSchema,
        label: z.string().trim().max(500).default(''),
        evidencePassageIds: z.array(id).max(1_000).default([]),
        startDate: partialDateSchema.nullable().default(null),
        endDate: partialDateSchema.nullable().default(null),
        description: z.string().max(20_000).default(''),
      })
      .strict()
      .refine((r) => r.kind !== 'other' || r.label.length > 0, { message: 'Say what the relationship is.', path: ['label'] }),
    output: relationshipViewSchema,
  },
  /** Changes the fields given; evidencePassageIds replaces the set, addEvidence/removeEvidence edit it. */
  'relationships.update': {
    input: z
      .object({
        id,
        kind: relationshipKindSchema.optional(),
        label: z.string().trim().max(500).optional(),
        subjectId: id.optional(),
        objectId: id.optional(),
        evidencePassageIds: z.array(id).max(1_000).optional(),
        addEvidence: z.array(id).max(1_000).optional(),
        removeEvidence: z.array(id).max(1_000).optional(),
        startDate: partialDateSchema.nullable().optional(),
        endDate: partialDateSchema.nullable().optional(),
        description: z.string().max(20_000).optional(),
      })
      .strict(),
    output: relationshipViewSchema,
  },
  'relationships.delete': { input: z.object({ id }).strict(), output: z.object({ id: z.string() }) },
  /**
   * Passages to offer as a relationship's evidence: every passage linked to one of `entityIds` (the two ends), and
   * `passageIds` asked for by name (e.g. the one selected in the reader). Ids of passages that no longer exist are
   * left out; by source title, then reading order.
   */
  'relationships.evidenceChoices': {
    input: z.object({ entityIds: z.array(id).min(1).max(2), passageIds: z.array(id).max(100).default([]) }).strict(),
    output: z.object({ passages: z.array(evidenceChoiceSchema) }),
  },

  /**
   * Pending suggestions from offline extraction (patterns: phones, emails, URLs, IBANs, dates; NLP: people,
   * organisations, places), deduplicated across sources, without rejected ones or names entities already carry.
   * The first call after unlock (or after imports) reads every source; later calls reuse per-revision results.
   */
  'entities.suggestions': {
    input: z
      .object({
        types: z.array(entityTypeSchema).max(20).optional(),
        sourceId: id.optional(),
        /** Suggestions seen fewer times are left out (pattern finds always count). */
        minCount: z.number().int().min(1).max(1_000).default(1),
        limit: z.number().int().min(1).max(10_000).default(500),
      })
      .strict(),
    output: z.object({ suggestions: z.array(suggestionSchema), total: z.number().int().nonnegative(), sourcesScanned: z.number().int().nonnegative() }),
  },
  /** Creates the entity (name/type may be corrected); `withMentions` also turns all its mentions into linked passages. */
  'entities.acceptSuggestion': {
    input: z
      .object({ id, name: entityNameSchema.optional(), type: entityTypeSchema.optional(), withMentions: z.boolean().default(false) })
      .strict(),
    output: z.object({ entity: entitySummarySchema, passagesCreated: z.number().int().nonnegative() }),
  },
  /** Remembered per folded name + type in the case, so it does not come back. Undoable. */
  'entities.rejectSuggestion': { input: z.object({ id }).strict(), output: z.object({ id: z.string() }) },
  /** Adds the suggestion's name (and variants) as aliases of an existing entity. */
  'entities.mergeSuggestion': { input: z.object({ id, entityId: id }).strict(), output: entitySummarySchema },
  /** Rejected suggestions, to review or restore. */
  'entities.rejectedList': {
    input: empty,
    output: z.object({ rejected: z.array(z.object({ id: z.string(), type: entityTypeSchema, name: z.string(), rejectedAt: z.string() })) }),
  },
  'entities.unreject': { input: z.object({ id }).strict(), output: z.object({ id: z.string() }) },

  /**
   * Nodes and edges in one call (sized for 2,000 nodes / 10,000 edges). `tagId` keeps entities linked to passages with that
   * tag; `coOccurrence` adds edges between entities linked to the same passages; `limit` keeps the best connected nodes.
   */
  'entities.graph': {
    input: z
      .object({
        types: z.array(entityTypeSchema).max(20).optional(),
        tagId: id.optional(),
        includeDescendants: z.boolean().default(true),
        entityIds: z.array(id).max(5_000).optional(),
        /** With entityIds: also their direct neighbours. */
        neighbours: z.boolean().default(false),
        coOccurrence: z.boolean().default(false),
        limit: z.number().int().min(1).max(10_000).default(2_000),
      })
      .strict(),
    output: graphSchema,
  },
  /**
   * Dated passages (dates read from the quote by the date extractor, or set by hand) and events (entities with date
   * properties), sorted by date. Filters combine.
   */
  'entities.timeline': {
    input: z.object({ entityId: id.optional(), tagId: id.optional(), includeDescendants: z.boolean().default(true) }).strict(),
    output: z.object({ items: z.array(timelineItemSchema) }),
  },
  /** Sets (or with null clears) a passage's date by hand; it wins over dates extracted from the quote. Undoable. */
  'entities.setPassageDate': {
    input: z.object({ passageId: id, date: partialDateSchema.nullable(), endDate: partialDateSchema.nullable().default(null) }).strict(),
    output: z.object({ passageId: z.string(), date: z.string().nullable(), endDate: z.string().nullable() }),
  },
  /** FollowTheMoney JSON lines (entities, then relationships as interval schemas), valid for Aleph's importer. */
  'entities.exportFtm': { input: empty, output: codebookExportSchema },
  /** nodes.csv and edges.csv (UTF-8 with BOM, RFC 4180). */
  'entities.exportCsv': { input: empty, output: z.object({ nodes: codebookExportSchema, edges: codebookExportSchema }) },
  /** Imports FtM JSON lines: every line validated, good lines imported in one undoable step, bad ones reported. */
  'entities.importFtm': { input: z.object({ content: z.string().min(1).max(50_000_000) }).strict(), output: ftmImportReportSchema },
  // Dossiers (shared/domain/dossier.ts). Every edit is one undoable step in the same history as passages and tags
  // (history.undo / history.redo) and returns the whole dossier as it now stands.
  'dossiers.list': { input: empty, output: z.object({ dossiers: z.array(dossierSummarySchema) }) },
  'dossiers.get': { input: z.object({ id }).strict(), output: dossierRecordSchema },
  /**
   * A new dossier. `fromTagIds` / `fromEntityIds` make a first draft: one section per tag (with sub-tags) or entity,
   * holding its passages in source order.
   */
  'dossiers.create': {
    input: z
      .object({
        title: z.string().trim().min(1, 'Give the dossier a title.').max(300),
        author: z.string().trim().max(300).default(''),
        date: z.string().trim().max(100).default(''),
        label: z.string().trim().max(200).default(''),
        paper: paperSizeSchema.default('a4'),
        fromTagIds: z.array(id).max(200).default([]),
        fromEntityIds: z.array(id).max(200).default([]),
      })
      .strict(),
    output: dossierRecordSchema,
  },
  /** Changes the fields given; `redactions` replaces the list. */
  'dossiers.update': {
    input: z
      .object({
        id,
        title: z.string().trim().min(1, 'Give the dossier a title.').max(300).optional(),
        author: z.string().trim().max(300).optional(),
        date: z.string().trim().max(100).optional(),
        label: z.string().trim().max(200).optional(),
        paper: paperSizeSchema.optional(),
        redactions: z.array(redactionSchema).max(100).optional(),
      })
      .strict(),
    output: dossierRecordSchema,
  },
  'dossiers.delete': { input: z.object({ id }).strict(), output: z.object({ id: z.string() }) },
  /** `index` is the position among the sections (default: at the end). */
  'dossiers.addSection': {
    input: z.object({ dossierId: id, title: z.string().trim().max(300).default(''), index: z.number().int().nonnegative().optional() }).strict(),
    output: dossierRecordSchema,
  },
  'dossiers.updateSection': {
    input: z.object({ dossierId: id, sectionId: id, title: z.string().trim().max(300) }).strict(),
    output: dossierRecordSchema,
  },
  'dossiers.moveSection': {
    input: z.object({ dossierId: id, sectionId: id, index: z.number().int().nonnegative() }).strict(),
    output: dossierRecordSchema,
  },
  'dossiers.deleteSection': { input: z.object({ dossierId: id, sectionId: id }).strict(), output: dossierRecordSchema },
  /** Passage and entity ids are checked against the case. */
  'dossiers.addBlock': {
    input: z
      .object({ dossierId: id, sectionId: id, block: blockContentSchema, index: z.number().int().nonnegative().optional() })
      .strict(),
    output: dossierRecordSchema,
  },
  /** Replaces the block's content (reorder quotes by sending passageIds in the new order). */
  'dossiers.updateBlock': { input: z.object({ dossierId: id, blockId: id, block: blockContentSchema }).strict(), output: dossierRecordSchema },
  /** Moves a block to `index` within `sectionId` (the same or another section). */
  'dossiers.moveBlock': {
    input: z.object({ dossierId: id, blockId: id, sectionId: id, index: z.number().int().nonnegative() }).strict(),
    output: dossierRecordSchema,
  },
  'dossiers.deleteBlock': { input: z.object({ dossierId: id, blockId: id }).strict(), output: dossierRecordSchema },
  /**
   * The print HTML (self-contained: inline CSS and fonts, no scripts, no external references), for a sandboxed iframe.
   * Table-of-contents page numbers are only known after printing, so the preview shows none. Problems with citations
   * are reported in `verify`, not refused, so the researcher can see what to fix.
   */
  'dossiers.preview': {
    input: z.object({ id, options: renderOptionsSchema.default({ redact: true, includeInternals: false }) }).strict(),
    output: z.object({ html: z.string(), verify: dossierVerifySchema }),
  },
  /**
   * The file's bytes. Refused (BAD_INPUT, the message listing each citation to fix) when a cited passage is orphaned,
   * changed, or its passage or source is gone — run dossiers.verify for the structured list.
   */
  'dossiers.export': {
    input: z
      .object({ id, format: dossierFormatSchema, options: renderOptionsSchema.default({ redact: true, includeInternals: false }) })
      .strict(),
    output: dossierExportSchema,
  },
  /** Re-anchors every cited passage against its source's current text. */
  'dossiers.verify': { input: z.object({ id }).strict(), output: dossierVerifySchema },
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;
export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
