import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { screens } from './support/casefile';
import { ROOT } from './support/paths';
import { runSlice } from './support/slice';

/** node_modules/electron exports the binary's path, and throws when the binary was never downloaded. */
function findElectron(): { path: string } | { missing: string } {
  try {
    const found: unknown = createRequire(import.meta.url)('electron');
    return typeof found === 'string' ? { path: found } : { missing: 'the electron package did not return a path' };
  } catch {
    // Its own message ("failed to install correctly, delete node_modules…") suggests the wrong fix.
    return {
      missing:
        'node_modules/electron has no downloaded binary (it comes from GitHub at install time; ' +
        'on a connected machine run `node scripts/fetch-electron.mjs`)',
    };
  }
}

const binary = findElectron();

test.skip('missing' in binary, `Electron binary not installed: ${'missing' in binary ? binary.missing : ''}`);

test('the desktop app runs the same slice, hardened', async () => {
  if (!('path' in binary)) return;
  const home = await mkdtemp(path.join(tmpdir(), 'casefile-electron-'));
  const app = await electron.launch({
    executablePath: binary.path,
    // Chromium's sandbox refuses to start as root (CI containers); the renderer sandbox is tested by its flags.
    args: ['.', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    cwd: ROOT,
    env: { ...process.env, CASEFILE_HOME: home, CASEFILE_RESEARCHER: 'e2e' },
  });
  try {
    const page = await app.firstWindow();
    expect(page.url()).toBe('app://casefile/index.html');
    const exposed = await page.evaluate(() => ({
      bridge: Object.keys((window as unknown as { casefile?: object }).casefile ?? {}).sort(),
      node: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
    }));
    expect(exposed.bridge.length).toBeGreaterThan(0);
    expect(exposed.node).toBe('undefined');
    expect(exposed.process).toBe('undefined');
    await runSlice(page, screens(page, 'electron'));
  } finally {
    await app.close();
    await rm(home, { recursive: true, force: true });
  }
});
