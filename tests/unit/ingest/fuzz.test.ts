import { afterAll, describe, expect, it } from 'vitest';
import { createExtractor } from '../../../main/core/ingest';
import { buildSamples, runFuzz } from './fuzz-corpus';

const TIMEOUT_MS = 10_000;
const WORKERS = 2;
const ex = createExtractor({ timeoutMs: TIMEOUT_MS, maxMemoryMb: 256 }, { workers: WORKERS });
afterAll(() => ex.close());

describe('fuzzing every importer through the worker pool', () => {
  it('turns 2,100 mutated files into results or one-line IngestErrors, none slower than the timeout', async () => {
    const samples = await buildSamples();
    // Start both workers first: start-up (seconds on a loaded box) is not what the timeout bounds.
    await Promise.all(samples.slice(0, WORKERS).map((s) => ex.extract(s.name, s.bytes)));
    const count = 2100;
    const stats = await runFuzz(ex, samples, count, { concurrency: WORKERS, timeoutMs: TIMEOUT_MS });
    const summary = { ok: stats.ok, noText: stats.noText, ingestErrors: stats.ingestErrors, timeouts: stats.timeouts, slowestMs: Math.round(stats.slowestMs), slowest: stats.slowest };
    console.log('fuzz', JSON.stringify(summary), JSON.stringify([...stats.messages.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12)));
    expect(stats.crashes).toEqual([]);
    expect(stats.invalid).toEqual([]);
    expect(stats.ok + stats.noText + stats.ingestErrors).toBe(count);
    // Each call is bounded by the pool's timeout plus, after a kill, a worker restart; mutated inputs must mostly
    // still parse.
    expect(stats.slowestMs).toBeLessThan(TIMEOUT_MS + 10_000);
    expect(stats.ok).toBeGreaterThan(count * 0.3);
  }, 180_000);
});
