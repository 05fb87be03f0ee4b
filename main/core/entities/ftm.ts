import type { EntityType, RelationshipKind, RelationshipRecord } from '../../../shared/domain/entity';
import type { StoredEntity } from './store';

/**
 * The FollowTheMoney schemata and properties Casefile writes, taken from the FtM model (followthemoney/schema/*.yaml:
 * Thing, LegalEntity, Person, Organization, Company, PublicBody, Address, UserAccount, Event, BankAccount, Interval and
 * the interval schemata). Exports use only these; imports accept only these, so both stay valid for Aleph.
 */
const THING = ['name', 'summary', 'description', 'country', 'alias', 'previousName', 'weakAlias', 'sourceUrl', 'keywords', 'topics', 'address', 'notes', 'wikidataId', 'wikipediaUrl'];
const LEGAL_ENTITY = [...THING, 'email', 'phone', 'website', 'legalForm', 'incorporationDate', 'dissolutionDate', 'taxNumber', 'registrationNumber', 'idNumber', 'status', 'sector', 'classification', 'jurisdiction', 'mainCountry', 'opencorporatesUrl', 'leiCode', 'dunsCode'];
const ORGANIZATION = [...LEGAL_ENTITY, 'cageCode', 'permId', 'imoNumber', 'giiNumber'];
const INTERVAL = ['startDate', 'endDate', 'date', 'summary', 'description', 'recordId', 'sourceUrl', 'modifiedAt', 'retrievedAt', 'publisher', 'publisherUrl', 'status'];

export const FTM_PROPERTIES: Record<string, readonly string[]> = {
  Person: [...LEGAL_ENTITY, 'title', 'firstName', 'secondName', 'middleName', 'fatherName', 'motherName', 'lastName', 'nameSuffix', 'birthDate', 'birthPlace', 'deathDate', 'position', 'nationality', 'citizenship', 'passportNumber', 'gender', 'ethnicity', 'religion', 'political', 'education', 'height', 'weight', 'eyeColor', 'hairColor', 'appearance', 'socialSecurityNumber', 'spokenLanguage'],
  Organization: ORGANIZATION,
  Company: [...ORGANIZATION, 'jurisdiction', 'registrationNumber', 'capital', 'voenCode', 'coatoCode', 'irsCode', 'ipoCode', 'cikCode', 'jibCode', 'mbsCode', 'ibcRuc', 'innCode', 'ogrnCode', 'okpoCode', 'kppCode', 'fnsCode', 'bikCode', 'ricCode', 'isinCode', 'ticker'],
  PublicBody: ORGANIZATION,
  LegalEntity: LEGAL_ENTITY,
  Address: [...THING, 'full', 'remarks', 'postOfficeBox', 'street', 'street2', 'city', 'postalCode', 'region', 'state', 'latitude', 'longitude', 'osmId', 'googlePlaceId'],
  UserAccount: [...THING, 'owner', 'service', 'email', 'number', 'username', 'password'],
  Event: [...THING, ...INTERVAL, 'location', 'important', 'organizer', 'involved'],
  BankAccount: [...THING, 'holder', 'accountNumber', 'iban', 'bic', 'bank', 'bankName', 'bankAddress', 'accountType', 'balance', 'balanceDate', 'maxBalance', 'maxBalanceDate', 'openingDate', 'closingDate', 'currency'],
  UnknownLink: [...INTERVAL, 'subject', 'object', 'role'],
  Associate: [...INTERVAL, 'person', 'associate', 'relationship'],
  Family: [...INTERVAL, 'person', 'relative', 'relationship'],
  Employment: [...INTERVAL, 'employer', 'employee', 'role'],
  Directorship: [...INTERVAL, 'director', 'organization', 'role', 'secretary'],
  Ownership: [...INTERVAL, 'owner', 'asset', 'percentage', 'sharesCount', 'sharesValue', 'sharesCurrency', 'sharesType', 'legalBasis', 'ownershipType', 'role'],
  Membership: [...INTERVAL, 'member', 'organization', 'role'],
};

