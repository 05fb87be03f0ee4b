// npm test: unit tests (Vitest), then a build and the e2e tests (Playwright), each writing a JSON report;
// ends with one line summed over both, e.g. "48 passed, 0 failed, 1 skipped", and a non-zero exit on failure.
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reports = path.join(root, 'test-results', 'reports');
const vitestReport = path.join(reports, 'vitest.json');
const playwrightReport = path.join(reports, 'playwright.json');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

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

/** A runner that exited non-zero without reporting a failed test (crash, load error) still counts as one failure. */
function counts(label, exitCode, tally) {
  if (!tally) return { passed: 0, failed: 1, skipped: 0, note: `${label}: no report (exit code ${exitCode})` };
  if (exitCode !== 0 && tally.failed === 0) return { ...tally, failed: 1, note: `${label} exited with code ${exitCode}` };
  return tally;
}

/** The list reporter shows a skipped test without its reason; the reason (e.g. no Electron binary) matters. */
function skipReasons(report) {
  const reasons = [];
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== 'skipped') continue;
        const why = (t.annotations ?? []).find((a) => a.type === 'skip')?.description;
        reasons.push(`${spec.title}${why ? ` (${why})` : ''}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report?.suites ?? []) walk(suite);
  return reasons;
}

async function main() {
  await rm(reports, { recursive: true, force: true });
  await mkdir(reports, { recursive: true });
  const results = [];

  const vitestCode = await run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${vitestReport}`]);
  const v = await readJson(vitestReport);
  results.push(
    counts(
      'vitest',
      vitestCode,
      v && {
        passed: v.numPassedTests ?? 0,
        failed: v.numFailedTests ?? 0,
        skipped: (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0),
      },
    ),
  );

  const buildCode = await run(process.execPath, [path.join(root, 'scripts', 'build.mjs')]);
  if (buildCode !== 0) {
    results.push({ passed: 0, failed: 1, skipped: 0, note: 'build failed, so the e2e tests did not run' });
  } else {
    const playwrightCode = await run(bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport });
    const p = await readJson(playwrightReport);
    for (const reason of skipReasons(p)) console.log(`skipped: ${reason}`);
    results.push(
      counts(
        'playwright',
        playwrightCode,
        p?.stats && {
          passed: (p.stats.expected ?? 0) + (p.stats.flaky ?? 0),
          failed: (p.stats.unexpected ?? 0) + (p.errors?.length ?? 0),
          skipped: p.stats.skipped ?? 0,
        },
      ),
    );
  }

  const total = results.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped }), {
    passed: 0,
    failed: 0,
    skipped: 0,
  });
  for (const r of results) if (r.note) console.log(`note: ${r.note}`);
  console.log(`${total.passed} passed, ${total.failed} failed${total.skipped > 0 ? `, ${total.skipped} skipped` : ''}`);
  process.exit(total.failed > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
