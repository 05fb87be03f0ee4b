/**
 * The search query language, parsed the same way in main (to run it) and in the renderer (to highlight and to
 * explain). See SEARCH_HELP for the user's view.
 */
import { foldWords } from './fold';

export const FILTER_FIELDS = [
  'tag',
  'entity',
  'source',
  'lang',
  'type',
  'status',
  'by',
  'kind',
  'after',
  'before',
  'imported-after',
  'imported-before',
] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

/** Fields an item has several of (a source's tags): repeating them narrows (all must apply). Others widen (any). */
export const MULTI_VALUED_FIELDS: ReadonlySet<FilterField> = new Set(['tag', 'entity']);
export const DATE_FIELDS: ReadonlySet<FilterField> = new Set(['after', 'before', 'imported-after', 'imported-before']);

export interface FieldFilter {
  field: FilterField;
  /** As typed (quotes removed). For dates: normalised to YYYY-MM-DD (after: first day, before: last day). */
  value: string;
  negated: boolean;
}

/** A single word. `prefix`: typed with a trailing *, `exact`: typed in quotes (no stemming). */
export interface TermNode {
  type: 'term';
  word: string;
  prefix: boolean;
  exact: boolean;
}
/** Words that must appear in this order, next to each other. */
export interface PhraseNode {
  type: 'phrase';
  words: string[];
}
export interface AndNode {
  type: 'and';
  children: QueryNode[];
}
export interface OrNode {
  type: 'or';
  children: QueryNode[];
}
export interface NotNode {
  type: 'not';
  child: QueryNode;
}
export type QueryNode = TermNode | PhraseNode | AndNode | OrNode | NotNode;

export interface ParsedQuery {
  /** The text part; null when the query has only filters (or nothing). */
  text: QueryNode | null;
  filters: FieldFilter[];
  /** Things the parser repaired or ignored, in sentences for the user. */
  warnings: string[];
}

type Lexeme =
  | { t: 'word'; raw: string; negated: boolean }
  | { t: 'phrase'; raw: string; negated: boolean }
  | { t: 'filter'; field: FilterField; value: string; negated: boolean }
  | { t: 'or' }
  | { t: 'open'; negated: boolean }
  | { t: 'close' };

const FIELD_ALIASES: Record<string, FilterField> = {
  language: 'lang',
  researcher: 'by',
  from: 'after',
  since: 'after',
  until: 'before',
  imported: 'imported-after',
};

function fieldName(name: string): FilterField | null {
  const lower = name.toLowerCase();
  if ((FILTER_FIELDS as readonly string[]).includes(lower)) return lower as FilterField;
  return FIELD_ALIASES[lower] ?? null;
}

const DATE = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/;