/** Entity-valued properties of the interval schemata and the schemata their range accepts. */
const EDGE_ENDS: Record<string, { subject: string; object: string; subjectRange: readonly string[]; objectRange: readonly string[]; roleProp: string }> = {
  UnknownLink: { subject: 'subject', object: 'object', subjectRange: ['*'], objectRange: ['*'], roleProp: 'role' },
  Associate: { subject: 'person', object: 'associate', subjectRange: ['Person'], objectRange: ['Person'], roleProp: 'relationship' },
  Family: { subject: 'person', object: 'relative', subjectRange: ['Person'], objectRange: ['Person'], roleProp: 'relationship' },
  Employment: { subject: 'employee', object: 'employer', subjectRange: ['Person'], objectRange: ['LegalEntity', 'Organization', 'Company', 'PublicBody', 'Person'], roleProp: 'role' },
  Directorship: { subject: 'director', object: 'organization', subjectRange: ['LegalEntity', 'Person', 'Organization', 'Company', 'PublicBody'], objectRange: ['Organization', 'Company', 'PublicBody'], roleProp: 'role' },
  Ownership: { subject: 'owner', object: 'asset', subjectRange: ['LegalEntity', 'Person', 'Organization', 'Company', 'PublicBody'], objectRange: ['Company'], roleProp: 'role' },
  Membership: { subject: 'member', object: 'organization', subjectRange: ['LegalEntity', 'Person', 'Organization', 'Company', 'PublicBody'], objectRange: ['Organization', 'Company', 'PublicBody'], roleProp: 'role' },
};

const KIND_SCHEMA: Record<RelationshipKind, string> = {
  associate: 'Associate',
  family: 'Family',
  'employee-of': 'Employment',
  'director-of': 'Directorship',
  'co-founder-of': 'Directorship',
  'owner-of': 'Ownership',
  'member-of': 'Membership',
  'client-of': 'UnknownLink',
  'met-with': 'UnknownLink',
  other: 'UnknownLink',
};

/** FtM schema for a Casefile entity (see the table in shared/domain/entity.ts). */
export function ftmSchemaOf(e: Pick<StoredEntity, 'type' | 'properties'>): string {
  const map: Record<EntityType, string> = {
    Person: 'Person',
    Organization: 'Organization',
    Company: 'Company',
    PublicBody: 'PublicBody',
    Address: 'Address',
    Place: 'Address',
    Country: 'Address',
    Phone: 'UserAccount',
    Email: 'UserAccount',
    Url: 'LegalEntity',
    Event: 'Event',
    Other: e.properties.iban ? 'BankAccount' : 'LegalEntity',
  };
  return map[e.type];
}

export interface FtmEntity {
  id: string;
  schema: string;
  properties: Record<string, string[]>;
}

function add(props: Record<string, string[]>, key: string, values: readonly string[]): void {
  const clean = values.map((v) => v.trim()).filter((v) => v.length > 0);
  if (clean.length === 0) return;
  const have = props[key] ?? [];
  props[key] = [...have, ...clean.filter((v) => !have.includes(v))];
}

export function entityToFtm(e: StoredEntity): FtmEntity {
  const schema = ftmSchemaOf(e);
  const allowed = new Set(own(FTM_PROPERTIES, schema) ?? []);
  const props: Record<string, string[]> = {};
  add(props, 'name', [e.name]);
  add(props, 'alias', e.aliases);
  if (e.description) add(props, 'description', [e.description]);
  if (schema === 'Address') add(props, 'full', [e.name]);
  if (e.type === 'Phone') add(props, 'username', [e.name]);
  if (e.type === 'Email') add(props, 'username', [e.name]);
  if (e.type === 'Url' && !e.properties.website) add(props, 'website', [e.name]);
  for (const [key, values] of Object.entries(e.properties)) {
    // Properties FtM does not know for this schema go to notes, so nothing the researcher wrote is lost.
    if (allowed.has(key)) add(props, key, values);
    else add(props, 'notes', values.map((v) => `${key}: ${v}`));
  }
  return { id: `casefile-${e.id}`, schema, properties: props };
}

