import type { EntityType } from '../../../shared/domain/entity';
import { ENTITY_TYPES } from '../../../shared/domain/entity';

export const TYPE_LABELS: Record<EntityType, string> = {
  Person: 'Person',
  Organization: 'Organization',
  Company: 'Company',
  PublicBody: 'Public body',
  Address: 'Address',
  Place: 'Place',
  Country: 'Country',
  Phone: 'Phone',
  Email: 'Email',
  Url: 'Web address',
  Event: 'Event',
  Other: 'Other',
};

export const TYPE_PLURALS: Record<EntityType, string> = {
  Person: 'People',
  Organization: 'Organizations',
  Company: 'Companies',
  PublicBody: 'Public bodies',
  Address: 'Addresses',
  Place: 'Places',
  Country: 'Countries',
  Phone: 'Phones',
  Email: 'Emails',
  Url: 'Web addresses',
  Event: 'Events',
  Other: 'Other',
};

/**
 * One hue per type, shared by icons, chips and graph nodes. Mid-tone values read on both the warm paper and the
 * charcoal background, so the graph needs no second palette.
 */
export const TYPE_COLORS: Record<EntityType, string> = {
  Person: '#3f6fd8',
  Organization: '#8a4fc7',
  Company: '#c2570c',
  PublicBody: '#0f8a7e',
  Address: '#7c7468',
  Place: '#2f8f3a',
  Country: '#4d7f2a',
  Phone: '#b8356b',
  Email: '#a83fa0',
  Url: '#2a86b0',
  Event: '#c2861a',
  Other: '#6f6a62',
};

export { ENTITY_TYPES };

/** Properties offered first per type (FtM names); any other FtM-style name can be typed. */
export const SUGGESTED_PROPERTIES: Record<EntityType, readonly string[]> = {
  Person: ['nationality', 'position', 'birthDate', 'deathDate', 'email', 'phone', 'address'],
  Organization: ['country', 'registrationNumber', 'incorporationDate', 'website', 'address'],
  Company: ['country', 'registrationNumber', 'incorporationDate', 'dissolutionDate', 'website', 'address'],
  PublicBody: ['country', 'jurisdiction', 'website', 'address'],
  Address: ['city', 'region', 'country', 'postalCode'],
  Place: ['city', 'region', 'country'],
  Country: ['country'],
  Phone: ['number', 'country'],
  Email: ['email'],
  Url: ['website'],
  Event: ['date', 'startDate', 'endDate', 'location'],
  Other: ['country', 'date'],
};

export const PROPERTY_LABELS: Record<string, string> = {
  nationality: 'Nationality',
  position: 'Role / position',
  birthDate: 'Born',
  deathDate: 'Died',
  email: 'Email',
  phone: 'Phone',
  address: 'Address',
  country: 'Country',
  registrationNumber: 'Registration no.',
  incorporationDate: 'Incorporated',
  dissolutionDate: 'Dissolved',
  website: 'Website',
  jurisdiction: 'Jurisdiction',
  city: 'City',
  region: 'Region',
  postalCode: 'Postal code',
  number: 'Number',
  date: 'Date',
  startDate: 'From',
  endDate: 'Until',
  location: 'Location',
};

export const propertyLabel = (key: string): string => PROPERTY_LABELS[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

/** A first guess for "create in place", so Enter twice does the common thing; the researcher can pick another. */
export function guessType(name: string): EntityType {
  const text = name.trim();
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) return 'Email';
  if (/^(https?:\/\/|www\.)/i.test(text) || /^[a-z0-9-]+(\.[a-z0-9-]+)+\/?$/i.test(text)) return 'Url';
  if (/^\+?[\d\s().-]{7,}$/.test(text)) return 'Phone';
  if (/\b(inc|ltd|llc|gmbh|s\.?a\.?s?|plc|corp|corporation|company|group|holdings?|technologies|sarl|ag|bv)\.?$/i.test(text)) return 'Company';
  if (/\b(ministry|minist[eè]re|department|agency|police|court|tribunal|parliament|government|commission|authority|council)\b/i.test(text))
    return 'PublicBody';
  if (/\b(foundation|association|consortium|union|party|ngo|project|institute|university)\b/i.test(text)) return 'Organization';
  return 'Person';
}

const PATHS: Record<EntityType, string> = {
  Person: 'M8 8.2a2.7 2.7 0 1 0 0-5.4 2.7 2.7 0 0 0 0 5.4ZM3 14c.4-2.7 2.4-4.3 5-4.3s4.6 1.6 5 4.3',
  Organization: 'M3 14V4.5L8 2l5 2.5V14M3 14h10M6 7h.01M10 7h.01M6 10h.01M10 10h.01M7 14v-2h2v2',
  Company: 'M2.5 5.5h11v8h-11zM6 5.5V3.8c0-.5.4-.8.8-.8h2.4c.4 0 .8.3.8.8v1.7M2.5 9h11',
  PublicBody: 'M2.5 6 8 2.8 13.5 6M3.5 6.5v5.5M6.5 6.5v5.5M9.5 6.5v5.5M12.5 6.5v5.5M2 13.5h12',
  Address: 'M2.8 7.5 8 3l5.2 4.5M4.3 6.5V13h7.4V6.5M6.8 13v-3h2.4v3',
  Place: 'M8 14s4.2-4.1 4.2-7.3A4.2 4.2 0 0 0 3.8 6.7C3.8 9.9 8 14 8 14ZM8 8.2a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3Z',
  Country: 'M8 14A6 6 0 1 0 8 2a6 6 0 0 0 0 12ZM2 8h12M8 2c1.6 1.7 2.4 3.7 2.4 6S9.6 12.3 8 14M8 2C6.4 3.7 5.6 5.7 5.6 8s.8 4.3 2.4 6',
  Phone: 'M5.2 2.5h5.6c.4 0 .7.3.7.7v9.6c0 .4-.3.7-.7.7H5.2a.7.7 0 0 1-.7-.7V3.2c0-.4.3-.7.7-.7ZM7.2 11.5h1.6',
  Email: 'M2.5 4h11v8h-11zM2.8 4.3 8 8.5l5.2-4.2',
  Url: 'M6.8 9.2a2.6 2.6 0 0 0 3.7 0l2-2a2.6 2.6 0 0 0-3.7-3.7l-.6.6M9.2 6.8a2.6 2.6 0 0 0-3.7 0l-2 2a2.6 2.6 0 0 0 3.7 3.7l.6-.6',
  Event: 'M3 4h10v9.5H3zM3 7h10M5.5 2.5v3M10.5 2.5v3',
  Other: 'M8 13A5 5 0 1 0 8 3a5 5 0 0 0 0 10ZM8 8h.01',
};

/** The type's glyph in its colour; labelled for screen readers unless `decorative`. */
export function TypeIcon({ type, size = 14, decorative = false }: { type: EntityType; size?: number; decorative?: boolean }) {
  return (
    <svg
      className="entity-type-icon"
      viewBox="0 0 16 16"
      width={size}
      height={size}
      role={decorative ? undefined : 'img'}
      aria-hidden={decorative ? true : undefined}
      aria-label={decorative ? undefined : TYPE_LABELS[type]}
      style={{ color: TYPE_COLORS[type] }}
    >
      <path d={PATHS[type]} fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
