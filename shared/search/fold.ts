/**
 * Search folding: one function turns text into the form that is indexed and matched, so that "Sécurité", "securite"
 * and "SECURITE" meet, as do "cœur"/"coeur", "Straße"/"strasse", "ﬁnance"/"finance", Arabic with or without
 * harakat and tatweel, and Hebrew with or without niqqud.
 *
 * Folding works code point by code point (it never looks at neighbours), so a folded text can be mapped back to
 * the original's code point offsets exactly; that is how highlights land on the reader's text.
 */

/** Bump when folding or tokenising changes: stored indexes built with another version are rebuilt. */
export const FOLD_VERSION = 1;

/** Separates fields (title / text, quote / note) in a folded document; never part of a word, never crossed by a phrase. */
export const FIELD_SEPARATOR = '\u2029';

/** Letters with no Unicode decomposition that readers still treat as two letters or a plain one. */
const SPECIAL: Record<string, string> = {
  œ: 'oe',
  æ: 'ae',
  ß: 'ss',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  ς: 'σ',
  // Typographic apostrophes and quotes fold to ASCII so "l’État" and "l'Etat" tokenise the same way.
  '\u2018': "'",
  '\u2019': "'",
  '\u02bc': "'",
  '\u201c': '"',
  '\u201d': '"',
  // Arabic: alef maksura reads as yeh and teh marbuta as heh in search (as Lucene's Arabic normaliser does).
  '\u0649': '\u064a',
  '\u0629': '\u0647',
};

/** Marks (accents, niqqud, harakat), format controls (bidi marks, ZWJ), tatweel and Hebrew geresh/gershayim vanish. */
const DROP = /[\p{Mn}\p{Me}\p{Cf}\u0640\u05f3\u05f4]/gu;
const WORD = /[\p{L}\p{N}\p{Mc}]/u;

const cache = new Map<number, string>();

function computeFold(cp: number): string {
  // Astral symbols (emoji) become a space: the tokeniser treats surrogate halves as letters, so only astral
  // letters (rare CJK, historic scripts) may stay.
  if (cp > 0xffff && !WORD.test(String.fromCodePoint(cp))) return ' ';
  let s = String.fromCodePoint(cp).toLowerCase();
  s = [...s].map((c) => SPECIAL[c] ?? c).join('');
  s = s.normalize('NFKD').replace(DROP, '').toLowerCase();
  // NFKD can expose letters that have their own special folding (e.g. a compatibility form of œ).
  s = [...s].map((c) => SPECIAL[c] ?? c).join('');
  return s;
}

/** The folded form of one code point (possibly empty, possibly several characters). */
export function foldCodePoint(cp: number): string {
  let folded = cache.get(cp);
  if (folded === undefined) {
    folded = computeFold(cp);
    cache.set(cp, folded);
  }
  return folded;
}

/** Folds a whole text (no offset map); the form the index stores. */
export function fold(text: string): string {
  let out = '';
  let plainFrom = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      if (unit >= 65 && unit <= 90) {
        out += text.slice(plainFrom, i) + String.fromCharCode(unit + 32);
        plainFrom = i + 1;
      }
      continue;
    }
    const cp = text.codePointAt(i) ?? unit;
    const width = cp > 0xffff ? 2 : 1;
    out += text.slice(plainFrom, i) + foldCodePoint(cp);
    i += width - 1;
    plainFrom = i + 1;
  }
  return out + text.slice(plainFrom);
}

export interface FoldedText {
  folded: string;
  /**
   * For each UTF-16 unit of `folded`, the code point offset in the original text it came from; one extra entry at
   * the end holds the original's length in code points.
   */
  toOriginal: Int32Array;
}

/** Folds and keeps the way back to the original's code point offsets (for the few texts shown as results). */
export function foldWithMap(text: string): FoldedText {
  const parts: string[] = [];
  const map: number[] = [];
  let cpIndex = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    let piece: string;
    if (unit < 0x80) {
      piece = unit >= 65 && unit <= 90 ? String.fromCharCode(unit + 32) : text[i] ?? '';
    } else {
      const cp = text.codePointAt(i) ?? unit;
      if (cp > 0xffff) i++;
      piece = foldCodePoint(cp);
    }
    parts.push(piece);
    for (let k = 0; k < piece.length; k++) map.push(cpIndex);
    cpIndex++;
  }
  map.push(cpIndex);
  return { folded: parts.join(''), toOriginal: Int32Array.from(map) };
}

/** Original code point range of folded [start, end): end maps to just after the last contributing code point. */
export function originalRange(map: Int32Array, start: number, end: number): { start: number; end: number } {
  const from = map[start] ?? map[map.length - 1] ?? 0;
  const last = end > start ? (map[end - 1] ?? from) : from;
  return { start: from, end: end > start ? last + 1 : from };
}

const wordTable = new Int8Array(0x10000).fill(-1);

/** Whether a (folded) code unit or code point belongs to a word: letters, digits and spacing marks of any script. */
export function isWordCode(code: number): boolean {
  if (code < 0x80) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
  if (code > 0xffff) return WORD.test(String.fromCodePoint(code));
  // In folded text surrogate halves only come from astral letters (fold turns astral symbols into spaces).
  if (code >= 0xd800 && code <= 0xdfff) return true;
  let known = wordTable[code] ?? -1;
  if (known < 0) {
    known = WORD.test(String.fromCharCode(code)) ? 1 : 0;
    wordTable[code] = known;
  }
  return known === 1;
}

export interface Token {
  text: string;
  /** UTF-16 offsets in the folded text. */
  start: number;
  end: number;
}

/** Words of a folded text: maximal runs of word characters (so any script, not just Latin). */
export function tokenize(folded: string): Token[] {
  const tokens: Token[] = [];
  let start = -1;
  for (let i = 0; i <= folded.length; i++) {
    const word = i < folded.length && isWordCode(folded.charCodeAt(i));
    if (word) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      tokens.push({ text: folded.slice(start, i), start, end: i });
      start = -1;
    }
  }
  return tokens;
}

/** Distinct words of a folded text in order of first appearance (what the engine indexes). */
export function distinctWords(folded: string): string[] {
  const seen = new Set<string>();
  let start = -1;
  for (let i = 0; i <= folded.length; i++) {
    const word = i < folded.length && isWordCode(folded.charCodeAt(i));
    if (word) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      seen.add(folded.slice(start, i));
      start = -1;
    }
  }
  return [...seen];
}

/** Folds and splits a piece of query text into words. */
export function foldWords(text: string): string[] {
  return tokenize(fold(text.normalize('NFC'))).map((t) => t.text);
}
