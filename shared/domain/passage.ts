import { z } from 'zod';

/** A passage without a status is simply "not assessed"; the three values are the ones editors and lawyers ask about. */
export const PASSAGE_STATUSES = ['to-verify', 'verified', 'disputed'] as const;
export const passageStatusSchema = z.enum(PASSAGE_STATUSES);
export type PassageStatus = z.infer<typeof passageStatusSchema>;

/**
 * How a passage was found in the source's current text:
 * - anchored: at its stored position, text unchanged;
 * - moved: the exact quote, elsewhere (the text before it changed);
 * - changed: a fuzzy match — the quoted text itself differs now;
 * - orphaned: not found; kept with its quote so the researcher can re-attach it.
 */
export const ANCHOR_STATES = ['anchored', 'moved', 'changed', 'orphaned'] as const;
export const anchorStateSchema = z.enum(ANCHOR_STATES);
export type AnchorState = z.infer<typeof anchorStateSchema>;

/** W3C Web Annotation TextQuoteSelector over the source's NFC extracted text. */
export const textQuoteSelectorSchema = z.object({
  type: z.literal('TextQuoteSelector'),
  exact: z.string(),
  prefix: z.string(),
  suffix: z.string(),
});
export type TextQuoteSelector = z.infer<typeof textQuoteSelectorSchema>;

/** W3C TextPositionSelector; start/end are Unicode code point offsets (not UTF-16 units), end exclusive. */
export const textPositionSelectorSchema = z.object({
  type: z.literal('TextPositionSelector'),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export type TextPositionSelector = z.infer<typeof textPositionSelectorSchema>;

export const passageSelectorsSchema = z.object({
  quote: textQuoteSelectorSchema,
  position: textPositionSelectorSchema,
});
export type PassageSelectors = z.infer<typeof passageSelectorsSchema>;

/** What the vault's `passages` table holds per passage. */
export const passageRecordSchema = z.object({
  id: z.string(),
  sourceId: z.string(),
  /** The text blob name the selectors were taken on; a later revision of the source gets re-anchored against them. */
  textRevision: z.string(),
  selectors: passageSelectorsSchema,
  /** 1-based PDF page of the passage start (from the source's pageStarts), null for other formats. */
  page: z.number().int().positive().nullable(),
  tagIds: z.array(z.string()),
  note: z.string(),
  status: passageStatusSchema.nullable(),
  researcher: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PassageRecord = z.infer<typeof passageRecordSchema>;

/**
 * A passage as the reader shows it: resolved against the source's current text. start/end are the current
 * code-point offsets (null when orphaned); `exact` is the stored quote, `found` the text now at start..end
 * when the state is 'changed' (null otherwise).
 */
export const passageViewSchema = z.object({
  id: z.string(),
  sourceId: z.string(),
  start: z.number().int().nonnegative().nullable(),
  end: z.number().int().nonnegative().nullable(),
  page: z.number().int().positive().nullable(),
  exact: z.string(),
  found: z.string().nullable(),
  anchor: anchorStateSchema,
  tagIds: z.array(z.string()),
  note: z.string(),
  status: passageStatusSchema.nullable(),
  researcher: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PassageView = z.infer<typeof passageViewSchema>;

/** A passage in a cross-source listing (tag view): with its source's title and a little text around it. */
export const passageInContextSchema = passageViewSchema.extend({
  sourceTitle: z.string(),
  before: z.string(),
  after: z.string(),
});
export type PassageInContext = z.infer<typeof passageInContextSchema>;

/** One place a quote occurs, with enough text around it for a person to tell candidates apart. */
export const quoteCandidateSchema = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  page: z.number().int().positive().nullable(),
  before: z.string(),
  after: z.string(),
});
export type QuoteCandidate = z.infer<typeof quoteCandidateSchema>;

/**
 * Undo/redo covers every passage and tag action of the current session (cleared on lock). Labels are short
 * sentences for menus ("Undo tag passage"); `sourceIds` and `codebook` say what the UI should refresh.
 */
export const historyEntrySchema = z.object({
  label: z.string(),
  sourceIds: z.array(z.string()),
  codebook: z.boolean(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const historyStateSchema = z.object({
  /** The action undo would revert (the top of the undo stack), or null. */
  undo: historyEntrySchema.nullable(),
  redo: historyEntrySchema.nullable(),
  undoDepth: z.number().int().nonnegative(),
  redoDepth: z.number().int().nonnegative(),
});
export type HistoryState = z.infer<typeof historyStateSchema>;
