import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RENDERER_DIR, SCREENS_DIR, SEEDS_DIR, WEB_HOST_BUNDLE } from './paths';

export interface RunningCasefile {
  /** The URL the host printed, token included. */
  url: string;
  origin: string;
  /** The project folder (created by the first case.create) or library folder this host serves. */
  caseDir: string;
}

/**
 * Starts the built browser host (out/main/casefile-web.cjs, the same bundle `npm start` runs). By default in
 * project mode on a fresh temporary case folder, the way a journalist would with `casefile serve <dir>`;
 * with `library`, on that folder of cases as `npm start` and the desktop app do (the caller owns the folder).
 */
export async function startCasefile(options: { library?: string } = {}): Promise<RunningCasefile & { stop(): Promise<void> }> {
  const tmp = options.library ? null : await mkdtemp(path.join(tmpdir(), 'casefile-e2e-'));
  const caseDir = options.library ?? path.join(tmp ?? '', 'case');
  const child = spawn(
    process.execPath,
    [WEB_HOST_BUNDLE, options.library ? '--library' : '--project', caseDir, '--port', '0', '--seeds', SEEDS_DIR, '--static', RENDERER_DIR],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CASEFILE_RESEARCHER: 'e2e' } },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => void (log += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`The web host printed no URL within 30 s.\n${out}${log}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The web host exited with code ${code} before printing its URL.\n${out}${log}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    caseDir,
    async stop() {
      await stopChild(child);
      if (tmp) await rm(tmp, { recursive: true, force: true });
    },
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    // SIGTERM lets the host lock the case and close the vault before it exits.
    child.kill('SIGTERM');
  });
}

export async function seedFiles(): Promise<string[]> {
  return (await readdir(SEEDS_DIR)).filter((name) => name.endsWith('.txt')).sort().map((name) => path.join(SEEDS_DIR, name));
}

/** Every uncaught page error and console error while the test runs, for a final `expect(problems).toEqual([])`. */
export function pageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return problems;
}

/** Keeps a picture of every screen the test passes through, named by test and step, for people to look at. */
export function screens(page: Page, prefix: string): (step: string) => Promise<void> {
  let n = 0;
  return async (step) => {
    n += 1;
    const file = path.join(SCREENS_DIR, `${prefix}-${String(n).padStart(2, '0')}-${step}.png`);
    await page.screenshot({ path: file, fullPage: true });
  };
}

export const test = base.extend<{ casefile: RunningCasefile }>({
  // Playwright reads fixture dependencies from the destructuring pattern, so it must be there even when empty.
  // eslint-disable-next-line no-empty-pattern
  casefile: async ({}, use) => {
    const running = await startCasefile();
    try {
      await use(running);
    } finally {
      await running.stop();
    }
  },
});

export { expect };
