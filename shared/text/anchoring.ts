/**
 * Hypothesis-style anchoring of passages over a source's plain (NFC) text. Selectors are stored in code points;
 * searching happens in UTF-16 (what JavaScript's string search speaks) and results convert back at the edge.
 *
 * Fallback chain: (1) the stored position, if the text there still equals the quote; (2) the exact quote,
 * disambiguated by prefix/suffix and nearness; (3) a bounded-error fuzzy match scored by quote similarity,
 * context and position; (4) orphaned — reported, never dropped.
 */
import search from 'approx-string-match';
import type { AnchorState, PassageSelectors } from '../domain/passage';
import { CodePointIndex } from './codepoints';

/** Code points of context stored on each side of a quote. */
export const CONTEXT_CODE_POINTS = 32;
/** Share of the quote's length that may differ for a fuzzy match to count as the same passage ('changed'). */
export const MAX_FUZZY_ERROR_RATE = 0.25;
/** Shorter quotes match too many places with even one error; they need the exact text. */
const MIN_FUZZY_QUOTE_UNITS = 8;
/** UTF-16 units searched on each side of the expected position before the whole text is considered. */
const NEAR_WINDOW_UNITS = 4096;
/** Context that agrees at least this much (0..1) makes an exact match trustworthy on its own. */
const CONTEXT_TRUST = 0.5;
const SEED_UNITS = 16;
const MAX_SEEDS = 8;
const MAX_SEED_HITS = 20;
const MAX_EXACT_CANDIDATES = 5000;

export interface AnchorResult {
  state: AnchorState;
  /** Code point offsets in the text anchored onto; null when orphaned. */
  start: number | null;
  end: number | null;
  /** For 'changed': the text now at start..end (differs from the quote). */
  found: string | null;
}

/** A text prepared once for anchoring many passages (code-point index built once). */
export class AnchorText {
  readonly index: CodePointIndex;
  constructor(readonly text: string) {
    this.index = new CodePointIndex(text);
  }
  get length(): number {
    return this.index.length;
  }
}

function prepared(text: string | AnchorText): AnchorText {
  return typeof text === 'string' ? new AnchorText(text) : text;
}

// ---------------------------------------------------------------------------------------------------------------
// Selection → selectors

/** Widens UTF-16 offsets to grapheme boundaries, so a passage never cuts a ZWJ emoji or a letter from its marks. */
export function snapToGraphemes(text: string, start: number, end: number): { start: number; end: number } {
  const Segmenter = (Intl as { Segmenter?: typeof Intl.Segmenter }).Segmenter;
  if (!Segmenter) return { start, end };
  const segmenter = new Segmenter(undefined, { granularity: 'grapheme' });
  const boundaryAtOrBefore = (at: number): number => {
    if (at <= 0 || at >= text.length) return Math.max(0, Math.min(at, text.length));
    const from = Math.max(0, at - 64);
    let last = from;
    for (const seg of segmenter.segment(text.slice(from, Math.min(text.length, at + 64)))) {
      const segStart = from + seg.index;
      if (segStart > at) break;
      last = segStart;
    }
    return last;
  };
  const boundaryAtOrAfter = (at: number): number => {
    const before = boundaryAtOrBefore(at);
    if (before === at) return at;
    const from = before;
    for (const seg of segmenter.segment(text.slice(from, Math.min(text.length, at + 64)))) {
      const segEnd = from + seg.index + seg.segment.length;
      if (segEnd >= at) return segEnd;
    }
    return Math.min(text.length, at);
  };
  const s = boundaryAtOrBefore(start);
  const e = Math.max(s, boundaryAtOrAfter(end));
  return { start: s, end: e };
}

/**
 * Selectors for the code-point range [start, end) of the text, widened to grapheme boundaries.
 * Throws RangeError for an empty or out-of-range selection.
 */
export function describeRange(text: string | AnchorText, start: number, end: number): PassageSelectors {
  const t = prepared(text);
  if (!(Number.isInteger(start) && Number.isInteger(end)) || start < 0 || end > t.length || end <= start) {
    throw new RangeError(`The selection ${start}–${end} is outside the text (0–${t.length}).`);
  }
  const snapped = snapToGraphemes(t.text, t.index.toUtf16(start), t.index.toUtf16(end));
  const s = t.index.toCodePoint(snapped.start);
  const e = t.index.toCodePoint(snapped.end);
  const exact = t.text.slice(snapped.start, snapped.end);
  if (exact.trim() === '') throw new RangeError('The selection holds only white space.');
  return {
    quote: {
      type: 'TextQuoteSelector',
      exact,
      prefix: t.index.slice(Math.max(0, s - CONTEXT_CODE_POINTS), s),
      suffix: t.index.slice(e, Math.min(t.length, e + CONTEXT_CODE_POINTS)),
    },
    position: { type: 'TextPositionSelector', start: s, end: e },
  };
}

