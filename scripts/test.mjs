// npm test: unit tests (Vitest), then a build and the e2e tests (Playwright), each writing a JSON report;
// ends with one line summed over both, e.g. "48 passed, 0 failed, 1 skipped", and a non-zero exit on failure.
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { counts, playwrightTally, skipReasons, summaryLine, vitestTally } from './test-summary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reports = path.join(root, 'test-results', 'reports');
const vitestReport = path.join(reports, 'vitest.json');
const playwrightReport = path.join(reports, 'playwright.json');
// Run the CLIs' scripts with this Node rather than node_modules/.bin shims, which differ on Windows.
const cliArgs = (relative, args) => [process.execPath, [path.join(root, 'node_modules', relative), ...args]];

function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', (error) => {
      console.error(`could not run ${command}: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function readJson(file) {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return null;
  }
}

async function main() {
  await rm(reports, { recursive: true, force: true });
  await mkdir(reports, { recursive: true });
  const results = [];

  const vitestCode = await run(...cliArgs('vitest/vitest.mjs', ['run', '--reporter=default', '--reporter=json', `--outputFile=${vitestReport}`]));
  results.push(counts('vitest', vitestCode, vitestTally(await readJson(vitestReport))));

  const buildCode = await run(process.execPath, [path.join(root, 'scripts', 'build.mjs')]);
  if (buildCode !== 0) {
    results.push({ passed: 0, failed: 1, skipped: 0, note: 'build failed, so the e2e tests did not run' });
  } else {
    const playwrightCode = await run(...cliArgs('@playwright/test/cli.js', ['test', '--reporter=list,json']), { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport });
    const p = await readJson(playwrightReport);
    for (const reason of skipReasons(p)) console.log(`skipped: ${reason}`);
    results.push(counts('playwright', playwrightCode, playwrightTally(p)));
  }

  for (const r of results) if (r.note) console.log(`note: ${r.note}`);
  const { line, failed } = summaryLine(results);
  console.log(line);
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
