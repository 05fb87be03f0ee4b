import type { Page } from '@playwright/test';

/**
 * Mod+Z only acts once the workbench knows there is something to undo, which it learns from history.state after
 * each change. Call before the change; await the result after it, before pressing Mod+Z or Mod+Shift+Z.
 */
export function historyRefreshed(page: Page): () => Promise<void> {
  const response = page.waitForResponse((r) => r.url().endsWith('/history.state'));
  return async () => {
    await response;
    // Two frames: React has rendered main's answer and run the effects that hand it to the commands.
    await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  };
}
