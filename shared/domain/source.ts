import { z } from 'zod';

export const SOURCE_TYPES = ['txt', 'md', 'html', 'pdf', 'docx', 'eml', 'csv'] as const;
export const sourceTypeSchema = z.enum(SOURCE_TYPES);
export type SourceType = z.infer<typeof sourceTypeSchema>;

/** What the UI and CLI show about a source; the text and original bytes live in encrypted blobs. */
export const sourceSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  type: sourceTypeSchema,
  size: z.number().int().nonnegative(),
  importedAt: z.string(),
  importedBy: z.string(),
  originalName: z.string(),
  originalPath: z.string().nullable(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  language: z.string().nullable(),
  author: z.string().nullable(),
  date: z.string().nullable(),
  url: z.string().nullable(),
  pages: z.number().int().positive().nullable(),
  chars: z.number().int().nonnegative(),
});
export type SourceSummary = z.infer<typeof sourceSummarySchema>;

/** Another source sharing text with this one; `overlap` is the share of the smaller text found in the other (0..1). */
export const similarRefSchema = z.object({ id: z.string(), title: z.string(), overlap: z.number().min(0).max(1) });
export type SimilarRef = z.infer<typeof similarRefSchema>;

/** A source as the list shows it: the summary plus its near-duplicates and sources sharing long passages. */
export const sourceListItemSchema = sourceSummarySchema.extend({ similar: z.array(similarRefSchema).default([]) });
export type SourceListItem = z.infer<typeof sourceListItemSchema>;

export const similarSourceSchema = similarRefSchema.extend({
  /** |A ∩ B| / |A ∪ B| over five-word shingles. */
  jaccard: z.number().min(0).max(1),
  /** Same as overlap; kept under its textbook name for people comparing with other tools. */
  containment: z.number().min(0).max(1),
  sharedShingles: z.number().int().nonnegative(),
  /** Separate stretches of at least a dozen words found in both texts. */
  sharedPassages: z.number().int().nonnegative(),
  kind: z.enum(['near-duplicate', 'shared-passages']),
});
export type SimilarSource = z.infer<typeof similarSourceSchema>;

export const sourceRevisionSchema = z.object({
  /** 1-based; the last one is the current text. */
  number: z.number().int().positive(),
  textBlob: z.string(),
  originalName: z.string(),
  sha256: z.string(),
  size: z.number().int().nonnegative(),
  chars: z.number().int().nonnegative(),
  importedAt: z.string(),
  importedBy: z.string(),
});
export type SourceRevision = z.infer<typeof sourceRevisionSchema>;

export const metadataEditSchema = z.object({
  at: z.string(),
  by: z.string(),
  field: z.enum(['title', 'author', 'date', 'url']),
  from: z.string().nullable(),
  to: z.string().nullable(),
});
export type MetadataEdit = z.infer<typeof metadataEditSchema>;

/** Everything the source details panel shows. Strings here come from imported files: render them as inert text. */
export const sourceDetailsSchema = z.object({
  source: sourceSummarySchema,
  /** 'no-text-layer': an image-only or password-protected PDF. */
  status: z.enum(['ok', 'no-text-layer']),
  encoding: z.string().nullable(),
  /** Format-specific facts: e-mail headers (from, to, cc, date, subject, messageId), CSV rows/columns, notes. */
  metadata: z.record(z.string(), z.string()),
  attachments: z.array(z.object({ name: z.string(), size: z.number().int().nonnegative(), contentType: z.string() })),
  revisions: z.array(sourceRevisionSchema),
  edits: z.array(metadataEditSchema),
  similar: z.array(similarSourceSchema),
  /** Passages of the text that occur again later in the same text (an article pasted twice). */
  repetition: z.object({
    fraction: z.number().min(0).max(1),
    spans: z.array(
      z.object({
        start: z.number().int().nonnegative(),
        end: z.number().int().nonnegative(),
        copyOf: z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() }),
        /** The first words of the repeated stretch. */
        excerpt: z.string(),
      }),
    ),
  }),
});
export type SourceDetails = z.infer<typeof sourceDetailsSchema>;
