// Turns the JSON reports of Vitest and Playwright into the one summary line npm test ends with.

/** @typedef {{ passed: number, failed: number, skipped: number, note?: string }} Tally */

/** @returns {Tally | null} */
export function vitestTally(report) {
  if (!report || typeof report.numTotalTests !== 'number') return null;
  return {
    passed: report.numPassedTests ?? 0,
    failed: report.numFailedTests ?? 0,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

/** Flaky tests passed on a retry, so they count as passed; errors outside tests (global setup) as failures. */
export function playwrightTally(report) {
  if (!report?.stats) return null;
  return {
    passed: (report.stats.expected ?? 0) + (report.stats.flaky ?? 0),
    failed: (report.stats.unexpected ?? 0) + (report.errors?.length ?? 0),
    skipped: report.stats.skipped ?? 0,
  };
}

/** A runner that exited non-zero without reporting a failed test (crash, load error) still counts as one failure. */
export function counts(label, exitCode, tally) {
  if (!tally) return { passed: 0, failed: 1, skipped: 0, note: `${label}: no report (exit code ${exitCode})` };
  if (exitCode !== 0 && tally.failed === 0) return { ...tally, failed: 1, note: `${label} exited with code ${exitCode}` };
  return tally;
}

/** The list reporter shows a skipped test without its reason; the reason (e.g. no Electron binary) matters. */
export function skipReasons(report) {
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

/** "N passed, N failed" plus ", N skipped" when any were skipped. */
export function summaryLine(tallies) {
  const total = tallies.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped }), {
    passed: 0,
    failed: 0,
    skipped: 0,
  });
  const line = `${total.passed} passed, ${total.failed} failed${total.skipped > 0 ? `, ${total.skipped} skipped` : ''}`;
  return { line, failed: total.failed > 0 };
}