/** Normalises a (partial) date: after:2021 means from 2021-01-01, before:2021-03 up to 2021-03-31. */
export function normaliseDateBound(value: string, end: boolean): string | null {
  const m = DATE.exec(value.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = m[2] === undefined ? (end ? 12 : 1) : Number(m[2]);
  if (month < 1 || month > 12) return null;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = m[3] === undefined ? (end ? lastDay : 1) : Number(m[3]);
  if (day < 1 || day > lastDay) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function isSpace(c: string): boolean {
  return /\s/u.test(c);
}

function lex(input: string, warnings: string[]): Lexeme[] {
  const out: Lexeme[] = [];
  const s = input.normalize('NFC').replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"');
  let i = 0;
  let pendingNot = false;
  const push = (lexeme: Lexeme): void => {
    if (pendingNot && 'negated' in lexeme) lexeme.negated = true;
    pendingNot = false;
    out.push(lexeme);
  };
  while (i < s.length) {
    const c = s[i] ?? '';
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '(') {
      push({ t: 'open', negated: false });
      i++;
      continue;
    }
    if (c === ')') {
      push({ t: 'close' });
      i++;
      continue;
    }
    let negated = false;
    if ((c === '-' || c === '!') && i + 1 < s.length && !isSpace(s[i + 1] ?? ' ')) {
      negated = true;
      i++;
      if (s[i] === '(') {
        push({ t: 'open', negated: true });
        i++;
        continue;
      }
    }
    if (s[i] === '"') {
      const close = s.indexOf('"', i + 1);
      if (close < 0) warnings.push('A quote was not closed; the rest of the query was read as one phrase.');
      const raw = s.slice(i + 1, close < 0 ? s.length : close);
      push({ t: 'phrase', raw, negated });
      i = close < 0 ? s.length : close + 1;
      continue;
    }
    // A bare word runs to the next space or parenthesis; field:value may quote its value.
    let j = i;
    while (j < s.length && !isSpace(s[j] ?? ' ') && s[j] !== '(' && s[j] !== ')' && s[j] !== '"') j++;
    const word = s.slice(i, j);
    const colon = word.indexOf(':');
    const field = colon > 0 ? fieldName(word.slice(0, colon)) : null;
    if (field) {
      let value = word.slice(colon + 1);
      if (value === '' && s[j] === '"') {
        const close = s.indexOf('"', j + 1);
        if (close < 0) warnings.push(`The quoted value of ${field}: was not closed.`);
        value = s.slice(j + 1, close < 0 ? s.length : close);
        j = close < 0 ? s.length : close + 1;
      }
      value = value.trim();
      if (value === '') warnings.push(`${field}: needs a value (e.g. ${field}:${exampleValue(field)}).`);
      else push({ t: 'filter', field, value, negated });
      i = j;
      continue;
    }
    if (!negated && (word === 'OR' || word === '|' || word === '||')) push({ t: 'or' });
    else if (!negated && (word === 'AND' || word === '&&')) {
      // Words are all required anyway.
    } else if (!negated && word === 'NOT') {
      // NOT x is -x.
      pendingNot = true;
    } else push({ t: 'word', raw: word, negated });
    i = j;
  }
  return out;
}

function exampleValue(field: FilterField): string {
  switch (field) {
    case 'after':
    case 'before':
    case 'imported-after':
    case 'imported-before':
      return '2021-01-01';
    case 'lang':
      return 'fr';
    case 'type':
      return 'pdf';
    case 'status':
      return 'verified';
    case 'kind':
      return 'passage';
    default:
      return '"…"';
  }
}

/** Turns typed words into nodes: a word that folds into several words ("l'État", "2021-01-01") is a phrase. */
function wordNode(raw: string, quoted: boolean): QueryNode | null {
  const prefix = !quoted && raw.endsWith('*');
  const words = foldWords(prefix ? raw.replace(/\*+$/, '') : raw);
  if (words.length === 0) return null;
  if (words.length === 1) return { type: 'term', word: words[0] ?? '', prefix, exact: quoted };
  if (prefix) {
    // "l'assoc*": the last word is the prefix, the others must precede it.
    const last = words[words.length - 1] ?? '';
    return { type: 'and', children: [{ type: 'phrase', words }, { type: 'term', word: last, prefix: true, exact: false }] };
  }
  return { type: 'phrase', words };
}

/**
 * Deepest parenthesis nesting honoured. The parser recurses once per level, so an unbounded depth lets a pasted
 * '((((…' overflow the stack; no real query needs more.
 */
export const MAX_QUERY_NESTING = 64;

class Parser {
  private at = 0;
  constructor(
    private readonly lexemes: Lexeme[],
    private readonly filters: FieldFilter[],
    private readonly warnings: string[],
  ) {}

  parseOr(depth: number): QueryNode | null {
    const alternatives: QueryNode[] = [];
    let current = this.parseAnd(depth);
    let sawOr = false;
    for (;;) {
      const next = this.lexemes[this.at];
      if (next?.t !== 'or') break;
      this.at++;
      sawOr = true;
      if (current) alternatives.push(current);
      current = this.parseAnd(depth);
    }
    if (current) alternatives.push(current);
    if (sawOr && alternatives.length < 2) this.warnings.push('OR needs something on both sides; it was ignored.');
    if (alternatives.length === 0) return null;
    return alternatives.length === 1 ? (alternatives[0] ?? null) : { type: 'or', children: alternatives };
  }

  private parseAnd(depth: number): QueryNode | null {
    const children: QueryNode[] = [];
    for (;;) {
      const lexeme = this.lexemes[this.at];
      if (!lexeme || lexeme.t === 'or') break;
      if (lexeme.t === 'close') {
        if (depth > 0) break;
        this.warnings.push('A closing parenthesis had no opening one; it was ignored.');
        this.at++;
        continue;
      }
      this.at++;
      let node: QueryNode | null = null;
      let negated = false;
      if (lexeme.t === 'filter') {
        if (depth > 0) this.warnings.push(`${lexeme.field}: applies to the whole search, not only inside parentheses.`);
        this.filters.push({ field: lexeme.field, value: lexeme.value, negated: lexeme.negated });
        continue;
      }
      if (lexeme.t === 'open' && depth >= MAX_QUERY_NESTING) {
        // Too deep: this parenthesis is dropped and its contents read at the current level.
        const warning = `Parentheses nested more than ${MAX_QUERY_NESTING} deep; the deeper ones were ignored.`;
        if (!this.warnings.includes(warning)) this.warnings.push(warning);
        continue;
      }
      if (lexeme.t === 'open') {
        negated = lexeme.negated;
        node = this.parseOr(depth + 1);
        if (this.lexemes[this.at]?.t === 'close') this.at++;
        else this.warnings.push('A parenthesis was not closed.');
      } else if (lexeme.t === 'word' || lexeme.t === 'phrase') {
        negated = lexeme.negated;
        node = wordNode(lexeme.raw, lexeme.t === 'phrase');
      }
      if (!node) continue;
      children.push(negated ? { type: 'not', child: node } : node);
    }
    if (children.length === 0) return null;
    return children.length === 1 ? (children[0] ?? null) : { type: 'and', children };
  }
}

function flatten(node: QueryNode): QueryNode {
  if (node.type === 'and' || node.type === 'or') {
    const children: QueryNode[] = [];
    for (const child of node.children.map(flatten)) {
      if (child.type === node.type) children.push(...child.children);
      else children.push(child);
    }
    return { type: node.type, children };
  }
  if (node.type === 'not') {
    const child = flatten(node.child);
    return child.type === 'not' ? child.child : { type: 'not', child };
  }
  return node;
}

export function parseQuery(input: string): ParsedQuery {
  const warnings: string[] = [];
  const filters: FieldFilter[] = [];
  const lexemes = lex(input, warnings);
  const parser = new Parser(lexemes, filters, warnings);
  const text = parser.parseOr(0);
  const valid: FieldFilter[] = [];
  for (const filter of filters) {
    if (DATE_FIELDS.has(filter.field)) {
      const normalised = normaliseDateBound(filter.value, filter.field.endsWith('before'));
      if (!normalised) {
        warnings.push(`${filter.field}:${filter.value} is not a date; write it as YYYY, YYYY-MM or YYYY-MM-DD.`);
        continue;
      }
      filter.value = normalised;
    }
    valid.push(filter);
  }
  return { text: text ? flatten(text) : null, filters: valid, warnings };
}

/** Whether a node can match anything on its own (a query made only of exclusions needs a starting set). */
export function hasPositive(node: QueryNode): boolean {
  switch (node.type) {
    case 'term':
    case 'phrase':
      return true;
    case 'not':
      return false;
    case 'and':
      return node.children.some(hasPositive);
    case 'or':
      return node.children.every(hasPositive);
  }
}

/** Words and phrases that are looked for (not excluded), for highlighting: each is a list of folded words. */
export function positiveLeaves(node: QueryNode | null): (TermNode | PhraseNode)[] {
  if (!node) return [];
  switch (node.type) {
    case 'term':
    case 'phrase':
      return [node];
    case 'not':
      return [];
    case 'and':
    case 'or':
      return node.children.flatMap(positiveLeaves);
  }
}

/** Quotes a filter value when it needs it, so a UI can build `tag:"Money laundering"`. */
export function filterToken(field: FilterField, value: string, negated = false): string {
  const needsQuotes = /[\s"()]/.test(value) || value === '';
  return `${negated ? '-' : ''}${field}:${needsQuotes ? `"${value.replace(/"/g, '')}"` : value}`;
}

