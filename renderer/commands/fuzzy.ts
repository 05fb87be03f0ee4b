/**
 * Scores how well `query` matches `label` as an in-order subsequence, or returns null when it does not.
 * Higher is better: matches at word starts and runs of consecutive letters count more, so “ifi” finds
 * “Import files” before “Toggle light / dark theme”.
 */
export function fuzzyScore(query: string, label: string): number | null {
  const q = query.trim().toLocaleLowerCase();
  if (q === '') return 0;
  const text = label.toLocaleLowerCase();
  let score = 0;
  let from = 0;
  let previous = -2;
  for (const char of q) {
    if (char === ' ') continue;
    const at = text.indexOf(char, from);
    if (at === -1) return null;
    const wordStart = at === 0 || /[\s/\-–—.]/.test(text.charAt(at - 1));
    score += 1 + (wordStart ? 3 : 0) + (at === previous + 1 ? 2 : 0);
    previous = at;
    from = at + 1;
  }
  // Shorter labels win ties: the query explains more of them.
  return score - text.length * 0.01;
}

export function fuzzyFilter<T>(items: readonly T[], query: string, labelOf: (item: T) => string): T[] {
  return items
    .map((item, index) => ({ item, index, score: fuzzyScore(query, labelOf(item)) }))
    .filter((entry): entry is { item: T; index: number; score: number } => entry.score !== null)
    .sort((a, b) => (query.trim() === '' ? a.index - b.index : b.score - a.score || a.index - b.index))
    .map((entry) => entry.item);
}
