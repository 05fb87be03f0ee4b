/**
 * `npm run bench [-- --json] [-- --only vault,ingest]`: runs every benchmark module and prints its numbers.
 * Each module under tests/bench/ exports `bench(): Promise<Record<string, number>>` with keys prefixed by its area.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type BenchModule = { bench: () => Promise<Record<string, number>> };

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const json = args.includes('--json');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? (args[onlyIndex + 1] ?? '').split(',').filter(Boolean) : null;

const files = (await readdir(here))
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.d.ts') && !f.startsWith('_'))
  .filter((f) => !only || only.includes(f.replace(/\.ts$/, '')))
  .sort();

const results: Record<string, number> = {};
for (const file of files) {
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as Partial<BenchModule>;
  if (typeof mod.bench !== 'function') continue;
  if (!json) process.stderr.write(`bench: ${file}…\n`);
  const numbers = await mod.bench();
  Object.assign(results, numbers);
  if (!json) {
    for (const [key, value] of Object.entries(numbers)) {
      process.stdout.write(`${key.padEnd(36)} ${Number.isInteger(value) ? value : value.toFixed(2)}\n`);
    }
  }
}
if (json) process.stdout.write(`${JSON.stringify(results)}\n`);
