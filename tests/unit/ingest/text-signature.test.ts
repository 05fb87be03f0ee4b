import { afterAll, describe, expect, it } from 'vitest';
import { createExtractor } from '../../../main/core/ingest';
import { computeSignature } from '../../../main/core/case/similarity-index';
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
