/**
 * Passage offsets are Unicode code points of NFC text, because UTF-16 indices differ between runtimes' views
 * of the same text only for astral characters (emoji, rare CJK) — and those are exactly where off-by-one
 * citations hide. JavaScript strings index UTF-16 units, so every boundary converts through these helpers.
 */

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** Number of code points in a string (a lone surrogate counts as one). */
export function codePointLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (isHighSurrogate(unit) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) i++;
    count++;
  }
  return count;
}

/**
 * Converts offsets both ways in O(log a) (a = astral characters in the text) after one O(n) pass, so a reader
 * with thousands of passages on a 1 MB source converts them all without rescanning the text.
 */
export class CodePointIndex {
  /** UTF-16 index of each astral (surrogate-pair) character, ascending. */
  private readonly astral: number[] = [];
  readonly utf16Length: number;
  readonly length: number;

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      if (isHighSurrogate(text.charCodeAt(i)) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
        this.astral.push(i);
        i++;
      }
    }
    this.utf16Length = text.length;
    this.length = text.length - this.astral.length;
  }

  /** UTF-16 index of code point offset `cp` (clamped to the text). */
  toUtf16(cp: number): number {
    const target = Math.max(0, Math.min(cp, this.length));
    // Astral characters whose code-point offset (u16 index minus earlier astrals) lies before `target`.
    let lo = 0;
    let hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.astral[mid] ?? 0) - mid < target) lo = mid + 1;
      else hi = mid;
    }
    return target + lo;
  }

  /** Code point offset of UTF-16 index `u16`; an index inside a surrogate pair rounds down to the pair's start. */
  toCodePoint(u16: number): number {
    const target = Math.max(0, Math.min(u16, this.utf16Length));
    let lo = 0;
    let hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.astral[mid] ?? 0) < target) lo = mid + 1;
      else hi = mid;
    }
    // Inside a pair, target - lo already equals the pair's own code-point offset, which is the rounding we want.
    return target - lo;
  }

  /** The text between two code point offsets. */
  slice(startCp: number, endCp: number): string {
    return this.text.slice(this.toUtf16(startCp), this.toUtf16(endCp));
  }
}

/** One-off conversions; build a CodePointIndex when converting many offsets of the same text. */
export function codePointToUtf16(text: string, cp: number): number {
  return new CodePointIndex(text).toUtf16(cp);
}

export function utf16ToCodePoint(text: string, u16: number): number {
  return new CodePointIndex(text).toCodePoint(u16);
}

/** Slices by code point offsets, never splitting a surrogate pair. */
export function sliceCodePoints(text: string, startCp: number, endCp: number): string {
  return new CodePointIndex(text).slice(startCp, endCp);
}
