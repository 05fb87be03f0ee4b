import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createExtractor } from '../../../main/core/ingest';
import { computeSignature } from '../../../main/core/case/similarity-index';
import { foldToken } from '../../../main/core/ingest/similarity';
import { words } from '../../../main/core/ingest/text-signature';
import { seed, utf8 } from './helpers';

const ex = createExtractor({ timeoutMs: 30_000 }, { workers: 1 });
afterAll(() => ex.close());

describe('similarity signature computed by the extraction worker', () => {
  it('is exactly what the case index computes on its own thread, so stored and fresh signatures compare', async () => {
    const s = seed('003');
    const html = utf8(`<html><body><article><h1>Œuvre</h1><p>${s.text.slice(0, 3000).replace(/[<&]/g, ' ')}</p></article></body></html>`);
    for (const [name, bytes] of [[s.name, s.bytes], ['page.html', html]] as const) {
      const r = await ex.extract(name, bytes, { signature: true });
      const own = await computeSignature('x', r.text);
      expect(r.signature, name).toBeDefined();
      expect(r.signature?.k).toBe(own.k);
      expect(Array.from(r.signature?.shingles ?? []), name).toEqual(Array.from(own.shingles));
      expect(Array.from(r.signature?.minhash ?? []), name).toEqual(Array.from(own.minhash));
      expect(own.shingles.length).toBeGreaterThan(100);
    }
  });

  it('is left out unless asked for', async () => {
    const r = await ex.extract('a.txt', seed('000').bytes);
    expect(r.signature).toBeUndefined();
  });
});

describe('words of a text (the shingles\' tokens)', () => {
  // The definition the hand-written scanner must match exactly: stored signatures were made with it.
  const reference = (text: string): string[] =>
    Array.from(text.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu), (m) => foldToken(m[0])).filter((w) => w !== '');

  it('splits words the way researchers write them, in any script', () => {
    expect(words("L'État n’a pas dit: don't 42x ŒUVRE 3'4 a'1 ''b")).toEqual(["l'etat", 'n’a', 'pas', 'dit', "don't", '42x', 'oeuvre', '3', '4', 'a', '1', 'b']);
    expect(words('שלום עולם, مرحبا بالعالم 𝒜𝓁𝒾 😀 x\ud800y')).toEqual(['שלום', 'עולם', 'مرحبا', 'بالعالم', 'ali', 'x', 'y']);
  });

  it('matches the regular-expression definition on any text', () => {
    const alphabet = fc.constantFrom(...'aZ09 ,.\'’-éÉœßİıשלוםمرحبا٣\u0301\u200d\ud835\udc9c\ud800\udfff😀\n\t'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: alphabet, maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 40 })), (text) => {
        expect(words(text)).toEqual(reference(text));
      }),
      { numRuns: 3000 },
    );
  });
});
