/**
 * Hebrew and Arabic in PDFs. A PDF stores glyphs in the order they are painted (visual, left to right), while
 * Casefile's text must be in logical (reading) order so that quotes and searches match. pdf.js reorders each
 * text item on its own, with its own guess of the direction, so lines made of several items (one per word, as
 * many producers write) or mixed English/Hebrew lines come out scrambled. These helpers undo pdf.js's per-item
 * reordering and redo it once per line; `reorder` is its own inverse, which is what makes the undo possible.
 */

type Cls = 'R' | 'L' | 'D' | 'N';

function cls(c: number): Cls {
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x660 && c <= 0x669) || (c >= 0x6f0 && c <= 0x6f9)) return 'D';
  if ((c >= 0x590 && c <= 0x8ff) || (c >= 0xfb1d && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfefe)) return 'R';
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return 'L';
  if (c < 0xc0) return 'N';
  // Other letters (accented Latin, Greek, Cyrillic, CJK) are strong left-to-right.
  return /\p{L}/u.test(String.fromCharCode(c)) ? 'L' : 'N';
}

/** Same test pdf.js applies to pick an item's direction, needed to undo exactly what it did. */
export function pdfjsIsRtl(s: string): boolean {
  let bidi = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (cls(c) === 'R' || (c >= 0x660 && c <= 0x669)) bidi++;
  }
  if (bidi === 0) return false;
  return !(bidi / s.length < 0.3 && s.length > 4);
}

/** A line reads right-to-left when it has more Hebrew/Arabic letters than left-to-right ones. */
export function lineIsRtl(s: string): boolean {
  let r = 0;
  let l = 0;
  for (let i = 0; i < s.length; i++) {
    const k = cls(s.charCodeAt(i));
    if (k === 'R') r++;
    else if (k === 'L') l++;
  }
  return r > l;
}

export function hasRtl(s: string): boolean {
  return /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]/.test(s);
}

/**
 * Visual ↔ logical for one line (an involution). Left-to-right base: each right-to-left stretch (from a Hebrew or
 * Arabic letter to the last one before the next Latin letter) is reversed, digit groups inside it kept as they
 * are. Right-to-left base: the whole line is reversed, Latin stretches and digit groups kept as they are.
 */
const MIRROR: Record<string, string> = { '(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<', '«': '»', '»': '«', '‹': '›', '›': '‹' };
const mirrorChar = (c: string): string => MIRROR[c] ?? c;

/**
 * `mirror`: swap brackets that sit in right-to-left stretches. A renderer paints "(" in Hebrew as the glyph ")",
 * so visual→logical needs it; pdf.js's per-item reordering does not do it, so undoing pdf.js must not.
 */
export function reorder(s: string, rtlBase: boolean, mirror = false): string {
  if (!hasRtl(s)) return s;
  const chars = Array.from(s);
  const classes = chars.map((ch) => cls(ch.codePointAt(0) ?? 0));
  const units = (from: number, to: number, keep: (k: Cls) => boolean, inner: (k: Cls) => boolean): string[] => {
    // Groups [from, to) into units that are kept in order (maximal stretches starting and ending with a `keep`
    // class and containing only `inner` classes), and single characters otherwise.
    const out: string[] = [];
    let i = from;
    while (i < to) {
      if (keep(classes[i] as Cls)) {
        let end = i;
        let j = i + 1;
        while (j < to && inner(classes[j] as Cls)) {
          if (keep(classes[j] as Cls)) end = j;
          j++;
        }
        out.push(chars.slice(i, end + 1).join(''));
        i = end + 1;
      } else {
        out.push(chars[i] as string);
        i++;
      }
    }
    return out;
  };
  const single = (u: string): string => (mirror && u.length === 1 ? mirrorChar(u) : u);
  if (rtlBase) {
    return units(0, chars.length, (k) => k === 'L' || k === 'D', (k) => k !== 'R')
      .reverse()
      .map(single)
      .join('');
  }
  let out = '';
  let i = 0;
  while (i < chars.length) {
    if (classes[i] !== 'R') {
      out += chars[i];
      i++;
      continue;
    }
    let end = i;
    let j = i + 1;
    while (j < chars.length && classes[j] !== 'L') {
      if (classes[j] === 'R') end = j;
      j++;
    }
    out += units(i, end + 1, (k) => k === 'D', (k) => k === 'D')
      .reverse()
      .map(single)
      .join('');
    i = end + 1;
  }
  return out;
}

/**
 * Arabic presentation forms (the contextual shapes PDFs store) and Latin ligatures (ﬁ, ﬂ) back to ordinary
 * letters. Only those blocks get NFKC: applying it everywhere would also rewrite ½, ², ™ and full-width text.
 */
export function unfoldPresentationForms(s: string): string {
  return s.replace(/[\ufb00-\ufdff\ufe70-\ufeff]+/g, (m) => m.normalize('NFKC'));
}
