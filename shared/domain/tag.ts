import { z } from 'zod';

export const tagColorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Colours are #RRGGBB.');

/** '/' separates levels in tag paths ("Money/Offshore"), so it cannot appear inside a name. */
export const tagNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the tag a name.')
  .max(200)
  .refine((name) => !name.includes('/'), 'A tag name cannot contain "/" (it separates levels in tag paths).');

/** What the vault's `tags` table holds per tag. */
export const tagRecordSchema = z.object({
  id: z.string(),
  /** RFC 4122 UUID, stable for the tag's life; REFI-QDA exports use it as the code's guid. */
  guid: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  color: tagColorSchema,
  description: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type TagRecord = z.infer<typeof tagRecordSchema>;

/** A tag as the codebook panel shows it. */
export const tagViewSchema = tagRecordSchema.extend({
  /** Names from the root down to this tag, e.g. ["Money", "Offshore"]. */
  path: z.array(z.string()),
  /** Passages carrying this tag itself. */
  passageCount: z.number().int().nonnegative(),
  /** Distinct passages carrying this tag or any descendant. */
  subtreePassageCount: z.number().int().nonnegative(),
});
export type TagView = z.infer<typeof tagViewSchema>;

export const tagUsageSchema = z.object({
  id: z.string(),
  passageCount: z.number().int().nonnegative(),
  /** Child tags; on delete they move up to the deleted tag's parent rather than vanish. */
  childCount: z.number().int().nonnegative(),
});
export type TagUsage = z.infer<typeof tagUsageSchema>;
