import type { DossierRecord } from '../../../shared/domain/dossier';
import type { Vault } from '../vault/api';
import { entityById } from './case-data';

export type Redactor = (text: string) => string;

const identity: Redactor = (text) => text;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One pass over each string replaces every protected name (entity name, aliases, extra terms) with its label,
 * case-insensitively and also inside longer words ("Miller's"), because under-redacting a protected source is the
 * failure that matters; longer names go first so "Gary Miller" wins over "Miller".
 */
export function buildRedactor(vault: Vault, dossier: DossierRecord, enabled: boolean): { redact: Redactor; labels: string[] } {
  if (!enabled || dossier.redactions.length === 0) return { redact: identity, labels: [] };
  const labelOf = new Map<string, string>();
  for (const r of dossier.redactions) {
    const entity = r.entityId ? entityById(vault, r.entityId) : undefined;
    const names = [...(entity ? [entity.name, ...entity.aliases] : []), ...r.terms];
    for (const name of names) {
      const key = name.normalize('NFC').replace(/\s+/g, ' ').trim();
      if (key.length > 0 && !labelOf.has(key.toLocaleLowerCase())) labelOf.set(key.toLocaleLowerCase(), r.label);
    }
  }
  const keys = [...labelOf.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b));
  if (keys.length === 0) return { redact: identity, labels: [...new Set(dossier.redactions.map((r) => r.label))] };
  // Whitespace inside a name may be any run of spaces or a line break in the source text.
  const pattern = new RegExp(keys.map((k) => k.split(' ').map(escapeRegExp).join('\\s+')).join('|'), 'giu');
  const redact: Redactor = (text) =>
    text.normalize('NFC').replace(pattern, (match) => labelOf.get(match.replace(/\s+/g, ' ').toLocaleLowerCase()) ?? labelOf.get(firstKeyMatching(keys, match)) ?? '[redacted]');
  return { redact, labels: [...new Set(dossier.redactions.map((r) => r.label))] };
}

/** toLocaleLowerCase can differ from the regex's case folding (e.g. final sigma); fall back to a folding compare. */
function firstKeyMatching(keys: string[], match: string): string {
  const flat = match.replace(/\s+/g, ' ');
  return keys.find((k) => k.localeCompare(flat, undefined, { sensitivity: 'accent' }) === 0) ?? '';
}
