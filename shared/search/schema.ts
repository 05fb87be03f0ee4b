import { z } from 'zod';

/** What a hit is: a source (title, text), a passage (quote, note) or an entity (name, aliases). */
export const SEARCH_KINDS = ['source', 'passage', 'entity'] as const;
export const searchKindSchema = z.enum(SEARCH_KINDS);
export type SearchKind = z.infer<typeof searchKindSchema>;

/**
 * Which text of a hit matched: a source's title or extracted text, a passage's quote or note, an entity's name or
 * one of its aliases.
 */
export const SEARCH_FIELDS = ['title', 'text', 'quote', 'note', 'name', 'alias'] as const;
export const searchFieldSchema = z.enum(SEARCH_FIELDS);
export type SearchField = z.infer<typeof searchFieldSchema>;

const cp = z.number().int().nonnegative();

/**
 * One match. start/end are Unicode code points (end exclusive) of the field's NFC text; for 'text' that is the
 * source's NFC text. sourceStart/sourceEnd place the match in the source's NFC text when it is there: equal to
 * start/end for 'text', the passage's stored position plus the offset for 'quote', null otherwise.
 */
export const searchMatchSchema = z.object({
  field: searchFieldSchema,
  /** For 'alias': which alias (0-based); 0 otherwise. */
  fieldIndex: z.number().int().nonnegative(),
  start: cp,
  end: cp,
  sourceStart: cp.nullable(),
  sourceEnd: cp.nullable(),
});
export type SearchMatch = z.infer<typeof searchMatchSchema>;

/** A piece of a field around matches; highlights are code-point ranges within `text`. */
export const searchSnippetSchema = z.object({
  field: searchFieldSchema,
  fieldIndex: z.number().int().nonnegative(),
  text: z.string(),
  /** Code point offset of the snippet's first character in the field's text. */
  start: cp,
  highlights: z.array(z.object({ start: cp, end: cp })),
  /** Whether text was cut before / after the snippet (the UI shows an ellipsis). */
  cutBefore: z.boolean(),
  cutAfter: z.boolean(),
});
export type SearchSnippet = z.infer<typeof searchSnippetSchema>;

export const MAX_MATCHES_PER_HIT = 1000;

export const searchHitSchema = z.object({
  kind: searchKindSchema,
  /** Source id, passage id or entity id. */
  id: z.string(),
  /** The source the hit is in (for a passage: its source); null for entities. */
  sourceId: z.string().nullable(),
  sourceTitle: z.string().nullable(),
  /** Heading for the hit: the source title, the start of the passage quote, the entity name. */
  title: z.string(),
  /** Relevance within its kind (higher first); only comparable inside one result. */
  score: z.number(),
  /** Exact number of matches in this item. */
  occurrences: z.number().int().nonnegative(),
  /** Matches in reading order, at most MAX_MATCHES_PER_HIT (matchesTruncated says when there were more). */
  matches: z.array(searchMatchSchema),
  matchesTruncated: z.boolean(),
  snippets: z.array(searchSnippetSchema),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

export const searchTotalsSchema = z.object({ source: cp, passage: cp, entity: cp });
export type SearchTotals = z.infer<typeof searchTotalsSchema>;

export const searchQueryInputSchema = z
  .object({
    query: z.string().max(10_000),
    /** Page through one kind only (the UI's per-group paging); without it, hits are ordered source, passage, entity. */
    kind: searchKindSchema.optional(),
    offset: z.number().int().nonnegative().max(1_000_000).default(0),
    limit: z.number().int().min(1).max(500).default(20),
    /** Code points of context on each side of a match in snippets. */
    contextChars: z.number().int().min(0).max(1000).default(60),
    /** Snippets per hit (the first matches in reading order). */
    maxSnippets: z.number().int().min(0).max(20).default(3),
  })
  .strict();
export type SearchQueryInput = z.input<typeof searchQueryInputSchema>;

export const searchResultSchema = z.object({
  query: z.string(),
  /** Exact number of matching items of every kind (never capped). */
  total: cp,
  totals: searchTotalsSchema,
  offset: cp,
  limit: cp,
  hits: z.array(searchHitSchema),
  /** Problems that did not stop the search, e.g. "No tag is named Bribery." */
  warnings: z.array(z.string()),
  /** Items still waiting to be indexed when the query ran (0 once the index has caught up). */
  pendingDocs: cp,
  /**
   * True when the index was still being built or caught up (a big case opened without its stored index) and the
   * search answered at once from what was indexed so far: hits and totals cover only that and may grow. Absent or
   * false: the answer is exact.
   */
  indexing: z.boolean().optional(),
  tookMs: z.number().nonnegative(),
});
export type SearchResult = z.infer<typeof searchResultSchema>;

export const savedSearchSchema = z.object({
  id: z.string(),
  name: z.string(),
  query: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
});
export type SavedSearch = z.infer<typeof savedSearchSchema>;

export const batchSearchInputSchema = z
  .object({
    /** One query per entry (same syntax as search; usually a name or a phrase). Blank entries are skipped. */
    terms: z.array(z.string().max(1_000)).min(1).max(5_000),
    /** Applied to every term, typically field filters such as "lang:fr after:2021-01-01". */
    filter: z.string().max(10_000).default(''),
  })
  .strict();
export type BatchSearchInput = z.input<typeof batchSearchInputSchema>;

export const batchRowSchema = z.object({
  term: z.string(),
  /** Sources whose title or text matches. */
  documents: cp,
  /** Matches in those sources. */
  occurrences: cp,
  /** Passages whose quote or note matches. */
  passages: cp,
  passageOccurrences: cp,
  entities: cp,
  /** Why the term could not run (a syntax problem); null when it ran. */
  error: z.string().nullable(),
});
export type BatchRow = z.infer<typeof batchRowSchema>;

export const batchResultSchema = z.object({ rows: z.array(batchRowSchema), tookMs: z.number().nonnegative() });
export type BatchResult = z.infer<typeof batchResultSchema>;

export const searchStatusSchema = z.object({
  /** Items in the index (sources, passages, entities). */
  indexedDocs: cp,
  /** Items waiting to be (re)indexed. */
  pendingDocs: cp,
  /** 'building' while the index is created from scratch (first use, or the stored one was missing or stale). */
  state: z.enum(['idle', 'loading', 'building', 'updating', 'ready']),
});
export type SearchStatus = z.infer<typeof searchStatusSchema>;
