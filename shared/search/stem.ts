/**
 * Light stemming, applied when matching (never to what is stored): a query word matches every indexed word with
 * the same light stem. Only inflections that rarely change meaning are merged:
 * - Latin script (English, French): plural -s/-es/-x, French -aux → -al, feminine -e/-ée, final -y/-ies → -i
 *   ("company"/"companies", "société"/"sociétés", "journal"/"journaux", "président"/"présidente").
 * - Arabic: the definite article and its common proclitic forms (ال، وال، بال، كال، فال، لل).
 * - Hebrew: none — the one-letter prefixes (ה ו ב ל מ ש כ) also begin many names, so stripping them would merge
 *   different people; use prefix* for Hebrew inflections.
 * Full stemmers (Snowball) were not chosen: they merge words a researcher keeps apart ("university"/"universe",
 * "information"/"inform") and make it hard to say why something matched. Verb forms are reached with prefix*.
 * Quoted words ("bank") match exactly, without stemming.
 */

const LATIN = /^[a-z]+$/;
const ARABIC_LETTER = /[\u0621-\u064a]/;
const ARABIC_ARTICLES = ['\u0648\u0627\u0644', '\u0628\u0627\u0644', '\u0643\u0627\u0644', '\u0641\u0627\u0644', '\u0627\u0644', '\u0644\u0644'];

function latinStem(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith('eaux')) w = w.slice(0, -1);
  else if (w.length >= 5 && w.endsWith('aux')) w = `${w.slice(0, -3)}al`;
  else if (w.length >= 5 && (w.endsWith('eux') || w.endsWith('oux'))) w = w.slice(0, -1);
  else if (w.length >= 5 && /(?:x|z|ch|sh|ss)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.length >= 5 && w.endsWith('e')) {
    w = w.slice(0, -1);
    if (w.length >= 5 && w.endsWith('e')) w = w.slice(0, -1);
  }
  if (w.length >= 4 && w.endsWith('y')) w = `${w.slice(0, -1)}i`;
  return w;
}

function arabicStem(word: string): string {
  for (const article of ARABIC_ARTICLES) {
    if (word.startsWith(article) && word.length - article.length >= 2) return word.slice(article.length);
  }
  return word;
}

/** The light stem of a folded word. */
export function lightStem(word: string): string {
  if (LATIN.test(word)) return latinStem(word);
  if (ARABIC_LETTER.test(word)) return arabicStem(word);
  return word;
}

/**
 * Every word form whose light stem is `stem`'s (the inverse of lightStem, generated rather than looked up, so the
 * index needs no stem table): the caller keeps those present in the index.
 */
export function stemVariants(word: string): string[] {
  const stem = lightStem(word);
  const forms = new Set<string>([word]);
  if (LATIN.test(stem)) {
    const bases = [stem];
    if (stem.endsWith('i')) bases.push(`${stem.slice(0, -1)}y`);
    for (const base of bases) {
      for (const e of [base, `${base}e`, `${base}ee`]) {
        forms.add(e);
        forms.add(`${e}s`);
        forms.add(`${e}x`);
        if (e.endsWith('al')) forms.add(`${e.slice(0, -2)}aux`);
      }
    }
  } else if (ARABIC_LETTER.test(stem)) {
    forms.add(stem);
    for (const article of ARABIC_ARTICLES) forms.add(article + stem);
  }
  return [...forms].filter((form) => form === word || lightStem(form) === stem);
}
