import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * The e2e tests drive the system's Chromium (Debian's package), never a downloaded browser: this project
 * runs on machines whose only network is a package mirror. The web project talks to the browser host;
 * the electron project launches the built desktop app and skips itself when Electron's binary is absent.
 */
const chromium = process.env.CASEFILE_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  throw new Error(
    `The e2e tests need Chromium at ${chromium}, and it is not there. Install it with \`sudo apt-get install chromium\` ` +
      '(Debian/Ubuntu), or set CASEFILE_CHROMIUM to the path of a Chromium or Chrome executable.',
  );
}

export default defineConfig({
  testDir: 'tests/e2e',
  // Reports live next to this folder (test-results/reports, test-results/screens); Playwright wipes outputDir.
  outputDir: 'test-results/artifacts',
  globalSetup: './tests/e2e/global-setup.ts',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  // The machine this runs on has two cores; each test also runs its own Casefile server.
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'web', testIgnore: /electron\.spec\.ts$/ },
    { name: 'electron', testMatch: /electron\.spec\.ts$/ },
  ],
});
