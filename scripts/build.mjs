// Builds everything `npm start`, the tests and electron-builder need into out/:
//   out/renderer/              the UI (Vite), served by app:// in Electron and by the web host
//   out/main/electron-main.cjs Electron's main process (esbuild, CJS, electron left external)
//   out/preload/preload.cjs    the sandboxed preload (may only require 'electron', so everything else is bundled)
//   out/main/ingest-worker.cjs the ingest worker thread; main/core/ingest/pool.ts looks for it beside its caller
//   out/main/search-worker.cjs the search index worker; main/core/search/worker-client.ts looks for it the same way
//   out/main/pdfjs-cmaps/      Adobe's CMaps for CJK PDFs, which the ingest worker reads (main/core/ingest/pdf-cmaps.ts)
//   out/main/casefile-web.cjs  the browser host, bundled like Electron's main so tests run the shipped core
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { cp, mkdir, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'out');
const started = performance.now();

// Core code may use import.meta.url (e.g. to find a worker file); in a CJS bundle point it at the bundle itself.
const importMetaBanner = "const __casefileImportMetaUrl = require('node:url').pathToFileURL(__filename).href;";

/** Node-side bundles. They share out/main so worker files (add new ones here) sit beside every caller. */
const nodeBundles = [
  { label: 'main', entry: 'main/hosts/electron/main.ts', outfile: 'main/electron-main.cjs', external: ['electron'] },
  { label: 'worker', entry: 'main/core/ingest/worker.ts', outfile: 'main/ingest-worker.cjs', external: [] },
  { label: 'kdf', entry: 'main/core/vault/kdf-worker.ts', outfile: 'main/kdf-worker.cjs', external: [] },
  { label: 'search', entry: 'main/core/search/worker.ts', outfile: 'main/search-worker.cjs', external: [] },
  { label: 'web host', entry: 'main/hosts/web/run.ts', outfile: 'main/casefile-web.cjs', external: [] },
];

async function size(file) {
  const { size: bytes } = await stat(file);
  return bytes > 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} kB`;
}

async function step(label, file, run) {
  const t = performance.now();
  await run();
  console.log(`built ${label.padEnd(9)} ${path.relative(root, file).padEnd(28)} ${(await size(file)).padStart(8)}  ${Math.round(performance.now() - t)} ms`);
}

async function main() {
  await rm(path.join(out, 'main'), { recursive: true, force: true });
  await rm(path.join(out, 'preload'), { recursive: true, force: true });
  await mkdir(out, { recursive: true });

  await step('renderer', path.join(out, 'renderer', 'index.html'), () =>
    viteBuild({
      configFile: path.join(root, 'vite.config.ts'),
      logLevel: 'warn',
      mode: 'production',
      build: {
        rollupOptions: {
          // zod ships comments Rollup cannot place; the warning is about their removal and says nothing about our code.
          onwarn(warning, warn) {
            if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
          },
        },
      },
    }),
  );

  for (const bundle of nodeBundles) {
    const outfile = path.join(out, bundle.outfile);
    await step(bundle.label, outfile, () =>
      esbuild({
        absWorkingDir: root,
        entryPoints: [bundle.entry],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        external: bundle.external,
        banner: { js: importMetaBanner },
        define: { 'import.meta.url': '__casefileImportMetaUrl' },
        logLevel: 'warning',
        legalComments: 'none',
      }),
    );
  }

  const cmaps = path.join(out, 'main', 'pdfjs-cmaps');
  await step('cmaps', path.join(cmaps, 'UniJIS-UCS2-H.bcmap'), () =>
    cp(path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'cmaps'), cmaps, { recursive: true }),
  );

  const preload = path.join(out, 'preload', 'preload.cjs');
  await step('preload', preload, () =>
    esbuild({
      absWorkingDir: root,
      entryPoints: ['main/hosts/electron/preload.ts'],
      outfile: preload,
      bundle: true,
      // 'browser' makes an accidental Node import fail here rather than inside the sandbox at runtime.
      platform: 'browser',
      format: 'cjs',
      target: 'chrome130',
      // The contract's schemas come along with the method names; minified, the preload each window parses stays small.
      minify: true,
      external: ['electron'],
      logLevel: 'warning',
      legalComments: 'none',
    }),
  );

  console.log(`build done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error) => {
  console.error(`build failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
