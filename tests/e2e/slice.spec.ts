import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, pageProblems, screens, seedFiles, startCasefile, test } from './support/casefile';
import { createCase, PASSPHRASE, runSlice } from './support/slice';

test('create, import, read, lock and unlock a case in the browser host', async ({ page, casefile }) => {
  // The UI must work under the strict CSP and never reach past its own origin.
  const problems = pageProblems(page);
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

test('imports files dropped onto the window, then locks from the command palette', async ({ page, casefile }) => {
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

  // The command palette drives the same commands as the buttons: lock from the keyboard alone.
  await page.keyboard.press('Control+Shift+P');
  await expect(page.getByTestId('command-palette')).toBeVisible();
  await page.getByTestId('command-palette-input').fill('lock');
  await shot('command-palette');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('unlock-passphrase')).toBeVisible();
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

test('library mode: the demo case is still there, encrypted, after the host restarts', async ({ page }) => {
  const shot = screens(page, 'library');
  const library = await mkdtemp(path.join(tmpdir(), 'casefile-e2e-library-'));
  try {
    const first = await startCasefile({ library });
    try {
      await page.goto(first.url);
      await page.getByTestId('open-demo').click();
      await page.getByTestId('create-name').fill('NSO demo');
      await page.getByTestId('create-passphrase').fill(PASSPHRASE);
      await page.getByTestId('create-passphrase-confirm').fill(PASSPHRASE);
      await shot('create-demo');
      await page.getByTestId('create-submit').click();
      await expect(page.getByTestId('source-row')).toHaveCount(5);
      await shot('demo-open');
    } finally {
      await first.stop();
    }

    // A new process with a new token: the old tab's cookie is worthless, the case on disk is not.
    const second = await startCasefile({ library });
    try {
      await page.goto(second.url);
      const folder = page.getByTestId('case-folder');
      const unlock = page.getByTestId('unlock-passphrase');
      await expect(folder.or(unlock).first()).toBeVisible();
      await shot('after-restart');
      if (await folder.isVisible()) await folder.first().click();
      await unlock.fill(PASSPHRASE);
      await page.getByTestId('unlock-submit').click();
      await expect(page.getByTestId('case-name')).toHaveText('NSO demo');
      await expect(page.getByTestId('source-row')).toHaveCount(5);
      await shot('reopened');
    } finally {
      await second.stop();
    }
  } finally {
    await rm(library, { recursive: true, force: true });
  }
});