/** Text around a code-point range, `chars` code points each side. */
export function contextAround(text: string | AnchorText, start: number, end: number, chars: number): { before: string; after: string } {
  const t = prepared(text);
  return {
    before: t.index.slice(Math.max(0, start - chars), start),
    after: t.index.slice(end, Math.min(t.length, end + chars)),
  };
}

/** 1-based page holding code point `start`, given each page's starting code-point offset. */
export function pageAt(pageStarts: readonly number[] | null | undefined, start: number): number | null {
  if (!pageStarts || pageStarts.length === 0) return null;
  let lo = 0;
  let hi = pageStarts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((pageStarts[mid] ?? 0) <= start) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(1, lo);
}

// ---------------------------------------------------------------------------------------------------------------
// Finding a quote (creation by quote)

export interface QuoteOccurrence {
  start: number;
  end: number;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function allIndexes(text: string, needle: string, limit: number): number[] {
  const out: number[] = [];
  if (needle.length === 0) return out;
  for (let i = text.indexOf(needle); i >= 0 && out.length < limit; i = text.indexOf(needle, i + 1)) out.push(i);
  return out;
}

/**
 * Every occurrence (code points) of `quote`, keeping only those whose surroundings end with `prefix` and begin with
 * `suffix` when given. Falls back to treating any run of white space as equal, because a quote typed on one line
 * often spans a line break in the extracted text.
 */
export function findQuote(
  text: string | AnchorText,
  quote: string,
  context: { prefix?: string; suffix?: string } = {},
  limit = 10_000,
): QuoteOccurrence[] {
  const t = prepared(text);
  const q = quote.normalize('NFC');
  if (q.length === 0) return [];
  const prefix = context.prefix?.normalize('NFC') ?? '';
  const suffix = context.suffix?.normalize('NFC') ?? '';
  let ranges: [number, number][] = allIndexes(t.text, q, limit).map((i) => [i, i + q.length]);
  if (ranges.length === 0 && /\s/.test(q.trim())) {
    const pattern = q
      .trim()
      .split(/\s+/)
      .map(escapeRegExp)
      .join('\\s+');
    const re = new RegExp(pattern, 'gu');
    ranges = [];
    for (let m = re.exec(t.text); m && ranges.length < limit; m = re.exec(t.text)) ranges.push([m.index, m.index + m[0].length]);
  }
  return ranges
    .filter(([s, e]) => (!prefix || t.text.slice(0, s).endsWith(prefix)) && (!suffix || t.text.startsWith(suffix, e)))
    .map(([s, e]) => ({ start: t.index.toCodePoint(s), end: t.index.toCodePoint(e) }));
}

// ---------------------------------------------------------------------------------------------------------------
// Re-anchoring

/** Levenshtein distance, two rows; only ever run on context-sized strings. */
function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] ?? Math.max(a.length, b.length);
}

function similarity(expected: string, actual: string): number {
  if (expected.length === 0) return 1;
  return 1 - Math.min(1, editDistance(expected, actual) / expected.length);
}

/** Share of `prefix` that matches, char by char, backwards from where the quote starts (cheap, for ranking). */
function prefixAgreement(text: string, at: number, prefix: string): number {
  if (prefix.length === 0) return 1;
  let n = 0;
  while (n < prefix.length && at - n - 1 >= 0 && text.charCodeAt(at - n - 1) === prefix.charCodeAt(prefix.length - n - 1)) n++;
  return n / prefix.length;
}

function suffixAgreement(text: string, at: number, suffix: string): number {
  if (suffix.length === 0) return 1;
  let n = 0;
  while (n < suffix.length && at + n < text.length && text.charCodeAt(at + n) === suffix.charCodeAt(n)) n++;
  return n / suffix.length;
}

/** Edit-based context similarity (0..1) around a UTF-16 range: survives edits inside the context. */
function contextSimilarity(text: string, start: number, end: number, prefix: string, suffix: string): number {
  const parts: number[] = [];
  if (prefix.length > 0) parts.push(similarity(prefix, text.slice(Math.max(0, start - prefix.length), start)));
  if (suffix.length > 0) parts.push(similarity(suffix, text.slice(end, end + suffix.length)));
  return parts.length === 0 ? 1 : parts.reduce((a, b) => a + b, 0) / parts.length;
}

interface Match16 {
  start: number;
  end: number;
  errors: number;
}

interface Resolved16 {
  start: number;
  end: number;
  exact: boolean;
}

function closeness(at: number, hint: number, length: number): number {
  return 1 - Math.min(1, Math.abs(at - hint) / Math.max(1, length));
}

