import { z } from 'zod';
import { passageInContextSchema } from './passage';

/**
 * Entity types as the researcher picks them. Most are FollowTheMoney (FtM) schema names as Aleph uses them; the
 * others have no FtM schema of their own, so exports map them onto a valid one (FTM_SCHEMA_OF):
 *
 * | Casefile type | FtM schema  | how                                                                  |
 * | ------------- | ----------- | -------------------------------------------------------------------- |
 * | Person        | Person      |                                                                      |
 * | Organization  | Organization|                                                                      |
 * | Company       | Company     |                                                                      |
 * | PublicBody    | PublicBody  |                                                                      |
 * | Address       | Address     | name → `full` as well                                                |
 * | Place         | Address     | a town, region or landmark: name → `full`, `city`/`region` if given  |
 * | Country       | Address     | name → `full`; `country` (ISO code) when the name is a known country |
 * | Phone         | UserAccount | `username` and `number` (FtM keeps phones as a property, not a schema)|
 * | Email         | UserAccount | `username` and `email` (FtM's `Email` schema is a message, not this) |
 * | Url           | LegalEntity | `website`: "whoever runs this site", until someone knows who         |
 * | Event         | Event       | `date`, `startDate`, `endDate`, `location`, `involved`               |
 * | Other         | LegalEntity | the most general non-abstract party schema                           |
 */
export const ENTITY_TYPES = [
  'Person',
  'Organization',
  'Company',
  'PublicBody',
  'Address',
  'Place',
  'Country',
  'Phone',
  'Email',
  'Url',
  'Event',
  'Other',
] as const;
export const entityTypeSchema = z.enum(ENTITY_TYPES);
export type EntityType = z.infer<typeof entityTypeSchema>;

/**
 * Typed properties, keyed by FtM property name (nationality, position, registrationNumber, birthDate, incorporationDate,
 * country, phone, email, website, date, startDate, endDate, …). Values are lists, as in FtM. Dates are ISO 8601,
 * possibly partial ("2017", "2017-08", "2017-08-14").
 */
export const entityPropertiesSchema = z.record(
  z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,63}$/, 'Property names are FtM-style identifiers such as "nationality".'),
  z.array(z.string().max(5_000)).max(100),
);
export type EntityProperties = z.infer<typeof entityPropertiesSchema>;

export const entityNameSchema = z
  .string()
  .max(500)
  .transform((s) => s.normalize('NFC').replace(/\s+/g, ' ').trim())
  .refine((s) => s.length > 0, 'Give the entity a name.');

/** What the vault's `entities` table holds per entity. */
export const entityRecordSchema = z.object({
  id: z.string(),
  type: entityTypeSchema,
  name: z.string(),
  aliases: z.array(z.string()),
  description: z.string(),
  properties: entityPropertiesSchema,
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
});
export type EntityRecord = z.infer<typeof entityRecordSchema>;

/** An entity in lists and as the result of edits: the record plus counts. */
export const entitySummarySchema = entityRecordSchema.extend({
  /** Occurrences of the name and aliases across all sources (folded, word-bounded). */
  mentionCount: z.number().int().nonnegative(),
  /** Distinct sources with at least one mention. */
  mentionSourceCount: z.number().int().nonnegative(),
  /** Passages linked to the entity. */
  passageCount: z.number().int().nonnegative(),
  relationshipCount: z.number().int().nonnegative(),
  /** Relationships of this entity without any (existing) evidence passage. */
  unsupportedRelationshipCount: z.number().int().nonnegative(),
  /** Entities merged into this one that entities.split can still restore. */
  mergedFrom: z.array(z.object({ id: z.string(), name: z.string(), type: entityTypeSchema })),
});
export type EntitySummary = z.infer<typeof entitySummarySchema>;

/** An entity chip: enough to label a node, a link or a search hit. */
export const entityRefSchema = z.object({ id: z.string(), type: entityTypeSchema, name: z.string() });
export type EntityRef = z.infer<typeof entityRefSchema>;

/**
 * Relationship kinds. Each maps to an FtM interval schema when the two ends allow it (see main/core/entities/ftm.ts),
 * else to UnknownLink with the label as `role`:
 * associate → Associate (two people), family → Family (two people), employee-of → Employment (person → organisation),
 * director-of / co-founder-of → Directorship (party → organisation, role), owner-of → Ownership (party → company or
 * asset), member-of → Membership (party → organisation), client-of / met-with / other → UnknownLink.
 */
export const RELATIONSHIP_KINDS = [
  'associate',
  'family',
  'employee-of',
  'director-of',
  'co-founder-of',
  'owner-of',
  'member-of',
  'client-of',
  'met-with',
  'other',
] as const;
export const relationshipKindSchema = z.enum(RELATIONSHIP_KINDS);
export type RelationshipKind = z.infer<typeof relationshipKindSchema>;

