import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { BUNDLED_CMAPS_DIR } from '../../../main/core/ingest/pdf-cmaps';
import { makeCjkPdf, makePdf } from './generate';

const ROOT = resolve(__dirname, '..', '..', '..');

/**
 * The Electron main is an esbuild CommonJS bundle (out/main/electron-main.cjs); the worker must be emitted as
 * ingest-worker.cjs beside it, with pdf.js's CMaps in pdfjs-cmaps/ (scripts/build.mjs copies both). This builds them the
 * same way and runs the importers from the bundle.
 */
describe('ingest inside an esbuild bundle', () => {
  it('finds ingest-worker.cjs beside the bundle and extracts through it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casefile-bundle-'));
    try {
      const common = { bundle: true, platform: 'node' as const, format: 'cjs' as const, target: 'node20', logLevel: 'silent' as const };
      await build({ ...common, entryPoints: [join(ROOT, 'main/core/ingest/worker.ts')], outfile: join(dir, 'ingest-worker.cjs') });
      const mainSrc = join(dir, 'entry.ts');
      writeFileSync(
        mainSrc,
        `import { createExtractor } from ${JSON.stringify(join(ROOT, 'main/core/ingest/index.ts'))};
         import { readFileSync } from 'node:fs';
         const inputs = JSON.parse(process.argv[2] ?? '[]') as [string, string][];
         const ex = createExtractor({ timeoutMs: 60000 }, { workers: 1 });
         (async () => {
           const out: unknown[] = [];
           for (const [name, path] of inputs) {
             try { const r = await ex.extract(name, readFileSync(path)); out.push({ name, type: r.type, language: r.language, chars: r.text.length }); }
             catch (e) { out.push({ name, error: (e as Error).message }); }
           }
           await ex.close();
           process.stdout.write(JSON.stringify(out));
         })();`,
      );
      await build({ ...common, entryPoints: [mainSrc], outfile: join(dir, 'electron-main.cjs') });
      const html = join(dir, 'page.html');
      writeFileSync(html, '<html><head><title>Bundled page</title></head><body><p>Le consortium de journalistes a publié une enquête sur les logiciels espions.</p></body></html>');
      const pdf = join(dir, 'doc.pdf');
      writeFileSync(pdf, await makePdf({ pages: [[{ text: 'החברה הכחישה את הדיווח על תוכנת הריגול', rtlWords: true }]] }));
      const cjk = join(dir, 'cjk.pdf');
      writeFileSync(cjk, makeCjkPdf([{ text: '政府は監視ソフトウェアの購入を否定した。記者は契約書の写しを入手している。', cmap: 'UniJIS-UCS2-H', ordering: 'Japan1' }]));
      type Outcome = { name: string; type?: string; language?: string; chars?: number; error?: string };
      const run = (inputs: string[][]): Outcome[] =>
        JSON.parse(execFileSync(process.execPath, [join(dir, 'electron-main.cjs'), JSON.stringify(inputs)], { encoding: 'utf8', timeout: 120_000 })) as Outcome[];
      // A build that lost its CMaps refuses the CJK PDF instead of storing the garbage pdf.js reads without them.
      expect(run([['cjk.pdf', cjk]])).toEqual([{ name: 'cjk.pdf', error: expect.stringMatching(/character maps for Chinese, Japanese or Korean/) }]);
      cpSync(join(ROOT, 'node_modules/pdfjs-dist/cmaps'), join(dir, BUNDLED_CMAPS_DIR), { recursive: true });
      const out = run([
        ['doc.pdf', pdf],
        ['cjk.pdf', cjk],
        ['seed.txt', join(ROOT, 'seeds', '003_49ee64380331eb27.txt')],
        ['page.html', html],
      ]);
      expect(out.map((o) => [o.name, o.type, o.language])).toEqual([
        ['doc.pdf', 'pdf', 'he'],
        ['cjk.pdf', 'pdf', 'ja'],
        ['seed.txt', 'txt', 'fr'],
        ['page.html', 'html', 'fr'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
