/**
 * Long fuzz run of every importer through the worker pool: `npx tsx tests/soak/ingest-fuzz.ts 20000`.
 * Inputs are numbered from 1,000,000 so they differ from the unit test's, and are reproducible from their index.
 */
import { pathToFileURL } from 'node:url';
import { createExtractor } from '../../main/core/ingest';
import { buildSamples, runFuzz } from '../unit/ingest/fuzz-corpus';

export async function soak(options: { inputs: number }): Promise<void> {
  const timeoutMs = 15_000;
  const workers = 2;
  const ex = createExtractor({ timeoutMs, maxMemoryMb: 512 }, { workers });
  const started = performance.now();
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 200);
  try {
    const samples = await buildSamples();
    const stats = await runFuzz(ex, samples, options.inputs, {
      concurrency: workers,
      timeoutMs,
      offset: 1_000_000,
      onProgress: (done) => {
        if (done % 1000 === 0) console.log(`ingest soak: ${done}/${options.inputs}`);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      'ingest soak:',
      JSON.stringify({
        inputs: options.inputs,
        ok: stats.ok,
        noTextLayer: stats.noText,
        ingestErrors: stats.ingestErrors,
        timeouts: stats.timeouts,
        crashes: stats.crashes.length,
        invalid: stats.invalid.length,
        slowestMs: Math.round(stats.slowestMs),
        inputsPerSecond: Math.round(options.inputs / seconds),
        peakRssMb: Math.round(peakRss / 1024 / 1024),
      }),
    );
    if (stats.crashes.length || stats.invalid.length) {
      console.error(JSON.stringify({ crashes: stats.crashes.slice(0, 20), invalid: stats.invalid.slice(0, 20) }, null, 2));
      throw new Error(`ingest soak: ${stats.crashes.length} crashes, ${stats.invalid.length} invalid results`);
    }
    if (stats.slowestMs > timeoutMs + 5_000) throw new Error(`ingest soak: a file took ${Math.round(stats.slowestMs)} ms despite the ${timeoutMs} ms timeout`);
  } finally {
    clearInterval(sampler);
    await ex.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  soak({ inputs: Number(process.argv[2] ?? 10_000) }).catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