/** Labels for menus; 'other' shows the relationship's own free-text label instead. */
export const RELATIONSHIP_LABELS: Record<RelationshipKind, string> = {
  associate: 'associate of',
  family: 'family of',
  'employee-of': 'employee of',
  'director-of': 'director of',
  'co-founder-of': 'co-founder of',
  'owner-of': 'owner of',
  'member-of': 'member of',
  'client-of': 'client of',
  'met-with': 'met with',
  other: 'related to',
};

/** Dates as ISO 8601, possibly partial: "2017", "2017-08", "2017-08-14". */
export const partialDateSchema = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'Dates are YYYY, YYYY-MM or YYYY-MM-DD.');

/**
 * Whether a period from `start` to `end` (partial dates, either may be missing) is in order. Partial dates compare on
 * what both give: "2017-08" to "2017" is fine (the same year), "2018" to "2017-05" is not.
 */
export function datesInOrder(start: string | null, end: string | null): boolean {
  if (!start || !end) return true;
  const n = Math.min(start.length, end.length);
  return start.slice(0, n) <= end.slice(0, n);
}

/** What the vault's `relationships` table holds: subject —kind→ object ("Omri Lavie co-founder-of NSO Group"). */
export const relationshipRecordSchema = z.object({
  id: z.string(),
  subjectId: z.string(),
  objectId: z.string(),
  kind: relationshipKindSchema,
  /** Free text; required for 'other', optional refinement otherwise ("CEO", "in August 2017"). */
  label: z.string(),
  evidencePassageIds: z.array(z.string()),
  startDate: partialDateSchema.nullable(),
  endDate: partialDateSchema.nullable(),
  description: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
});
export type RelationshipRecord = z.infer<typeof relationshipRecordSchema>;

/** A passage as evidence or link target, compact: where it is and what it says. */
export const passageRefSchema = z.object({
  id: z.string(),
  sourceId: z.string(),
  sourceTitle: z.string(),
  quote: z.string(),
  start: z.number().int().nonnegative().nullable(),
  end: z.number().int().nonnegative().nullable(),
  tagIds: z.array(z.string()),
});
export type PassageRef = z.infer<typeof passageRefSchema>;

/**
 * A passage offered as evidence for a relationship: linked to one or both ends (`linkedTo` names which), or asked for
 * by id (the passage selected in the reader, with `linkedTo` empty when it is linked to neither).
 */
export const evidenceChoiceSchema = passageRefSchema.extend({ linkedTo: z.array(z.string()) });
export type EvidenceChoice = z.infer<typeof evidenceChoiceSchema>;

export const relationshipViewSchema = relationshipRecordSchema.extend({
  subject: entityRefSchema,
  object: entityRefSchema,
  /** The kind's label, or the free-text label for 'other'. */
  displayLabel: z.string(),
  /** Evidence passages that still exist (deleted passages drop out here but stay in the record until edited). */
  evidence: z.array(passageRefSchema),
  /** True when no evidence passage exists: shown as "unsupported". */
  unsupported: z.boolean(),
});
export type RelationshipView = z.infer<typeof relationshipViewSchema>;

/** One occurrence of an entity's name or alias in a source. Offsets are code points of the NFC text, end exclusive. */
export const mentionSchema = z.object({
  sourceId: z.string(),
  sourceTitle: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  /** The text as it stands in the source ("Société"), which may differ from the name searched for ("Societe"). */
  text: z.string(),
  /** The name or alias that matched. */
  matched: z.string(),
  before: z.string(),
  after: z.string(),
  page: z.number().int().positive().nullable(),
  /** A passage linked to this entity already covering this occurrence, if any. */
  passageId: z.string().nullable(),
});
export type Mention = z.infer<typeof mentionSchema>;

export const mentionTargetSchema = z.object({ sourceId: z.string().min(1).max(100), start: z.number().int().nonnegative(), end: z.number().int().nonnegative() }).strict();

export const entityProfileSchema = z.object({
  entity: entitySummarySchema,
  /** Linked passages with their sources and quotes, by source title then reading order. */
  passages: z.array(passageInContextSchema),
  relationships: z.array(relationshipViewSchema),
  /** Mentions not yet covered by a linked passage (first `mentionLimit`), and how many there are in all. */
  unlinkedMentions: z.array(mentionSchema),
  unlinkedMentionTotal: z.number().int().nonnegative(),
});
export type EntityProfile = z.infer<typeof entityProfileSchema>;

