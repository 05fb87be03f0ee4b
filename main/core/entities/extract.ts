import nlp from 'compromise';
import frNlp from './fr-nlp';
import type { CountryCode } from 'libphonenumber-js';
import type { EntityType } from '../../../shared/domain/entity';
import { findPatterns } from './patterns';

/** A candidate entity read from one source; counting and positions are done afterwards by the name matcher. */
export interface Candidate {
  type: EntityType;
  name: string;
  origin: 'pattern' | 'nlp';
  value: string | null;
}

const TITLES = /^(?:democrat|republican|mr|mrs|ms|dr|prof|sir|rep|sen|gen|president|congressman|congresswoman|senator|minister|judge|m|mme|mlle|me|président|ministre|juge|maître)\.?\s+/i;
const ORG_WORDS = /\b(?:group|groupe|lab|labs|inc|ltd|llc|corp|corporation|company|partners|international|project|university|université|institute|institut|foundation|fondation|association|bank|banque|agency|agence|department|département|ministry|ministère|commission|council|conseil|bureau|government|gouvernement|court|tribunal|parliament|parlement|police|post|times|journal|news|guardian|stories|wire|press|media|médias|network|holdings|sa|sas|sarl|gmbh|ag|plc|bv|nv)$/i;
const PUBLIC_WORDS = /\b(?:department|département|ministry|ministère|commission|council|conseil|bureau|government|gouvernement|court|tribunal|parliament|parlement|police|agency|agence)\b/i;
const COMPANY_WORDS = /\b(?:inc|ltd|llc|corp|corporation|company|holdings|sa|sas|sarl|gmbh|ag|plc|bv|nv)$/i;
/** Capitalised words that are never entities on their own (sentence openers, weekdays, pronouns, headline words). */
const STOP = new Set(
  (
    'the a an in on at of for and or but if any this that these those it its he she they we you i his her their our my ' +
    'mr mrs ms dr monday tuesday wednesday thursday friday saturday sunday january february march april may june july august ' +
    'september october november december le la les un une des du de et ou mais il elle ils elles nous vous je ce cette ces son sa ses ' +
    'leur lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août septembre octobre ' +
    'novembre décembre selon après avant pendant lorsque comme c est etant étant pareille cela old stay how what when where why who ' +
    'not no yes also however according last first new israeli american french british saudi indian mexican president ' +
    'department justice group project post investigation securities appeal click'
  ).split(' '),
);

const LANG_COUNTRY: Record<string, CountryCode> = { fr: 'FR', de: 'DE', es: 'ES', it: 'IT', he: 'IL', ar: 'AE' };

function clean(raw: string): string {
  let s = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  s = s.replace(/^[\s"“”‘’'«»([—–-]+|[\s"“”‘’'«»)\].,;:!?—–-]+$/gu, '');
  s = s.replace(/[’']s$/u, '').replace(/[’']$/u, '');
  let prev = '';
  while (prev !== s) {
    prev = s;
    s = s.replace(TITLES, '');
  }
  return s.trim();
}

/** Obvious noise: too long (a headline), lower-case, a stop word, a lone capitalised common word. */
function plausible(name: string): boolean {
  if (name.length < 2 || name.length > 80) return false;
  const words = name.split(' ');
  if (words.length > 5) return false;
  // "Pakistan’s Imran Khan": a possessive inside means two things glued together.
  if (/[’']s\s/u.test(name)) return false;
  if (!/^[\p{Lu}\p{Lo}\d]/u.test(name)) return false;
  if (words.every((w) => STOP.has(w.toLowerCase()))) return false;
  if (words.length === 1 && STOP.has(name.toLowerCase())) return false;
  return true;
}

/** A capitalised word at the start of a sentence tells nothing: keep single words only when also seen mid-sentence. */
function seenMidSentence(text: string, word: string): boolean {
  const re = new RegExp(`[\\p{Ll},;:]\\s+${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'u');
  return re.test(text);
}

function guessType(name: string, hint: 'person' | 'org' | 'place' | null): EntityType {
  if (COMPANY_WORDS.test(name)) return 'Company';
  if (PUBLIC_WORDS.test(name)) return 'PublicBody';
  if (ORG_WORDS.test(name)) return 'Organization';
  if (hint === 'person') return 'Person';
  if (hint === 'org') return 'Organization';
  if (hint === 'place') return 'Place';
  if (/^[\p{Lu}\d]{2,6}$/u.test(name)) return 'Organization';
  const words = name.split(' ');
  // Two or three capitalised words that are none of the above read as a person's name far more often than not.
  if (words.length >= 2 && words.length <= 3 && words.every((w) => /^\p{Lu}\p{Ll}+$/u.test(w))) return 'Person';
  return 'Other';
}

interface Doc {
  people(): { out(kind: 'array'): string[] };
  organizations(): { out(kind: 'array'): string[] };
  places(): { out(kind: 'array'): string[] };
  match(pattern: string): { out(kind: 'array'): string[] };
}

/** Offline extraction over one source's text: patterns, then people/organisations/places by NLP, then proper-noun runs. */
export function extractCandidates(text: string, language: string | null): Candidate[] {
  const out: Candidate[] = [];
  for (const p of findPatterns(text, language ? LANG_COUNTRY[language] : undefined)) {
    const type: EntityType = p.kind === 'Iban' ? 'Other' : p.kind === 'Date' ? 'Event' : p.kind;
    out.push({ type, name: p.kind === 'Date' ? p.text : p.kind === 'Iban' ? p.value : p.text, origin: 'pattern', value: p.value });
  }
  const french = language === 'fr';
  const doc = (french ? frNlp(text) : nlp(text)) as unknown as Doc;
  const typed = new Map<string, 'person' | 'org' | 'place'>();
  const add = (list: string[], hint: 'person' | 'org' | 'place'): void => {
    for (const raw of list) {
      const name = clean(raw);
      if (plausible(name) && !typed.has(name)) typed.set(name, hint);
    }
  };
  add(doc.people().out('array'), 'person');
  add(doc.organizations().out('array'), 'org');
  add(doc.places().out('array'), 'place');
  const runs = new Set<string>();
  for (const raw of doc.match('#ProperNoun+').out('array')) {
    // A run can swallow "Washington Post, Congressman Lieu": split at punctuation first.
    for (const part of raw.split(/[,;:–—]|\s-\s/u)) {
      const name = clean(part);
      if (plausible(name)) runs.add(name);
    }
  }
  for (const name of new Set([...typed.keys(), ...runs])) {
    const words = name.split(' ');
    if (words.length === 1 && !/^[\p{Lu}\d]{2,6}$/u.test(name) && !seenMidSentence(text, name)) continue;
    if (words.length > 1 && STOP.has((words[0] ?? '').toLowerCase())) continue;
    out.push({ type: guessType(name, typed.get(name) ?? null), name, origin: 'nlp', value: null });
  }
  return out;
}
