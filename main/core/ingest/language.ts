import type { eld as EldInstance } from 'eld/extrasmall';

type Eld = typeof EldInstance;
let detector: Eld | null = null;

// eld's 'extrasmall' tables: same answers as 'small' on our English/French/Hebrew/Arabic/German/Spanish checks,
// at ~80 MB instead of ~140 MB of memory per worker and half the load time (~0.2 s).
export async function preloadLanguageModel(): Promise<void> {
  await load();
}

async function load(): Promise<Eld> {
  if (!detector) detector = (await import('eld/extrasmall')).eld;
  return detector;
}


const MIN_LETTERS = 20;
/**
 * A long text is judged by three windows (start, middle, end), each detected alone, the majority winning: a
 * bilingual masthead or an English preface does not decide for a French report, and a few hundred words per window
 * are plenty for n-grams, whose cost grows with every character. (One detection over the joined windows would not
 * do: eld's scores favour English on mixed text even when two thirds of it is French.)
 */
const WINDOW_CHARS = 1_000;
const WINDOWS = 3;

function windowsOf(text: string): string[] {
  if (text.length <= WINDOW_CHARS * WINDOWS) return [text];
  const parts: string[] = [];
  for (let w = 0; w < WINDOWS; w++) {
    let start = Math.floor(((text.length - WINDOW_CHARS) * w) / (WINDOWS - 1));
    // Start and end on spaces, so no window begins or ends inside a word (or between surrogates).
    const space = text.indexOf(' ', start);
    if (space >= 0 && space - start < 50) start = space + 1;
    let end = Math.min(text.length, start + WINDOW_CHARS);
    const last = text.lastIndexOf(' ', end);
    if (end < text.length && last > start) end = last;
    parts.push(text.slice(start, end));
  }
  return parts;
}

/** Whether `text` has at least MIN_LETTERS letters: stops at the last one needed instead of collecting them all. */
function hasEnoughLetters(text: string): boolean {
  const letter = /\p{L}/gu;
  for (let found = 0; found < MIN_LETTERS; found++) if (!letter.exec(text)) return false;
  return true;
}

/** ISO 639-1 from eld (which already speaks 639-1); null below ~20 letters or when eld is unsure. */
export async function detectLanguage(text: string): Promise<string | null> {
  const windows = windowsOf(text);
  const sample = windows.join(' ');
  // Too short for n-grams; a caption in a script only one language here writes can still be named.
  if (!hasEnoughLetters(sample)) return scriptFallback(sample, MIN_SCRIPT_LETTERS);
  const eld = await load();
  const votes = new Map<string, number>();
  let first: string | null = null;
  for (const window of windows) {
    if (!hasEnoughLetters(window)) continue;
    const result = eld.detect(window);
    if (!result.language || !result.isReliable()) continue;
    first ??= result.language;
    const count = (votes.get(result.language) ?? 0) + 1;
    votes.set(result.language, count);
    // A majority already: the windows left cannot change the answer (detection is most of an import's work per file).
    if (count * 2 > windows.length) break;
  }
  let best: string | null = null;
  for (const [language, count] of votes) if (best === null || count > (votes.get(best) ?? 0)) best = language;
  // No majority (each window says something else): the start of a document best tells what it is written in.
  if (best !== null && votes.size > 1 && votes.get(best) === 1) best = first;
  return best ?? scriptFallback(sample);
}

/** Fewest letters for the script alone to name a language: a CJK sentence of a dozen characters is plenty. */
const MIN_SCRIPT_LETTERS = 4;

/**
 * Short captions and names, where n-grams are unreliable, in a script that tells the language by itself: Hebrew,
 * Arabic, Japanese kana (kanji come along in Japanese text), Korean hangul, or Chinese characters alone.
 */
function scriptFallback(sample: string, minLetters = 1): string | null {
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  if (letters < minLetters) return null;
  const share = (pattern: RegExp): number => (sample.match(pattern)?.length ?? 0) / letters;
  if (share(/\p{Script=Hebrew}/gu) > 0.6) return 'he';
  if (share(/\p{Script=Arabic}/gu) > 0.6) return 'ar';
  const kana = share(/[\p{Script=Hiragana}\p{Script=Katakana}]/gu);
  const han = share(/\p{Script=Han}/gu);
  if (kana > 0.1 && kana + han > 0.6) return 'ja';
  if (share(/\p{Script=Hangul}/gu) > 0.6) return 'ko';
  if (han > 0.6) return 'zh';
  return null;
}
