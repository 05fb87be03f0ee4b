import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, screens, seedFiles, test } from './support/casefile';
import { createCase, runSlice } from './support/slice';

test('create, import, read, lock and unlock a case in the browser host', async ({ page, casefile }) => {
  // The UI must work under the strict CSP and never reach past its own origin.
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${casefile.origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:')) problems.push(`request: ${url}`);
  });

  await page.goto(casefile.url);
  // The token is swapped for a cookie on first load and must not linger in the address bar or history.
  await expect(page).toHaveURL(`${casefile.origin}/`);
  await runSlice(page, screens(page, 'slice'));
  // The wrong passphrase is an expected refusal, not a problem; anything else logged as an error is.
  expect(problems).toEqual([]);
});

test('imports files dropped onto the window', async ({ page, casefile }) => {
  const shot = screens(page, 'drop');
  await page.goto(casefile.url);
  await createCase(page, shot);

  const files = await Promise.all(
    (await seedFiles()).slice(0, 2).map(async (file) => ({ name: path.basename(file), text: await readFile(file, 'utf8') })),
  );
  // A real drag from the desktop cannot be scripted, so build the same DataTransfer the browser would hand over.
  const transfer = await page.evaluateHandle((items) => {
    const data = new DataTransfer();
    for (const item of items) data.items.add(new File([item.text], item.name, { type: 'text/plain' }));
    return data;
  }, files);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: transfer });
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await shot('drag-over');
  await page.dispatchEvent('body', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
  await expect(page.getByTestId('source-row')).toHaveCount(2);
  await expect(page.getByTestId('drop-overlay')).toBeHidden();
  await shot('dropped');
});

test('refuses a browser that does not hold the token', async ({ browser, casefile }) => {
  const stranger = await browser.newContext();
  const page = await stranger.newPage();
  const response = await page.goto(`${casefile.origin}/`);
  expect(response?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('access token');
  const api = await page.request.post(`${casefile.origin}/api/session.state`, { data: {} });
  expect(api.status()).toBe(401);
  await stranger.close();
});
