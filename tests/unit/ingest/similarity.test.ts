import { describe, expect, it } from 'vitest';
import { foldToken, internalRepetition, shingleHashes, signature, similarSources, tokenize } from '../../../main/core/ingest/similarity';
import { seed } from './helpers';

const ids = ['000', '001', '002', '003', '004'] as const;
const texts = Object.fromEntries(ids.map((id) => [id, seed(id).text])) as Record<(typeof ids)[number], string>;
const cp = (s: string, a: number, b: number): string => Array.from(s).slice(a, b).join('');
const words = (s: string): string => tokenize(s).map((t) => t.word).join(' ');

describe('near-duplicates and shared passages on the seeds', () => {
  const sigs = ids.map((id) => signature(id, texts[id]));
  const pairs = similarSources(sigs);

  it('flags 000 and 001 as sharing long quotes', () => {
    const pair = pairs.find((p) => [p.a, p.b].sort().join() === '000,001');
    expect(pair).toBeDefined();
    expect(pair?.kind).toBe('shared-passages');
    expect(pair?.sharedShingles).toBeGreaterThanOrEqual(40);
    expect(pair?.containment).toBeGreaterThan(0.1);
    // The quotes are a small part of each article: not a near-duplicate.
    expect(pair?.jaccard).toBeLessThan(0.5);
  });

  it('flags no unrelated pair', () => {
    expect(pairs.map((p) => [p.a, p.b].sort().join())).toEqual(['000,001']);
  });

  it('sees a text and its light edit as near-duplicates, with a close MinHash estimate', () => {
    const edited = texts['002'].replace(/NSO/g, 'N.S.O.').replace(/\n\n/g, '\n');
    const [pair] = similarSources([signature('orig', texts['002']), signature('copy', edited), ...sigs.slice(0, 2)]).filter((p) => p.a === 'orig' || p.b === 'orig');
    expect(pair?.kind).toBe('near-duplicate');
    expect(Math.abs((pair?.estimatedJaccard ?? 0) - (pair?.jaccard ?? 1))).toBeLessThan(0.15);
  });

  it('folds case and accents, including œ', () => {
    expect(foldToken('Œuvre')).toBe('oeuvre');
    expect(Array.from(shingleHashes('Le Cœur de l’État est ÉMU ici'))).toEqual(Array.from(shingleHashes('le coeur de l’etat est emu ici')));
  });
});

describe('internal repetition', () => {
  it('finds the French seed repeating its own body', () => {
    const r = internalRepetition(texts['003']);
    expect(r.fraction).toBeGreaterThan(0.4);
    const covered = r.spans.reduce((n, s) => n + (s.end - s.start), 0);
    expect(covered / Array.from(texts['003']).length).toBeGreaterThan(0.4);
    for (const s of r.spans) {
      expect(s.copyOf.end).toBeLessThanOrEqual(s.start);
      expect(words(cp(texts['003'], s.start, s.end))).toBe(words(cp(texts['003'], s.copyOf.start, s.copyOf.end)));
    }
  });

  it('finds little or none in the other seeds', () => {
    for (const id of ['000', '001', '002', '004'] as const) {
      expect(internalRepetition(texts[id]).fraction, id).toBeLessThan(0.05);
    }
  });
});