export function relationshipToFtm(r: RelationshipRecord, entities: Map<string, StoredEntity>): FtmEntity | null {
  const subject = entities.get(r.subjectId);
  const object = entities.get(r.objectId);
  if (!subject || !object) return null;
  let schema = KIND_SCHEMA[r.kind];
  let ends = EDGE_ENDS[schema];
  const s = ftmSchemaOf(subject);
  const o = ftmSchemaOf(object);
  const fits = (range: readonly string[], x: string): boolean => range.includes('*') || range.includes(x);
  if (!ends || !fits(ends.subjectRange, s) || !fits(ends.objectRange, o)) {
    // The ends do not fit the specific schema (e.g. "owner of" an Organization, which FtM does not count as an asset).
    schema = 'UnknownLink';
    ends = EDGE_ENDS.UnknownLink;
  }
  if (!ends) return null;
  const props: Record<string, string[]> = {};
  add(props, ends.subject, [`casefile-${subject.id}`]);
  add(props, ends.object, [`casefile-${object.id}`]);
  const role = r.kind === 'other' || schema === 'UnknownLink' || r.kind === 'co-founder-of' ? [r.label || r.kind.replace(/-/g, ' ')] : r.label ? [r.label] : [];
  add(props, ends.roleProp, role);
  if (r.startDate) add(props, 'startDate', [r.startDate]);
  if (r.endDate) add(props, 'endDate', [r.endDate]);
  if (r.description) add(props, 'description', [r.description]);
  if (r.evidencePassageIds.length > 0) add(props, 'summary', [`Evidence passages: ${r.evidencePassageIds.join(', ')}`]);
  return { id: `casefile-${r.id}`, schema, properties: props };
}

/**
 * A table lookup by a name from an imported file: only own entries, since "__proto__", "constructor" or "toString"
 * would otherwise find Object.prototype's members (and crash the whole import on a method call).
 */
function own<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Validation of one FtM line against the embedded whitelist: the message says what is wrong, or null. */
export function ftmProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string' || v.id.length === 0) return 'missing "id"';
  if (typeof v.schema !== 'string' || v.schema.length === 0) return 'missing "schema"';
  if (typeof v.properties !== 'object' || v.properties === null || Array.isArray(v.properties)) return 'missing "properties" object';
  const allowed = own(FTM_PROPERTIES, v.schema);
  if (!allowed) return `schema "${v.schema}" is not one Casefile reads`;
  for (const [key, values] of Object.entries(v.properties as Record<string, unknown>)) {
    if (!allowed.includes(key)) return `"${key}" is not a property of ${v.schema}`;
    if (!Array.isArray(values) || values.some((x) => typeof x !== 'string')) return `"${key}" must be a list of strings`;
  }
  return null;
}

export function isEdgeSchema(schema: string): boolean {
  return own(EDGE_ENDS, schema) !== undefined;
}

export function edgeEnds(schema: string): { subject: string; object: string; roleProp: string } | null {
  const ends = own(EDGE_ENDS, schema);
  return ends ? { subject: ends.subject, object: ends.object, roleProp: ends.roleProp } : null;
}

/** The relationship kind an imported interval schema stands for. */
export function kindOfSchema(schema: string, role: string): RelationshipKind {
  const byRole = (['co-founder-of', 'client-of', 'met-with'] as const).find((k) => role.toLowerCase() === k.replace(/-/g, ' '));
  if (byRole) return byRole;
  const map: Record<string, RelationshipKind> = {
    Associate: 'associate',
    Family: 'family',
    Employment: 'employee-of',
    Directorship: 'director-of',
    Ownership: 'owner-of',
    Membership: 'member-of',
  };
  return own(map, schema) ?? 'other';
}

/** Casefile type for an imported FtM entity schema. */
export function typeOfSchema(schema: string, props: Record<string, string[]>): EntityType | null {
  switch (schema) {
    case 'Person':
    case 'Organization':
    case 'Company':
    case 'PublicBody':
    case 'Address':
    case 'Event':
      return schema;
    case 'UserAccount':
      return props.email ? 'Email' : 'Phone';
    case 'LegalEntity':
      return props.website && !props.phone ? 'Url' : 'Other';
    case 'BankAccount':
      return 'Other';
    default:
      return null;
  }
}
