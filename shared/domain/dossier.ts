import { z } from 'zod';

/**
 * A dossier: the document a researcher hands to an editor or a lawyer. It lives in the case (vault table `dossiers`)
 * and is rendered on demand to PDF, DOCX, HTML, Markdown or JSON; every quoted passage is re-anchored against its
 * source before an export, and an export with a citation that no longer matches is refused.
 */

export const PAPER_SIZES = ['a4', 'letter'] as const;
export const paperSizeSchema = z.enum(PAPER_SIZES);
export type PaperSize = z.infer<typeof paperSizeSchema>;

export const DOSSIER_FORMATS = ['pdf', 'docx', 'html', 'md', 'json'] as const;
export const dossierFormatSchema = z.enum(DOSSIER_FORMATS);
export type DossierFormat = z.infer<typeof dossierFormatSchema>;

const id = z.string().min(1).max(100);
const ids = (max: number) => z.array(id).max(max);
const shortText = (max: number) => z.string().max(max).transform((s) => s.normalize('NFC'));

/** Block types and what they hold. Content is stored by reference (passage / entity ids), never copied. */
export const BLOCK_TYPES = ['narrative', 'quotes', 'entities', 'graph', 'timeline', 'note'] as const;
export type BlockType = (typeof BLOCK_TYPES)[number];

/** Block content as the composer sends it (no id: the server gives one). */
export const blockContentSchema = z.discriminatedUnion('type', [
  /** Running text in Markdown (raw HTML is not interpreted). */
  z.object({ type: z.literal('narrative'), markdown: shortText(200_000) }).strict(),
  /** Quoted passages, each set as a block quote with a numbered citation; the order is the researcher's. */
  z.object({ type: z.literal('quotes'), passageIds: ids(2_000) }).strict(),
  /** Entity profiles: description, properties, relationships and the passages that support them. */
  z.object({ type: z.literal('entities'), entityIds: ids(500) }).strict(),
  /**
   * A relationship graph drawn at export time from the case's entities and relationships. `entityIds` empty means every
   * entity that takes part in a relationship.
   */
  z.object({ type: z.literal('graph'), entityIds: ids(500), caption: shortText(2_000).default('') }).strict(),
  /**
   * Dated passages and events, in date order. Items: the listed passages, the passages linked to the listed entities,
   * and the listed entities' own dates (events). A passage's date is the one set by hand, else one read from the quote,
   * else its source's date.
   */
  z.object({ type: z.literal('timeline'), passageIds: ids(2_000), entityIds: ids(500), caption: shortText(2_000).default('') }).strict(),
  /** A note set apart from the narrative (an editor's or lawyer's remark). */
  z.object({ type: z.literal('note'), text: shortText(50_000) }).strict(),
]);
export type BlockContent = z.infer<typeof blockContentSchema>;
export type BlockContentInput = z.input<typeof blockContentSchema>;

export type DossierBlock = BlockContent & { id: string };

export const dossierBlockSchema = z.intersection(blockContentSchema, z.object({ id: z.string() }));

export const dossierSectionSchema = z.object({
  id: z.string(),
  title: z.string(),
  blocks: z.array(dossierBlockSchema),
});
export type DossierSection = z.infer<typeof dossierSectionSchema>;

/**
 * A protected name: the entity's name and every alias (plus any extra `terms`) are replaced by `label` everywhere in
 * an export — quotes, notes, profiles, graph, timeline, endnotes and metadata.
 */
export const redactionSchema = z
  .object({
    entityId: id.nullable().default(null),
    terms: z.array(shortText(500)).max(50).default([]),
    label: z.string().trim().min(1, 'Give the redaction a label such as "[Source A]".').max(100),
  })
  .strict()
  .refine((r) => r.entityId !== null || r.terms.some((t) => t.trim().length > 0), 'A redaction needs an entity or at least one term.');
export type Redaction = z.infer<typeof redactionSchema>;

export const dossierMetaSchema = z.object({
  title: z.string().trim().min(1, 'Give the dossier a title.').max(300),
  author: z.string().trim().max(300),
  /** As printed on the title page: ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD) or free text. */
  date: z.string().trim().max(100),
  /** Sensitivity label printed on every page, e.g. "Confidential — legal review". Empty: none. */
  label: z.string().trim().max(200),
  paper: paperSizeSchema,
  redactions: z.array(redactionSchema).max(100),
});
export type DossierMeta = z.infer<typeof dossierMetaSchema>;

/** What the vault's `dossiers` table holds per dossier. */
export const dossierRecordSchema = z.object({
  id: z.string(),
  title: z.string(),
  author: z.string(),
  date: z.string(),
  label: z.string(),
  paper: paperSizeSchema,
  redactions: z.array(
    z.object({ entityId: z.string().nullable(), terms: z.array(z.string()), label: z.string() }),
  ),
  sections: z.array(dossierSectionSchema),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
});
export type DossierRecord = z.infer<typeof dossierRecordSchema>;

export const dossierSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  author: z.string(),
  date: z.string(),
  label: z.string(),
  sectionCount: z.number().int().nonnegative(),
  /** Distinct passages quoted (quotes blocks). */
  citationCount: z.number().int().nonnegative(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DossierSummary = z.infer<typeof dossierSummarySchema>;

/** The citation check: every quoted passage re-anchored against its source's current text. */
export const CITATION_PROBLEMS = ['orphaned', 'changed', 'missing-passage', 'missing-source'] as const;
export const citationCheckSchema = z.object({
  /** 1-based citation number as printed. */
  number: z.number().int().positive(),
  passageId: z.string(),
  sectionTitle: z.string(),
  /** Lets the UI open the cited passage in the reader; null when the passage itself is gone. */
  sourceId: z.string().nullable(),
  sourceTitle: z.string().nullable(),
  quote: z.string(),
  /** 'anchored' and 'moved' are fine (the exact quote is in the source); the others block an export. */
  anchor: z.enum(['anchored', 'moved', 'changed', 'orphaned', 'missing-passage', 'missing-source']),
  ok: z.boolean(),
  /** For 'changed': the text now in the source. */
  found: z.string().nullable(),
  /** Sentence for the UI ("The quote no longer occurs in …"). */
  message: z.string(),
});
export type CitationCheck = z.infer<typeof citationCheckSchema>;

export const dossierVerifySchema = z.object({
  ok: z.boolean(),
  citations: z.array(citationCheckSchema),
  /** Only the failing ones, in citation order. */
  problems: z.array(citationCheckSchema),
});
export type DossierVerify = z.infer<typeof dossierVerifySchema>;

export const renderOptionsSchema = z
  .object({
    /** Overrides the dossier's paper size for this export. */
    paper: paperSizeSchema.optional(),
    /** Apply the dossier's redactions (default). Off only for internal review copies. */
    redact: z.boolean().default(true),
    /** Print passage ids, source ids and original file paths (for the team, not for the editor). */
    includeInternals: z.boolean().default(false),
  })
  .strict();
export type RenderOptions = z.infer<typeof renderOptionsSchema>;

export const dossierExportSchema = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  dataBase64: z.string(),
  bytes: z.number().int().nonnegative(),
  /** PDF page count; null for other formats. */
  pages: z.number().int().positive().nullable(),
  citations: z.number().int().nonnegative(),
});
export type DossierExport = z.infer<typeof dossierExportSchema>;
