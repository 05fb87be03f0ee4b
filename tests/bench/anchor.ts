/**
 * Re-anchoring 2,000 passages taken on a ~1 MB source onto a revision with scattered edits: insertions, deletions
 * and edits inside some quotes. Target: anchor.reanchor_2000_ms ≤ 1,000.
 */
import { performance } from 'node:perf_hooks';
import type { PassageSelectors } from '../../shared/domain/passage';
import { AnchorText, anchorAll, describeRange, reanchorPassages } from '../../shared/text/anchoring';

const WORDS = [
  'the', 'ministry', 'contract', 'payment', 'société', 'générale', 'offshore', 'account', 'réunion', 'témoin',
  'שלום', 'חברה', 'בנק', 'محمد', 'شركة', 'النور', 'transfer', 'director', 'board', 'minutes', 'invoice', '🚀', '👩‍💻',
  'Genève', 'Zürich', 'café', 'naïve', 'über', 'record', 'shows', 'that', 'was', 'signed', 'in', 'March',
];

/** Deterministic PRNG so runs compare. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function generateSource(targetBytes: number, random: () => number): string {
  const parts: string[] = [];
  let size = 0;
  let sentence = 0;
  while (size < targetBytes) {
    const n = 8 + Math.floor(random() * 14);
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(random() * WORDS.length)] ?? 'x');
    // A sentence number keeps most passages unique, as real documents mostly are; the word soup repeats a lot.
    const s = `${words.join(' ')} (${sentence++}).${random() < 0.1 ? '\n\n' : ' '}`;
    parts.push(s);
    size += Buffer.byteLength(s);
  }
  return parts.join('');
}

interface Edit {
  at: number;
  remove: number;
  insert: string;
}

export function buildCase(random: () => number) {
  const text = generateSource(1_000_000, random);
  const prepared = new AnchorText(text);
  const passages: { id: string; selectors: PassageSelectors }[] = [];
  for (let i = 0; i < 2000; i++) {
    const len = 12 + Math.floor(random() * 150);
    const start = Math.floor(random() * (prepared.length - len - 1));
    try {
      passages.push({ id: `p${i}`, selectors: describeRange(prepared, start, start + len) });
    } catch {
      i--;
    }
  }
  // Scattered edits in UTF-16 units, applied from the end so earlier offsets stay valid.
  const edits: Edit[] = [];
  for (let i = 0; i < 150; i++) {
    const at = Math.floor(random() * text.length);
    const kind = random();
    if (kind < 0.4) edits.push({ at, remove: 0, insert: ` [inserted note ${i}: révision é 🙂] ` });
    else if (kind < 0.7) edits.push({ at, remove: 20 + Math.floor(random() * 400), insert: '' });
    else edits.push({ at, remove: 3, insert: 'XYZ' });
  }
  // Edits inside some quotes, so the 'changed' path is exercised too.
  for (let i = 0; i < 100; i++) {
    const p = passages[Math.floor(random() * passages.length)];
    if (!p) continue;
    const at = prepared.index.toUtf16(p.selectors.position.start) + 4;
    edits.push({ at, remove: 2, insert: 'QQ' });
  }
  edits.sort((a, b) => b.at - a.at);
  let revised = text;
  let floor = Infinity;
  for (const e of edits) {
    // Keep surrogate pairs whole and edits from overlapping.
    if (e.at + e.remove > floor) continue;
    const at = /[\uDC00-\uDFFF]/.test(revised[e.at] ?? '') ? e.at - 1 : e.at;
    let end = Math.min(revised.length, at + e.remove);
    if (/[\uDC00-\uDFFF]/.test(revised[end] ?? '')) end++;
    revised = revised.slice(0, at) + e.insert + revised.slice(end);
    floor = at;
  }
  return { text, revised, passages };
}

export async function bench(): Promise<Record<string, number>> {
  const { text, revised, passages } = buildCase(rng(42));
  // Warm-up on a small slice so JIT compilation is not what we measure.
  reanchorPassages(text, revised, passages.slice(0, 50));
  const t0 = performance.now();
  const results = reanchorPassages(text, revised, passages);
  const ms = performance.now() - t0;
  // What the reader pays when it opens the source: all 2,000 passages on their own (unchanged) text.
  const t1 = performance.now();
  anchorAll(new AnchorText(text), passages);
  const listMs = performance.now() - t1;
  const count = (state: string) => results.filter((r) => r.state === state).length;
  return {
    'anchor.reanchor_2000_ms': Math.round(ms),
    'anchor.list_2000_same_text_ms': Math.round(listMs),
    'anchor.source_kb': Math.round(Buffer.byteLength(text) / 1024),
    'anchor.anchored': count('anchored'),
    'anchor.moved': count('moved'),
    'anchor.changed': count('changed'),
    'anchor.orphaned': count('orphaned'),
  };
}
