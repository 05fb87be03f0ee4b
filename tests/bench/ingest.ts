/**
 * Extraction throughput, with inputs generated here: `npx tsx tests/bench/ingest.ts`.
 * - ingest.extract_text_docs_per_s: 1,000 files of ~5 KB (half HTML articles, half plain text) through a
 *   2-worker pool, after one warm-up file per worker (worker start-up is a one-off cost, not throughput).
 * - ingest.pdf_pages_per_s: one generated 200-page PDF (~40 lines a page) after a warm-up PDF.
 * - ingest.peak_rss_mb: the process's peak resident memory during the run (workers are threads, so included).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createExtractor } from '../../main/core/ingest';
import { makePdf, type PdfLine } from '../unit/ingest/generate';

const SEEDS = fileURLToPath(new URL('../../seeds', import.meta.url));

function textCorpus(count: number): { name: string; bytes: Uint8Array }[] {
  const seeds = readdirSync(SEEDS).sort().map((f) => readFileSync(join(SEEDS, f), 'utf8'));
  const enc = new TextEncoder();
  const out: { name: string; bytes: Uint8Array }[] = [];
  for (let i = 0; i < count; i++) {
    const body = (seeds[i % seeds.length] as string).slice(0, 4800);
    // Vary every file so nothing can be served from a cache.
    const marked = `${body}\n\nReference ${i}: filed under case ${i * 7919}.`;
    if (i % 2 === 0) {
      out.push({ name: `doc-${i}.txt`, bytes: enc.encode(marked) });
    } else {
      const paras = marked.split(/\n+/).map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`).join('\n');
      const html = `<!doctype html><html><head><meta charset="utf-8"><title>Article ${i}</title><meta name="author" content="Desk ${i % 13}"><meta property="article:published_time" content="2021-07-${String((i % 28) + 1).padStart(2, '0')}"><script>var tracking = ${i};</script></head><body><nav><a href="/">Home</a></nav><article><h1>Article ${i}</h1>${paras}</article><footer>© Outlet</footer></body></html>`;
      out.push({ name: `doc-${i}.html`, bytes: enc.encode(html) });
    }
  }
  return out;
}

async function pdfOf(pages: number): Promise<Uint8Array> {
  const seedText = readdirSync(SEEDS).sort().map((f) => readFileSync(join(SEEDS, f), 'utf8')).join(' ').replace(/\s+/g, ' ');
  const words = seedText.split(' ');
  const spec: PdfLine[][] = [];
  let w = 0;
  for (let p = 0; p < pages; p++) {
    const lines: PdfLine[] = [];
    for (let l = 0; l < 40; l++) {
      const line: string[] = [];
      while (line.join(' ').length < 85) line.push(words[w++ % words.length] as string);
      lines.push({ text: line.join(' ') });
    }
    spec.push(lines);
  }
  return makePdf({ title: `Bench ${pages} pages`, pages: spec });
}

export async function bench(): Promise<Record<string, number>> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const ex = createExtractor({ timeoutMs: 120_000 }, { workers: 2 });
  try {
    const docs = textCorpus(1000);
    await Promise.all([ex.extract('warm-1.txt', docs[0]!.bytes), ex.extract('warm-2.html', docs[1]!.bytes)]);
    let next = 0;
    let chars = 0;
    const t0 = performance.now();
    const lane = async (): Promise<void> => {
      while (next < docs.length) {
        const d = docs[next++]!;
        // Awaited before the addition: `chars += await …` reads chars first and loses the other lanes' counts.
        const { text } = await ex.extract(d.name, d.bytes);
        chars += text.length;
      }
    };
    // A few files in flight per worker keeps both busy while results travel back.
    await Promise.all(Array.from({ length: 4 }, lane));
    const textSeconds = (performance.now() - t0) / 1000;
    if (chars < docs.length * 1000) throw new Error('bench: extracted text is implausibly short');

    const pdf = await pdfOf(200);
    await ex.extract('warm.pdf', await pdfOf(2));
    const t1 = performance.now();
    const r = await ex.extract('bench.pdf', pdf);
    const pdfSeconds = (performance.now() - t1) / 1000;
    if (r.pages !== 200) throw new Error(`bench: expected 200 pages, got ${r.pages}`);
    peak = Math.max(peak, process.memoryUsage().rss);
    return {
      'ingest.extract_text_docs_per_s': Math.round(docs.length / textSeconds),
      'ingest.pdf_pages_per_s': Math.round(200 / pdfSeconds),
      'ingest.peak_rss_mb': Math.round(peak / 1024 / 1024),
    };
  } finally {
    clearInterval(sampler);
    await ex.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  bench().then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