function bestExact(text: string, exact: string, prefix: string, suffix: string, hint: number): { at: number; trusted: boolean } | null {
  // Near the expected place first: a match there with its whole context is the passage, no global scan needed.
  const from = Math.max(0, hint - NEAR_WINDOW_UNITS);
  const to = hint + exact.length + NEAR_WINDOW_UNITS;
  let near: number | null = null;
  for (let i = text.indexOf(exact, from); i >= 0 && i <= to; i = text.indexOf(exact, i + 1)) {
    const perfect = prefixAgreement(text, i, prefix) === 1 && suffixAgreement(text, i + exact.length, suffix) === 1;
    if (perfect && (near === null || Math.abs(i - hint) < Math.abs(near - hint))) near = i;
  }
  if (near !== null) return { at: near, trusted: true };

  const hits = allIndexes(text, exact, MAX_EXACT_CANDIDATES);
  if (hits.length === 0) return null;
  let best = -1;
  let bestScore = -Infinity;
  for (const i of hits) {
    const score =
      20 * prefixAgreement(text, i, prefix) + 20 * suffixAgreement(text, i + exact.length, suffix) + 2 * closeness(i, hint, text.length);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  const trusted = hits.length === 1 && prefix.length + suffix.length === 0
    ? true
    : contextSimilarity(text, best, best + exact.length, prefix, suffix) >= CONTEXT_TRUST;
  return { at: best, trusted };
}

function fuzzyIn(text: string, from: number, to: number, exact: string, maxErrors: number): Match16[] {
  const lo = Math.max(0, from);
  const hi = Math.min(text.length, to);
  if (hi - lo < exact.length - maxErrors) return [];
  return search(text.slice(lo, hi), exact, maxErrors).map((m) => ({ start: m.start + lo, end: m.end + lo, errors: m.errors }));
}

function bestFuzzy(text: string, exact: string, prefix: string, suffix: string, hint: number): Match16 | null {
  if (exact.length < MIN_FUZZY_QUOTE_UNITS) return null;
  const maxErrors = Math.max(1, Math.floor(exact.length * MAX_FUZZY_ERROR_RATE));
  const pad = Math.max(NEAR_WINDOW_UNITS, exact.length);
  const windows: [number, number][] = [[hint - pad, hint + exact.length + pad]];
  let matches = fuzzyIn(text, hint - pad, hint + exact.length + pad, exact, maxErrors);
  if (matches.length === 0) {
    // Moved far and edited: seed candidate regions with exact pieces of the quote, then verify them fuzzily.
    // An edit rate of at most 25% leaves most 16-unit pieces intact, so some seed almost always survives.
    const pieces = Math.floor(exact.length / SEED_UNITS);
    const step = Math.max(1, Math.floor(pieces / MAX_SEEDS));
    for (let p = 0; p < pieces; p += step) {
      const offset = p * SEED_UNITS;
      for (const hit of allIndexes(text, exact.slice(offset, offset + SEED_UNITS), MAX_SEED_HITS)) {
        const s = hit - offset - maxErrors;
        const e = hit - offset + exact.length + maxErrors;
        if (windows.some(([a, b]) => s >= a && e <= b)) continue;
        windows.push([s, e]);
        matches = matches.concat(fuzzyIn(text, s, e, exact, maxErrors));
      }
    }
  }
  let best: Match16 | null = null;
  let bestScore = -Infinity;
  for (const m of matches) {
    const quoteSim = 1 - m.errors / exact.length;
    const ctx = contextSimilarity(text, m.start, m.end, prefix, suffix);
    const score = 50 * quoteSim + 40 * ctx + 2 * closeness(m.start, hint, text.length);
    if (score > bestScore) {
      bestScore = score;
      best = m;
    }
  }
  if (!best) return null;
  // A short quote that differs is only the same passage if its surroundings say so.
  if (exact.length < 32 && contextSimilarity(text, best.start, best.end, prefix, suffix) < CONTEXT_TRUST) return null;
  return best;
}

/**
 * The quote sits at `at` and is long enough to be unmistakable, or its immediate surroundings still agree: a short
 * quote ("the contract") landing on the same offset by coincidence after an edit must not pass as anchored.
 */
function plausibleAt(text: string, at: number, selectors: PassageSelectors): boolean {
  const { exact, prefix, suffix } = selectors.quote;
  if (!text.startsWith(exact, at)) return false;
  return (
    exact.length >= 32 ||
    prefixAgreement(text, at, prefix) >= 0.5 ||
    suffixAgreement(text, at + exact.length, suffix) >= 0.5
  );
}

function resolve16(t: AnchorText, selectors: PassageSelectors, hintCp: number): Resolved16 | null {
  const { exact, prefix, suffix } = selectors.quote;
  const text = t.text;
  if (exact.length === 0) return null;
  const hint = t.index.toUtf16(hintCp);
  if (plausibleAt(text, hint, selectors)) return { start: hint, end: hint + exact.length, exact: true };
  const exactHit = bestExact(text, exact, prefix, suffix, hint);
  if (exactHit?.trusted) return { start: exactHit.at, end: exactHit.at + exact.length, exact: true };
  const fuzzy = bestFuzzy(text, exact, prefix, suffix, hint);
  if (fuzzy) {
    // The fuzzy scorer may land on the very text (0 errors) when the context was what had changed.
    const same = text.slice(fuzzy.start, fuzzy.end) === exact;
    if (!exactHit || contextSimilarity(text, fuzzy.start, fuzzy.end, prefix, suffix) >= CONTEXT_TRUST) {
      return { start: fuzzy.start, end: fuzzy.end, exact: same };
    }
  }
  if (exactHit) return { start: exactHit.at, end: exactHit.at + exact.length, exact: true };
  return null;
}

/**
 * Anchors one passage's selectors onto `text`. `hint` is where the passage is expected (code points), by default
 * its stored start; batch re-anchoring passes the start corrected by the drift of the passages before it.
 */
export function anchor(text: string | AnchorText, selectors: PassageSelectors, hint?: number): AnchorResult {
  const t = prepared(text);
  const { start, end } = selectors.position;
  if (end <= t.length && start < end && plausibleAt(t.text, t.index.toUtf16(start), selectors)) {
    return { state: 'anchored', start, end, found: null };
  }
  const r = resolve16(t, selectors, hint ?? start);
  if (!r) return { state: 'orphaned', start: null, end: null, found: null };
  const s = t.index.toCodePoint(r.start);
  const e = t.index.toCodePoint(r.end);
  if (r.exact) return { state: s === start ? 'anchored' : 'moved', start: s, end: e, found: null };
  return { state: 'changed', start: s, end: e, found: t.text.slice(r.start, r.end) };
}

export interface AnchorablePassage {
  id: string;
  selectors: PassageSelectors;
}

export interface ReanchorResult extends AnchorResult {
  id: string;
  /** Fresh selectors on the new text (null when orphaned), to store once the researcher accepts the revision. */
  selectors: PassageSelectors | null;
}

/**
 * Anchors many passages onto one text, in reading order, steering each search by the shift observed on the
 * passages before it so that text inserted or removed early in a document does not send every later passage
 * into a global search.
 */
export function anchorAll(text: string | AnchorText, passages: readonly AnchorablePassage[]): Map<string, AnchorResult> {
  const t = prepared(text);
  const order = [...passages].sort((a, b) => a.selectors.position.start - b.selectors.position.start);
  const out = new Map<string, AnchorResult>();
  let drift = 0;
  for (const p of order) {
    const result = anchor(t, p.selectors, Math.max(0, p.selectors.position.start + drift));
    if (result.start !== null) drift = result.start - p.selectors.position.start;
    out.set(p.id, result);
  }
  return out;
}

/**
 * Re-anchors passages taken on `oldText` onto a revision `newText`: which stay, moved, changed or are orphaned.
 * `oldText` is used only to refresh missing or stale context, since selectors already carry the quote.
 */
export function reanchorPassages(
  oldText: string | AnchorText,
  newText: string | AnchorText,
  passages: readonly AnchorablePassage[],
): ReanchorResult[] {
  const oldT = prepared(oldText);
  const newT = prepared(newText);
  // Selectors written elsewhere may lack context; take it from the old text so the search can disambiguate.
  const completed = passages.map((p) => {
    const { start, end } = p.selectors.position;
    const q = p.selectors.quote;
    if ((q.prefix || q.suffix) || end > oldT.length || oldT.index.slice(start, end) !== q.exact) return p;
    const ctx = contextAround(oldT, start, end, CONTEXT_CODE_POINTS);
    return { id: p.id, selectors: { ...p.selectors, quote: { ...q, prefix: ctx.before, suffix: ctx.after } } };
  });
  const results = anchorAll(newT, completed);
  return passages.map((p) => {
    const r = results.get(p.id) ?? { state: 'orphaned' as const, start: null, end: null, found: null };
    let selectors: PassageSelectors | null = null;
    if (r.start !== null && r.end !== null && r.end > r.start) {
      const ctx = contextAround(newT, r.start, r.end, CONTEXT_CODE_POINTS);
      selectors = {
        quote: { type: 'TextQuoteSelector', exact: newT.index.slice(r.start, r.end), prefix: ctx.before, suffix: ctx.after },
        position: { type: 'TextPositionSelector', start: r.start, end: r.end },
      };
    }
    return { id: p.id, ...r, selectors };
  });
}
