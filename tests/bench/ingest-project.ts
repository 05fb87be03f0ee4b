/**
 * Import throughput through the whole case service: `npx tsx tests/bench/ingest-project.ts`.
 * - ingest.text_docs_per_s: 1,000 generated ~5 KB files (half HTML articles, half plain text) imported through
 *   imports.begin/add/finish into an encrypted case with the real default KDF, sent in batches of 50 like the UI;
 *   timed from the first add to the job's end, after one warm-up import (worker start-up is a one-off cost).
 * - ingest.peak_rss_mb: the process's peak resident memory during it (workers are threads, so included). The
 *   extraction-only bench (ingest.ts) reports the same key; run this one alone (`--only ingest-project`) to see it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dispatch } from '../../main/core/api/dispatch';
import { createCaseService } from '../../main/core/case';
import type { ImportJobStatus } from '../../shared/api/contract';

const SEEDS = fileURLToPath(new URL('../../seeds', import.meta.url));

function corpus(count: number): { name: string; path: string; dataBase64: string }[] {
  const seeds = readdirSync(SEEDS).sort().map((f) => readFileSync(join(SEEDS, f), 'utf8'));
  const out: { name: string; path: string; dataBase64: string }[] = [];
  for (let i = 0; i < count; i++) {
    const body = (seeds[i % seeds.length] as string).slice(0, 4800);
    // Every file differs, so none is skipped as a duplicate.
    const marked = `${body}\n\nReference ${i}: filed under case ${i * 7919}.`;
    let name: string;
    let text: string;
    if (i % 2 === 0) {
      name = `doc-${i}.txt`;
      text = marked;
    } else {
      const paras = marked.split(/\n+/).map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`).join('\n');
      name = `doc-${i}.html`;
      text = `<!doctype html><html><head><meta charset="utf-8"><title>Article ${i}</title><meta name="author" content="Desk ${i % 13}"></head><body><article><h1>Article ${i}</h1>${paras}</article></body></html>`;
    }
    out.push({ name, path: `bench/${name}`, dataBase64: Buffer.from(text, 'utf8').toString('base64') });
  }
  return out;
}

export async function bench(): Promise<Record<string, number>> {
  const dir = await mkdtemp(join(tmpdir(), 'casefile-bench-import-'));
  const service = createCaseService({ location: { kind: 'project', dir: join(dir, 'case') }, host: 'web', seedsDir: SEEDS, researcher: 'bench' });
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const r = await dispatch(service.handlers, method, input);
    if (!r.ok) throw new Error(`bench: ${method} failed: ${r.error.message}`);
    return r.value as T;
  };
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  try {
    await call('case.create', { name: 'Bench', passphrase: 'a long bench passphrase' });
    const docs = corpus(1002);
    await call('sources.import', { files: docs.slice(0, 2) });
    const files = docs.slice(2);
    const t0 = performance.now();
    const job = await call<ImportJobStatus>('imports.begin', { total: files.length });
    for (let i = 0; i < files.length; i += 50) await call('imports.add', { jobId: job.jobId, files: files.slice(i, i + 50) });
    await call('imports.finish', { jobId: job.jobId });
    let status = job;
    while (status.state === 'running') {
      await new Promise((r) => setTimeout(r, 20));
      status = await call<ImportJobStatus>('imports.status', { jobId: job.jobId });
    }
    const seconds = (performance.now() - t0) / 1000;
    if (status.imported !== files.length) throw new Error(`bench: imported ${status.imported} of ${files.length}`);
    peak = Math.max(peak, process.memoryUsage().rss);
    return {
      'ingest.text_docs_per_s': Math.round(files.length / seconds),
      'ingest.peak_rss_mb': Math.round(peak / 1024 / 1024),
    };
  } finally {
    clearInterval(sampler);
    await service.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  bench().then(
    (numbers) => console.log(numbers),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
