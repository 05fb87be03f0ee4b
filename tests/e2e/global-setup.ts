import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { SCREENS_DIR, WEB_HOST_BUNDLE, RENDERER_DIR } from './support/paths';

/** Runs once before all e2e tests: fail early with the fix when the build is missing, start with no stale screens. */
export default async function globalSetup(): Promise<void> {
  for (const file of [WEB_HOST_BUNDLE, `${RENDERER_DIR}/index.html`]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (npm test and npm run test:e2e do).`);
  }
  await rm(SCREENS_DIR, { recursive: true, force: true });
  await mkdir(SCREENS_DIR, { recursive: true });
}
