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