export const ENTITY_SORTS = ['name', 'type', 'mentions', 'passages', 'relationships', 'updated'] as const;
export const entitySortSchema = z.enum(ENTITY_SORTS);

export const entityLookupMatchSchema = z.object({
  entity: entityRefSchema,
  aliases: z.array(z.string()),
  /** The name or alias that matched the query. */
  matched: z.string(),
  /** exact > prefix (of the name or of a word in it) > fuzzy (small edit distance); score in 0..1, higher is better. */
  how: z.enum(['exact', 'prefix', 'fuzzy']),
  score: z.number(),
});
export type EntityLookupMatch = z.infer<typeof entityLookupMatchSchema>;

/** Where a suggestion was seen. */
export const suggestionSourceSchema = z.object({
  sourceId: z.string(),
  sourceTitle: z.string(),
  count: z.number().int().positive(),
  /** First occurrence, code points of the NFC text, for "show me". */
  firstStart: z.number().int().nonnegative(),
  firstEnd: z.number().int().nonnegative(),
});

export const SUGGESTION_ORIGINS = ['pattern', 'nlp'] as const;

/** A proposed entity from offline extraction, deduplicated across sources by type + folded name. */
export const suggestionSchema = z.object({
  /** Stable for the same type + folded name, so accept/reject/merge can name it. */
  id: z.string(),
  type: entityTypeSchema,
  name: z.string(),
  /** Other spellings seen for the same folded key ("Société Générale" / "Societe Generale"). */
  variants: z.array(z.string()),
  origin: z.enum(SUGGESTION_ORIGINS),
  /** Normalised value for pattern finds: E.164 phone, lower-case email, compact IBAN, ISO date; else null. */
  value: z.string().nullable(),
  sources: z.array(suggestionSourceSchema),
  total: z.number().int().positive(),
  /** An existing entity whose name or alias folds like this one (of another type), offered as the merge target. */
  similarEntity: entityRefSchema.nullable(),
});
export type Suggestion = z.infer<typeof suggestionSchema>;

export const graphNodeSchema = z.object({
  id: z.string(),
  type: entityTypeSchema,
  name: z.string(),
  passageCount: z.number().int().nonnegative(),
  relationshipCount: z.number().int().nonnegative(),
});
export type GraphNode = z.infer<typeof graphNodeSchema>;

export const graphEdgeSchema = z.object({
  /** A relationship id, or "co:<a>:<b>" for a co-occurrence edge. */
  id: z.string(),
  source: z.string(),
  target: z.string(),
  /** A relationship kind, or 'co-occurrence' (both entities linked to the same passages). */
  kind: z.union([relationshipKindSchema, z.literal('co-occurrence')]),
  label: z.string(),
  evidencePassageIds: z.array(z.string()),
  unsupported: z.boolean(),
});
export type GraphEdge = z.infer<typeof graphEdgeSchema>;

export const graphSchema = z.object({
  nodes: z.array(graphNodeSchema),
  edges: z.array(graphEdgeSchema),
  /** True when `limit` cut nodes (the best connected are kept) — say so in the UI. */
  truncated: z.boolean(),
});
export type GraphData = z.infer<typeof graphSchema>;

export const timelineItemSchema = z.object({
  /** 'passage': a dated passage; 'event': an Event entity (or any entity) with date properties. */
  kind: z.enum(['passage', 'event']),
  /** Sort key: ISO, possibly partial; an item with a range sorts by its start. */
  date: partialDateSchema,
  endDate: partialDateSchema.nullable(),
  /** 'extracted': found in the quote by the date extractor; 'manual': set by hand (timeline.setPassageDate, entity properties). */
  origin: z.enum(['extracted', 'manual']),
  /** The words the date was read from ("August 2017", "août 2017"), when extracted. */
  dateText: z.string().nullable(),
  label: z.string(),
  passage: passageRefSchema.nullable(),
  /** The event entity, for kind 'event'. */
  entity: entityRefSchema.nullable(),
  /** Entities linked to the passage (or involved in the event). */
  entities: z.array(entityRefSchema),
});
export type TimelineItem = z.infer<typeof timelineItemSchema>;

export const ftmImportReportSchema = z.object({
  entitiesCreated: z.number().int().nonnegative(),
  entitiesUpdated: z.number().int().nonnegative(),
  relationshipsCreated: z.number().int().nonnegative(),
  /** Lines skipped as not meaningful here (documents, mentions, …), by schema. */
  skipped: z.array(z.object({ schema: z.string(), count: z.number().int().positive() })),
  /** One entry per bad line, 1-based; good lines are imported regardless. */
  errors: z.array(z.object({ line: z.number().int().positive(), message: z.string() })),
});
export type FtmImportReport = z.infer<typeof ftmImportReportSchema>;
