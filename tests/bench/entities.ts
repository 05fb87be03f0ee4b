/**
 * All mentions of 500 entities (names and aliases, accented, some Hebrew and Arabic) in 10,000 generated ~5 KB
 * documents, folding included (a cold cache: the first profile or list after unlock). Target:
 * entities.mentions_10k_docs_ms ≤ 2,000.
 */
import { performance } from 'node:perf_hooks';
import { foldText } from '../../main/core/entities/fold';
import { NameMatcher } from '../../main/core/entities/matcher';
import { entityPatterns, mentionsIn } from '../../main/core/entities/mentions';

const FIRST = ['Gary', 'Omri', 'Shalev', 'Hélène', 'François', 'Zoë', 'Karsten', 'Ted', 'Amélie', 'José', 'Jürgen', 'Søren', 'Noa', 'Yusuf', 'Léa'];
const LAST = ['Miller', 'Lavie', 'Hulio', 'Lefèvre', 'Müller', 'Nohl', 'Lieu', 'Gørgen', 'Østergaard', 'Dubœuf', 'Šimić', 'García', 'Nowak'];
const ORG = ['Société', 'Group', 'Holdings', 'Bank', 'Labs', 'Fondation', 'Trust', 'Partners', 'Ministère', 'Agency'];
const WORDS = [
  'the', 'ministry', 'contract', 'payment', 'société', 'générale', 'offshore', 'account', 'réunion', 'témoin', 'שלום', 'חברה',
  'بنك', 'شركة', 'transfer', 'director', 'board', 'minutes', 'invoice', 'Genève', 'Zürich', 'cœur', 'naïve', 'record', 'shows',
  'that', 'was', 'signed', 'in', 'March', 'with', 'and', 'of', 'a', 'to', 'for', 'on', 'by', 'meeting', 'company',
];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length)] as T;
}

export function makeEntities(count: number, random: () => number): { id: string; name: string; aliases: string[] }[] {
  const out: { id: string; name: string; aliases: string[] }[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 5 === 4) {
      const name = `${pick(LAST, random)} ${pick(ORG, random)} ${i}`;
      out.push({ id: `e${i}`, name, aliases: [name.toUpperCase()] });
    } else if (i % 25 === 3) {
      out.push({ id: `e${i}`, name: `אברהם כהן ${i}`, aliases: [`محمد النور ${i}`] });
    } else {
      const first = pick(FIRST, random);
      const last = pick(LAST, random);
      out.push({ id: `e${i}`, name: `${first} ${last}${i}`, aliases: [`${first[0]}. ${last}${i}`] });
    }
  }
  return out;
}

export function makeDoc(bytes: number, random: () => number, names: readonly string[]): string {
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const w = random() < 0.01 ? pick(names, random) : pick(WORDS, random);
    parts.push(w);
    size += w.length + 1;
    if (random() < 0.06) parts.push('.\n');
  }
  return parts.join(' ').normalize('NFC');
}

export async function bench(): Promise<Record<string, number>> {
  const random = rng(7);
  const entities = makeEntities(500, random);
  const names = entities.flatMap((e) => [e.name, ...e.aliases]);
  const docs: string[] = [];
  for (let i = 0; i < 10_000; i++) docs.push(makeDoc(5_000, random, names));
  const t0 = performance.now();
  const matcher = new NameMatcher(entityPatterns(entities));
  const counts = new Map<string, number>();
  for (const doc of docs) {
    for (const m of mentionsIn(matcher, foldText(doc))) counts.set(m.owner, (counts.get(m.owner) ?? 0) + 1);
  }
  const ms = performance.now() - t0;
  if (counts.size < 400) throw new Error(`bench: only ${counts.size} entities found; the generator or matcher is broken`);
  return { 'entities.mentions_10k_docs_ms': Math.round(ms) };
}