/** Shown by the search UI and by `npm run cli -- help search`. */
export const SEARCH_HELP = `Search syntax
  bribery minister        both words, anywhere in the same item (every word must match)
  "bags of cash"          the exact phrase: these words, in this order, next to each other
  bribery OR corruption   either word; group with parentheses: (bribery OR corruption) minister
  -offshore               leave out items containing the word (also -"a phrase", NOT offshore)
  corrupt*                words starting with "corrupt" (corruption, corrupted, …)

Matching ignores case, accents and ligatures (securite finds sécurité, coeur finds cœur, strasse finds
Straße), Arabic diacritics and tatweel, and Hebrew niqqud. Plural and feminine forms match each other
(company/companies, société/sociétés, journal/journaux, président/présidente) and the Arabic article is
optional (الشركة finds شركة). Words in quotes match as written, without these word forms.

Filters (combine freely; values with spaces go in quotes):
  tag:Bribery             passages with the tag (or a tag below it), and the sources holding them
  entity:"NSO Group"      the entity (by name, alias or id), passages linked to it, sources that mention it
  source:<id or title>    only this source and its passages
  lang:fr   type:pdf      language code of the source, file type (txt md html pdf docx eml csv)
  status:verified         passages with that status (to-verify, verified, disputed; "none" for no status)
  by:<researcher>         imported by (sources) or created by (passages) that researcher
  kind:passage            only sources, passages or entities
  after:2021-01-01   before:2021-12-31               the source's own date (inclusive; YYYY or YYYY-MM work)
  imported-after:2024-05   imported-before:2024-06   the date the source was imported
  Put - before a filter to exclude (-lang:en). Repeated tag: or entity: filters must all apply;
  other repeated filters mean any of them (lang:fr lang:en). A source counts as mentioning an entity when its
  title or text has the entity's name or one of its aliases (whole words, ignoring case and accents) or when one
  of its passages is linked to the entity.`;
