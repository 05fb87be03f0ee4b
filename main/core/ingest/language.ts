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
const SAMPLE_CHARS = 20_000;

/** Whether `text` has at least MIN_LETTERS letters: stops at the last one needed instead of collecting them all. */
function hasEnoughLetters(text: string): boolean {
  const letter = /\p{L}/gu;
  for (let found = 0; found < MIN_LETTERS; found++) if (!letter.exec(text)) return false;
  return true;
}

/** ISO 639-1 from eld (which already speaks 639-1); null below ~20 letters or when eld is unsure. */
export async function detectLanguage(text: string): Promise<string | null> {
  const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  if (!hasEnoughLetters(sample)) return null;
  const eld = await load();
  const result = eld.detect(sample);
  if (!result.language || !result.isReliable()) return scriptFallback(sample);
  return result.language;
}

/** Names in Hebrew or Arabic script are common in short captions where n-grams are unreliable; the script tells. */
function scriptFallback(sample: string): string | null {
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  const hebrew = sample.match(/\p{Script=Hebrew}/gu)?.length ?? 0;
  const arabic = sample.match(/\p{Script=Arabic}/gu)?.length ?? 0;
  if (hebrew / letters > 0.6) return 'he';
  if (arabic / letters > 0.6) return 'ar';
  return null;
}
