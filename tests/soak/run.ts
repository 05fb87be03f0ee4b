/**
 * `npm run soak`: the long versions of the crash and fuzz tests, too slow for every CI run.
 * Each module under tests/soak/ exports `soak(options)`; sizes can be lowered with --scale 0.1.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const scaleIndex = args.indexOf('--scale');
const scale = scaleIndex >= 0 ? Number(args[scaleIndex + 1]) : 1;
if (!(scale > 0)) throw new Error('--scale takes a positive number');

/** Full-size runs: 10,000 SIGKILLs of the vault and 100,000 mutated files through every importer. */
const SIZES: Record<string, Record<string, number>> = {
  'vault-crash': { kills: 10_000 },
  'ingest-fuzz': { inputs: 100_000 },
};

for (const file of (await readdir(here)).filter((f) => f.endsWith('.ts') && f !== 'run.ts').sort()) {
  const name = file.replace(/\.ts$/, '');
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as { soak?: (o: Record<string, number>) => Promise<void> };
  if (typeof mod.soak !== 'function') continue;
  const options = Object.fromEntries(Object.entries(SIZES[name] ?? {}).map(([k, v]) => [k, Math.max(1, Math.round(v * scale))]));
  const started = Date.now();
  process.stderr.write(`soak: ${name} ${JSON.stringify(options)}…\n`);
  await mod.soak(options);
  process.stderr.write(`soak: ${name} passed in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
