/**
 * Folding for mention matching: case-, accent- and ligature-insensitive ("Société" ~ "societe", "cœur" ~ "coeur"),
 * with Hebrew points and Arabic harakat/tatweel dropped, whitespace runs collapsed and typographic apostrophes
 * unified. Folded text is a Uint16Array (the matcher runs over code units, not strings, for speed) plus a map from
 * each folded unit back to the code point offset of the original NFC character it came from.
 */

/** Marks a code unit that folds to nothing (combining marks, tatweel, soft hyphen, joiners, bidi controls). */
const DROP = 0xffff;
/** Marks a code unit that folds to several units (ligatures); the expansion is in EXPANSIONS. */
const EXPAND = 0xfffe;

const SPECIAL: Record<string, string> = {
  'œ': 'oe',
  'Œ': 'oe',
  'æ': 'ae',
  'Æ': 'ae',
  'ß': 'ss',
  'ẞ': 'ss',
  'ø': 'o',
  'Ø': 'o',
  'đ': 'd',
  'Đ': 'd',
  'ł': 'l',
  'Ł': 'l',
  'ı': 'i',
  'ħ': 'h',
  'þ': 'th',
  '’': "'",
  '‘': "'",
  'ʼ': "'",
  '`': "'",
  '´': "'",
  '‐': '-',
  '‑': '-',
  '–': '-',
  '—': '-',
  // Arabic letter variants that writers use interchangeably in names.
  'ى': 'ي',
  'ة': 'ه',
  'ٱ': 'ا',
};

/** Fold of each BMP code unit, computed on first sight (0 = not yet): most texts use a few hundred distinct units. */
const foldTable = new Uint16Array(0x10000);
const EXPANSIONS = new Map<number, Uint16Array>();
/** 0 = not yet known, 1 = not a word unit, 2 = letter or digit. */
const wordTable = new Uint8Array(0x10000);
const MARKS = /\p{M}/gu;
const IS_WORD = /[\p{L}\p{N}]/u;
const IS_SPACE = /\s/u;
const IS_MARK = /^\p{M}$/u;
const IS_DROPPED = /[\u00AD\u0640\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u;
const SPACE = 0x20;

function computeFold(c: number): number {
  let f: number;
  if (c >= 0xd800 && c <= 0xdfff) f = c;
  else {
    const ch = String.fromCharCode(c);
    if (IS_SPACE.test(ch)) f = SPACE;
    else if (IS_DROPPED.test(ch) || IS_MARK.test(ch)) f = DROP;
    else {
      const special = SPECIAL[ch];
      let folded = special ?? ch.toLowerCase().normalize('NFKD').replace(MARKS, '');
      // NFKD may expose letters that need the special map too (e.g. "ǽ" → "æ" + mark).
      if (special === undefined && folded.length > 1) folded = [...folded].map((x) => SPECIAL[x] ?? x).join('').toLowerCase();
      if (folded.length === 0) f = DROP;
      else if (folded.length === 1) f = folded.charCodeAt(0);
      else {
        f = EXPAND;
        EXPANSIONS.set(c, Uint16Array.from(folded, (x) => x.charCodeAt(0)));
      }
    }
  }
  foldTable[c] = f;
  return f;
}

/** Whether a (folded) code unit is part of a word: a letter or digit, or half of an astral character. */
export function isWordUnit(unit: number): boolean {
  let w = wordTable[unit] as number;
  if (w === 0) {
    w = (unit >= 0xd800 && unit <= 0xdfff) || IS_WORD.test(String.fromCharCode(unit)) ? 2 : 1;
    wordTable[unit] = w;
  }
  return w === 2;
}

export interface FoldedText {
  units: Uint16Array;
  /** Code point offset (in the original) of each folded unit; null when it is the identity (the common case). */
  map: Int32Array | null;
  /** Code points in the original text. */
  cpLength: number;
}

/** Folds NFC text. O(n), one pass, no intermediate strings. */
export function foldText(text: string): FoldedText {
  const n = text.length;
  // Expansions (œ → oe) are rare; grow only if a text is full of them.
  let units = new Uint16Array(n + (n >> 4) + 8);
  let map = new Int32Array(units.length);
  let out = 0;
  let cp = 0;
  let identity = true;
  let lastSpace = true;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (out + 8 >= units.length) {
      const bigger = new Uint16Array(units.length * 2);
      bigger.set(units);
      units = bigger;
      const biggerMap = new Int32Array(bigger.length);
      biggerMap.set(map);
      map = biggerMap;
    }
    let f = foldTable[c] as number;
    if (f === 0) f = computeFold(c);
    if (f < EXPAND && f !== SPACE) {
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          // An astral character: both units pass through, mapped to its one code point.
          units[out] = c;
          map[out++] = cp;
          units[out] = d;
          map[out++] = cp;
          identity = false;
          i++;
          cp++;
          lastSpace = false;
          continue;
        }
      }
      if (out !== cp) identity = false;
      units[out] = f;
      map[out++] = cp;
      lastSpace = false;
    } else if (f === SPACE) {
      if (lastSpace && out > 0) identity = false;
      else {
        if (out !== cp) identity = false;
        units[out] = SPACE;
        map[out++] = cp;
      }
      lastSpace = true;
    } else if (f === DROP) {
      identity = false;
    } else {
      const exp = EXPANSIONS.get(c);
      if (exp) {
        for (const e of exp) {
          units[out] = e;
          map[out++] = cp;
        }
      }
      identity = false;
      lastSpace = false;
    }
    cp++;
  }
  if (out !== cp) identity = false;
  return { units: units.slice(0, out), map: identity ? null : map.slice(0, out), cpLength: cp };
}

/** Folds a name for matching and keys: the same folding as the text, trimmed, as a string. */
export function foldKey(name: string): string {
  const folded = foldText(name.normalize('NFC'));
  let s = '';
  for (let i = 0; i < folded.units.length; i += 4096) s += String.fromCharCode(...folded.units.subarray(i, i + 4096));
  return s.trim();
}
