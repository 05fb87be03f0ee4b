import { describe, expect, it } from 'vitest';
import { counts, playwrightTally, skipReasons, summaryLine, vitestTally } from '../../../scripts/test-summary.mjs';

// Shapes copied from real reports of this repository's runs (vitest --reporter=json, playwright json).
const vitestOk = { numTotalTests: 5, numPassedTests: 4, numFailedTests: 0, numPendingTests: 1, numTodoTests: 0 };
const vitestFailed = { numTotalTests: 5, numPassedTests: 3, numFailedTests: 2, numPendingTests: 0, numTodoTests: 0 };
const playwright = {
  stats: { expected: 3, skipped: 1, unexpected: 1, flaky: 1 },
  errors: [],
  suites: [
    {
      title: 'electron.spec.ts',
      specs: [
        {
          title: 'the desktop app runs the same slice',
          tests: [{ status: 'skipped', annotations: [{ type: 'skip', description: 'Electron binary not installed: no binary' }] }],
        },
      ],
      suites: [{ title: 'nested', specs: [{ title: 'passes', tests: [{ status: 'expected', annotations: [] }] }] }],
    },
  ],
};

describe('npm test summary', () => {
  it('sums both runners into one line, with skipped only when there are any', () => {
    const tallies = [counts('vitest', 0, vitestTally(vitestOk)), counts('playwright', 1, playwrightTally(playwright))];
    expect(summaryLine(tallies)).toEqual({ line: '8 passed, 1 failed, 2 skipped', failed: true });
    expect(summaryLine([{ passed: 3, failed: 0, skipped: 0 }])).toEqual({ line: '3 passed, 0 failed', failed: false });
    expect(summaryLine([counts('vitest', 1, vitestTally(vitestFailed))]).line).toBe('3 passed, 2 failed');
  });

  it('never reports green for a runner that crashed or wrote no report', () => {
    expect(counts('vitest', 1, null)).toMatchObject({ failed: 1 });
    expect(counts('vitest', 1, vitestTally(vitestOk))).toMatchObject({ passed: 4, failed: 1 });
    expect(counts('playwright', 0, playwrightTally({}))).toMatchObject({ failed: 1 });
    expect(playwrightTally({ stats: { expected: 0, skipped: 0, unexpected: 0, flaky: 0 }, errors: [{ message: 'globalSetup' }] })).toMatchObject({ failed: 1 });
  });

  it('lists why tests were skipped', () => {
    expect(skipReasons(playwright)).toEqual(['the desktop app runs the same slice (Electron binary not installed: no binary)']);
  });
});
